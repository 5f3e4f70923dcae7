/**
 * `npm start`: everything a self-hosted box needs in one process tree. Generates missing secrets in
 * data/secrets/, starts an embedded PostgreSQL in data/postgres/ unless DATABASE_URL is set, applies
 * migrations, builds the client and the Worker bundle, and serves both through workerd on PORT (8787).
 * Ctrl+C stops every child. Safe to re-run: the next start reuses the same data.
 */
import fs from "node:fs";
import path from "node:path";
import { build } from "./build.ts";
import { bootstrapAdminInvite } from "./lib/bootstrap.ts";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./lib/embedded-postgres.ts";
import { runMigrations } from "./lib/migrate.ts";
import { DIST, ROOT } from "./lib/paths.ts";
import { isPortFree } from "./lib/ports.ts";
import { processesWith, stopLeftover, watchLauncher } from "./lib/processes.ts";
import { ensureSecrets } from "./lib/secrets.ts";
import { spawnWorkerd, waitForHealthy, type WorkerdProcess } from "./lib/workerd.ts";
import { hasherConfigPath, writeWorkerdConfig } from "./workerd-config.ts";

const DATA = path.resolve(process.env.HEARTH_DATA_DIR ?? path.join(ROOT, "data"));
const PORT = Number(process.env.PORT ?? 8787);
const HOST = process.env.HOST ?? "0.0.0.0";
/** workerd's pid while it runs, so a start after a crash of this script can stop the orphan holding the port. */
const WORKERD_PID_FILE = path.join(DATA, "workerd.pid");
const WORKERD_CONFIG = path.join(DIST, "workerd.capnp");

let db: EmbeddedPostgres | null = null;
let server: WorkerdProcess | null = null;
let stopping = false;

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    console.log("\nstopping…");
    await server?.stop(3000);
    if (server) fs.rmSync(WORKERD_PID_FILE, { force: true });
    await db?.stop();
  }
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
process.on("SIGHUP", () => void shutdown(0));
// Rather than linger holding the port and the database when npm is killed outright.
watchLauncher(() => {
  console.error("npm, which started this script, is gone: stopping");
  void shutdown(1);
});

/** Stops a workerd left running by a start that was killed outright, then makes sure the port is ours to take. */
async function claimPort(): Promise<void> {
  if (fs.existsSync(WORKERD_PID_FILE)) {
    const pid = Number(fs.readFileSync(WORKERD_PID_FILE, "utf8").trim());
    if (await stopLeftover(pid, "workerd", "SIGKILL", 0)) console.log(`stopped workerd left running by an earlier run (pid ${pid})`);
    fs.rmSync(WORKERD_PID_FILE, { force: true });
  }
  // Its hasher process (started again by the launcher whenever it exited, so under no pid of the file).
  for (const pid of processesWith(hasherConfigPath(WORKERD_CONFIG))) {
    if (await stopLeftover(pid, "workerd", "SIGKILL", 0)) console.log(`stopped a workerd hasher left running by an earlier run (pid ${pid})`);
  }
  if (!(await isPortFree(PORT, HOST))) {
    throw new Error(`port ${PORT} on ${HOST} is already in use. Stop whatever listens there, or choose another port: PORT=8788 npm start`);
  }
}

try {
  await claimPort();
  const { secrets, created } = ensureSecrets(path.join(DATA, "secrets"));
  for (const file of created) console.log(`generated ${path.relative(ROOT, file)}`);

  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    db = await startEmbeddedPostgres({ dataDir: path.join(DATA, "postgres"), secretsDir: path.join(DATA, "secrets") });
    databaseUrl = db.url;
  }
  await runMigrations(databaseUrl);
  console.log("database schema is up to date");

  await build();
  const configPath = writeWorkerdConfig({
    configPath: WORKERD_CONFIG,
    address: `${HOST}:${PORT}`,
    doStorageDir: path.join(DATA, "durable-objects"),
    webFetchPrivate: process.env.LINK_PREVIEW_PRIVATE_HOSTS === "1",
  });
  server = spawnWorkerd(configPath, { ...process.env, ...secrets, DATABASE_URL: databaseUrl }, { inheritOutput: true });
  fs.writeFileSync(WORKERD_PID_FILE, `${server.child.pid}\n`);
  server.exited.then((code) => {
    if (!stopping) {
      console.error(`workerd exited unexpectedly (code ${code})`);
      void shutdown(1);
    }
  });
  const probeHost = HOST === "0.0.0.0" || HOST === "::" ? "127.0.0.1" : HOST;
  await waitForHealthy(`http://${probeHost.includes(":") ? `[${probeHost}]` : probeHost}:${PORT}`, server);
  const url = process.env.PUBLIC_URL || `http://localhost:${PORT}`;

  const invite = await bootstrapAdminInvite(databaseUrl);
  console.log(`\nHearth is running at ${url}`);
  if (invite) {
    console.log(`\nNo accounts yet. Register the first (admin) account with this one-time invite code:\n  ${invite}\n  ${url}/register?invite=${invite}`);
  }
  console.log("Press Ctrl+C to stop.");
} catch (err) {
  console.error(`\nnpm start failed: ${(err as Error).message}`);
  await shutdown(1);
}
