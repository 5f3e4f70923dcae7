/** Communities themselves: create, list, read, edit, delete, leave, transfer ownership. */
import { and, asc, count, eq } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { MAX_THEME_CHARS, parseTheme } from "../../../protocol/community-theme.ts";
import { COMMUNITY_DESCRIPTION_MAX, COMMUNITY_NAME_MAX } from "../../../protocol/limits.ts";
import { permissionsToString } from "../../../protocol/permissions.ts";
import { communities, communityMembers, roles } from "../../../schema/index.ts";
import { audit } from "../../audit.ts";
import { createCommunity } from "../../communities/create.ts";
import { requireCommunity, requirePermission } from "../../communities/guard.ts";
import { notifyMembershipChanged } from "../../communities/realtime-hooks.ts";
import { communityView, roleView } from "../../communities/views.ts";
import type { AppEnv } from "../../env.ts";
import { AppError } from "../../errors.ts";
import { authOf } from "../../http/auth-middleware.ts";
import { jsonBody, params, uuidSchema } from "../../http/validate.ts";
import { communityCreationMode } from "../../settings.ts";
import { confirmIdentity, currentUser } from "../account.ts";

export const colorSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, "Colours are #rrggbb.");
const imageUrlSchema = z
  .string()
  .max(2048)
  .refine((s) => /^https?:\/\//i.test(s) || /^\/[^/]/.test(s), "An http(s) URL or a path on this server.");
const nameSchema = z.string().trim().min(1).max(COMMUNITY_NAME_MAX);
/** A theme (protocol/community-theme.ts): checked, and stored as written back out (null when it sets nothing). */
const themeSchema = z
  .string()
  .max(MAX_THEME_CHARS)
  .transform((text, ctx) => {
    const parsed = parseTheme(text);
    if (!parsed.ok) {
      ctx.addIssue({ code: "custom", message: parsed.message });
      return z.NEVER;
    }
    return parsed.css || null;
  });
export const idParam = z.object({ id: uuidSchema });

const createBody = z.object({
  name: nameSchema,
  description: z.string().trim().max(COMMUNITY_DESCRIPTION_MAX).optional(),
  accentColor: colorSchema.nullable().optional(),
});

const patchBody = z
  .object({
    name: nameSchema,
    description: z.string().trim().max(COMMUNITY_DESCRIPTION_MAX),
    iconUrl: imageUrlSchema.nullable(),
    bannerUrl: imageUrlSchema.nullable(),
    accentColor: colorSchema.nullable(),
    themeCss: themeSchema.nullable(),
  })
  .partial()
  .strict();

export const communityCoreRoutes = new Hono<AppEnv>();

communityCoreRoutes.post("/", async (c) => {
  const body = await jsonBody(c, createBody);
  const auth = authOf(c);
  const db = await c.var.db.get();
  if (!auth.isAdmin && (await communityCreationMode(db, c.env)) !== "open") {
    throw new AppError(403, "community_creation_restricted", "On this instance only instance admins can create communities.");
  }
  const community = await createCommunity(db, auth.userId, body);
  await audit(db, c, { action: "community.create", actorId: auth.userId, communityId: community.id, targetType: "community", targetId: community.id });
  return c.json(communityView(community), 201);
});

/** The caller's communities, in the order they joined them. */
communityCoreRoutes.get("/", async (c) => {
  const auth = authOf(c);
  const db = await c.var.db.get();
  const rows = await db
    .select({ community: communities, joinedAt: communityMembers.joinedAt })
    .from(communityMembers)
    .innerJoin(communities, eq(communities.id, communityMembers.communityId))
    .where(eq(communityMembers.userId, auth.userId))
    .orderBy(asc(communityMembers.joinedAt));
  return c.json({ communities: rows.map((r) => ({ ...communityView(r.community), joinedAt: r.joinedAt })) });
});

communityCoreRoutes.get("/:id", async (c) => {
  const { id } = params(c, idParam);
  const auth = authOf(c);
  const db = await c.var.db.get();
  const { community, permissions, ctx } = await requireCommunity(db, auth.userId, id);
  const [[{ memberCount }], roleRows, [me]] = [
    await db.select({ memberCount: count() }).from(communityMembers).where(eq(communityMembers.communityId, id)),
    await db.select().from(roles).where(eq(roles.communityId, id)).orderBy(asc(roles.position)),
    await db.select().from(communityMembers).where(and(eq(communityMembers.communityId, id), eq(communityMembers.userId, auth.userId))),
  ];
  return c.json({
    ...communityView(community),
    memberCount,
    roles: roleRows.map(roleView),
    me: {
      isOwner: community.ownerId === auth.userId,
      permissions: permissionsToString(permissions),
      roleIds: ctx.memberRoleIds,
      nickname: me?.nickname ?? null,
      joinedAt: me?.joinedAt ?? null,
      timedOutUntil: me?.timedOutUntil && me.timedOutUntil > new Date() ? me.timedOutUntil : null,
    },
  });
});

communityCoreRoutes.patch("/:id", async (c) => {
  const { id } = params(c, idParam);
  const body = await jsonBody(c, patchBody);
  const auth = authOf(c);
  const db = await c.var.db.get();
  const { permissions } = await requireCommunity(db, auth.userId, id);
  requirePermission(permissions, "MANAGE_COMMUNITY");
  const [community] = await db.update(communities).set({ ...body, updatedAt: new Date() }).where(eq(communities.id, id)).returning();
  await audit(db, c, { action: "community.update", actorId: auth.userId, communityId: id, targetType: "community", targetId: id, details: { fields: Object.keys(body) } });
  return c.json(communityView(community));
});

/** Owner only, and the exact name must be typed back: deletion takes every channel and message with it. */
communityCoreRoutes.delete("/:id", async (c) => {
  const { id } = params(c, idParam);
  const body = await jsonBody(c, z.object({ confirmName: z.string().max(COMMUNITY_NAME_MAX + 10) }));
  const auth = authOf(c);
  const db = await c.var.db.get();
  const { community } = await requireCommunity(db, auth.userId, id);
  if (community.ownerId !== auth.userId) throw new AppError(403, "forbidden", "Only the owner can delete a community.");
  if (body.confirmName.trim() !== community.name) {
    throw new AppError(400, "community_name_mismatch", "Type the community's exact name to confirm deletion.");
  }
  const members = await db.select({ userId: communityMembers.userId }).from(communityMembers).where(eq(communityMembers.communityId, id));
  await db.delete(communities).where(eq(communities.id, id));
  await audit(db, c, { action: "community.delete", actorId: auth.userId, communityId: id, targetType: "community", targetId: id, details: { name: community.name } });
  for (const m of members) await notifyMembershipChanged(c.env, db, { communityId: id, userId: m.userId, kind: "community_deleted" });
  return c.body(null, 204);
});

communityCoreRoutes.post("/:id/leave", async (c) => {
  const { id } = params(c, idParam);
  const auth = authOf(c);
  const db = await c.var.db.get();
  const { community } = await requireCommunity(db, auth.userId, id);
  if (community.ownerId === auth.userId) {
    throw new AppError(409, "owner_cannot_leave", "Transfer ownership to another member (or delete the community) before leaving.");
  }
  await db.delete(communityMembers).where(and(eq(communityMembers.communityId, id), eq(communityMembers.userId, auth.userId)));
  await audit(db, c, { action: "member.leave", actorId: auth.userId, communityId: id, targetType: "user", targetId: auth.userId });
  await notifyMembershipChanged(c.env, db, { communityId: id, userId: auth.userId, kind: "left" });
  return c.body(null, 204);
});

/** Hands the community to another member. The owner confirms with their password (and 2FA code when on). */
communityCoreRoutes.post("/:id/transfer", async (c) => {
  const { id } = params(c, idParam);
  const body = await jsonBody(
    c,
    z.object({ userId: uuidSchema, password: z.string().min(1).max(256), totpCode: z.string().max(16).optional(), backupCode: z.string().max(32).optional() }),
  );
  const auth = authOf(c);
  const db = await c.var.db.get();
  const { community } = await requireCommunity(db, auth.userId, id);
  if (community.ownerId !== auth.userId) throw new AppError(403, "forbidden", "Only the owner can transfer ownership.");
  const [target] = await db.select().from(communityMembers).where(and(eq(communityMembers.communityId, id), eq(communityMembers.userId, body.userId)));
  if (!target || body.userId === auth.userId) throw new AppError(404, "member_not_found", "The new owner must be another member of this community.");
  await confirmIdentity(db, c, await currentUser(db, auth.userId), body);
  const [updated] = await db.update(communities).set({ ownerId: body.userId, updatedAt: new Date() }).where(eq(communities.id, id)).returning();
  await audit(db, c, { action: "community.transfer_ownership", actorId: auth.userId, communityId: id, targetType: "user", targetId: body.userId });
  await notifyMembershipChanged(c.env, db, { communityId: id, userId: body.userId, kind: "roles_changed" });
  await notifyMembershipChanged(c.env, db, { communityId: id, userId: auth.userId, kind: "roles_changed" });
  return c.json(communityView(updated));
});
