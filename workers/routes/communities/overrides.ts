/**
 * Permission overrides on groups (/groups/:id/overrides) and channels (/channels/:id/overrides), for a role or a
 * member. Editing a channel that follows its group first copies the group's overrides onto it and stops following
 * (as Discord does), so the edit means what the editor sees.
 */
import { and, eq } from "drizzle-orm";
import { Hono, type Context } from "hono";
import { uuidv7 } from "uuidv7";
import { z } from "zod";
import { permissionsToString } from "../../../protocol/permissions.ts";
import { channels, communityMembers, permissionOverrides, roles, type PermissionOverrideRow } from "../../../schema/index.ts";
import { audit } from "../../audit.ts";
import { communityPermissions, type MemberContext } from "../../communities/access.ts";
import { requireCommunityChannel, requireGroup, requirePermission } from "../../communities/guard.ts";
import { requireCanGrant, requireMember, requireOutranks } from "../../communities/hierarchy.ts";
import { notifyPermissionsChanged } from "../../communities/realtime-hooks.ts";
import type { Db } from "../../db.ts";
import type { AppEnv } from "../../env.ts";
import { AppError } from "../../errors.ts";
import { authOf } from "../../http/auth-middleware.ts";
import { jsonBody, params, uuidSchema } from "../../http/validate.ts";
import { permissionsSchema } from "./roles.ts";

const targetParams = z.object({ id: uuidSchema, targetType: z.enum(["role", "member"]), targetId: uuidSchema });
const putBody = z.object({ allow: permissionsSchema, deny: permissionsSchema });

export function overrideView(o: Pick<PermissionOverrideRow, "targetType" | "targetId" | "allow" | "deny">) {
  return { targetType: o.targetType, targetId: o.targetId, allow: permissionsToString(o.allow), deny: permissionsToString(o.deny) };
}

/** Where an override lives, with what the caller may do there. */
interface Scope {
  communityId: string;
  ctx: MemberContext;
  permissions: bigint;
  where: { groupId: string } | { channelId: string };
  /** For a channel still following its group: the group to copy from before the first own override. */
  syncedGroupId: string | null;
}

async function loadScope(db: Db, c: Context<AppEnv>, kind: "group" | "channel", id: string): Promise<Scope> {
  const userId = authOf(c).userId;
  if (kind === "group") {
    const g = await requireGroup(db, userId, id);
    requirePermission(g.permissions, "MANAGE_GROUPS");
    return { communityId: g.community.id, ctx: g.ctx, permissions: g.permissions, where: { groupId: id }, syncedGroupId: null };
  }
  const ch = await requireCommunityChannel(db, userId, id);
  requirePermission(ch.permissions, "MANAGE_CHANNELS");
  const community = (await communityPermissions(db, userId, ch.communityId))!;
  const synced = ch.channel.syncWithGroup && ch.channel.groupId !== null ? ch.channel.groupId : null;
  return { communityId: ch.communityId, ctx: community.ctx, permissions: ch.permissions, where: { channelId: id }, syncedGroupId: synced };
}

function scopeFilter(where: Scope["where"]) {
  return "groupId" in where ? eq(permissionOverrides.groupId, where.groupId) : eq(permissionOverrides.channelId, where.channelId);
}

/** The overrides in force for the scope now: a following channel's are its group's. */
async function currentOverrides(db: Db, scope: Scope): Promise<PermissionOverrideRow[]> {
  const filter = scope.syncedGroupId ? eq(permissionOverrides.groupId, scope.syncedGroupId) : scopeFilter(scope.where);
  return db.select().from(permissionOverrides).where(filter);
}

/** Stops a channel following its group, taking the group's overrides as its own starting point. */
async function detachFromGroup(db: Db, scope: Scope): Promise<void> {
  if (!scope.syncedGroupId || !("channelId" in scope.where)) return;
  const channelId = scope.where.channelId;
  const inherited = await db.select().from(permissionOverrides).where(eq(permissionOverrides.groupId, scope.syncedGroupId));
  await db.transaction(async (tx) => {
    await tx.delete(permissionOverrides).where(eq(permissionOverrides.channelId, channelId));
    if (inherited.length) {
      await tx.insert(permissionOverrides).values(
        inherited.map((o) => ({ id: uuidv7(), communityId: o.communityId, channelId, targetType: o.targetType, targetId: o.targetId, allow: o.allow, deny: o.deny })),
      );
    }
    await tx.update(channels).set({ syncWithGroup: false, updatedAt: new Date() }).where(eq(channels.id, channelId));
  });
}

