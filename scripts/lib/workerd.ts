import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { COMMIT_SOCKET, commitConfigPath } from "../workerd-config.ts";
import { BIN } from "./paths.ts";

export interface WorkerdProcess {
  child: ChildProcess;
  /** Resolves when workerd has exited. */
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after `graceMs`: workerd otherwise waits forever for open WebSockets. */
  stop(graceMs?: number): Promise<void>;
  /** Everything it printed so far (bounded), for error messages. */
  output(): string;
  /** The process ids of the server: the main process, then the commit process if there is one. */
  pids(): number[];
}

export interface SpawnOptions {
  inheritOutput?: boolean;
  /** More arguments for the main process (and `commitArgs` for the commit process). */
  extraArgs?: string[];
  commitArgs?: string[];
}

/**
 * Starts workerd on a config from scripts/workerd-config.ts. When the config has a commit process beside it, starts
 * it first on a fresh abstract Unix socket, then the main process pointed at that socket, and gives both a fresh
 * COMMIT_LINK_TOKEN. The commit process lives and dies with the main one: restarted if it exits on its own (rooms
 * whose line broke read back what was stored, as after any lost connection), stopped when the main one exits.
 */
export function spawnWorkerd(configPath: string, env: NodeJS.ProcessEnv, opts: SpawnOptions = {}): WorkerdProcess {
  const commitPath = commitConfigPath(configPath);
  if (!fs.existsSync(commitPath)) return spawnOne(configPath, opts.extraArgs ?? [], env, opts);
  const address = `unix-abstract:hearth-commit-${crypto.randomBytes(9).toString("hex")}`;
  const both = { ...env, COMMIT_LINK_TOKEN: crypto.randomBytes(24).toString("base64url") };
  const startCommit = () => spawnOne(commitPath, [`--socket-addr=${COMMIT_SOCKET}=${address}`, ...(opts.commitArgs ?? [])], both, { inheritOutput: opts.inheritOutput });
  let commit = startCommit();
  const main = spawnOne(configPath, [`--external-addr=${COMMIT_SOCKET}=${address}`, ...(opts.extraArgs ?? [])], both, opts);
  let done = false;
  const supervise = (p: WorkerdProcess) =>
    void p.exited.then((code) => {
      if (done) return;
      console.error(`workerd commit process exited (${code}); starting it again`);
      commit = startCommit();
      supervise(commit);
    });
  supervise(commit);
  void main.exited.then(() => {
    done = true;
    void commit.stop(1000);
  });
  return {
    child: main.child,
    exited: main.exited,
    output: () => main.output() + commit.output(),
    pids: () => [main.child.pid!, commit.child.pid!],
    async stop(graceMs = 3000) {
      done = true;
      await main.stop(graceMs);
      await commit.stop(graceMs);
    },
  };
}

/** One `workerd serve` of the config, with more flags. */
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
