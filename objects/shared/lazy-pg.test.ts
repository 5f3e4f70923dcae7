import { describe, expect, it } from "vitest";
import { LazyPg, type ObjectDb } from "./lazy-pg.ts";

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
