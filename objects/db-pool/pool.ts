/**
 * The connections a DbPool object lends to Worker requests (objects/DbPool.ts), without workerd: tests drive it
 * with fake connections.
 *
 * A request leases one connection for as long as it runs, exactly like the connection it used to open for itself,
 * so transactions, prepared statements and session state work unchanged. When every connection is lent, leases
 * wait in order; one that waits longer than `waitMs` fails, and the request answers 503.
 *
 * On release a connection is reused only in a clean state: outside a transaction (a request that failed inside
 * one is rolled back first) and not broken. A lease kept past `maxLeaseMs` (a request that never released, a
 * stuck query) is taken back and its connection closed, since what it was doing is unknown.
 */

/** One Postgres connection, as the pool needs it. */
export interface PooledConnection {
  /** Runs one statement. Rejects with the server's error (its fields intact) or a connection error. */
  query(q: PoolQuery): Promise<PoolRows>;
  /** "I" idle, "T" in a transaction, "E" in a failed transaction (Postgres's ReadyForQuery status). */
  readonly transactionStatus: "I" | "T" | "E";
  /** False once the connection has failed or ended. */
  readonly usable: boolean;
  close(): void;
}

export interface PoolQuery {
  text: string;
  values?: unknown[];
  /** "array": rows as arrays of column values (drizzle's select), else objects by column name. */
  rowMode?: "array";
  /** A prepared statement's name (per connection). */
  name?: string;
}

/** What crosses back to the Worker: plain data only (structured clone). */
export interface PoolRows {
  rows: unknown[];
  rowCount: number | null;
  command: string;
  fields: Array<{ name: string; dataTypeID: number }>;
}

export interface PoolOptions {
  size: number;
  open(): Promise<PooledConnection>;
  /** How long a lease may wait for a free connection. */
  waitMs: number;
  /** How long a request may hold one. */
  maxLeaseMs: number;
  /** Idle connections close after this long unused, so the object (and Postgres) let go of them. */
  idleMs: number;
  timers?: { set(fn: () => void, ms: number): unknown; clear(handle: unknown): void; now(): number };
}

/** DB_POOL_SIZE: how many connections the pool may hold (default 10); 0 turns it off (a connection per request). */
export const DEFAULT_POOL_SIZE = 10;
const MAX_POOL_SIZE = 100;

export function poolSize(value: string | null | undefined): number {
  // workerd hands an unset fromEnvironment binding over as null.
  if (value === undefined || value === null || value.trim() === "") return DEFAULT_POOL_SIZE;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`DB_POOL_SIZE=${JSON.stringify(value)} is not a whole number; using ${DEFAULT_POOL_SIZE}`);
    return DEFAULT_POOL_SIZE;
  }
  return Math.min(n, MAX_POOL_SIZE);
}

export class PoolBusyError extends Error {
  constructor(waitMs: number) {
    super(`no database connection came free within ${waitMs} ms`);
    this.name = "PoolBusyError";
  }
}

export class LeaseEndedError extends Error {
  constructor() {
    super("this database lease has ended");
    this.name = "LeaseEndedError";
  }
}

interface Idle {
  conn: PooledConnection;
  since: number;
}

interface Waiter {
  resolve(lease: Lease): void;
  reject(err: Error): void;
  timer: unknown;
}

const realTimers = { set: (fn: () => void, ms: number) => setTimeout(fn, ms), clear: (h: unknown) => clearTimeout(h as number), now: () => Date.now() };

export class ConnectionPool {
  private readonly idle: Idle[] = [];
  private readonly waiters: Waiter[] = [];
  /** Connections lent or being opened. */
  private busy = 0;
  private sweep: unknown = null;
  private readonly timers: NonNullable<PoolOptions["timers"]>;

  constructor(private readonly opts: PoolOptions) {
    this.timers = opts.timers ?? realTimers;
  }

  /** Connections open or opening, lent or not. */
  get size(): number {
    return this.busy + this.idle.length;
  }

  get waiting(): number {
    return this.waiters.length;
  }

