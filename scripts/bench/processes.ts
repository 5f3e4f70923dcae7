/**
 * The processes `npm run bench` measures and drives, seen from outside: the load generators (forked, spoken to
 * over IPC) and CPU, memory and descriptors read from /proc for workerd, PostgreSQL and the load generators.
 */
import { fork, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const round1 = (n: number) => Math.round(n * 10) / 10;

/** One load-generator process (scripts/bench/loadgen.ts): `call` sends a command and resolves with its answer. */
export class LoadGen {
  private child: ChildProcess;
  private nextId = 1;
  private waiting = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();

  constructor() {
    this.child = fork(path.join(import.meta.dirname, "loadgen.ts"), [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    this.child.on("message", (m: { id: number; result?: unknown; error?: string }) => {
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (m.error) w?.reject(new Error(m.error));
      else w?.resolve(m.result);
    });
  }

  call<T = any>(msg: Record<string, unknown>): Promise<T> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.child.send({ ...msg, id });
    });
  }

  kill(): void {
    this.child.kill("SIGKILL");
  }
}

/**
 * utime + stime of a process, in microseconds; with `reaped`, plus that of its children that have exited and been
 * waited for (cutime + cstime).
 */
export function cpuMicros(pid: number, reaped = false): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]) + (reaped ? Number(fields[13]) + Number(fields[14]) : 0);
  return (ticks * 1e6) / 100;
}

/**
 * CPU of the PostgreSQL server whose data directory is `dataDir`: the postmaster and all its children, including
 * backends that have ended (a connection per request lives a few milliseconds), which the postmaster has reaped.
 */
export function postgresCpuMicros(dataDir: string): number {
  let postmaster = 0;
  const procs: Array<{ pid: number; ppid: number }> = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1].split(" ");
      procs.push({ pid: Number(entry), ppid: Number(stat[1]) });
      if (!postmaster && fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(dataDir)) postmaster = Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  let total = 0;
  for (const p of procs) {
    if (p.pid !== postmaster && p.ppid !== postmaster) continue;
    try {
      total += cpuMicros(p.pid, p.pid === postmaster);
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/** CPU used so far by each part of the system (µs), to subtract from a later sample. */
export async function cpuSample(workerdPid: number, gens: LoadGen[], pgDir: string) {
  const loadgen = (await Promise.all(gens.map((g) => g.call<number>({ cmd: "cpu" })))).reduce((a, b) => a + b, 0);
  return { workerd: cpuMicros(workerdPid), postgres: postgresCpuMicros(pgDir), loadgen, at: Date.now() };
}

export type CpuSample = Awaited<ReturnType<typeof cpuSample>>;

/** CPU per unit of work (µs), by part of the system, between two samples. */
export function cpuPer(a: CpuSample, b: CpuSample, units: number) {
  const per = (x: number) => round1(x / Math.max(1, units));
  return { workerd: per(b.workerd - a.workerd), postgres: per(b.postgres - a.postgres), loadgen: per(b.loadgen - a.loadgen) };
}

/** Each part's share of one core between two samples, as a line for the log. */
export function cpuShare(a: CpuSample, b: CpuSample): string {
  const wall = (b.at - a.at) * 1000;
  const pct = (x: number) => `${Math.round((x / wall) * 100)}%`;
  return `CPU (of one core): workerd ${pct(b.workerd - a.workerd)}, postgres ${pct(b.postgres - a.postgres)}, load generators ${pct(b.loadgen - a.loadgen)}`;
}

/** Resident memory of a process, MB. */
export function rssMb(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))![1]) / 1024;
}

/** Open file descriptors of a process (sockets included). */
export function fdCount(pid: number): number {
  return fs.readdirSync(`/proc/${pid}/fd`).length;
}
