/**
 * `npm run dev`: `wrangler dev` for contributors, with live reload of the Worker, against the PostgreSQL in
 * DATABASE_URL (required: no embedded database here). Generates missing secrets in data/secrets/, writes them and
 * the other bindings set in the environment into .dev.vars (gitignored; wrangler dev hands it to the Worker as
 * bindings), applies migrations, builds the web client once, then runs `wrangler dev --port PORT`.
 * Safe to re-run. Rebuild the client with `node scripts/build-web.ts` when you change web/.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { buildWeb } from "./build-web.ts";
import { extractWasm } from "./extract-wasm.ts";
import { bootstrapAdminInvite } from "./lib/bootstrap.ts";
import { runMigrations } from "./lib/migrate.ts";
import { BIN, ROOT } from "./lib/paths.ts";
import { ensureSecrets } from "./lib/secrets.ts";
import { ENV_BINDINGS } from "./workerd-config.ts";

const DATA = path.resolve(process.env.HEARTH_DATA_DIR ?? path.join(ROOT, "data"));
const PORT = Number(process.env.PORT ?? 8787);
const HOST = process.env.HOST ?? "localhost";
const DEV_VARS = path.join(ROOT, ".dev.vars");

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error(
    "npm run dev needs a PostgreSQL server in DATABASE_URL, for example:\n" +
      "  DATABASE_URL=postgres://postgres@127.0.0.1:5432/hearth npm run dev\n" +
      "(create the database first: createdb -h 127.0.0.1 -U postgres hearth). `npm start` runs an embedded database instead.",
  );
  process.exit(2);
}

/** One line of .dev.vars. Single quotes keep a value literal (JWKs are JSON full of double quotes). */
function devVarLine(name: string, value: string): string {
  if (/['\n\r]/.test(value)) throw new Error(`${name} contains a quote or newline, which .dev.vars cannot hold literally`);
  return `${name}='${value}'`;
}

const { secrets, created } = ensureSecrets(path.join(DATA, "secrets"));
for (const file of created) console.log(`generated ${path.relative(ROOT, file)}`);

const vars: Record<string, string> = {};
for (const name of ENV_BINDINGS) {
  const value = process.env[name];
  if (value !== undefined && value !== "") vars[name] = value;
}
Object.assign(vars, secrets, { DATABASE_URL: databaseUrl });
fs.writeFileSync(
  DEV_VARS,
  `# Written by scripts/dev.ts on every \`npm run dev\`; edits are overwritten. Holds secrets: never commit it.\n` +
    Object.entries(vars).map(([k, v]) => devVarLine(k, v)).join("\n") +
    "\n",
  { mode: 0o600 },
);

await runMigrations(databaseUrl);
console.log("database schema is up to date");
extractWasm();
await buildWeb();
console.log("built the web client into dist/web");
const invite = await bootstrapAdminInvite(databaseUrl);
if (invite) console.log(`\nNo accounts yet. Register the first (admin) account with this one-time invite code:\n  ${invite}\n`);

// Both scripts in one session: the Worker (first, it serves the port) and the Durable Objects it binds to.
const child = spawn(path.join(BIN, "wrangler"), ["dev", "-c", "wrangler.toml", "-c", "wrangler.objects.toml", "--port", String(PORT), "--ip", HOST], {
  cwd: ROOT,
  stdio: "inherit",
  // CLOUDFLARE_CF_FETCH_ENABLED=false: wrangler would otherwise fetch a sample `request.cf` from the internet.
  env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
});
// Ctrl+C reaches wrangler too (same process group); this only forwards a SIGTERM sent to us alone.
process.on("SIGINT", () => {});
process.on("SIGTERM", () => child.kill("SIGTERM"));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
