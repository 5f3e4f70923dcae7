import { describe, expect, it } from "vitest";
import type { MessageView } from "../../protocol/frames.ts";
import { HISTORY_PAGE_MAX } from "../../protocol/limits.ts";
import { LOCAL_SCAN_MESSAGES, searchLocally, type LocalSearchSource } from "./local-search.ts";

/**
 * A conversation of `n` encrypted messages, seq 1..n; message `i` says `texts(i)`, those in `locked` do not open,
 * those in `deleted` were deleted (no envelope any more).
 */
function conversation(n: number, texts: (seq: number) => string, locked = new Set<number>(), deleted = new Set<number>()) {
  const messages = Array.from({ length: n }, (_, i) =>
    deleted.has(i + 1)
      ? ({ id: `m${i + 1}`, seq: i + 1, channelId: "c", authorId: "u", content: null, envelope: null, deletedAt: "2026-01-01T00:00:00.000Z" } as unknown as MessageView)
      : ({ id: `m${i + 1}`, seq: i + 1, channelId: "c", authorId: (i + 1) % 2 ? "odd" : "even", content: null, envelope: { alg: "x" }, deletedAt: null } as unknown as MessageView),
  );
  let pages = 0;
  const source: LocalSearchSource = {
    history: async (_id, before) => {
      pages++;
      const below = messages.filter((m) => before === null || m.seq < before);
      return below.slice(-HISTORY_PAGE_MAX);
    },
    open: async (m) => (locked.has(m.seq) ? { ok: false, reason: "not_for_this_device" } : { ok: true, payload: { content: texts(m.seq) } }),
  };
  return { source, pages: () => pages };
}

describe("searching an encrypted conversation in the browser", () => {
  it("finds the newest matches first, with their decrypted text, and goes on below the last one", async () => {
    const { source } = conversation(250, (seq) => (seq % 10 === 0 ? `deploying build ${seq}` : `chatter ${seq}`));
    const first = await searchLocally(source, "c", "deplo", null, 5);
    expect(first.results.map((m) => [m.seq, m.content])).toEqual([250, 240, 230, 220, 210].map((s) => [s, `deploying build ${s}`]));
    expect(first.nextBeforeSeq).toBe(210);
    const rest = await searchLocally(source, "c", "deplo", first.nextBeforeSeq, 50);
    expect(rest.results.map((m) => m.seq)).toEqual(Array.from({ length: 20 }, (_, i) => 200 - i * 10));
    // The whole history was read: nothing further back.
    expect(rest.nextBeforeSeq).toBeNull();
  });

  it("skips what does not open and what was deleted, and never matches on ciphertext", async () => {
    const { source } = conversation(30, () => "the vault code is 4711", new Set([30, 29]), new Set([28]));
    const page = await searchLocally(source, "c", "4711", null, 25);
    expect(page.results[0].seq).toBe(27);
    expect(page.results.every((m) => m.content === "the vault code is 4711")).toBe(true);
    expect((await searchLocally(source, "c", "alg", null, 25)).results).toEqual([]);
  });

  it("reads at most LOCAL_SCAN_MESSAGES per step in a long history with no match, and says where to go on", async () => {
    const { source, pages } = conversation(LOCAL_SCAN_MESSAGES * 2 + 50, () => "nothing here");
    const page = await searchLocally(source, "c", "deploy", null, 25);
    expect(page.results).toEqual([]);
    expect(pages()).toBe(LOCAL_SCAN_MESSAGES / HISTORY_PAGE_MAX);
    expect(page.nextBeforeSeq).toBe(LOCAL_SCAN_MESSAGES + 51);
    expect(page.searchedFromSeq).toBe(LOCAL_SCAN_MESSAGES + 51);
  });

  it("keeps one person's messages (from:), with or without words, opening nobody else's", async () => {
    const opened: number[] = [];
    const { source } = conversation(20, (seq) => `note ${seq}`);
    const watching: LocalSearchSource = { ...source, open: (m) => (opened.push(m.seq), source.open(m)) };
    const page = await searchLocally(watching, "c", "", null, 25, "even");
    expect(page.results.map((m) => m.seq)).toEqual([20, 18, 16, 14, 12, 10, 8, 6, 4, 2]);
    expect(opened.every((seq) => seq % 2 === 0)).toBe(true);
    expect((await searchLocally(source, "c", "note 1", null, 25, "odd")).results.map((m) => m.seq)).toEqual([19, 17, 15, 13, 11, 1]);
    // No words and no person: nothing.
    expect((await searchLocally(source, "c", "", null, 25)).results).toEqual([]);
  });
});
