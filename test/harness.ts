/**
 * One real server per test file: a fresh database on the test PostgreSQL, migrations applied, and the built
 * bundle running in its own workerd process on a free port with its own Durable Object storage.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { inject } from "vitest";
import { dropDatabase, ensureDatabase, runMigrations } from "../scripts/lib/migrate.ts";
import { freePort } from "../scripts/lib/ports.ts";
import { generateSecrets } from "../scripts/lib/secrets.ts";
import { spawnWorkerd, waitForHealthy, type WorkerdProcess } from "../scripts/lib/workerd.ts";
import { writeWorkerdConfig } from "../scripts/workerd-config.ts";

export interface TestServer {
  url: string;
  databaseUrl: string;
  /** Runs SQL directly against this server's database (for assertions and setup, never for the code under test). */
  sql<T = Record<string, unknown>>(text: string, values?: unknown[]): Promise<T[]>;
  /** SIGKILLs workerd (no graceful anything), as a crash would. */
  kill(): Promise<void>;
  /** Starts workerd again on the same port, database and Durable Object storage. */
  restart(): Promise<void>;
  /** The server's process ids: the main workerd, then its hasher process (workers/auth/password-hasher.ts). */
  pids(): number[];
  stop(): Promise<void>;
  output(): string;
  /** Where the server keeps uploaded files (workers/files/blob-store.ts). */
  filesDir: string;
}

export async function startServer(opts: { env?: Record<string, string> } = {}): Promise<TestServer> {
  const adminUrl = inject("adminDatabaseUrl");
  const dbName = `hearth_test_${crypto.randomBytes(6).toString("hex")}`;
  await ensureDatabase(adminUrl, dbName);
  const u = new URL(adminUrl);
  u.pathname = `/${dbName}`;
  const databaseUrl = u.toString();
  await runMigrations(databaseUrl);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hearth-test-"));
  const port = await freePort();
  const configPath = writeWorkerdConfig({
    configPath: path.join(dir, "workerd.capnp"),
    address: `127.0.0.1:${port}`,
    doStorageDir: path.join(dir, "do"),
    webFetchPrivate: opts.env?.LINK_PREVIEW_PRIVATE_HOSTS === "1",
  });
  const env = { ...process.env, ...generateSecrets(), DATABASE_URL: databaseUrl, REGISTRATION_MODE: "open", ...opts.env };
  const url = `http://127.0.0.1:${port}`;
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  // Dropping the database at stop() can terminate a connection still closing (57P01); that is expected, not a failure.
  pool.on("error", () => {});

  let proc: WorkerdProcess = spawnWorkerd(configPath, env);
  await waitForHealthy(url, proc);

  return {
    url,
    databaseUrl,
    async sql<T>(text: string, values?: unknown[]) {
      return (await pool.query(text, values)).rows as T[];
    },
    async kill() {
      proc.child.kill("SIGKILL");
      await proc.exited;
    },
    async restart() {
      await proc.stop(0);
      proc = spawnWorkerd(configPath, env);
      await waitForHealthy(url, proc);
    },
    async stop() {
      // HEARTH_TEST_VERBOSE=1 shows what the server logged, to debug a failing file.
      if (process.env.HEARTH_TEST_VERBOSE === "1") console.log(proc.output());
      await proc.stop(0);
      await pool.end();
      await dropDatabase(adminUrl, dbName).catch(() => {});
      fs.rmSync(dir, { recursive: true, force: true });
    },
    output: () => proc.output(),
    pids: () => proc.pids(),
    filesDir: path.join(dir, "files"),
  };
}
