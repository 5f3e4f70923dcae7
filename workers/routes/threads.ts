/**
 * Threads (docs/api/threads.md, protocol/threads.ts):
 *   POST   /api/v1/channels/:id/threads  { name?, messageId? }  → 201 { thread }
 *   GET    /api/v1/channels/:id/threads                         → { threads }
 *   GET    /api/v1/threads/:id                                  → { thread, parent, rootMessage }
 *   PATCH  /api/v1/threads/:id           { name?, archived? }   → { thread }
 *   DELETE /api/v1/threads/:id                                  → 204
 * A thread is a channel (kind "thread") under a community text channel, with its own room: its messages, socket
 * and history go through the channel routes with its id. What may be done in it is decided from the parent by
 * threadPermissions. The parent's room tells its viewers of every change here (ThreadUpdated/Deleted frames).
 */
import { and, asc, desc, eq, isNull, ne, sql } from "drizzle-orm";
import { Hono } from "hono";
import { uuidv7 } from "uuidv7";
import { z } from "zod";
import { hasPermission } from "../../protocol/permissions.ts";
import { MAX_THREAD_NAME_CHARS, threadNameFrom, type ThreadFrame, type ThreadView } from "../../protocol/threads.ts";
import { channels, messages, messageView, type Channel } from "../../schema/index.ts";
import { audit } from "../audit.ts";
import { channelAccess, type ChannelAccess } from "../communities/access.ts";
import { requirePermission } from "../communities/guard.ts";
import { notifyPermissionsChanged, notifyStructureChanged } from "../communities/realtime-hooks.ts";
import type { Db } from "../db.ts";
import type { AppEnv, Env } from "../env.ts";
import { AppError } from "../errors.ts";
import { authOf, requireAuth } from "../http/auth-middleware.ts";
import { jsonBody, params, uuidSchema } from "../http/validate.ts";
import { channelRoom } from "../realtime/sockets.ts";

const idParam = z.object({ id: uuidSchema });
const nameSchema = z.string().trim().min(1, "Give the thread a name.").max(MAX_THREAD_NAME_CHARS);
const createBody = z.object({ name: nameSchema.optional(), messageId: uuidSchema.optional() }).strict();
const patchBody = z
  .object({ name: nameSchema.optional(), archived: z.boolean().optional() })
  .strict()
  .refine((b) => b.name !== undefined || b.archived !== undefined, "Change the name or archived.");

/** How many threads a channel's list shows at most. */
const LIST_LIMIT = 200;

// Qualified by hand: drizzle leaves columns unqualified in a one-table select, and an unqualified "id" inside these
// subqueries would be the message's.
const threadId = sql.raw(`"channels"."id"`);
const messageCount = sql<number>`(select count(*)::int from ${messages} where ${messages.channelId} = ${threadId} and ${messages.deletedAt} is null)`;
const lastMessageAt = sql<string | null>`(select max(${messages.createdAt}) from ${messages} where ${messages.channelId} = ${threadId})`;

function threadView(row: Channel, counts: { messageCount: number; lastMessageAt: string | Date | null }): ThreadView {
  return {
    id: row.id,
    parentId: row.parentId!,
    communityId: row.communityId!,
    rootMessageId: row.rootMessageId,
    name: row.name,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    archived: row.archived,
    messageCount: counts.messageCount,
    lastMessageAt: counts.lastMessageAt === null ? null : new Date(counts.lastMessageAt).toISOString(),
  };
}

async function loadThread(db: Db, id: string): Promise<ThreadView | null> {
  const [row] = await db.select({ channel: channels, messageCount, lastMessageAt }).from(channels).where(and(eq(channels.id, id), eq(channels.kind, "thread")));
  return row ? threadView(row.channel, row) : null;
}

/** A text channel of a community, seen by the caller, in which threads can be started or listed. */
async function requireParent(db: Db, userId: string, channelId: string): Promise<ChannelAccess & { communityId: string }> {
  const access = await channelAccess(db, userId, channelId);
  if (!access) throw new AppError(404, "channel_not_found", "No such channel, or you cannot see it.");
  if (access.channel.kind !== "text" || access.communityId === null) {
    throw new AppError(400, "threads_unavailable", "Threads can be started in a community's text channels only (not in DMs, voice channels or other threads).");
  }
  return access as ChannelAccess & { communityId: string };
}

/** A thread the caller can see, with their bits in its parent (who may manage it is decided there). */
async function requireThread(db: Db, userId: string, id: string): Promise<{ thread: ThreadView; parent: ChannelAccess }> {
  const access = await channelAccess(db, userId, id);
  if (!access || access.channel.kind !== "thread") throw new AppError(404, "thread_not_found", "No such thread, or you cannot see it.");
  const parent = await channelAccess(db, userId, access.channel.parentId!);
  const thread = await loadThread(db, id);
  if (!parent || !thread) throw new AppError(404, "thread_not_found", "No such thread, or you cannot see it.");
  return { thread, parent };
}

/** The creator manages their thread; MANAGE_MESSAGES in the parent manages every thread. */
function requireManager(thread: ThreadView, parentBits: bigint, userId: string): void {
  if (thread.createdBy !== userId) requirePermission(parentBits, "MANAGE_MESSAGES");
}

/**
 * A room (the parent's, or the thread's own) passes it to its live viewers; a failure there never fails the request
 * (they refetch).
 */
async function tellRoom(env: Env, roomId: string, frame: ThreadFrame): Promise<void> {
  try {
    await channelRoom(env, roomId).threadActivity(roomId, frame);
  } catch (err) {
    console.error("threads: telling the parent room failed:", (err as Error).message);
  }
}