/** The target must belong to the community; a member other than the caller must rank below them. */
async function checkTarget(db: Db, scope: Scope, targetType: "role" | "member", targetId: string): Promise<void> {
  if (targetType === "role") {
    const [role] = await db.select({ id: roles.id }).from(roles).where(and(eq(roles.id, targetId), eq(roles.communityId, scope.communityId)));
    if (!role) throw new AppError(404, "role_not_found", "No such role in this community.");
    return;
  }
  const target = await requireMember(db, scope.communityId, targetId);
  if (targetId !== scope.ctx.userId) requireOutranks(scope.ctx, target);
}

function routesFor(kind: "group" | "channel") {
  const r = new Hono<AppEnv>();

  r.get("/:id/overrides", async (c) => {
    const { id } = params(c, z.object({ id: uuidSchema }));
    const db = await c.var.db.get();
    const scope = await loadScope(db, c, kind, id);
    const rows = await currentOverrides(db, scope);
    return c.json({ syncWithGroup: scope.syncedGroupId !== null, overrides: rows.map(overrideView) });
  });

  r.put("/:id/overrides/:targetType/:targetId", async (c) => {
    const { id, targetType, targetId } = params(c, targetParams);
    const body = await jsonBody(c, putBody);
    const auth = authOf(c);
    const db = await c.var.db.get();
    const scope = await loadScope(db, c, kind, id);
    await checkTarget(db, scope, targetType, targetId);
    if ((body.allow & body.deny) !== 0n) throw new AppError(400, "invalid_body", "A bit cannot be both allowed and denied.");
    const old = (await currentOverrides(db, scope)).find((o) => o.targetType === targetType && o.targetId === targetId);
    // Only the bits that change must be the caller's own.
    requireCanGrant(scope.permissions, (body.allow ^ (old?.allow ?? 0n)) | (body.deny ^ (old?.deny ?? 0n)));
    await detachFromGroup(db, scope);
    const updated = await db
      .update(permissionOverrides)
      .set({ allow: body.allow, deny: body.deny })
      .where(and(scopeFilter(scope.where), eq(permissionOverrides.targetType, targetType), eq(permissionOverrides.targetId, targetId)))
      .returning({ id: permissionOverrides.id });
    if (updated.length === 0) await db.insert(permissionOverrides).values({ id: uuidv7(), communityId: scope.communityId, ...scope.where, targetType, targetId, allow: body.allow, deny: body.deny });
    await audit(db, c, {
      action: `${kind}.override_set`,
      actorId: auth.userId,
      communityId: scope.communityId,
      targetType: kind,
      targetId: id,
      details: { targetType, targetId, allow: body.allow.toString(), deny: body.deny.toString() },
    });
    await notifyPermissionsChanged(c.env, db, { communityId: scope.communityId, channelId: kind === "channel" ? id : undefined });
    return c.json(overrideView({ targetType, targetId, allow: body.allow, deny: body.deny }));
  });

  r.delete("/:id/overrides/:targetType/:targetId", async (c) => {
    const { id, targetType, targetId } = params(c, targetParams);
    const auth = authOf(c);
    const db = await c.var.db.get();
    const scope = await loadScope(db, c, kind, id);
    const old = (await currentOverrides(db, scope)).find((o) => o.targetType === targetType && o.targetId === targetId);
    if (!old) throw new AppError(404, "override_not_found", "No override for that target here.");
    // A member override of someone who has since left may be removed by anyone who may manage the scope.
    if (targetType === "member" && targetId !== auth.userId) {
      const [m] = await db.select().from(communityMembers).where(and(eq(communityMembers.communityId, scope.communityId), eq(communityMembers.userId, targetId)));
      if (m) await checkTarget(db, scope, targetType, targetId);
    }
    requireCanGrant(scope.permissions, old.allow | old.deny);
    await detachFromGroup(db, scope);
    await db
      .delete(permissionOverrides)
      .where(and(scopeFilter(scope.where), eq(permissionOverrides.targetType, targetType), eq(permissionOverrides.targetId, targetId)));
    await audit(db, c, { action: `${kind}.override_delete`, actorId: auth.userId, communityId: scope.communityId, targetType: kind, targetId: id, details: { targetType, targetId } });
    await notifyPermissionsChanged(c.env, db, { communityId: scope.communityId, channelId: kind === "channel" ? id : undefined });
    return c.body(null, 204);
  });

  return r;
}

export const groupOverrideRoutes = routesFor("group");
export const channelOverrideRoutes = routesFor("channel");
