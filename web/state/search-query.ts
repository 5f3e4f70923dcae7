/**
 * What a search box holds, Discord-style: words, and optionally `from:name` (a username, with or without @, or a
 * display name without spaces) to keep one person's messages. The name is matched against the people of the
 * conversation, case-insensitively; a name that matches no one is said rather than silently searched without.
 */
import type { UserRef } from "./members.ts";

export interface ParsedSearch {
  /** The words to find (may be empty when `from:` is given). */
  text: string;
  /** The author to keep, when `from:` named someone here. */
  authorId: string | null;
  /** Why the query cannot run, in words for the panel, or null. */
  problem: string | null;
}

const FROM = /(?:^|\s)from:@?(\S+)/i;

export function parseSearch(q: string, people: readonly Pick<UserRef, "id" | "username" | "displayName">[]): ParsedSearch {
  const m = FROM.exec(q);
  if (!m) return { text: q.trim(), authorId: null, problem: null };
  const name = m[1].toLowerCase();
  const text = (q.slice(0, m.index) + " " + q.slice(m.index + m[0].length)).replace(/\s+/g, " ").trim();
  const who = people.find((p) => p.username.toLowerCase() === name) ?? people.find((p) => p.displayName.toLowerCase() === name);
  if (!who) return { text, authorId: null, problem: `No one here is called “${m[1]}”.` };
  return { text, authorId: who.id, problem: null };
}
