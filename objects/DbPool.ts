/**
 * DbPool: Postgres connections kept open for the Worker's requests (docs/architecture.md, "Database").
 *
 * A stateless Worker cannot keep a connection between requests, and opening one cost each request ~1.3 ms of the
 * JavaScript thread, ~6 ms of Postgres CPU (a new backend) and tens of milliseconds of latency. An object can keep connections, so one DbPool per
 * process (`idFromName("db-pool")`) holds up to DB_POOL_SIZE and lends one to each request that touches the
 * database, for the whole request: transactions and everything else behave as on a connection of its own.
 * workers/db.ts is the other end (a pg-compatible client whose queries are calls on the lease).
 *
 * - `lease()` answers an RPC stub; each `query` on it runs on the leased connection, in order. `release()` (or the
 *   stub being dropped when the request ends) gives the connection back, rolled back first if a transaction was
 *   left open.
 * - Errors come back as values (`{ error }`), with Postgres's fields (code, constraint, ...) kept: an exception
 *   crossing RPC would keep only its message.
 * - Stores nothing. A restart ends the leases in flight: their requests fail as they would on a dropped connection.
 *
 * On Cloudflare the pool is off (wrangler.toml sets DB_POOL_SIZE = "0"): one object far from most requests would
 * add a round trip to each query; Hyperdrive pools there.
 */
import { DurableObject, RpcTarget } from "cloudflare:workers";
import { PgConnection } from "./db-pool/pg-connection.ts";
import { ConnectionPool, poolSize, type Lease, type PoolQuery, type PoolRows } from "./db-pool/pool.ts";

export interface DbPoolEnv {
  DATABASE_URL: string;
  DB_POOL_SIZE?: string;
}

/** Postgres's error fields that callers may act on; `message` always. */
export interface PoolError {
  message: string;
  code?: string;
  constraint?: string;
  detail?: string;
  table?: string;
  column?: string;
  severity?: string;
  /** "busy": no connection came free in time; "ended": the lease was already given back or taken back. */
  pool?: "busy" | "ended";
}

export type QueryAnswer = { ok: PoolRows } | { error: PoolError };

const ERROR_FIELDS = ["code", "constraint", "detail", "table", "column", "severity"] as const;

function asPoolError(err: unknown): PoolError {
  const e = err as Record<string, unknown>;
  const out: PoolError = { message: String((err as Error)?.message ?? err) };
  for (const k of ERROR_FIELDS) if (typeof e?.[k] === "string") out[k] = e[k] as string;
  if ((err as Error)?.name === "LeaseEndedError") out.pool = "ended";
  return out;
}

/** A request's connection, as an RPC target: the Worker holds a stub to it for the length of the request. */
export class LeasedConnection extends RpcTarget {
  constructor(private readonly lease: Lease) {
    super();
  }

  query(q: PoolQuery): Promise<QueryAnswer> {
    return this.lease.query(q).then(
      (ok) => ({ ok }),
      (err) => ({ error: asPoolError(err) }),
    );
  }

  release(): Promise<void> {
    return this.lease.release();
  }

  /** The Worker's stub was dropped (its request ended) without release(). */
  [Symbol.dispose](): void {
    void this.lease.release();
  }
}

/** How long a request waits for a connection, and may keep one. */
const WAIT_MS = 10_000;
const MAX_LEASE_MS = 60_000;
/** Shorter than the 10 s after which workerd evicts an object with no events (as in shared/lazy-pg.ts). */
const IDLE_MS = 5_000;

export class DbPool extends DurableObject<DbPoolEnv> {
  private readonly pool: ConnectionPool;

  constructor(ctx: DurableObjectState, env: DbPoolEnv) {
    super(ctx, env);
    this.pool = new ConnectionPool({
      size: poolSize(env.DB_POOL_SIZE) || 1,
      open: () => PgConnection.open(env.DATABASE_URL),
      waitMs: WAIT_MS,
      maxLeaseMs: MAX_LEASE_MS,
      idleMs: IDLE_MS,
    });
  }

  /**
   * A connection for one request, or `{ error }` when none could be had (the request answers 503). Wrapped in a
   * plain object: on the caller's side an RPC stub answers every property name, so `"error" in stub` is true.
   */
  async lease(): Promise<{ lease: LeasedConnection } | { error: PoolError }> {
    try {
      return { lease: new LeasedConnection(await this.pool.acquire()) };
    } catch (err) {
      const error = asPoolError(err);
      if ((err as Error).name === "PoolBusyError") error.pool = "busy";
      return { error };
    }
  }
}
