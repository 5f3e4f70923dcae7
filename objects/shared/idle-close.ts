/**
 * Closing a connection an object holds once it has gone unused for a while (a room's Postgres connection in
 * lazy-pg.ts, its line to the commit shard in shard-link.ts), so a quiet object lets go of what it holds and can
 * hibernate.
 */

/** The clock and timer an idle close runs on (tests pass fakes). */
export interface IdleTimers {
  now(): number;
  set(fn: () => void, ms: number): unknown;
}

export const realTimers: IdleTimers = { now: () => Date.now(), set: (fn, ms) => setTimeout(fn, ms) };

export interface IdleCloseOptions {
  idleMs: number;
  /** Whether there is anything to close; when not, the timer stops until the next use. */
  isOpen(): boolean;
  /** Whether a call is still running on it: then it stays open however long ago the last use began. */
  isBusy(): boolean;
  close(): void;
  timers?: IdleTimers;
}

/**
 * Calls `close` once `idleMs` pass after the last `used()` with nothing busy. One timer at a time, set for what is
 * left of the idle time since the last use, rather than one timer per use.
 */
export class IdleClose {
  private timer: unknown = null;
  private lastUsedMs = 0;
  private readonly timers: IdleTimers;

  constructor(private readonly opts: IdleCloseOptions) {
    this.timers = opts.timers ?? realTimers;
  }

  /** Records a use now and makes sure a timer is running. */
  used(): void {
    this.lastUsedMs = this.timers.now();
    this.arm();
  }

  private arm(): void {
    if (this.timer !== null) return;
    const wait = Math.max(1, this.lastUsedMs + this.opts.idleMs - this.timers.now());
    this.timer = this.timers.set(() => {
      this.timer = null;
      if (!this.opts.isOpen()) return;
      if (!this.opts.isBusy() && this.timers.now() - this.lastUsedMs >= this.opts.idleMs) this.opts.close();
      else this.arm();
    }, wait);
  }
}
