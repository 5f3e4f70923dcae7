import { execFileSync } from "node:child_process";
import fs from "node:fs";

/**
 * True while a process with this pid runs (ours or another user's). A zombie (exited, not yet reaped: common in
 * containers whose init does not reap orphans) counts as gone.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  try {
    // /proc/PID/stat: "pid (comm) STATE ...", and comm may itself contain spaces or parentheses.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return true; // no /proc (macOS): trust kill(0)
  }
}

/** The command line of a running process, or null when it is gone. */
export function commandLine(pid: number): string | null {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ").trim();
  } catch {
    // No /proc (macOS): ask ps.
    try {
      return execFileSync("ps", ["-o", "command=", "-p", String(pid)], { stdio: ["ignore", "pipe", "ignore"] }).toString().trim() || null;
    } catch {
      return null;
    }
  }
}

/** Running processes whose command line contains `text` (Linux: read from /proc; elsewhere none). */
export function processesWith(text: string): number[] {
  let entries: string[];
  try {
    entries = fs.readdirSync("/proc").filter((e) => /^\d+$/.test(e));
  } catch {
    return [];
  }
  return entries.map(Number).filter((pid) => pid !== process.pid && commandLine(pid)?.includes(text) && isAlive(pid));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Stops a process left behind by an earlier run, identified by a pid file. The pid may since have been reused by
 * something unrelated (after a reboot, say), so it is signalled only when its command line contains `marker`.
 * Sends `signal`, waits up to `graceMs`, then SIGKILL. Returns whether such a process was found and stopped.
 */
export async function stopLeftover(pid: number, marker: string, signal: NodeJS.Signals, graceMs: number): Promise<boolean> {
  if (!pid || !isAlive(pid)) return false;
  if (!commandLine(pid)?.includes(marker)) return false;
  process.kill(pid, signal);
  for (let waited = 0; waited < graceMs && isAlive(pid); waited += 100) await sleep(100);
  if (isAlive(pid)) process.kill(pid, "SIGKILL");
  for (let i = 0; i < 50 && isAlive(pid); i++) await sleep(100);
  return true;
}

/** The parent of `pid`, or null when it cannot be found. */
export function parentOf(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) || null;
  } catch {
    try {
      return Number(execFileSync("ps", ["-o", "ppid=", "-p", String(pid)], { stdio: ["ignore", "pipe", "ignore"] }).toString().trim()) || null;
    } catch {
      return null;
    }
  }
}

/**
 * Calls `onGone` once the process that launched us is gone without passing on a signal (`kill -9` of npm).
 * Under npm that is our grandparent: npm runs a script through `sh -c`, and that shell stays alive.
 */
export function watchLauncher(onGone: () => void): void {
  const watched = [process.ppid];
  const grandparent = process.env.npm_lifecycle_event ? parentOf(process.ppid) : null;
  if (grandparent && grandparent > 1) watched.push(grandparent);
  setInterval(() => {
    if (process.ppid !== watched[0] || watched.some((pid) => !isAlive(pid))) onGone();
  }, 1000).unref();
}