  /** A connection for one request: at once when one is idle or may be opened, else after those ahead. */
  acquire(): Promise<Lease> {
    const reused = this.takeIdle();
    if (reused) return Promise.resolve(this.lend(reused));
    if (this.size < this.opts.size) return this.openAndLend();
    return new Promise<Lease>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        timer: this.timers.set(() => {
          const i = this.waiters.indexOf(waiter);
          if (i >= 0) this.waiters.splice(i, 1);
          reject(new PoolBusyError(this.opts.waitMs));
        }, this.opts.waitMs),
      };
      this.waiters.push(waiter);
    });
  }

  private takeIdle(): PooledConnection | null {
    while (this.idle.length) {
      const { conn } = this.idle.pop()!;
      if (conn.usable) return conn;
      conn.close();
    }
    return null;
  }

  private async openAndLend(): Promise<Lease> {
    this.busy++;
    let conn: PooledConnection;
    try {
      conn = await this.opts.open();
    } catch (err) {
      this.busy--;
      this.next();
      throw err;
    }
    this.busy--;
    return this.lend(conn);
  }

  private lend(conn: PooledConnection): Lease {
    this.busy++;
    const lease = new Lease(conn, (clean) => this.giveBack(lease, conn, clean));
    lease.expiry = this.timers.set(() => {
      if (lease.ended) return;
      console.error(`database pool: a request held its connection over ${this.opts.maxLeaseMs} ms; closing it`);
      lease.end(false);
    }, this.opts.maxLeaseMs);
    return lease;
  }

  private giveBack(lease: Lease, conn: PooledConnection, clean: boolean): void {
    this.timers.clear(lease.expiry);
    this.busy--;
    if (!clean || !conn.usable) conn.close();
    else this.idle.push({ conn, since: this.timers.now() });
    this.next();
    this.armSweep();
  }

  /** Hands a freed (or newly allowed) connection to the longest waiter. */
  private next(): void {
    while (this.waiters.length) {
      const reused = this.takeIdle();
      if (!reused && this.size >= this.opts.size) return;
      const waiter = this.waiters.shift()!;
      this.timers.clear(waiter.timer);
      if (reused) waiter.resolve(this.lend(reused));
      else this.openAndLend().then(waiter.resolve, waiter.reject);
    }
  }

  /** Closes connections idle for `idleMs`, checking again while any are open. */
  private armSweep(): void {
    if (this.sweep !== null || !this.idle.length) return;
    this.sweep = this.timers.set(() => {
      this.sweep = null;
      const cutoff = this.timers.now() - this.opts.idleMs;
      for (let i = this.idle.length - 1; i >= 0; i--) {
        if (this.idle[i].since <= cutoff) this.idle.splice(i, 1)[0].conn.close();
      }
      this.armSweep();
    }, Math.max(50, this.opts.idleMs / 4));
  }
}

/** One request's use of one connection. Queries run one at a time, in the order they were asked. */
export class Lease {
  ended = false;
  expiry: unknown = null;
  private chain: Promise<unknown> = Promise.resolve();
  private ending: Promise<void> | null = null;

  constructor(
    private readonly conn: PooledConnection,
    private readonly done: (clean: boolean) => void,
  ) {}

  query(q: PoolQuery): Promise<PoolRows> {
    if (this.ended || this.ending) return Promise.reject(new LeaseEndedError());
    const run = this.chain.then(() => this.conn.query(q));
    this.chain = run.catch(() => {});
    return run;
  }

  /**
   * Gives the connection back once the queries asked for have run. A connection left inside a transaction is
   * rolled back first, and closed if that fails.
   */
  release(): Promise<void> {
    this.ending ??= this.chain.then(async () => {
      if (this.ended) return;
      let clean = this.conn.usable;
      if (clean && this.conn.transactionStatus !== "I") {
        clean = await this.conn.query({ text: "rollback" }).then(
          () => this.conn.transactionStatus === "I",
          () => false,
        );
      }
      this.end(clean);
    });
    return this.ending;
  }

  /** Ends the lease now; `clean` says whether the connection may be lent again. */
  end(clean: boolean): void {
    if (this.ended) return;
    this.ended = true;
    this.done(clean);
  }
}
