/**
 * Group commit: at most one write in flight; everything that arrives meanwhile goes into the next write, as one
 * batch. Under load this turns N round trips (and N fsyncs) into about one per round-trip time, while an idle
 * channel still writes a lone message at once instead of waiting for company.
 */

/** Large enough that a burst is rarely split; small enough to bound one statement's parameters and latency. */
export const MAX_BATCH = 256;

export class GroupCommit<T> {
  private queue: T[] = [];
  private waiters: Array<() => void> = [];
  private running = false;

  /** `flush` must handle its own failures (it reports them to the batch's senders); a throw is logged and dropped. */
  constructor(
    private readonly flush: (batch: T[]) => Promise<void>,
    private readonly maxBatch = MAX_BATCH,
  ) {}

  /**
   * Queues `item`; starts a write now if none is in flight. Resolves once the write holding it is done, so a
   * caller can keep its event open until then (workerd runs an object's I/O promptly only while one is).
   */
  push(item: T): Promise<void> {
    this.queue.push(item);
    const done = new Promise<void>((resolve) => this.waiters.push(resolve));
    if (!this.running) void this.drain();
    return done;
  }

  /** Items waiting for the next write (not counting the one in flight). */
  get waiting(): number {
    return this.queue.length;
  }

  get isIdle(): boolean {
    return !this.running && this.queue.length === 0;
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.length <= this.maxBatch ? this.queue : this.queue.slice(0, this.maxBatch);
        this.queue = this.queue.length <= this.maxBatch ? [] : this.queue.slice(this.maxBatch);
        const waiters = this.waiters.splice(0, batch.length);
        try {
          await this.flush(batch);
        } catch (err) {
          console.error("group commit: flush threw:", (err as Error).stack ?? err);
        }
        for (const w of waiters) w();
      }
    } finally {
      this.running = false;
    }
  }
}
