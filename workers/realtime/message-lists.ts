/**
 * Read-only lists about a channel's messages that history pages do not carry (docs/api/messages.md):
 *   GET /api/v1/channels/:id/pins?before=MESSAGE_ID&limit=N → { pins, hasMore } (most recently pinned first)
 *   GET /api/v1/channels/:id/messages/:messageId → { message } (to reach a reply's original by id)
 *   GET /api/v1/channels/:id/messages/:messageId/reactions/:emoji → { emoji, count, users, hasMore }
 * Both need READ_HISTORY in the channel, like history itself; a channel the caller cannot see is a 404.
 */
import { and, asc, count, desc, eq, isNotNull, isNull, or, lt, type SQL } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import type { AuthorView } from "../../protocol/frames.ts";
import { MAX_EMOJI_CHARS } from "../../protocol/limits.ts";
import type { PinsPage, PinView, ReactorsList, SingleMessage } from "../../protocol/message-lists.ts";
import { users } from "../../schema/accounts.ts";
import { messages, messageView, reactions } from "../../schema/messages.ts";
import { requirePermission } from "../communities/guard.ts";
import type { AppEnv } from "../env.ts";
import { AppError } from "../errors.ts";
import { authOf, requireAuth } from "../http/auth-middleware.ts";
import { params, query, uuidSchema } from "../http/validate.ts";
import { authorColumns, authorView, authorViews } from "./history.ts";
import { requireRoomChannel } from "./messages.ts";

/** A page of pins: Discord keeps 50 per channel, so the default page usually is the whole list. */
export const PINS_PAGE_DEFAULT = 50;
export const PINS_PAGE_MAX = 100;
/** Who reacted: enough names for any tooltip; the count says how many more there are. */
export const REACTORS_MAX = 100;

const idParam = z.object({ id: uuidSchema });
const messageParams = z.object({ id: uuidSchema, messageId: uuidSchema });
const pinsQuery = z.object({ before: uuidSchema.optional(), limit: z.coerce.number().int().min(1).max(PINS_PAGE_MAX).default(PINS_PAGE_DEFAULT) });
const reactionParams = z.object({
  id: uuidSchema,
  messageId: uuidSchema,
  // The same rule the socket applies to emoji (P23): visible characters, at most MAX_EMOJI_CHARS.
  emoji: z
    .string()
    .min(1)
    .max(MAX_EMOJI_CHARS)
    .regex(/^[^\s\p{Cc}]+$/u),
});

export const messageListRoutes = new Hono<AppEnv>();
messageListRoutes.use("/:id/pins", requireAuth);
messageListRoutes.use("/:id/messages/:messageId/reactions/*", requireAuth);
messageListRoutes.use("/:id/messages/:messageId", requireAuth);

messageListRoutes.get("/:id/messages/:messageId", async (c) => {
  const { id, messageId } = params(c, messageParams);
  const auth = authOf(c);
  const db = await c.var.db.get();
  const access = await requireRoomChannel(db, auth.userId, id);
  requirePermission(access.permissions, "READ_HISTORY");
  const [row] = await db.select().from(messages).where(and(eq(messages.id, messageId), eq(messages.channelId, id)));
  if (!row) throw new AppError(404, "message_not_found", "No such message in this channel.");
  const authors = await authorViews(db, [row.authorId]);
  return c.json({ message: { ...messageView(row), author: authors.get(row.authorId) } } satisfies SingleMessage);
});

messageListRoutes.get("/:id/pins", async (c) => {
  const { id } = params(c, idParam);
  const q = query(c, pinsQuery);
  const auth = authOf(c);
  const db = await c.var.db.get();
  const access = await requireRoomChannel(db, auth.userId, id);
  requirePermission(access.permissions, "READ_HISTORY");
  const conditions: (SQL | undefined)[] = [eq(messages.channelId, id), isNotNull(messages.pinnedAt), isNull(messages.deletedAt)];
  if (q.before) {
    // Keyset on (pinnedAt, id): two pins made in the same millisecond still page without gaps or repeats.
    const [cursor] = await db
      .select({ pinnedAt: messages.pinnedAt })
      .from(messages)
      .where(and(eq(messages.id, q.before), eq(messages.channelId, id), isNotNull(messages.pinnedAt)));
    if (!cursor?.pinnedAt) throw new AppError(400, "invalid_query", "`before` must name a pinned message of this channel (the last one of the previous page).", { fields: { before: "not a pinned message here" } });
    conditions.push(or(lt(messages.pinnedAt, cursor.pinnedAt), and(eq(messages.pinnedAt, cursor.pinnedAt), lt(messages.id, q.before))));
  }
  const rows = await db
    .select()
    .from(messages)
    .where(and(...conditions))
    .orderBy(desc(messages.pinnedAt), desc(messages.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const authors = await authorViews(db, page.map((r) => r.authorId));
  const pins: PinView[] = page.map((r) => ({ ...messageView(r), author: authors.get(r.authorId), pinnedBy: r.pinnedBy }));
  return c.json({ pins, hasMore: rows.length > q.limit } satisfies PinsPage);
});

messageListRoutes.get("/:id/messages/:messageId/reactions/:emoji", async (c) => {
  const { id, messageId, emoji } = params(c, reactionParams);
  const auth = authOf(c);
  const db = await c.var.db.get();
  const access = await requireRoomChannel(db, auth.userId, id);
  requirePermission(access.permissions, "READ_HISTORY");
  const [message] = await db
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.id, messageId), eq(messages.channelId, id), isNull(messages.deletedAt)));
  if (!message) throw new AppError(404, "message_not_found", "No such message in this channel.");
  const which = and(eq(reactions.messageId, messageId), eq(reactions.emoji, emoji));
  const [{ total }] = await db.select({ total: count() }).from(reactions).where(which);
  // First to react first, as the chip's tooltip reads ("Alice, Bob and 3 others").
  const rows = await db
    .select(authorColumns)
    .from(reactions)
    .innerJoin(users, eq(users.id, reactions.userId))
    .where(which)
    .orderBy(asc(reactions.createdAt), asc(reactions.userId))
    .limit(REACTORS_MAX);
  const list: AuthorView[] = rows.map(authorView);
  return c.json({ emoji, count: total, users: list, hasMore: total > list.length } satisfies ReactorsList);
});
