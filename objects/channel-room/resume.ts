/**
 * A socket going live (P7-P10): the welcome on hello, then every event after the client's lastSeq (from the
 * replay buffer, topped up from Postgres when it does not reach back far enough) or resync_required, then live.
 */
import { CLOSE_CODES, type ChannelEvent } from "../../protocol/frames.ts";
import { issueTicket } from "../../protocol/tickets.ts";
import type { ChannelSettings } from "./checks.ts";
import { encodeFrames } from "./encoding.ts";
import { MAX_REPLAY_EVENTS, type Fanout } from "./fanout.ts";
import { welcomeJson } from "./replies.ts";
import type { SocketTable } from "./socket-table.ts";
import type { RoomSocket } from "./sockets.ts";

/** What going live needs of its room; the room makes one and keeps it. */
export interface ReplayHost {
  readonly sockets: Pick<SocketTable, "setPhase" | "drop">;
  readonly fanout: Fanout<RoomSocket<WebSocket>>;
  /** Whether a login session is still live (P5a), batched across a reconnect storm. */
  readonly sessions: { get(sessionId: string): Promise<boolean> };
  readonly reads: { get(userId: string): Promise<number> };
  /** Keys the resume ticket in the welcome (AT_REST_KEY). */
  readonly ticketKey: string;
  /** Read when the welcome is built, after every await: the settings may have changed meanwhile. */
  channelId(): string;
  settings(): ChannelSettings;
  /** Events (afterSeq, upToSeq] rebuilt from the log, oldest first. */
  loadLog(afterSeq: number, upToSeq: number): Promise<ChannelEvent[]>;
}

export class Replays {
  private fillChain: Promise<void> = Promise.resolve();

  constructor(private readonly host: ReplayHost) {}

  /**
   * P7-P10: welcome (on hello), then every event after lastSeq, then live. While the socket waits for a replay
   * from Postgres it is "replaying": live events reach it through the replay (they land in the buffer first),
   * never twice. Call once the room has started.
   */
  async goLive(s: RoomSocket<WebSocket>, lastSeq: number | undefined, isHello: boolean): Promise<void> {
    const { sockets, fanout } = this.host;
    if (s.mustCheckSession) {
      // P5a: a resume ticket outlives neither its session nor the user's account.
      if (!(await this.host.sessions.get(s.sessionId))) return sockets.drop(s, CLOSE_CODES.unauthorized, "session ended: sign in again");
      s.mustCheckSession = false;
    }
    sockets.setPhase(s, "replaying");
    s.pending = null;
    // Every await comes first: from the flush below to going live nothing may interleave (P8).
    const readSeq = isHello ? await this.host.reads.get(s.userId) : 0;
    const resume = isHello ? await issueTicket(this.host.ticketKey, s.resumeClaims(this.host.channelId()), Date.now()) : null;
    let canReplay = true;
    if (lastSeq !== undefined) {
      fanout.flush();
      const behind = fanout.flushedSeq - lastSeq;
      canReplay = behind >= 0 && behind <= MAX_REPLAY_EVENTS;
      if (canReplay && fanout.missingBefore(lastSeq) !== null) await this.fill(lastSeq);
    }
    if (s.isClosed) return;
    fanout.flush();
    const head = fanout.flushedSeq;
    const replay = lastSeq === undefined ? [] : canReplay ? fanout.replaySince(lastSeq) : null;
    const welcome = resume && welcomeJson(this.host.channelId(), s, this.host.settings(), head, readSeq, resume);
    sockets.setPhase(s, "live");
    const frame = liveFrame(welcome, replay, head);
    if (frame !== null) s.send(frame);
    s.persist(head);
  }

  /** Reads the events the buffer lacks from Postgres; concurrent resumes share the reads (reconnect storms). */
  private fill(lastSeq: number): Promise<void> {
    const { fanout } = this.host;
    const run = async () => {
      const first = fanout.missingBefore(lastSeq);
      if (first === null) return;
      const events = await this.host.loadLog(lastSeq, first - 1);
      if (fanout.missingBefore(lastSeq) === first) fanout.prependFromLog(events);
    };
    const next = this.fillChain.then(run, run);
    this.fillChain = next.catch(() => {});
    return next;
  }
}

/**
 * What a socket going live is sent, as one frame: the welcome (hello only), then the missed events, or
 * resync_required when they cannot be replayed (`replay` null, P9). Null when there is nothing to send.
 */
export function liveFrame(welcome: string | null, replay: readonly string[] | null, headSeq: number): string | null {
  const frames: string[] = [];
  if (welcome !== null) frames.push(welcome);
  if (replay === null) frames.push(JSON.stringify({ type: "resync_required", headSeq }));
  else frames.push(...replay);
  return frames.length ? encodeFrames(frames) : null;
}
