import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { commandLine, isAlive, parentOf, stopLeftover } from "./processes.ts";

function sleeper() {
  const child = spawn("sleep", ["30"], { stdio: "ignore" });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return { pid: child.pid!, child, exited };
}

describe("leftover processes from a killed npm start", () => {
  it("stops a leftover whose command line names what the pid file said", async () => {
    const s = sleeper();
    expect(isAlive(s.pid)).toBe(true);
    expect(commandLine(s.pid)).toContain("sleep 30");
    expect(await stopLeftover(s.pid, "sleep", "SIGTERM", 2000)).toBe(true);
    await s.exited;
    expect(isAlive(s.pid)).toBe(false);
  });

  it("leaves alone a process that reused the pid but is something else", async () => {
    const s = sleeper();
    expect(await stopLeftover(s.pid, "workerd", "SIGKILL", 0)).toBe(false);
    expect(isAlive(s.pid)).toBe(true);
    s.child.kill("SIGKILL");
    await s.exited;
  });

  it("treats a pid that no longer exists as gone", async () => {
    const s = sleeper();
    s.child.kill("SIGKILL");
    await s.exited;
    expect(isAlive(s.pid)).toBe(false);
    expect(await stopLeftover(s.pid, "sleep", "SIGKILL", 0)).toBe(false);
  });

  it("finds a process's parent", () => {
    expect(parentOf(process.pid)).toBe(process.ppid);
  });
});
