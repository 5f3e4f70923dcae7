/**
 * The one place that opens database connections. Everything else receives a drizzle `Db`.
 *
 * Driver: node-postgres (`pg`), which workerd runs over its TCP sockets. It measured faster than
 * @neondatabase/serverless over a socket adapter on these machines (connect 6-13 ms vs 50-170 ms with SCRAM),
 * and Cloudflare's Hyperdrive speaks to it too. A stateless Worker cannot reuse a connection across requests,
 * so each request opens one lazily (only when a handler touches the database) and closes it after the response.
 */
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import pg from "pg";
import * as schema from "../schema/index.ts";

export type Db = NodePgDatabase<typeof schema>;

export interface RequestDb {
  /** Connects on first call; later calls in the same request share the connection. */
  get(): Promise<Db>;
  /** Closes the connection if one was opened. Safe to call twice. */
  close(): Promise<void>;
}

export function requestDb(databaseUrl: string): RequestDb {
  let client: pg.Client | null = null;
  let ready: Promise<Db> | null = null;
  return {
    get() {
      if (!ready) {
        client = new pg.Client({ connectionString: databaseUrl });
        // A dropped connection emits 'error' on the client; without a listener it would crash the isolate.
        client.on("error", (err) => console.error("database connection error:", err.message));
        const c = client;
        ready = c.connect().then(() => drizzle(c, { schema }));
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
