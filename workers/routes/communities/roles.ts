/**
 * Roles: list, create, edit, reorder, delete, assign and remove. Every change obeys the hierarchy: only roles below
 * the caller's highest, only permission bits the caller holds, and only members the caller outranks.
 */
import { and, asc, count, eq, gte, ne, sql } from "drizzle-orm";
import { Hono } from "hono";
import { uuidv7 } from "uuidv7";
import { z } from "zod";
import { MAX_ROLES_PER_COMMUNITY, ROLE_NAME_MAX } from "../../../protocol/limits.ts";
import { isPermissionsString } from "../../../protocol/permissions.ts";
import { memberRoles, permissionOverrides, roles, type Role } from "../../../schema/index.ts";
import { audit } from "../../audit.ts";
import { requireCommunity, requirePermission } from "../../communities/guard.ts";
import { actorCeiling, requireCanGrant, requireMember, requireOutranks, requireRoleBelow } from "../../communities/hierarchy.ts";
import { notifyMembershipChanged, notifyPermissionsChanged } from "../../communities/realtime-hooks.ts";
import { roleView } from "../../communities/views.ts";
import type { Db } from "../../db.ts";
import type { AppEnv } from "../../env.ts";
import { AppError } from "../../errors.ts";
import { authOf } from "../../http/auth-middleware.ts";
import { jsonBody, params, uuidSchema } from "../../http/validate.ts";
import { colorSchema } from "./communities.ts";

export const permissionsSchema = z
  .string()
  .refine(isPermissionsString, "A decimal string of defined permission bits, like \"1024\".")
  .transform((s) => BigInt(s));
const nameSchema = z.string().trim().min(1).max(ROLE_NAME_MAX);
const roleParams = z.object({ id: uuidSchema, roleId: uuidSchema });
const assignParams = z.object({ id: uuidSchema, userId: uuidSchema, roleId: uuidSchema });

async function requireRole(db: Db, communityId: string, roleId: string): Promise<Role> {
  const [role] = await db.select().from(roles).where(and(eq(roles.id, roleId), eq(roles.communityId, communityId)));
  if (!role) throw new AppError(404, "role_not_found", "No such role in this community.");
  return role;
}

async function listRoles(db: Db, communityId: string) {
  return (await db.select().from(roles).where(eq(roles.communityId, communityId)).orderBy(asc(roles.position), asc(roles.id))).map(roleView);
}

export const roleRoutes = new Hono<AppEnv>();

roleRoutes.get("/:id/roles", async (c) => {
  const { id } = params(c, z.object({ id: uuidSchema }));
  const auth = authOf(c);
  const db = await c.var.db.get();
  await requireCommunity(db, auth.userId, id);
  return c.json({ roles: await listRoles(db, id) });
});

/** New roles start at position 1, just above @everyone, where the caller can always manage them. */
roleRoutes.post("/:id/roles", async (c) => {
  const { id } = params(c, z.object({ id: uuidSchema }));
  const body = await jsonBody(c, z.object({ name: nameSchema, color: colorSchema.nullable().optional(), permissions: permissionsSchema.optional() }));
  const auth = authOf(c);
  const db = await c.var.db.get();
  const { permissions } = await requireCommunity(db, auth.userId, id);
  requirePermission(permissions, "MANAGE_ROLES");
  const bits = body.permissions ?? 0n;
  requireCanGrant(permissions, bits);
  const [{ total }] = await db.select({ total: count() }).from(roles).where(eq(roles.communityId, id));
  if (total >= MAX_ROLES_PER_COMMUNITY) throw new AppError(409, "conflict", `A community holds at most ${MAX_ROLES_PER_COMMUNITY} roles.`);
  const role = await db.transaction(async (tx) => {
    await tx.update(roles).set({ position: sql`${roles.position} + 1` }).where(and(eq(roles.communityId, id), gte(roles.position, 1)));
    const [created] = await tx.insert(roles).values({ id: uuidv7(), communityId: id, name: body.name, color: body.color ?? null, position: 1, permissions: bits }).returning();
    return created;
  });
  await audit(db, c, { action: "role.create", actorId: auth.userId, communityId: id, targetType: "role", targetId: role.id, details: { name: role.name, permissions: bits.toString() } });
  return c.json(roleView(role), 201);
});

