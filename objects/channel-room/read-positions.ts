/**
 * Users' read positions in this channel (P27), cached: the room is the only writer of its channel's read
 * positions, so after the first read from Postgres the cache is the truth. Reads for many users arriving together
 * (a reconnect storm of hellos) share one query. A move is stored, acked, and shared with the user's other
 * sockets here and with their UserHub.
 */
import { BoundedMap } from "../shared/bounded-map.ts";
import { ownOtherSockets } from "./audience.ts";
import { checkReadSeq } from "./checks.ts";
import { GroupCommit } from "./group-commit.ts";
import type { HubNotices } from "./hub-notices.ts";
import { ackJson, errorJson } from "./replies.ts";
import type { RoomSocket } from "./sockets.ts";

/** Users remembered: enough for any room's active readers; a forgotten one costs one more query. */
const CACHED_USERS = 10_000;

/** What read positions need of their room. */
export interface ReadsHost {
  /** Stored positions of these users (absent: never read). */
  load(userIds: string[]): Promise<Map<string, number>>;
  /** Moves the stored position forward (never back); returns the stored position. */
  save(userId: string, seq: number): Promise<number>;
  channelId(): string;
  /** The room's sockets, walked once the move is stored. */
  sockets(): Iterable<RoomSocket>;
  readonly hubs: Pick<HubNotices, "readChanged">;
  /** A read position moved forward (for read receipts in conversations, ChannelRoom). */
  moved?(userId: string, seq: number): void;
}

interface Waiter {
  userId: string;
  done: (seq: number) => void;
  fail: (err: unknown) => void;
}

export class ReadPositions {
  private readonly cache = new BoundedMap<string, number>(CACHED_USERS);
  private readonly loads: GroupCommit<Waiter>;

  constructor(private readonly host: ReadsHost) {
    this.loads = new GroupCommit<Waiter>(async (batch) => {
      try {
        const seqs = await host.load([...new Set(batch.map((w) => w.userId))]);
        for (const w of batch) {
          const seq = this.cache.get(w.userId) ?? seqs.get(w.userId) ?? 0;
          this.cache.set(w.userId, seq);
          w.done(seq);
        }
      } catch (err) {
        for (const w of batch) w.fail(err);
      }
    });
  }

  get(userId: string): Promise<number> {
    const cached = this.cache.get(userId);
    if (cached !== undefined) return Promise.resolve(cached);
    return new Promise((done, fail) => this.loads.push({ userId, done, fail }));
  }

  /** P27: `s` read up to `seq` (not past `headSeq`): persisted, acked, and shared with the user's other sockets and hub. */
  async mark(s: RoomSocket, seq: number, ref: string | undefined, headSeq: number): Promise<void> {
    const v = checkReadSeq(seq, headSeq);
    if (!v.ok) {
      s.send(errorJson(ref, v.code, v.message));
      return;
    }
    const channelId = this.host.channelId();
    const stored = await this.host.save(s.userId, seq);
    this.cache.set(s.userId, stored);
    s.send(ackJson(channelId, stored, ref));
    const update = JSON.stringify({ type: "read_updated", seq: stored });
    for (const t of ownOtherSockets(this.host.sockets(), s.userId, s)) t.send(update);
    this.host.hubs.readChanged(s.userId, channelId, stored);
    this.host.moved?.(s.userId, stored);
  }
}
