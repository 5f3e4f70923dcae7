import { describe, expect, it } from "vitest";
import { columnRows, concatColumns, createColumns } from "./insert-creates.ts";

const row = (id: string, seq: number, extra: Record<string, unknown> = {}) => ({ id, channelId: "c", seq, authorId: "u", nonce: "n" + seq, content: "hi", mentions: [] as string[], mentionsEveryone: false, ...extra });

describe("insert columns", () => {
  it("turns one room's rows into one entry per column, with the channel and time on every row", () => {
    const c = createColumns("chan", new Date(1_700_000_000_123), [row("a", 1), row("b", 2, { content: null, envelope: { alg: "x" }, mentions: ["m1", "m2"], replyToId: "r", replyAuthorId: "ra", replyExcerpt: "ex" })]);
    expect(c.channelIds).toEqual(["chan", "chan"]);
    expect(c.createdAt).toEqual([1_700_000_000_123, 1_700_000_000_123]);
    expect(c.contents).toEqual(["hi", null]);
    expect(c.envelopes).toEqual([null, '{"alg":"x"}']);
    expect(c.mentions).toEqual(["{}", "{m1,m2}"]);
    expect([c.replyIds, c.replyAuthors, c.excerpts]).toEqual([[null, "r"], [null, "ra"], [null, "ex"]]);
    expect(columnRows(c)).toBe(2);
  });

  it("joins batches of several rooms in order, keeping each row's own channel", () => {
    const a = createColumns("A", new Date(1), [row("a1", 7), row("a2", 8)]);
    const b = createColumns("B", new Date(2), [row("b1", 1)]);
    const all = concatColumns([a, b]);
    expect(all.ids).toEqual(["a1", "a2", "b1"]);
    expect(all.channelIds).toEqual(["A", "A", "B"]);
    expect(all.seqs).toEqual([7, 8, 1]);
    expect(all.createdAt).toEqual([1, 1, 2]);
    expect(Object.values(all).every((col) => col.length === 3)).toBe(true);
  });
});
