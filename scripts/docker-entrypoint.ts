/**
 * The container's entry point (Dockerfile CMD): serves the bundle built into the image with workerd against the
 * PostgreSQL in DATABASE_URL (required). Generates missing secrets in $HEARTH_DATA_DIR/secrets (a volume, so they
 * survive new images), waits for the database, applies migrations, writes the workerd config and runs workerd,
 * printing a one-time admin invite while the instance has no users. Safe to re-run.
 *
 * It supervises workerd instead of replacing itself with it (Node cannot exec): on SIGTERM it gives workerd
 * STOP_GRACE_MS to finish, then kills it, since workerd alone would wait for open WebSockets indefinitely.
 */
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { bootstrapAdminInvite } from "./lib/bootstrap.ts";
import { runMigrations } from "./lib/migrate.ts";
import { ensureSecrets } from "./lib/secrets.ts";
import { spawnWorkerd, waitForHealthy, type WorkerdProcess } from "./lib/workerd.ts";
import { writeWorkerdConfig } from "./workerd-config.ts";

const DATA = path.resolve(process.env.HEARTH_DATA_DIR ?? "/data");
const PORT = Number(process.env.PORT ?? 8787);
const HOST = process.env.HOST ?? "0.0.0.0";
/** Short enough to fit inside Docker's default 10 s stop timeout, long enough for requests in flight. */
const STOP_GRACE_MS = 5_000;
/** How long to wait for the database at start: a Postgres container initialising its volume takes a few seconds. */
const DB_WAIT_MS = 60_000;

let server: WorkerdProcess | null = null;
let stopping = false;

async function stop(signal: string): Promise<never> {
  stopping = true;
  console.log(`${signal}: stopping workerd`);
  await server?.stop(STOP_GRACE_MS);
  process.exit(0);
}
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));

async function waitForDatabase(url: string): Promise<void> {
  const deadline = Date.now() + DB_WAIT_MS;
  for (;;) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (err) {
      await client.end().catch(() => {});
      if (Date.now() > deadline) throw new Error(`database not reachable after ${DB_WAIT_MS / 1000} s: ${(err as Error).message}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error("DATABASE_URL is not set: point it at the PostgreSQL database Hearth should use (docker-compose.yml sets it).");
  process.exit(2);
}

try {
  const { secrets, created } = ensureSecrets(path.join(DATA, "secrets"));
  for (const file of created) console.log(`generated ${file}`);
  await waitForDatabase(databaseUrl);
  await runMigrations(databaseUrl);
  console.log("database schema is up to date");

  const configPath = writeWorkerdConfig({
    configPath: path.join(os.tmpdir(), "hearth-workerd.capnp"),
    address: `${HOST}:${PORT}`,
    doStorageDir: path.join(DATA, "durable-objects"),
    webFetchPrivate: process.env.LINK_PREVIEW_PRIVATE_HOSTS === "1",
  });
  server = spawnWorkerd(configPath, { ...process.env, ...secrets, DATABASE_URL: databaseUrl }, { inheritOutput: true });
  void server.exited.then((code) => {
    if (stopping) return;
    console.error(`workerd exited unexpectedly (code ${code})`);
    process.exit(code || 1);
  });
  const probeHost = HOST === "0.0.0.0" || HOST === "::" ? "127.0.0.1" : HOST;
  await waitForHealthy(`http://${probeHost}:${PORT}`, server);

  const publicUrl = process.env.PUBLIC_URL || `http://localhost:${PORT}`;
  console.log(`Hearth is serving on ${HOST}:${PORT}`);
  const invite = await bootstrapAdminInvite(databaseUrl);
  if (invite) {
    console.log(`No accounts yet. Register the first (admin) account with this one-time invite code:\n  ${invite}\n  ${publicUrl}/register?invite=${invite}`);
  }
} catch (err) {
  console.error(`start failed: ${(err as Error).message}`);
  await server?.stop(0);
  process.exit(1);
}
