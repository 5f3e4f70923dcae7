/**
 * Searching a channel's messages (docs/api/messages.md):
 *   GET /api/v1/channels/:id/search?q=words&authorId=&before=MESSAGE_ID&limit=N → SearchPage (newest first)
 * Every word must appear in the message, as a word or the start of one ("deplo" finds "deploying"), in any case.
 * Plain text only: the server cannot read an encrypted conversation, so searching one is refused rather than
 * answered with nothing. Needs READ_HISTORY, like history; a channel the caller cannot see is a 404.
 */
import { and, desc, eq, isNotNull, isNull, lt, sql, type SQL } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { SEARCH_QUERY_MAX, SEARCH_WORDS_MAX } from "../../protocol/limits.ts";
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
 * The words of a query as a Postgres tsquery of prefixes ("deploy fail" → "deploy:* & fail:*"), or null when it
 * holds no word. Only letters and digits survive, so nothing in the text can be tsquery syntax.
 */
export function searchTerms(q: string): string | null {
  const words = [...new Set(q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])].slice(0, SEARCH_WORDS_MAX);
  return words.length ? words.map((w) => `${w}:*`).join(" & ") : null;
}

const searchQuery = z
  .object({
    q: z.string().trim().min(1).max(SEARCH_QUERY_MAX),
    authorId: uuidSchema.optional(),
    before: uuidSchema.optional(),
    limit: z.coerce.number().int().min(1).max(SEARCH_PAGE_MAX).default(SEARCH_PAGE_DEFAULT),
  })
  .strict();

export const searchRoutes = new Hono<AppEnv>();
searchRoutes.use("/:id/search", requireAuth);

searchRoutes.get("/:id/search", async (c) => {
  const { id } = params(c, z.object({ id: uuidSchema }));
  const q = query(c, searchQuery);
  const terms = searchTerms(q.q);
  if (!terms) throw new AppError(400, "invalid_query", "Search for at least one word (letters or digits).", { fields: { q: "no word to search for" } });
  const auth = authOf(c);
  const db = await c.var.db.get();
  const access = await requireRoomChannel(db, auth.userId, id);
  requirePermission(access.permissions, "READ_HISTORY");
  if (access.channel.encrypted) throw new AppError(400, "search_not_available", "This conversation is end-to-end encrypted: the server cannot read it, so it cannot search it.");
  // Message ids are UUIDv7, so id order is time order: newest first, and `before` pages on from the last result.
  const conditions: (SQL | undefined)[] = [
    eq(messages.channelId, id),
    isNotNull(messages.content),
    isNull(messages.deletedAt),
    sql`to_tsvector('simple', ${messages.content}) @@ to_tsquery('simple', ${terms})`,
    q.authorId ? eq(messages.authorId, q.authorId) : undefined,
    q.before ? lt(messages.id, q.before) : undefined,
  ];
  const rows = await db
    .select()
    .from(messages)
    .where(and(...conditions))
    .orderBy(desc(messages.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const authors = await authorViews(db, page.map((r) => r.authorId));
  return c.json({ results: page.map((r) => ({ ...messageView(r), author: authors.get(r.authorId) })), hasMore: rows.length > q.limit } satisfies SearchPage);
});
