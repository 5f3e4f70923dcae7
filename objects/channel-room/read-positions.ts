/**
 * Users' read positions in this channel (P27), cached: the room is the only writer of its channel's read
 * positions, so after the first read from Postgres the cache is the truth. Reads for many users arriving together
 * (a reconnect storm of hellos) share one query.
 */
import { BoundedMap } from "../shared/bounded-map.ts";
import { GroupCommit } from "./group-commit.ts";

/** Users remembered: enough for any room's active readers; a forgotten one costs one more query. */
const CACHED_USERS = 10_000;

interface Waiter {
  userId: string;
  done: (seq: number) => void;
  fail: (err: unknown) => void;
}

export class ReadPositions {
  private readonly cache = new BoundedMap<string, number>(CACHED_USERS);
  private readonly loads: GroupCommit<Waiter>;

  constructor(load: (userIds: string[]) => Promise<Map<string, number>>) {
    this.loads = new GroupCommit<Waiter>(async (batch) => {
      try {
        const seqs = await load([...new Set(batch.map((w) => w.userId))]);
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

  /** After a write: the stored position. */
  set(userId: string, seq: number): void {
    this.cache.set(userId, seq);
  }
}
