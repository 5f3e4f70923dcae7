/**
 * One Postgres connection held by a Durable Object across requests and socket events (a stateless Worker cannot
 * do this; an object can: DESIGN.md "Connections"). It is opened on first use, closed after IDLE_CLOSE_MS without
 * queries so an idle object can hibernate and Postgres keeps its connection slots, and replaced after an error.
 *
 * Never open it from the fetch() that accepts a WebSocket: I/O objects created there die with that request, and
 * later queries from socket events hang (verified: a resume ticket checked in fetch() froze the room's start-up).
 * Socket events, RPC calls and alarms are fine.
 *
 * One connection per object on purpose: the object is single-threaded and its writes are serialised anyway
 * (group commit), and Postgres's max_connections is shared by every object and request on the box.
 */
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import pg from "pg";
import { IdleClose } from "./idle-close.ts";
import { pgStream } from "./pg-stream.ts";

/** Without `schema`, as in workers/db.ts: no relational queries, so nothing to walk per connection. */
export type ObjectDb = NodePgDatabase & { $client: pg.Client };

/**
 * Long enough to keep a busy room connected between bursts, short enough to release slots of idle rooms, and
 * shorter than the 10 s after which workerd evicts an object that has no events (hibernation): closed here, the
 * connection says goodbye to Postgres; cut by the eviction, it logged an error per hibernating object and left
 * Postgres an unexpected EOF (seen in `npm run bench`: one per room during the idle phase's 20 s wait).
 */
export const IDLE_CLOSE_MS = 5_000;
/**
 * Up to this much more, at random per connection: objects started together (a room per channel after a restart)
 * would otherwise close together, and Postgres ends many backends at once slowly enough to stall every other
 * query: 80 connections ended at once took 0.8 s and held a concurrent stream of inserts up to 230-380 ms (a Node
 * script against Postgres 15 on this box; in `npm run bench`, 100 rooms closing together put 700 ms into the
 * durable phase's p99). Spread 1 ms apart the worst insert took 32 ms, 50 ms apart 9 ms.
 */
export const IDLE_CLOSE_JITTER_MS = 3_000;
/** A connection attempt that takes longer is treated as failed so callers get an error, not a hang. */
const CONNECT_TIMEOUT_MS = 5_000;

export class LazyPg {
  private client: pg.Client | null = null;
  private ready: Promise<ObjectDb> | null = null;
  private inFlight = 0;
  private readonly idleMs = IDLE_CLOSE_MS + Math.floor(Math.random() * IDLE_CLOSE_JITTER_MS);
  private readonly idle = new IdleClose({
    idleMs: this.idleMs,
    isOpen: () => this.client !== null,
    isBusy: () => this.inFlight > 0,
    close: () => this.reset(),
  });

  constructor(
    private readonly url: string,
    /** For tests: how a connection is made. */
    private readonly newClient: (url: string) => pg.Client = (url) =>
      new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, stream: pgStream() as never }),
  ) {}

  /** Runs `fn` with the connection, opening it if needed. The connection stays open while any call is running. */
  async use<T>(fn: (db: ObjectDb) => Promise<T>): Promise<T> {
    const db = await this.get();
    this.inFlight++;
    try {
      return await fn(db);
    } finally {
      this.inFlight--;
      this.idle.used();
    }
  }

  /**
   * A read, which may safely run twice: when it fails (the connection ended under it, say), it is tried once more
   * on a new connection before the error reaches the caller.
   */
  async read<T>(fn: (db: ObjectDb) => Promise<T>): Promise<T> {
    try {
      return await this.use(fn);
    } catch (err) {
      console.error("object database: a read failed, trying a new connection:", (err as Error).message);
      this.reset();
      return this.use(fn);
    }
  }

  /** Drops the connection (after an error whose effect on it is unknown). The next use reconnects. */
  reset(): void {
    const c = this.client;
    this.client = null;
    this.ready = null;
    if (c) c.end().catch(() => {});
  }

  private get(): Promise<ObjectDb> {
    if (!this.ready) {
      const client = this.newClient(this.url);
      // Without a listener a dropped connection's 'error' event would crash the isolate; the next use reconnects.
      // A connection already dropped (idle, or replaced after an error) reports its socket closing as an error too:
      // only the one in use is news.
      client.on("error", (err) => {
        if (this.client !== client) return;
        console.error("object database connection error:", err.message);
        this.reset();
      });
      this.client = client;
      const ready = client.connect().then(() => drizzle(client));
      ready.catch(() => {
        if (this.client === client) {
          this.client = null;
          this.ready = null;
        }
      });
      this.ready = ready;
    }
    return this.ready;
  }
}
