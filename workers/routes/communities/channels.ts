/**
 * Community channels: create and list under /communities/:id/channels, reorder there too; read, edit and delete
 * under /channels/:id. DMs have their own routes (dms.ts).
 */
import { and, count, eq, isNull, ne, sql } from "drizzle-orm";
import { Hono } from "hono";
import { uuidv7 } from "uuidv7";
import { z } from "zod";
import { CHANNEL_NAME_MAX, CHANNEL_TOPIC_MAX, MAX_CHANNELS_PER_COMMUNITY, SLOW_MODE_MAX_S } from "../../../protocol/limits.ts";
import { hasPermission } from "../../../protocol/permissions.ts";
import { channels } from "../../../schema/index.ts";
import { audit } from "../../audit.ts";
import { channelAccess, communityChannelPermissions } from "../../communities/access.ts";
import { requireCommunity, requireCommunityChannel, requireGroup, requirePermission } from "../../communities/guard.ts";
import { notifyPermissionsChanged, notifyStructureChanged, threadIdsOf } from "../../communities/realtime-hooks.ts";
import { channelView, groupView } from "../../communities/views.ts";
import type { Db } from "../../db.ts";
import type { AppEnv } from "../../env.ts";
import { AppError } from "../../errors.ts";
import { authOf } from "../../http/auth-middleware.ts";
import { jsonBody, params, uuidSchema } from "../../http/validate.ts";
import { idParam } from "./communities.ts";

const nameSchema = z.string().trim().min(1).max(CHANNEL_NAME_MAX);
const topicSchema = z.string().trim().max(CHANNEL_TOPIC_MAX);
const slowModeSchema = z.number().int().min(0).max(SLOW_MODE_MAX_S);

const createBody = z.object({
  name: nameSchema,
  kind: z.enum(["text", "voice"]),
  groupId: uuidSchema.nullable().optional(),
  encrypted: z.boolean().optional(),
  topic: topicSchema.optional(),
  nsfw: z.boolean().optional(),
  slowModeSeconds: slowModeSchema.optional(),
});

const patchBody = z
  .object({ name: nameSchema, topic: topicSchema, slowModeSeconds: slowModeSchema, nsfw: z.boolean(), archived: z.boolean(), syncWithGroup: z.boolean() })
  .partial()
  .strict();

/** Moves: each entry sets a channel's position and, when groupId is present, its group (null: ungrouped). */
const reorderBody = z.object({
  channels: z.array(z.object({ id: uuidSchema, position: z.number().int().min(0).max(10_000), groupId: uuidSchema.nullable().optional() })).min(1).max(MAX_CHANNELS_PER_COMMUNITY),
});

/** MANAGE_CHANNELS where the channel goes: in the group when it has one, else community-wide. */
async function requireManageIn(db: Db, userId: string, communityId: string, groupId: string | null | undefined): Promise<bigint> {
  if (groupId) {
    const { permissions } = await requireGroup(db, userId, groupId, communityId);
    requirePermission(permissions, "MANAGE_CHANNELS");
    return permissions;
  }
  const { permissions } = await requireCommunity(db, userId, communityId);
  requirePermission(permissions, "MANAGE_CHANNELS");
  return permissions;
}

export const communityChannelRoutes = new Hono<AppEnv>();

communityChannelRoutes.post("/:id/channels", async (c) => {
  const { id } = params(c, idParam);
  const body = await jsonBody(c, createBody);
  const auth = authOf(c);
  const db = await c.var.db.get();
  await requireManageIn(db, auth.userId, id, body.groupId);
  // Threads are channels too, but neither count toward the limit nor take positions.
  const [{ total }] = await db.select({ total: count() }).from(channels).where(and(eq(channels.communityId, id), ne(channels.kind, "thread")));
  if (total >= MAX_CHANNELS_PER_COMMUNITY) throw new AppError(409, "conflict", `A community holds at most ${MAX_CHANNELS_PER_COMMUNITY} channels.`);
  const [{ next }] = await db
    .select({ next: sql<number>`coalesce(max(${channels.position}) + 1, 0)::int` })
    .from(channels)
    .where(and(eq(channels.communityId, id), ne(channels.kind, "thread"), body.groupId ? eq(channels.groupId, body.groupId) : isNull(channels.groupId)));
  const [channel] = await db
    .insert(channels)
    .values({
      id: uuidv7(),
      communityId: id,
      groupId: body.groupId ?? null,
      kind: body.kind,
      name: body.name,
      topic: body.topic ?? "",
      nsfw: body.nsfw ?? false,
      slowModeSeconds: body.slowModeSeconds ?? 0,
      encrypted: body.encrypted ?? false,
      position: next,
      createdBy: auth.userId,
    })
    .returning();
  await audit(db, c, { action: "channel.create", actorId: auth.userId, communityId: id, targetType: "channel", targetId: channel.id, details: { name: channel.name, kind: channel.kind } });
  await notifyStructureChanged(c.env, db, { communityId: id, channelId: channel.id });
  const access = await channelAccess(db, auth.userId, channel.id);
  return c.json(channelView(channel, access?.permissions ?? 0n), 201);
});

