/**
 * Groups (categories): create and reorder under /communities/:id/groups; rename, assign as a personal group and
 * delete under /groups/:id. Deleting a group leaves its channels ungrouped.
 */
import { and, count, eq, sql } from "drizzle-orm";
import { Hono } from "hono";
import { uuidv7 } from "uuidv7";
import { z } from "zod";
import { GROUP_NAME_MAX, MAX_GROUPS_PER_COMMUNITY } from "../../../protocol/limits.ts";
import { channelGroups } from "../../../schema/index.ts";
import { audit } from "../../audit.ts";
import { communityChannelPermissions } from "../../communities/access.ts";
import { requireCommunity, requireGroup, requirePermission } from "../../communities/guard.ts";
import { requireMember } from "../../communities/hierarchy.ts";
import { notifyPermissionsChanged, notifyStructureChanged } from "../../communities/realtime-hooks.ts";
import { groupView } from "../../communities/views.ts";
import type { AppEnv } from "../../env.ts";
import { AppError } from "../../errors.ts";
import { authOf } from "../../http/auth-middleware.ts";
import { jsonBody, params, uuidSchema } from "../../http/validate.ts";
import { colorSchema, idParam } from "./communities.ts";

const nameSchema = z.string().trim().min(1).max(GROUP_NAME_MAX);
/** One emoji (a flag, a keycap, a skin tone or a ZWJ sequence included), nothing else. */
const iconSchema = z
  .string()
  .trim()
  .max(32)
  .regex(/^(?:\p{Regional_Indicator}{2}|[#*0-9]\uFE0F?\u20E3|\p{Extended_Pictographic}\uFE0F?\p{Emoji_Modifier}?(?:\u200D\p{Extended_Pictographic}\uFE0F?\p{Emoji_Modifier}?)*)$/u, "One emoji.");

export const communityGroupRoutes = new Hono<AppEnv>();

communityGroupRoutes.post("/:id/groups", async (c) => {
  const { id } = params(c, idParam);
  const body = await jsonBody(c, z.object({ name: nameSchema }));
  const auth = authOf(c);
  const db = await c.var.db.get();
  const { permissions, ctx } = await requireCommunity(db, auth.userId, id);
  requirePermission(permissions, "MANAGE_GROUPS");
  const [{ total, next }] = await db
    .select({ total: count(), next: sql<number>`coalesce(max(${channelGroups.position}) + 1, 0)::int` })
    .from(channelGroups)
    .where(eq(channelGroups.communityId, id));
  if (total >= MAX_GROUPS_PER_COMMUNITY) throw new AppError(409, "conflict", `A community holds at most ${MAX_GROUPS_PER_COMMUNITY} groups.`);
  const [group] = await db.insert(channelGroups).values({ id: uuidv7(), communityId: id, name: body.name, position: next }).returning();
  await audit(db, c, { action: "group.create", actorId: auth.userId, communityId: id, targetType: "group", targetId: group.id, details: { name: group.name } });
  await notifyStructureChanged(c.env, db, { communityId: id });
  const all = await communityChannelPermissions(db, ctx, id);
  return c.json(groupView(group, all.groups.find((g) => g.group.id === group.id)?.permissions ?? 0n), 201);
});

/** Sets group positions; every id must be a group of this community. */
communityGroupRoutes.patch("/:id/groups", async (c) => {
  const { id } = params(c, idParam);
  const body = await jsonBody(c, z.object({ groups: z.array(z.object({ id: uuidSchema, position: z.number().int().min(0).max(10_000) })).min(1).max(MAX_GROUPS_PER_COMMUNITY) }));
  const auth = authOf(c);
  const db = await c.var.db.get();
  const { permissions, ctx } = await requireCommunity(db, auth.userId, id);
  requirePermission(permissions, "MANAGE_GROUPS");
  const existing = new Set((await db.select({ id: channelGroups.id }).from(channelGroups).where(eq(channelGroups.communityId, id))).map((g) => g.id));
  for (const g of body.groups) if (!existing.has(g.id)) throw new AppError(404, "group_not_found", "No such group in this community.");
  await db.transaction(async (tx) => {
    for (const g of body.groups) await tx.update(channelGroups).set({ position: g.position }).where(and(eq(channelGroups.id, g.id), eq(channelGroups.communityId, id)));
  });
  await audit(db, c, { action: "group.reorder", actorId: auth.userId, communityId: id, details: { moved: body.groups.length } });
  await notifyStructureChanged(c.env, db, { communityId: id });
  const all = await communityChannelPermissions(db, ctx, id);
  return c.json({ groups: all.groups.map((g) => groupView(g.group, g.permissions)) });
});

export const groupRoutes = new Hono<AppEnv>();

groupRoutes.get("/:id", async (c) => {
  const { id } = params(c, idParam);
  const auth = authOf(c);
  const db = await c.var.db.get();
  const { group, permissions } = await requireGroup(db, auth.userId, id);
  return c.json(groupView(group, permissions));
});

/**
 * Renames a group, marks it (`icon`, one emoji; `accentColor`), or makes it personal: `ownerUserId` names the member
 * who then manages the channels inside it (PERSONAL_GROUP_OWNER), null makes it an ordinary group again. Needs
 * MANAGE_GROUPS.
 */
groupRoutes.patch("/:id", async (c) => {
  const { id } = params(c, idParam);
  const body = await jsonBody(c, z.object({ name: nameSchema, ownerUserId: uuidSchema.nullable(), icon: iconSchema.nullable(), accentColor: colorSchema.nullable() }).partial().strict());
  const auth = authOf(c);
  const db = await c.var.db.get();
  const { group, community, permissions } = await requireGroup(db, auth.userId, id);
  requirePermission(permissions, "MANAGE_GROUPS");
  if (body.ownerUserId) await requireMember(db, community.id, body.ownerUserId);
  const [updated] = await db.update(channelGroups).set(body).where(eq(channelGroups.id, id)).returning();
  await audit(db, c, {
    action: body.ownerUserId !== undefined ? "group.assign_owner" : "group.update",
    actorId: auth.userId,
    communityId: community.id,
    targetType: "group",
    targetId: id,
    details: { changes: body, previousOwner: group.ownerUserId },
  });
  if (body.ownerUserId !== undefined) await notifyPermissionsChanged(c.env, db, { communityId: community.id });
  else await notifyStructureChanged(c.env, db, { communityId: community.id });
  const after = await requireGroup(db, auth.userId, id).catch(() => null);
  return c.json(groupView(updated, after?.permissions ?? 0n));
});

groupRoutes.delete("/:id", async (c) => {
  const { id } = params(c, idParam);
  const auth = authOf(c);
  const db = await c.var.db.get();
  const { group, community, permissions } = await requireGroup(db, auth.userId, id);
  requirePermission(permissions, "MANAGE_GROUPS");
  await db.delete(channelGroups).where(eq(channelGroups.id, id));
  await audit(db, c, { action: "group.delete", actorId: auth.userId, communityId: community.id, targetType: "group", targetId: id, details: { name: group.name } });
  await notifyPermissionsChanged(c.env, db, { communityId: community.id });
  return c.body(null, 204);
});