/**
 * Reorders roles: the listed roles take the given positions, then all are renumbered 1..n (ties keep their old
 * order). A non-owner may only move roles below their highest, only to below it, and the roles at or above it
 * must end where they were.
 */
roleRoutes.patch("/:id/roles", async (c) => {
  const { id } = params(c, z.object({ id: uuidSchema }));
  const body = await jsonBody(c, z.object({ roles: z.array(z.object({ id: uuidSchema, position: z.number().int().min(1).max(10_000) })).min(1).max(MAX_ROLES_PER_COMMUNITY) }));
  const auth = authOf(c);
  const db = await c.var.db.get();
  const { permissions, ctx } = await requireCommunity(db, auth.userId, id);
  requirePermission(permissions, "MANAGE_ROLES");
  const all = (await db.select().from(roles).where(and(eq(roles.communityId, id), ne(roles.isEveryone, true)))).sort((a, b) => a.position - b.position);
  const requested = new Map(body.roles.map((r) => [r.id, r.position]));
  const ceiling = actorCeiling(ctx);
  for (const [roleId, position] of requested) {
    const role = all.find((r) => r.id === roleId);
    if (!role) throw new AppError(404, "role_not_found", "No such role in this community (and @everyone cannot move).");
    requireRoleBelow(ctx, role.position);
    if (position >= ceiling) throw new AppError(403, "role_hierarchy", "You can only move roles to below your highest role.");
  }
  const order = all
    .map((r, i) => ({ role: r, key: requested.get(r.id) ?? r.position, i }))
    .sort((a, b) => a.key - b.key || a.i - b.i)
    .map((e, i) => ({ role: e.role, position: i + 1 }));
  for (const { role, position } of order) {
    if (role.position >= ceiling && position !== role.position) throw new AppError(403, "role_hierarchy", "That order would move a role at or above your highest role.");
  }
  await db.transaction(async (tx) => {
    for (const { role, position } of order) if (role.position !== position) await tx.update(roles).set({ position }).where(eq(roles.id, role.id));
  });
  await audit(db, c, { action: "role.reorder", actorId: auth.userId, communityId: id, details: { moved: body.roles.length } });
  await notifyPermissionsChanged(c.env, db, { communityId: id });
  return c.json({ roles: await listRoles(db, id) });
});

roleRoutes.patch("/:id/roles/:roleId", async (c) => {
  const { id, roleId } = params(c, roleParams);
  const body = await jsonBody(c, z.object({ name: nameSchema, color: colorSchema.nullable(), permissions: permissionsSchema }).partial().strict());
  const auth = authOf(c);
  const db = await c.var.db.get();
  const { permissions, ctx } = await requireCommunity(db, auth.userId, id);
  requirePermission(permissions, "MANAGE_ROLES");
  const role = await requireRole(db, id, roleId);
  requireRoleBelow(ctx, role.position);
  // Only the bits that change must be the caller's own: a role may keep bits the editor lacks.
  if (body.permissions !== undefined) requireCanGrant(permissions, body.permissions ^ role.permissions);
  if (role.isEveryone && body.name !== undefined) throw new AppError(400, "invalid_body", "@everyone cannot be renamed.");
  const [updated] = await db.update(roles).set(body).where(eq(roles.id, roleId)).returning();
  await audit(db, c, {
    action: "role.update",
    actorId: auth.userId,
    communityId: id,
    targetType: "role",
    targetId: roleId,
    details: { name: body.name, color: body.color, permissions: body.permissions?.toString(), previousPermissions: role.permissions.toString() },
  });
  if (body.permissions !== undefined) await notifyPermissionsChanged(c.env, db, { communityId: id });
  return c.json(roleView(updated));
});

