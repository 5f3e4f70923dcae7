/**
 * The one place that opens database connections. Everything else receives a drizzle `Db`.
 *
 * Three ways to a connection, one choice:
 * - pooled (the default under workerd, `DB_POOL_SIZE` > 0): the request leases a connection the DbPool object
 *   keeps open (objects/DbPool.ts) and its queries run there, one RPC each. Opening a connection cost a request
 *   ~1.3 ms of the one JavaScript thread and ~6 ms of Postgres CPU; a lease costs one RPC.
 * - `pg` (`DB_POOL_SIZE=0`, and on Cloudflare): node-postgres over workerd's TCP sockets, a connection per request.
 *   It measured fastest of the direct drivers on a self-hosted box (connect 6-13 ms, against 50-170 ms for the neon
 *   driver through the socket adapter with SCRAM), and Cloudflare's Hyperdrive and Neon both accept it.
 * - `neon` (`DB_DRIVER=neon`): @neondatabase/serverless. On Cloudflare with a Neon database it goes over Neon's
 *   WebSocket proxy; pointed at any other server it speaks to it directly through `TcpWebSocket`.
 * Either way a request gets its connection lazily (only when a handler touches the database) and gives it back
 * or closes it after the response, so transactions behave the same on all three.
 */
import { Client as NeonClient } from "@neondatabase/serverless";
import { drizzle as drizzleNeon } from "drizzle-orm/neon-serverless";
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import pg from "pg";
import type { DbPool, PoolError, QueryAnswer } from "../objects/DbPool.ts";
import { poolSize, type PoolQuery, type PoolRows } from "../objects/db-pool/pool.ts";
import { pgStream } from "../objects/shared/pg-stream.ts";
import { AppError } from "./errors.ts";
import { TcpWebSocket } from "./db-neon-socket.ts";

/**
 * drizzle without `schema`: nothing here uses the relational query API (`db.query.*`), and passing the schema
 * made every connection walk all of it (extractTablesRelationalConfig: ~10% of the Worker's CPU on the ws-ticket
 * route, in a CPU profile).
 */
export type Db = NodePgDatabase;

export interface RequestDb {
  /** Connects on first call; later calls in the same request share the connection. */
  get(): Promise<Db>;
  /** Closes the connection if one was opened. Safe to call twice. */
  close(): Promise<void>;
  /** Whether get() opened a connection that close() has not closed yet. */
  readonly isOpen: boolean;
}

export type DbDriver = "pg" | "neon";

interface Connection {
  connect(): Promise<unknown>;
  end(): Promise<unknown>;
  on(event: "error", listener: (err: Error) => void): unknown;
}

/** Neon's own hosts keep the driver's defaults (WebSocket proxy, TLS); anything else is reached over plain TCP. */
function neonClient(databaseUrl: string): NeonClient {
  const client = new NeonClient({ connectionString: databaseUrl });
  if (!new URL(databaseUrl).hostname.endsWith(".neon.tech")) {
    client.neonConfig.webSocketConstructor = TcpWebSocket as unknown as typeof WebSocket;
    client.neonConfig.wsProxy = (host: string, port: number | string) => `${host}:${port}`;
    client.neonConfig.useSecureWebSocket = false;
    client.neonConfig.forceDisablePgSSL = true;
    // Pipelining the startup messages breaks SCRAM authentication against a stock server.
    client.neonConfig.pipelineConnect = false;
  }
  return client;
}


/** What requestDb reads from the environment. */
export interface DbEnv {
  DATABASE_URL: string;
  DB_DRIVER?: string;
  DB_POOL_SIZE?: string;
  DB_POOL?: DurableObjectNamespace<DbPool>;
}

/** The RPC stub of a lease (objects/DbPool.ts LeasedConnection), as this side uses it. */
interface LeaseStub {
  query(q: PoolQuery): Promise<QueryAnswer>;
  release(): Promise<void>;
}

/** A pool error as the error pg would have thrown: Postgres's fields on it, for code that inspects `code`. */
function poolFailure(e: PoolError): Error {
  return Object.assign(new Error(e.message), e);
}

