import { describe, expect, it } from "vitest";
import { ReplayBuffer } from "./replay-buffer.ts";

const ev = (seq: number, messageId: string | null = null) => ({ seq, json: `{"seq":${seq}}`, messageId });

describe("ReplayBuffer", () => {
  it("P8 replays exactly the events after lastSeq, in order", () => {
    const b = new ReplayBuffer(100, 1e6);
    for (let i = 1; i <= 5; i++) b.push(ev(i));
    expect(b.since(2, 5)!.map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(b.since(5, 5)).toEqual([]);
    expect(b.since(0, 5)!.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it("P9 answers null when lastSeq is older than what it holds, or it lags the head", () => {
    const b = new ReplayBuffer(3, 1e6);
    for (let i = 1; i <= 6; i++) b.push(ev(i));
    expect(b.firstSeq).toBe(4);
    expect(b.since(2, 6)).toBeNull();
    expect(b.since(3, 6)!.map((e) => e.seq)).toEqual([4, 5, 6]);
    expect(b.since(3, 7)).toBeNull();
  });

  it("evicts by size as well as by count, keeping at least the newest event", () => {
    const b = new ReplayBuffer(100, 25);
    for (let i = 1; i <= 5; i++) b.push(ev(i));
    expect(b.size).toBe(2);
    expect(b.lastSeq).toBe(5);
  });

  it("starts over rather than hold a gap", () => {
    const b = new ReplayBuffer(100, 1e6);
    b.push(ev(1));
    b.push(ev(3));
    expect(b.firstSeq).toBe(3);
    expect(b.since(1, 3)).toBeNull();
  });

  it("prepends older events read from the log", () => {
    const b = new ReplayBuffer(100, 1e6);
    b.push(ev(4));
    b.prepend([ev(2), ev(3)]);
    expect(b.since(1, 4)!.map((e) => e.seq)).toEqual([2, 3, 4]);
    expect(() => b.prepend([ev(0)])).toThrow();
  });

  it("P22 rewrites the events of a deleted message", () => {
    const b = new ReplayBuffer(100, 1e6);
    b.push(ev(1, "m1"));
    b.push(ev(2, "m2"));
    b.redact("m1", () => "tombstone");
    expect(b.since(0, 2)!.map((e) => e.json)).toEqual(["tombstone", '{"seq":2}']);
  });

  it("compacts its storage while keeping every seq reachable", () => {
    const b = new ReplayBuffer(10, 1e9);
    for (let i = 1; i <= 5000; i++) b.push(ev(i));
    expect(b.size).toBe(10);
    expect(b.since(4990, 5000)!.map((e) => e.seq)).toEqual([4991, 4992, 4993, 4994, 4995, 4996, 4997, 4998, 4999, 5000]);
  });
});
