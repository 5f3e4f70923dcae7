// Starts a dev server like test/harness.ts, prints URL, keeps running. Usage: node scratch/server.ts [port]
import crypto from "node:crypto"; import fs from "node:fs"; import os from "node:os"; import path from "node:path";
import { dropDatabase, ensureDatabase, runMigrations } from "../scripts/lib/migrate.ts";
import { generateSecrets } from "../scripts/lib/secrets.ts";
import { spawnWorkerd, waitForHealthy } from "../scripts/lib/workerd.ts";
import { writeWorkerdConfig } from "../scripts/workerd-config.ts";
const admin = "postgres://postgres@127.0.0.1:5432/postgres";
const dbName = "scratch_srv"; await dropDatabase(admin, dbName); await ensureDatabase(admin, dbName);
const databaseUrl = `postgres://postgres@127.0.0.1:5432/${dbName}`; await runMigrations(databaseUrl);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hearth-scratch-")); const port = Number(process.argv[2] ?? 18899);
const configPath = writeWorkerdConfig({ configPath: path.join(dir, "workerd.capnp"), address: `127.0.0.1:${port}`, doStorageDir: path.join(dir, "do") });
const proc = spawnWorkerd(configPath, { ...process.env, ...generateSecrets(), DATABASE_URL: databaseUrl, REGISTRATION_MODE: "open", COMMUNITY_CREATION_MODE: "open", RATE_LIMITS: "0" }, { inheritOutput: true });
fs.writeFileSync("scratch/server.pid", String(proc.child.pid));
await waitForHealthy(`http://127.0.0.1:${port}`, proc); console.log("ready", port);