/**
 * Just enough of pg.Client for drizzle's node-postgres driver, running each query on a leased connection. (Not
 * named "...Pool...": drizzle takes any client whose class name says Pool for a pool and asks it for connections.)
 */
class LeasedClient {
  constructor(private readonly lease: LeaseStub) {}

  async query(config: string | { text: string; values?: unknown[]; rowMode?: string; name?: string }, values?: unknown[]): Promise<PoolRows> {
    const q: PoolQuery = typeof config === "string" ? { text: config, values } : { text: config.text, values: values ?? config.values, name: config.name };
    if (typeof config !== "string" && config.rowMode === "array") q.rowMode = "array";
    const answer = await this.lease.query(q);
    if ("error" in answer) throw poolFailure(answer.error);
    return answer.ok;
  }
}

/**
 * Read once per isolate rather than per request: the pool's id (deriving it hashes the name; an id is a plain value,
 * valid across requests, unlike the stub made from it) and DB_POOL_SIZE (a bad value is logged once, not per request).
 */
let poolId: { ns: DurableObjectNamespace<DbPool>; id: DurableObjectId } | null = null;
let poolSetting: { raw: string | undefined; size: number } | null = null;

function leaseDb(ns: DurableObjectNamespace<DbPool>): { db: Promise<Db>; release(): Promise<void> } {
  let held: (Disposable & { lease: LeaseStub }) | null = null;
  const db = (async () => {
    if (!poolId || poolId.ns !== ns) poolId = { ns, id: ns.idFromName("db-pool") };
    const leased = await ns.get(poolId.id).lease();
    if ("error" in leased) {
      const e = leased.error as PoolError;
      if (e.pool === "busy") throw new AppError(503, "service_unavailable", "The server is busy; try again in a moment.", { retryAfterS: 1 }, { "Retry-After": "1" });
      throw poolFailure(e);
    }
    held = leased as unknown as Disposable & { lease: LeaseStub };
    return drizzle(new LeasedClient(held.lease) as unknown as pg.Client);
  })();
  return {
    db,
    async release() {
      await db.catch(() => {});
      const h = held;
      held = null;
      if (!h) return;
      // Give the connection back, then drop the stub (an RPC result's stubs are released by disposing it).
      await h.lease.release().catch(() => {});
      h[Symbol.dispose]();
    },
  };
}

/** Whether requests lease pooled connections (see the header). */
function usesPool(env: DbEnv): boolean {
  let setting = poolSetting;
  if (!setting || setting.raw !== env.DB_POOL_SIZE) setting = poolSetting = { raw: env.DB_POOL_SIZE, size: poolSize(env.DB_POOL_SIZE) };
  return dbDriver(env.DB_DRIVER) === "pg" && env.DB_POOL !== undefined && setting.size > 0;
}

export function requestDb(env: DbEnv): RequestDb {
  const driver = dbDriver(env.DB_DRIVER);
  const pooled = usesPool(env);
  let close: (() => Promise<void>) | null = null;
  let ready: Promise<Db> | null = null;
  return {
    get isOpen() {
      return close !== null;
    },
    get() {
      if (ready) return ready;
      if (pooled) {
        const lease = leaseDb(env.DB_POOL!);
        close = lease.release;
        ready = lease.db;
      } else {
        const c: Connection = driver === "neon" ? neonClient(env.DATABASE_URL) : new pg.Client({ connectionString: env.DATABASE_URL, stream: pgStream() as never });
        let open = true;
        close = async () => {
          open = false;
          await c.end().catch(() => {});
        };
        // A dropped connection emits 'error' on the client; without a listener it would crash the isolate. Once
        // close() has begun the socket may already be gone with the request, and saying so is only noise.
        c.on("error", (err) => {
          if (open) console.error("database connection error:", err.message);
        });
        ready = c.connect().then(() =>
          driver === "neon" ? (drizzleNeon(c as NeonClient) as unknown as Db) : drizzle(c as pg.Client),
        );
      }
      ready.catch(() => {
        ready = null;
      });
      return ready;
    },
    async close() {
      const c = close;
      close = null;
      ready = null;
      if (c) await c();
    },
  };
}

export function dbDriver(value: string | undefined): DbDriver {
  return value === "neon" ? "neon" : "pg";
}
