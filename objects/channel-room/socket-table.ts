/**
 * The room's sockets, with their state. After a wake-up from hibernation the table is rebuilt on first use from
 * the runtime's sockets and their attachments. Keeps the count of live sockets (it sets the flush pacing), and
 * applies what changes a socket's standing: new bits (P25, P31), slow mode (P16), its frame budget (P17).
 */
import { CLOSE_CODES } from "../../protocol/frames.ts";
import { FRAME_RATE_PER_S } from "../../protocol/limits.ts";
import { canStay, eventAudience, socketsToRevoke, type SocketPhase } from "./audience.ts";
import { frameBudget } from "./checks.ts";
import { errorJson } from "./replies.ts";
import { RoomSocket, type SocketTimeout } from "./sockets.ts";

export class SocketTable {
  private readonly sockets = new Map<WebSocket, RoomSocket<WebSocket>>();
  private loaded = false;
  private liveCount = 0;
  /** eventAudience() of the table, kept until a socket comes, goes, changes phase or permissions. */
  private viewersCache: RoomSocket<WebSocket>[] | null = null;

  constructor(private readonly runtimeSockets: () => WebSocket[]) {}

  get live(): number {
    return this.liveCount;
  }

  /** Live sockets that may see the channel: who events go to. */
  viewers(): RoomSocket<WebSocket>[] {
    return (this.viewersCache ??= eventAudience(this.all()));
  }

  /** A socket's permissions changed. */
  touch(): void {
    this.viewersCache = null;
  }

  add(socket: RoomSocket<WebSocket>): void {
    this.viewersCache = null;
    this.sockets.set(socket.ws, socket);
    if (socket.phase === "live") this.liveCount++;
  }

  get(ws: WebSocket): RoomSocket<WebSocket> | null {
    this.load();
    return this.sockets.get(ws) ?? null;
  }

  *all(): Iterable<RoomSocket<WebSocket>> {
    this.load();
    yield* this.sockets.values();
  }

  /** Distinct users with an open socket. */
  users(): string[] {
    return [...new Set([...this.all()].filter((s) => !s.isClosed).map((s) => s.userId))];
  }

  setPhase(s: RoomSocket<WebSocket>, phase: SocketPhase): void {
    this.viewersCache = null;
    if (this.sockets.get(s.ws) === s) this.liveCount += (phase === "live" ? 1 : 0) - (s.phase === "live" ? 1 : 0);
    s.phase = phase;
  }

  /** Forgets a socket the runtime closed. */
  forget(ws: WebSocket): void {
    const s = this.sockets.get(ws);
    if (!s) return;
    this.viewersCache = null;
    if (s.phase === "live") this.liveCount--;
    s.isClosed = true;
    this.sockets.delete(ws);
  }

  /** Closes a socket with one of our close codes and forgets it. */
  drop(s: RoomSocket<WebSocket>, code: number, reason: string): void {
    s.close(code, reason);
    this.forget(s.ws);
  }

  /** P17: charges a frame to the socket's budget; false when it is refused, and a socket that keeps flooding is closed. */
  admitFrame(s: RoomSocket<WebSocket>, nowMs: number): boolean {
    const verdict = frameBudget(s, nowMs);
    if (verdict === "close") this.drop(s, CLOSE_CODES.rate_limited, "too many frames");
    else if (verdict === "refuse") s.send(errorJson(undefined, "rate_limited", `Too many frames: at most ${FRAME_RATE_PER_S} per second.`, 1000 / FRAME_RATE_PER_S));
    return verdict === "ok";
  }

  /**
   * P25 P31: a user's new bits (null: no longer in the channel) and timeout. Their sockets close when they lost the
   * channel; otherwise each that differs takes them, records them for hibernation and tells its client.
   */
  updateUser(userId: string, bits: bigint | null, timeout: SocketTimeout | null, liveAtSeq: number, slowModeSeconds: number): void {
    for (const s of socketsToRevoke(this.all(), userId, bits)) this.drop(s, CLOSE_CODES.forbidden, "you can no longer see this channel");
    if (bits === null || !canStay(bits)) return;
    for (const s of this.all()) {
      if (s.userId !== userId || (s.permissions === bits && s.timeout?.untilMs === timeout?.untilMs)) continue;
      s.permissions = bits;
      s.timeout = timeout;
      this.touch();
      s.permissionsChanged(liveAtSeq, slowModeSeconds);
    }
  }

  /** P16: slow mode changed; live sockets hear it with their bits. */
  slowModeChanged(slowModeSeconds: number): void {
    for (const s of this.all()) {
      if (s.phase === "live") s.send(s.permissionsFrame(slowModeSeconds));
    }
  }

  closeAll(code: number, reason: string): void {
    for (const s of [...this.all()]) this.drop(s, code, reason);
    for (const ws of this.runtimeSockets()) {
      try {
        ws.close(code, reason);
      } catch {
        // already closed
      }
    }
  }

  private load(): void {
    if (this.loaded) return;
    this.loaded = true;
    for (const ws of this.runtimeSockets()) {
      if (this.sockets.has(ws)) continue;
      const s = RoomSocket.fromAttachment(ws, ws.deserializeAttachment());
      if (s) this.add(s);
    }
  }
}