roleRoutes.delete("/:id/roles/:roleId", async (c) => {
  const { id, roleId } = params(c, roleParams);
  const auth = authOf(c);
  const db = await c.var.db.get();
  const { permissions, ctx } = await requireCommunity(db, auth.userId, id);
  requirePermission(permissions, "MANAGE_ROLES");
  const role = await requireRole(db, id, roleId);
  if (role.isEveryone) throw new AppError(400, "invalid_body", "@everyone cannot be deleted.");
  requireRoleBelow(ctx, role.position);
  await db.transaction(async (tx) => {
    await tx.delete(permissionOverrides).where(and(eq(permissionOverrides.communityId, id), eq(permissionOverrides.targetType, "role"), eq(permissionOverrides.targetId, roleId)));
    await tx.delete(roles).where(eq(roles.id, roleId));
    await tx.update(roles).set({ position: sql`${roles.position} - 1` }).where(and(eq(roles.communityId, id), gte(roles.position, role.position)));
  });
  await audit(db, c, { action: "role.delete", actorId: auth.userId, communityId: id, targetType: "role", targetId: roleId, details: { name: role.name } });
  await notifyPermissionsChanged(c.env, db, { communityId: id });
  return c.body(null, 204);
});

/**
 * Gives a member a role. The role must be below the caller's highest, its bits must all be the caller's own (or
 * the caller an administrator), and the member must rank below the caller, unless it is the caller themselves.
 */
roleRoutes.put("/:id/members/:userId/roles/:roleId", async (c) => {
  const { id, userId, roleId } = params(c, assignParams);
  const auth = authOf(c);
  const db = await c.var.db.get();
  const { permissions, ctx } = await requireCommunity(db, auth.userId, id);
  requirePermission(permissions, "MANAGE_ROLES");
  const role = await requireRole(db, id, roleId);
  if (role.isEveryone) throw new AppError(400, "invalid_body", "Everyone holds @everyone already.");
  const target = await requireMember(db, id, userId);
  requireRoleBelow(ctx, role.position);
  requireCanGrant(permissions, role.permissions);
  if (userId !== auth.userId) requireOutranks(ctx, target);
  await db.insert(memberRoles).values({ communityId: id, userId, roleId }).onConflictDoNothing();
  await audit(db, c, { action: "member.role_add", actorId: auth.userId, communityId: id, targetType: "user", targetId: userId, details: { roleId, roleName: role.name } });
  await notifyMembershipChanged(c.env, db, { communityId: id, userId, kind: "roles_changed" });
  return c.json({ userId, roleIds: [...new Set([...target.roleIds, roleId])] });
});

roleRoutes.delete("/:id/members/:userId/roles/:roleId", async (c) => {
  const { id, userId, roleId } = params(c, assignParams);
  const auth = authOf(c);
  const db = await c.var.db.get();
  const { permissions, ctx } = await requireCommunity(db, auth.userId, id);
  requirePermission(permissions, "MANAGE_ROLES");
  const role = await requireRole(db, id, roleId);
  const target = await requireMember(db, id, userId);
  requireRoleBelow(ctx, role.position);
  if (userId !== auth.userId) requireOutranks(ctx, target);
  await db.delete(memberRoles).where(and(eq(memberRoles.communityId, id), eq(memberRoles.userId, userId), eq(memberRoles.roleId, roleId)));
  await audit(db, c, { action: "member.role_remove", actorId: auth.userId, communityId: id, targetType: "user", targetId: userId, details: { roleId, roleName: role.name } });
  await notifyMembershipChanged(c.env, db, { communityId: id, userId, kind: "roles_changed" });
  return c.json({ userId, roleIds: target.roleIds.filter((r) => r !== roleId) });
});