export const channelThreadRoutes = new Hono<AppEnv>();
channelThreadRoutes.use("/:id/threads", requireAuth);

channelThreadRoutes.post("/:id/threads", async (c) => {
  const { id } = params(c, idParam);
  const body = await jsonBody(c, createBody);
  const auth = authOf(c);
  const db = await c.var.db.get();
  const parent = await requireParent(db, auth.userId, id);
  for (const name of ["READ_HISTORY", "SEND_IN_THREADS"] as const) requirePermission(parent.permissions, name);

  let name = body.name;
  if (body.messageId) {
    const [root] = await db
      .select({ content: messages.content })
      .from(messages)
      .where(and(eq(messages.id, body.messageId), eq(messages.channelId, id), isNull(messages.deletedAt)));
    if (!root) throw new AppError(404, "message_not_found", "No such message in this channel.");
    name ??= threadNameFrom(root.content ?? "") || undefined;
  }
  if (!name) throw new AppError(400, "invalid_body", "Give the thread a name (this message has no text to name it after).", { issues: [{ path: "name", message: "Required" }] });

  const [created] = await db
    .insert(channels)
    .values({
      id: uuidv7(),
      communityId: parent.communityId,
      parentId: id,
      rootMessageId: body.messageId ?? null,
      kind: "thread",
      name,
      encrypted: parent.channel.encrypted,
      createdBy: auth.userId,
    })
    .onConflictDoNothing({ target: channels.rootMessageId })
    .returning();
  if (!created) throw new AppError(409, "thread_exists", "This message already has a thread.");
  const thread = threadView(created, { messageCount: 0, lastMessageAt: null });
  await tellRoom(c.env, id, { type: "thread_updated", thread });
  // Online members' hubs start following it (unread counts and mentions, H3).
  await notifyStructureChanged(c.env, db, { communityId: parent.communityId, channelId: created.id });
  return c.json({ thread }, 201);
});

channelThreadRoutes.get("/:id/threads", async (c) => {
  const { id } = params(c, idParam);
  const auth = authOf(c);
  const db = await c.var.db.get();
  await requireParent(db, auth.userId, id);
  const rows = await db
    .select({ channel: channels, messageCount, lastMessageAt })
    .from(channels)
    .where(eq(channels.parentId, id))
    .orderBy(asc(channels.archived), desc(sql`coalesce(${lastMessageAt}, ${channels.createdAt})`), desc(channels.id))
    .limit(LIST_LIMIT);
  return c.json({ threads: rows.map((r) => threadView(r.channel, r)) });
});

export const threadRoutes = new Hono<AppEnv>();
threadRoutes.use("/:id", requireAuth);

threadRoutes.get("/:id", async (c) => {
  const { id } = params(c, idParam);
  const auth = authOf(c);
  const db = await c.var.db.get();
  const { thread, parent } = await requireThread(db, auth.userId, id);
  const [root] = thread.rootMessageId && hasPermission(parent.permissions, "READ_HISTORY") ? await db.select().from(messages).where(eq(messages.id, thread.rootMessageId)) : [];
  return c.json({ thread, parent: { id: parent.channel.id, name: parent.channel.name }, rootMessage: root ? messageView(root) : null });
});

threadRoutes.patch("/:id", async (c) => {
  const { id } = params(c, idParam);
  const body = await jsonBody(c, patchBody);
  const auth = authOf(c);
  const db = await c.var.db.get();
  const { thread, parent } = await requireThread(db, auth.userId, id);
  requireManager(thread, parent.permissions, auth.userId);
  await db.update(channels).set({ ...body, updatedAt: new Date() }).where(eq(channels.id, id));
  const updated = (await loadThread(db, id))!;
  await audit(db, c, { action: "thread.update", actorId: auth.userId, communityId: thread.communityId, targetType: "channel", targetId: id, details: { changes: body } });
  // Archiving changes what everyone may do in it: the thread's room gets the new bits (and a rename is news too).
  if (body.archived !== undefined && body.archived !== thread.archived) {
    await notifyPermissionsChanged(c.env, db, { communityId: thread.communityId, channelId: id, threadIds: [] });
  }
  await tellRoom(c.env, thread.parentId, { type: "thread_updated", thread: updated });
  // Whoever is reading the thread sees the new name or state in its header too.
  await tellRoom(c.env, id, { type: "thread_updated", thread: updated });
  return c.json({ thread: updated });
});

threadRoutes.delete("/:id", async (c) => {
  const { id } = params(c, idParam);
  const auth = authOf(c);
  const db = await c.var.db.get();
  const { thread, parent } = await requireThread(db, auth.userId, id);
  if (!hasPermission(parent.permissions, "MANAGE_MESSAGES")) {
    const [others] = await db.select({ id: messages.id }).from(messages).where(and(eq(messages.channelId, id), ne(messages.authorId, auth.userId))).limit(1);
    if (thread.createdBy !== auth.userId || others) requirePermission(parent.permissions, "MANAGE_MESSAGES");
  }
  await db.delete(channels).where(eq(channels.id, id));
  await audit(db, c, { action: "thread.delete", actorId: auth.userId, communityId: thread.communityId, targetType: "channel", targetId: id, details: { name: thread.name } });
  // Its room closes every socket (4404), as a deleted channel's does.
  await channelRoom(c.env, id).channelChanged(id, null);
  await tellRoom(c.env, thread.parentId, { type: "thread_deleted", threadId: id, rootMessageId: thread.rootMessageId });
  await notifyStructureChanged(c.env, db, { communityId: thread.communityId, channelId: id });
  return c.body(null, 204);
});
