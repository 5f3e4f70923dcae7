import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { HASHER_SOCKET, hasherConfigPath } from "../workerd-config.ts";
import { BIN } from "./paths.ts";

export interface WorkerdProcess {
  child: ChildProcess;
  /** Resolves when workerd has exited. */
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after `graceMs`: workerd otherwise waits forever for open WebSockets. */
  stop(graceMs?: number): Promise<void>;
  /** Everything it printed so far (bounded), for error messages. */
  output(): string;
  /** The process ids of the server: the main process, then the hasher process if there is one. */
  pids(): number[];
}

export interface SpawnOptions {
  inheritOutput?: boolean;
  /** More arguments for the main process. */
  extraArgs?: string[];
}

/**
 * Starts workerd on a config from scripts/workerd-config.ts. When the config has a hasher process beside it, starts
 * that first on a Unix socket in a fresh directory only this user can enter, then the main process pointed at it,
 * and gives both a fresh HASHER_TOKEN. The hasher lives and dies with the main process: started again if it exits on
 * its own (meanwhile the Worker hashes by itself), stopped when the main one exits.
 *
 * Not an abstract socket: its name would be on the command lines every local user can read, and one who bound it
 * first (before the hasher started, or while it restarted) would receive the passwords of people signing in. A
 * socket file in a directory of mode 700 cannot be taken over that way.
 */
export function spawnWorkerd(configPath: string, env: NodeJS.ProcessEnv, opts: SpawnOptions = {}): WorkerdProcess {
  const hasherPath = hasherConfigPath(configPath);
  if (!fs.existsSync(hasherPath)) return spawnOne(configPath, opts.extraArgs ?? [], env, opts);
  const socketDir = fs.mkdtempSync(path.join(os.tmpdir(), "hearth-hasher-"));
  const socketFile = path.join(socketDir, "hasher.sock");
  const address = `unix:${socketFile}`;
  const both = { ...env, HASHER_TOKEN: crypto.randomBytes(24).toString("base64url") };
  const startHasher = () => {
    // A hasher that died left its socket file behind, and binding the same path again would fail.
    fs.rmSync(socketFile, { force: true });
    return spawnOne(hasherPath, [`--socket-addr=${HASHER_SOCKET}=${address}`], both, { inheritOutput: opts.inheritOutput });
  };
  let hasher = startHasher();
  const main = spawnOne(configPath, [`--external-addr=${HASHER_SOCKET}=${address}`, ...(opts.extraArgs ?? [])], both, opts);
  let done = false;
  const supervise = (p: WorkerdProcess) =>
    void p.exited.then((code) => {
      if (done) return;
      console.error(`workerd hasher process exited (${code}); starting it again`);
      hasher = startHasher();
      supervise(hasher);
    });
  supervise(hasher);
  void main.exited.then(async () => {
    done = true;
    await hasher.stop(1000);
    fs.rmSync(socketDir, { recursive: true, force: true });
  });
  return {
    child: main.child,
    exited: main.exited,
    output: () => main.output() + hasher.output(),
    pids: () => [main.child.pid!, hasher.child.pid!],
    async stop(graceMs = 3000) {
      done = true;
      await main.stop(graceMs);
      await hasher.stop(graceMs);
    },
  };
}

/** One `workerd serve` of a config, with more flags. */
function spawnOne(configPath: string, args: string[], env: NodeJS.ProcessEnv, opts: { inheritOutput?: boolean }): WorkerdProcess {
  const child = spawn(path.join(BIN, "workerd"), ["serve", configPath, "--verbose", ...args], {
    env,
    stdio: ["ignore", opts.inheritOutput ? "inherit" : "pipe", opts.inheritOutput ? "inherit" : "pipe"],
  });
  let out = "";
  const keep = (d: Buffer) => {
    out += d.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    exited,
    output: () => out,
    pids: () => [child.pid!],
    async stop(graceMs = 3000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls GET /healthz until it answers 200, or fails with what workerd printed. */
export async function waitForHealthy(baseUrl: string, proc: WorkerdProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) throw new Error(`workerd exited (${proc.child.exitCode}):\n${proc.output()}`);
    try {
      const res = await fetch(`${baseUrl}/healthz`);
      if (res.status === 200) return;
      last = `${res.status} ${await res.text()}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`server at ${baseUrl} not healthy after ${timeoutMs} ms (last: ${last}):\n${proc.output()}`);
}
