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

describe("ReplayBuffer dedupe keys", () => {
  const keyed = (seq: number, dedupe: number) => ({ seq, json: `{"seq":${seq}}`, messageId: null, dedupe });

  it("P14 finds held events by key, newest first, through growth, eviction and clearing", () => {
    const b = new ReplayBuffer(300, 1e6);
    // Keys 1,024 apart share a filter bucket at every size the ring grows through.
    for (let i = 1; i <= 1000; i++) b.push(keyed(i, (i % 7) * 1024 + 1));
    expect([...b.withKey(1)].map((e) => e.seq)).toEqual(Array.from({ length: 300 }, (_, k) => 1000 - k).filter((s) => s % 7 === 0));
    expect([...b.withKey(3 * 1024 + 1)].map((e) => e.seq).slice(0, 3)).toEqual([997, 990, 983]);
    expect([...b.withKey(7 * 1024 + 1)]).toEqual([]);
    expect([...b.withKey(2)]).toEqual([]);
    b.clear();
    expect([...b.withKey(1)]).toEqual([]);
    b.push(keyed(5, 1));
    expect([...b.withKey(1)].map((e) => e.seq)).toEqual([5]);
  });

  it("forgets an evicted event's key", () => {
    const b = new ReplayBuffer(3, 1e6);
    for (let i = 1; i <= 6; i++) b.push(keyed(i, 100 + i));
    expect([...b.withKey(103)]).toEqual([]);
    expect([...b.withKey(104)].map((e) => e.seq)).toEqual([4]);
  });
});

describe("ReplayBuffer storage", () => {
  const id = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
  const chunks = (b: ReplayBuffer) => (b as unknown as { chunks: Map<number, unknown> }).chunks.size;

  it("returns text exactly as pushed, whatever its characters", () => {
    const b = new ReplayBuffer(100, 1e6);
    const texts = ['{"t":"héllo 😀 ✓"}', '{"t":"日本語"}', '{"t":"a\\"b\\\\c"}'];
    texts.forEach((json, i) => b.push({ seq: i + 1, json, messageId: id(i) }));
    expect(b.since(0, 3)!.map((e) => e.json)).toEqual(texts);
  });

  it("counts its bound in UTF-8 bytes", () => {
    const b = new ReplayBuffer(100, 12);
    b.push({ seq: 1, json: "😀😀", messageId: null }); // 8 bytes
    b.push({ seq: 2, json: "😀", messageId: null }); // 4 bytes: 12 in all, still within
    expect(b.size).toBe(2);
    b.push({ seq: 3, json: "x", messageId: null });
    expect(b.firstSeq).toBe(2);
  });

  it("P22 finds a message by its UUID among many, and keeps ids through a prepend", () => {
    const b = new ReplayBuffer(1000, 1e9);
    for (let i = 1; i <= 300; i++) b.push({ seq: i, json: `{"seq":${i}}`, messageId: i % 2 ? id(i) : null });
    b.redact(id(151).toUpperCase(), (json) => json.replace("seq", "gone"));
    const after = b.since(0, 300)!;
    expect(after.filter((e) => e.json.includes("gone")).map((e) => e.seq)).toEqual([151]);
    expect(after[150]).toEqual({ seq: 151, json: '{"gone":151}', messageId: id(151) });
    expect(after[149].messageId).toBeNull();
  });

  it("keeps events larger than a chunk, and drops chunks nothing points into", () => {
    const b = new ReplayBuffer(3, 1e9);
    const big = "x".repeat(300_000);
    for (let i = 1; i <= 50; i++) b.push({ seq: i, json: i % 10 === 0 ? big : `{"seq":${i}}`, messageId: id(i) });
    expect(b.since(47, 50)!.map((e) => e.json.length)).toEqual([10, 10, 300_000]);
    expect(chunks(b)).toBeLessThanOrEqual(3);
    for (let i = 51; i <= 5000; i++) b.push({ seq: i, json: `{"seq":${i}}`, messageId: id(i) });
    expect(chunks(b)).toBeLessThanOrEqual(2);
  });

  it("holds nothing once cleared, and starts again from any seq", () => {
    const b = new ReplayBuffer(10, 1e9);
    b.push({ seq: 7, json: "{}", messageId: id(7) });
    b.clear();
    expect([b.size, b.firstSeq, chunks(b)]).toEqual([0, null, 0]);
    b.push({ seq: 100, json: '{"a":1}', messageId: null });
    expect(b.since(99, 100)!.map((e) => e.json)).toEqual(['{"a":1}']);
  });
});
