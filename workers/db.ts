/**
 * The one place that opens database connections. Everything else receives a drizzle `Db`.
 *
 * Two drivers, one choice (`DB_DRIVER`):
 * - `pg` (default): node-postgres over workerd's TCP sockets. It measured fastest on a self-hosted box
 *   (connect 6-13 ms, against 50-170 ms for the neon driver through the socket adapter with SCRAM), and
 *   Cloudflare's Hyperdrive and Neon both accept it.
 * - `neon`: @neondatabase/serverless. On Cloudflare with a Neon database it goes over Neon's WebSocket proxy;
 *   pointed at any other server it speaks to it directly through `TcpWebSocket`.
 * A stateless Worker cannot reuse a connection across requests, so each request opens one lazily (only when a
 * handler touches the database) and closes it after the response.
 */
import { Client as NeonClient } from "@neondatabase/serverless";
import { drizzle as drizzleNeon } from "drizzle-orm/neon-serverless";
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import pg from "pg";
import { pgStream } from "../objects/shared/pg-stream.ts";
import * as schema from "../schema/index.ts";
import { TcpWebSocket } from "./db-neon-socket.ts";

export type Db = NodePgDatabase<typeof schema>;

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


export function requestDb(databaseUrl: string, driver: DbDriver = "pg"): RequestDb {
  let client: Connection | null = null;
  let ready: Promise<Db> | null = null;
  return {
    get isOpen() {
      return client !== null;
    },
    get() {
      if (!ready) {
        const c: Connection = driver === "neon" ? neonClient(databaseUrl) : new pg.Client({ connectionString: databaseUrl });
        client = c;
        // A dropped connection emits 'error' on the client; without a listener it would crash the isolate. Once
        // close() has begun the socket may already be gone with the request, and saying so is only noise.
        c.on("error", (err) => {
          if (client === c) console.error("database connection error:", err.message);
        });
        ready = c.connect().then(() =>
          driver === "neon" ? (drizzleNeon(c as NeonClient, { schema }) as unknown as Db) : drizzle(c as pg.Client, { schema }),
        );
        ready.catch(() => {
          ready = null;
        });
      }
      return ready;
    },
    async close() {
      const c = client;
      client = null;
      ready = null;
      if (c) await c.end().catch(() => {});
    },
  };
}

export function dbDriver(value: string | undefined): DbDriver {
  return value === "neon" ? "neon" : "pg";
}
