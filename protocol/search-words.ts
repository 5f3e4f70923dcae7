/**
 * What a search query means, for the server (plain channels, workers/realtime/search.ts) and for the browser
 * (encrypted conversations, web/state/local-search.ts) alike: its words, lower case, letters and digits only, each
 * once; a message matches when every word is a word of it or the start of one ("deplo" finds "deploying").
 */
import { SEARCH_WORDS_MAX } from "./limits.ts";

const WORD = /[\p{L}\p{N}]+/gu;

/** The words of a query (at most SEARCH_WORDS_MAX). */
export function searchWords(q: string): string[] {
  return [...new Set(q.toLowerCase().match(WORD) ?? [])].slice(0, SEARCH_WORDS_MAX);
}

/** Whether every one of `words` starts a word of `text`. */
export function matchesWords(text: string, words: readonly string[]): boolean {
  if (words.length === 0) return false;
  const own = text.toLowerCase().match(WORD) ?? [];
  return words.every((w) => own.some((o) => o.startsWith(w)));
}
