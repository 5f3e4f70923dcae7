/**
 * A node-postgres connection as the pool lends it (pool.ts): it knows its transaction status (from Postgres's
 * ReadyForQuery messages) and whether it is still usable, and parses column values exactly as drizzle's
 * node-postgres driver asks pg to, since the Worker's drizzle reads the rows that come back.
 */
import pg from "pg";
import { pgStream } from "../shared/pg-stream.ts";
import type { PooledConnection, PoolQuery, PoolRows } from "./pool.ts";

const CONNECT_TIMEOUT_MS = 5_000;
/** How the pool's connections show in pg_stat_activity. */
const POOL_APPLICATION_NAME = "hearth db-pool";

/**
 * drizzle-orm/node-postgres passes `types` with every query so that dates, timestamps, intervals and numeric
 * arrays arrive as the text Postgres sent (its own mappers convert them). A function cannot cross the RPC to the
 * Worker, so the pool applies the same rule here; `pg-connection.test.ts` checks it against drizzle's.
 */
const RAW_TYPE_IDS: ReadonlySet<number> = new Set([
  pg.types.builtins.TIMESTAMPTZ,
  pg.types.builtins.TIMESTAMP,
  pg.types.builtins.DATE,
  pg.types.builtins.INTERVAL,
  1231, // numeric[]
  1115, // timestamp[]
  1185, // timestamptz[]
  1187, // interval[]
  1182, // date[]
]);

const raw = (value: string) => value;

export const drizzleTypes = {
  getTypeParser: (typeId: number, format?: "text" | "binary") =>
    RAW_TYPE_IDS.has(typeId) ? raw : pg.types.getTypeParser(typeId, format as "text"),
};

interface StatusEmitter {
  on(event: "readyForQuery", listener: (msg: { status: string }) => void): void;
}

export class PgConnection implements PooledConnection {
  transactionStatus: "I" | "T" | "E" = "I";
  usable = true;

  private constructor(private readonly client: pg.Client) {
    (client as unknown as { connection: StatusEmitter }).connection.on("readyForQuery", (msg) => {
      this.transactionStatus = msg.status === "T" || msg.status === "E" ? msg.status : "I";
    });
    // Without a listener a dropped connection's 'error' event would crash the isolate.
    client.on("error", (err) => {
      if (this.usable) console.error("database pool: connection error:", err.message);
      this.usable = false;
    });
    client.on("end", () => {
      this.usable = false;
    });
  }

  static async open(url: string): Promise<PgConnection> {
    const client = new pg.Client({
      connectionString: url,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      application_name: POOL_APPLICATION_NAME,
      stream: pgStream() as never,
    });
    const conn = new PgConnection(client);
    await client.connect();
    return conn;
  }

  async query(q: PoolQuery): Promise<PoolRows> {
    const config: pg.QueryConfig = { text: q.text, values: q.values, name: q.name, types: drizzleTypes as pg.CustomTypesConfig };
    // rowMode is pg's (QueryArrayConfig); the object form takes both.
    const result: pg.QueryResult = await this.client.query(q.rowMode ? ({ ...config, rowMode: "array" } as pg.QueryArrayConfig) : config);
    return {
      rows: result.rows,
      rowCount: result.rowCount,
      command: result.command,
      fields: result.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
    };
  }

  close(): void {
    this.usable = false;
    this.client.end().catch(() => {});
  }
}
