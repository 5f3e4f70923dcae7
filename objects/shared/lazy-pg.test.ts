import { describe, expect, it, vi } from "vitest";
import { IDLE_CLOSE_JITTER_MS, IDLE_CLOSE_MS, LazyPg, type ObjectDb } from "./lazy-pg.ts";

/** A LazyPg whose connection is replaced by `attempts`, one per use, recording resets. */
function fakePg(attempts: Array<"fail" | "ok">) {
  const pg = new LazyPg("postgres://unused");
  const log: string[] = [];
  pg.use = async <T>(fn: (db: ObjectDb) => Promise<T>) => {
    const next = attempts.shift();
    log.push(`use:${next}`);
    if (next === "fail") throw new Error("Connection terminated unexpectedly");
    return fn({} as ObjectDb);
  };
  pg.reset = () => void log.push("reset");
  return { pg, log };
}

describe("LazyPg.read", () => {
  it("tries a failed read once more on a new connection", async () => {
    const { pg, log } = fakePg(["fail", "ok"]);
    await expect(pg.read(async () => 42)).resolves.toBe(42);
    expect(log).toEqual(["use:fail", "reset", "use:ok"]);
  });

  it("gives up after the second failure, with its error", async () => {
    const { pg, log } = fakePg(["fail", "fail", "ok"]);
    await expect(pg.read(async () => 42)).rejects.toThrow(/terminated/);
    expect(log).toEqual(["use:fail", "reset", "use:fail"]);
  });
});

describe("LazyPg idle close", () => {
  /** A stand-in for pg.Client that records what LazyPg does with it. */
  function fakeClient(log: string[]) {
    return () =>
      ({
        on: () => {},
        connect: async () => void log.push("connect"),
        end: async () => void log.push("end"),
      }) as never;
  }

  it("ends the connection itself once idle for IDLE_CLOSE_MS plus its jitter, before the runtime evicts the object", async () => {
    vi.useFakeTimers();
    try {
      const log: string[] = [];
      const pg = new LazyPg("postgres://unused", fakeClient(log));
      await pg.use(async () => {});
      await vi.advanceTimersByTimeAsync(IDLE_CLOSE_MS / 2);
      await pg.use(async () => {});
      // Idle for just under the least idle time since the last use: still open.
      await vi.advanceTimersByTimeAsync(IDLE_CLOSE_MS - 10);
      expect(log).toEqual(["connect"]);
      // Closed by the longest idle time since the last use...
      await vi.advanceTimersByTimeAsync(IDLE_CLOSE_JITTER_MS + 20);
      expect(log).toEqual(["connect", "end"]);
      // ...which is under the 10 s after which workerd evicts an object without events.
      expect(IDLE_CLOSE_MS + IDLE_CLOSE_JITTER_MS).toBeLessThan(10_000);
      // The next use opens a new connection.
      await pg.use(async () => {});
      expect(log).toEqual(["connect", "end", "connect"]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("spreads the idle closes of connections opened together", () => {
    const idle = Array.from({ length: 50 }, () => (new LazyPg("postgres://unused") as unknown as { idleMs: number }).idleMs);
    expect(Math.min(...idle)).toBeGreaterThanOrEqual(IDLE_CLOSE_MS);
    expect(Math.max(...idle)).toBeLessThan(IDLE_CLOSE_MS + IDLE_CLOSE_JITTER_MS);
    expect(new Set(idle).size).toBeGreaterThan(40);
  });
});
