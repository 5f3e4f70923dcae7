import { describe, expect, it } from "vitest";
import { createRows, joinRows } from "./insert-creates.ts";

const row = (id: string, seq: number, extra: Record<string, unknown> = {}) => ({ id, channelId: "c", seq, authorId: "u", nonce: "n" + seq, content: "hi", mentions: [] as string[], mentionsEveryone: false, ...extra });
const parse = (r: { json: string }) => JSON.parse("[" + r.json + "]");

describe("insert rows", () => {
  it("turns one room's rows into JSON objects, with the channel and time on every row and absent values left out", () => {
    const r = createRows("chan", new Date(1_700_000_000_123), [row("a", 1), row("b", 2, { content: null, envelope: { alg: "x" }, mentions: ["m1", "m2"], replyToId: "r", replyAuthorId: "ra", replyExcerpt: "ex" })]);
    expect(r.count).toBe(2);
    expect(parse(r)).toEqual([
      { c: "chan", t: 1_700_000_000_123, i: "a", s: 1, a: "u", n: "n1", x: "hi", m: [], ev: false },
      { c: "chan", t: 1_700_000_000_123, i: "b", s: 2, a: "u", n: "n2", e: { alg: "x" }, r: "r", ra: "ra", ex: "ex", m: ["m1", "m2"], ev: false },
    ]);
  });

  it("replaces half a surrogate pair (an excerpt cut mid-emoji) so that Postgres accepts the JSON", () => {
    const r = createRows("chan", new Date(1), [row("a", 1, { content: "ok \ud83d", replyExcerpt: "\ude00 x" })]);
    expect(r.json).not.toMatch(/\\ud[89a-f]/i);
    expect(parse(r)[0]).toMatchObject({ x: "ok \ufffd", ex: "\ufffd x" });
  });

  it("joins batches of several rooms in order, keeping each row's own channel", () => {
    const a = createRows("A", new Date(1), [row("a1", 7), row("a2", 8)]);
    const b = createRows("B", new Date(2), [row("b1", 1)]);
    const all = joinRows([a, createRows("C", new Date(3), []), b]);
    expect(all.count).toBe(3);
    expect(parse(all).map((x: { i: string; c: string; s: number; t: number }) => [x.i, x.c, x.s, x.t])).toEqual([
      ["a1", "A", 7, 1],
      ["a2", "A", 8, 1],
      ["b1", "B", 1, 2],
    ]);
  });
});