/** The channels (and groups) the caller can see, in display order. */
communityChannelRoutes.get("/:id/channels", async (c) => {
  const { id } = params(c, idParam);
  const auth = authOf(c);
  const db = await c.var.db.get();
  const { ctx } = await requireCommunity(db, auth.userId, id);
  const all = await communityChannelPermissions(db, ctx, id);
  const visible = all.channels.filter((ch) => hasPermission(ch.permissions, "VIEW_CHANNEL"));
  const groupsWithVisible = new Set(visible.map((ch) => ch.channel.groupId));
  return c.json({
    groups: all.groups.filter((g) => hasPermission(g.permissions, "VIEW_CHANNEL") || groupsWithVisible.has(g.group.id)).map((g) => groupView(g.group, g.permissions)),
    channels: visible.map((ch) => channelView(ch.channel, ch.permissions)),
  });
});

/**
 * Reorders (and regroups) channels. Every channel named must be one the caller can manage where it is now and
 * where it goes; otherwise nothing moves.
 */
communityChannelRoutes.patch("/:id/channels", async (c) => {
  const { id } = params(c, idParam);
  const body = await jsonBody(c, reorderBody);
  const auth = authOf(c);
  const db = await c.var.db.get();
  const { ctx, permissions: communityBits } = await requireCommunity(db, auth.userId, id);
  const all = await communityChannelPermissions(db, ctx, id);
  const byId = new Map(all.channels.map((ch) => [ch.channel.id, ch]));
  const groupPerms = new Map(all.groups.map((g) => [g.group.id, g.permissions]));
  for (const move of body.channels) {
    const current = byId.get(move.id);
    if (!current || !hasPermission(current.permissions, "VIEW_CHANNEL")) throw new AppError(404, "channel_not_found", "No such channel in this community.");
    requirePermission(current.permissions, "MANAGE_CHANNELS");
    if (move.groupId !== undefined && move.groupId !== current.channel.groupId) {
      if (move.groupId === null) requirePermission(communityBits, "MANAGE_CHANNELS");
      else {
        const bits = groupPerms.get(move.groupId);
        if (bits === undefined || !hasPermission(bits, "VIEW_CHANNEL")) throw new AppError(404, "group_not_found", "No such group in this community.");
        requirePermission(bits, "MANAGE_CHANNELS");
      }
    }
  }
  await db.transaction(async (tx) => {
    for (const move of body.channels) {
      await tx
        .update(channels)
        .set({ position: move.position, ...(move.groupId !== undefined ? { groupId: move.groupId } : {}), updatedAt: new Date() })
        .where(and(eq(channels.id, move.id), eq(channels.communityId, id)));
    }
  });
  await audit(db, c, { action: "channel.reorder", actorId: auth.userId, communityId: id, details: { moved: body.channels.length } });
  await notifyPermissionsChanged(c.env, db, { communityId: id });
  const after = await communityChannelPermissions(db, ctx, id);
  return c.json({ channels: after.channels.filter((ch) => hasPermission(ch.permissions, "VIEW_CHANNEL")).map((ch) => channelView(ch.channel, ch.permissions)) });
});

export const channelRoutes = new Hono<AppEnv>();

channelRoutes.get("/:id", async (c) => {
  const { id } = params(c, idParam);
  const auth = authOf(c);
  const db = await c.var.db.get();
  const access = await channelAccess(db, auth.userId, id);
  if (!access) throw new AppError(404, "channel_not_found", "No such channel, or you cannot see it.");
  return c.json(channelView(access.channel, access.permissions));
});

channelRoutes.patch("/:id", async (c) => {
  const { id } = params(c, idParam);
  const body = await jsonBody(c, patchBody);
  const auth = authOf(c);
  const db = await c.var.db.get();
  const access = await requireCommunityChannel(db, auth.userId, id);
  requirePermission(access.permissions, "MANAGE_CHANNELS");
  const [updated] = await db.update(channels).set({ ...body, updatedAt: new Date() }).where(eq(channels.id, id)).returning();
  await audit(db, c, { action: "channel.update", actorId: auth.userId, communityId: access.communityId, targetType: "channel", targetId: id, details: { changes: body } });
  // Slow mode is enforced by the channel's room, which reloads its settings when notified.
  if (body.syncWithGroup !== undefined || body.archived !== undefined || body.slowModeSeconds !== undefined) {
    await notifyPermissionsChanged(c.env, db, { communityId: access.communityId, channelId: id });
  } else {
    await notifyStructureChanged(c.env, db, { communityId: access.communityId, channelId: id });
  }
  // Re-read: syncing with the group can change what the caller may do here (even hide the channel from them).
  const after = await channelAccess(db, auth.userId, id);
  return c.json(channelView(updated, after?.permissions ?? 0n));
});

channelRoutes.delete("/:id", async (c) => {
  const { id } = params(c, idParam);
  const auth = authOf(c);
  const db = await c.var.db.get();
  const access = await requireCommunityChannel(db, auth.userId, id);
  requirePermission(access.permissions, "MANAGE_CHANNELS");
  const threadIds = await threadIdsOf(db, id);
  await db.delete(channels).where(eq(channels.id, id));
  await audit(db, c, { action: "channel.delete", actorId: auth.userId, communityId: access.communityId, targetType: "channel", targetId: id, details: { name: access.channel.name } });
  await notifyPermissionsChanged(c.env, db, { communityId: access.communityId, channelId: id, threadIds });
  return c.body(null, 204);
});
