/**
 * Searching a channel's messages (docs/api/messages.md):
 *   GET /api/v1/channels/:id/search?q=words&authorId=&beforeSeq=N&limit=N → SearchPage (newest first)
 * Every word must appear in the message, as a word or the start of one ("deplo" finds "deploying"), in any case.
 * With `authorId`, only that person's messages; `q` may then be left out to list them all.
 * Plain text only: the server cannot read an encrypted conversation, so searching one is refused rather than
 * answered with nothing (the browser searches those itself: web/state/local-search.ts). Needs READ_HISTORY, like history; a channel the caller cannot see is a 404.
 *
 * No search index: one cost the send path ~14-23 µs of Postgres per message, and its pending-list merges put
 * stalls of hundreds of ms into the acks of busy channels (measured with the bench's durable phase). A search
 * instead reads the channel backwards along (channel, seq) and matches each message's words as it goes, at most
 * SEARCH_SCAN_MESSAGES per request; `nextBeforeSeq` says where to go on, so a long history is searched in steps.
 */
import { and, desc, eq, gte, ilike, isNotNull, isNull, lt, max, sql, type SQL } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { SEARCH_QUERY_MAX } from "../../protocol/limits.ts";
import { searchWords } from "../../protocol/search-words.ts";
import type { SearchPage } from "../../protocol/message-lists.ts";
import { messages, messageView } from "../../schema/messages.ts";
import { requirePermission } from "../communities/guard.ts";
import type { AppEnv } from "../env.ts";
import { AppError } from "../errors.ts";
import { authOf, requireAuth } from "../http/auth-middleware.ts";
import { params, query, uuidSchema } from "../http/validate.ts";
import { authorViews } from "./history.ts";
import { requireRoomChannel } from "./messages.ts";

export const SEARCH_PAGE_DEFAULT = 25;
export const SEARCH_PAGE_MAX = 50;

/**
 * The words as a Postgres tsquery of prefixes ("deploy fail" → "deploy:* & fail:*"), or null when there is none.
 * Letters and digits only, so nothing in the text can be tsquery (or LIKE) syntax.
 */
export function searchTerms(q: string): string | null {
  return prefixQuery(searchWords(q));
}

function prefixQuery(words: string[]): string | null {
  return words.length ? words.map((w) => `${w}:*`).join(" & ") : null;
}

/** Messages one request reads at most (a few hundred ms of Postgres at worst). */
export const SEARCH_SCAN_MESSAGES = 20_000;

const searchQuery = z
  .object({
    q: z.string().trim().max(SEARCH_QUERY_MAX).default(""),
    authorId: uuidSchema.optional(),
    beforeSeq: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
    limit: z.coerce.number().int().min(1).max(SEARCH_PAGE_MAX).default(SEARCH_PAGE_DEFAULT),
  })
  .strict();

export const searchRoutes = new Hono<AppEnv>();
searchRoutes.use("/:id/search", requireAuth);

searchRoutes.get("/:id/search", async (c) => {
  const { id } = params(c, z.object({ id: uuidSchema }));
  const q = query(c, searchQuery);
  const words = searchWords(q.q);
  const terms = prefixQuery(words);
  // Words, or a person (all their messages), or both.
  if (!terms && !q.authorId) throw new AppError(400, "invalid_query", "Search for at least one word (letters or digits), or give authorId.", { fields: { q: "no word to search for" } });
  const auth = authOf(c);
  const db = await c.var.db.get();
  const access = await requireRoomChannel(db, auth.userId, id);
  requirePermission(access.permissions, "READ_HISTORY");
  if (access.channel.encrypted) throw new AppError(400, "search_not_available", "This conversation is end-to-end encrypted: the server cannot read it, so it cannot search it.");
  // The messages this request reads: the SEARCH_SCAN_MESSAGES seqs below `beforeSeq` (the head when absent).
  const top = q.beforeSeq ?? Number((await db.select({ head: max(messages.seq) }).from(messages).where(eq(messages.channelId, id)))[0]?.head ?? 0) + 1;
  const floor = Math.max(1, top - SEARCH_SCAN_MESSAGES);
  const conditions: (SQL | undefined)[] = [
    eq(messages.channelId, id),
    lt(messages.seq, top),
    gte(messages.seq, floor),
    isNotNull(messages.content),
    isNull(messages.deletedAt),
    q.authorId ? eq(messages.authorId, q.authorId) : undefined,
    // Each word somewhere in the text (cheap, ~3 µs a message) before the word-start match (~18 µs): a search
    // through 20,000 messages that match nothing took 63 ms instead of 369 ms.
    ...words.map((w) => ilike(messages.content, `%${w}%`)),
    terms ? sql`to_tsvector('simple', ${messages.content}) @@ to_tsquery('simple', ${terms})` : undefined,
  ];
  const rows = await db
    .select()
    .from(messages)
    .where(and(...conditions))
    .orderBy(desc(messages.seq))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  // A full page goes on below its last result; otherwise below what was read, unless that reached the start.
  const searchedFromSeq = rows.length > q.limit ? page[page.length - 1].seq : floor;
  const nextBeforeSeq = searchedFromSeq > 1 ? searchedFromSeq : null;
  const authors = await authorViews(db, page.map((r) => r.authorId));
  return c.json({ results: page.map((r) => ({ ...messageView(r), author: authors.get(r.authorId) })), nextBeforeSeq, searchedFromSeq } satisfies SearchPage);
});
