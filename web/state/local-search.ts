/**
 * Searching an end-to-end encrypted conversation, in the browser (docs/encryption.md "Search"): the server cannot
 * read it, so the client walks the history backwards a page at a time, opens each envelope as it would to show it
 * (E2eeStore keeps what it opened for the session), and matches the words as the server does for plain channels
 * (protocol/search-words.ts). Nothing is sent anywhere or written to disk. One step reads at most
 * LOCAL_SCAN_MESSAGES messages and answers in the server's SearchPage shape, so the panel and "Search older
 * messages" work the same.
 */
import type { OpenResult } from "../../protocol/e2ee.ts";
import type { MessageView } from "../../protocol/frames.ts";
import { HISTORY_PAGE_MAX } from "../../protocol/limits.ts";
import type { SearchPage } from "../../protocol/message-lists.ts";
import { matchesWords, searchWords } from "../../protocol/search-words.ts";

/** Messages one step opens at most: opening verifies a signature and agrees a key, ~1-3 ms each on a laptop. */
export const LOCAL_SCAN_MESSAGES = 1000;

type Message = SearchPage["results"][number];

export interface LocalSearchSource {
  /** Up to HISTORY_PAGE_MAX messages below `beforeSeq` (the newest when null), oldest first. */
  history(channelId: string, beforeSeq: number | null): Promise<Message[]>;
  open(m: MessageView): Promise<OpenResult | { ok: false; reason: "offline" }>;
}

/** The newest `limit` messages below `beforeSeq` whose text has every word of `q`, newest first. */
export async function searchLocally(source: LocalSearchSource, channelId: string, q: string, beforeSeq: number | null, limit: number, authorId: string | null = null): Promise<SearchPage> {
  const words = searchWords(q);
  const found: Message[] = [];
  let cursor = beforeSeq;
  let scanned = 0;
  let atStart = false;
  while (found.length <= limit && scanned < LOCAL_SCAN_MESSAGES && !atStart) {
    const page = await source.history(channelId, cursor);
    atStart = page.length < HISTORY_PAGE_MAX;
    if (page.length === 0) break;
    // Someone else's messages are not opened when only one person's are wanted (from:).
    const newestFirst = [...page].reverse().filter((m) => authorId === null || m.authorId === authorId);
    const opened = await Promise.all(newestFirst.map((m) => (m.envelope && !m.deletedAt ? source.open(m) : null)));
    newestFirst.forEach((m, i) => {
      const r = opened[i];
      if (r?.ok && (words.length === 0 ? authorId !== null : matchesWords(r.payload.content, words))) found.push({ ...m, content: r.payload.content });
    });
    scanned += page.length;
    cursor = page[0].seq;
  }
  const results = found.slice(0, limit);
  // As the server answers: a full page goes on below its last result, otherwise below what was read.
  const searchedFromSeq = found.length > limit ? results[results.length - 1].seq : (cursor ?? 1);
  const nextBeforeSeq = found.length > limit || (!atStart && searchedFromSeq > 1) ? searchedFromSeq : null;
  return { results, nextBeforeSeq, searchedFromSeq };
}
