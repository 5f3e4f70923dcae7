import { describe, expect, it } from "vitest";
import { GroupCommit } from "./group-commit.ts";

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe("GroupCommit", () => {
  it("P11 writes a lone item at once, then everything that arrived meanwhile as one batch", async () => {
    const batches: number[][] = [];
    const gates: Array<ReturnType<typeof deferred>> = [];
    const gc = new GroupCommit<number>(async (batch) => {
      batches.push(batch);
      const gate = deferred();
      gates.push(gate);
      await gate.promise;
    });
    gc.push(1);
    expect(batches).toEqual([[1]]);
    gc.push(2);
    gc.push(3);
    gc.push(4);
    expect(gc.waiting).toBe(3);
    gates[0].resolve();
    await Promise.resolve();
    await Promise.resolve();
    expect(batches).toEqual([[1], [2, 3, 4]]);
    gates[1].resolve();
    await new Promise((r) => setTimeout(r, 0));
    expect(gc.isIdle).toBe(true);
  });

  it("splits a backlog larger than the batch limit, keeping order", async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const first = new Promise<void>((r) => (release = r));
    const gc = new GroupCommit<number>(async (batch) => {
      batches.push(batch);
      if (batches.length === 1) await first;
    }, 3);
    for (let i = 0; i < 8; i++) gc.push(i);
    release();
    await new Promise((r) => setTimeout(r, 0));
    expect(batches).toEqual([[0], [1, 2, 3], [4, 5, 6], [7]]);
  });

  it("keeps going after a flush throws", async () => {
    const seen: number[][] = [];
    const gc = new GroupCommit<number>(async (batch) => {
      seen.push(batch);
      if (batch[0] === 1) throw new Error("boom");
    });
    const quiet = console.error;
    console.error = () => {};
    gc.push(1);
    gc.push(2);
    await new Promise((r) => setTimeout(r, 0));
    console.error = quiet;
    expect(seen).toEqual([[1], [2]]);
  });
});
