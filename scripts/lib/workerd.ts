import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { BIN } from "./paths.ts";

export interface WorkerdProcess {
  child: ChildProcess;
  /** Resolves when workerd has exited. */
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after `graceMs`: workerd otherwise waits forever for open WebSockets. */
  stop(graceMs?: number): Promise<void>;
  /** Everything it printed so far (bounded), for error messages. */
  output(): string;
}

export function spawnWorkerd(configPath: string, env: NodeJS.ProcessEnv, opts: { inheritOutput?: boolean; extraArgs?: string[] } = {}): WorkerdProcess {
  const child = spawn(path.join(BIN, "workerd"), ["serve", configPath, "--verbose", ...(opts.extraArgs ?? [])], {
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
