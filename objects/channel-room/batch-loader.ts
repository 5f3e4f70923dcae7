/**
 * Lookups that arrive together share one query: while one query is in flight, the keys asked for meanwhile wait
 * and go in the next. A reconnect storm of a thousand sockets then costs a handful of queries, not a thousand.
 */
import { GroupCommit } from "./group-commit.ts";

interface Waiter<K, V> {
  key: K;
  done: (value: V) => void;
  fail: (err: unknown) => void;
}

export class BatchLoader<K, V> {
  private readonly queue: GroupCommit<Waiter<K, V>>;

  /** `load` answers for the keys it knows; the rest get `missing`. */
  constructor(load: (keys: K[]) => Promise<Map<K, V>>, missing: V) {
    this.queue = new GroupCommit<Waiter<K, V>>(async (batch) => {
      try {
        const found = await load([...new Set(batch.map((w) => w.key))]);
        for (const w of batch) w.done(found.has(w.key) ? found.get(w.key)! : missing);
      } catch (err) {
        for (const w of batch) w.fail(err);
      }
    });
  }

  get(key: K): Promise<V> {
    return new Promise((done, fail) => this.queue.push({ key, done, fail }));
  }
}
