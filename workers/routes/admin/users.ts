/**
 * Instance admin: users. Search, view, suspend / unsuspend, delete, reset password (to a fresh recovery code) and
 * promote / demote. An admin never acts on themselves here, and must demote another admin before suspending or
 * deleting them; the ADMIN_USERNAME account cannot be demoted (the environment would promote it again).
 */
import { and, asc, count, eq, gt, ilike, isNull, or } from "drizzle-orm";
import { Hono, type Context } from "hono";
import { z } from "zod";
import { REASON_MAX } from "../../../protocol/limits.ts";
import { communities, communityMembers, sessions, users, type User } from "../../../schema/index.ts";
import { deleteAccount, notifyAccountDeleted } from "../../account-deletion.ts";
import { audit } from "../../audit.ts";
import { hashRecoveryCode, newRecoveryCode } from "../../auth/recovery.ts";
import { revokeUserSessions } from "../../auth/sessions.ts";
import { randomToken } from "../../auth/tokens.ts";
import type { Db } from "../../db.ts";
import type { AppEnv } from "../../env.ts";
import { AppError } from "../../errors.ts";
import { authOf } from "../../http/auth-middleware.ts";
import { jsonBody, optionalJsonBody, params, query, uuidSchema } from "../../http/validate.ts";
import { isAdminUsername } from "../../settings.ts";

const idParam = z.object({ id: uuidSchema });
const searchQuery = z.object({
  q: z.string().trim().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  after: uuidSchema.optional(),
});

function adminUserView(u: User) {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    isAdmin: u.isAdmin,
    totpEnabled: u.totpEnabled,
    suspendedAt: u.suspendedAt,
    suspendedReason: u.suspendedReason,
    lockedUntil: u.lockedUntil,
    deletedAt: u.deletedAt,
    createdAt: u.createdAt,
  };
}

/** The target user (404 user_not_found), never the calling admin themselves. */
async function target(db: Db, c: Context<AppEnv>, id: string): Promise<User> {
  const [user] = await db.select().from(users).where(eq(users.id, id));
  if (!user) throw new AppError(404, "user_not_found", "No such user.");
  if (user.id === authOf(c).userId) throw new AppError(403, "cannot_moderate_self", "Admins cannot do this to their own account.");
  return user;
}

function requireNotAdmin(user: User): void {
  if (user.isAdmin) throw new AppError(409, "conflict", "This user is an instance admin: demote them first.");
}

export const adminUserRoutes = new Hono<AppEnv>();

/** Search by username or display name (case-insensitive substring); ordered by id, paged with `after`. */
adminUserRoutes.get("/", async (c) => {
  const q = query(c, searchQuery);
  const db = await c.var.db.get();
  const pattern = q.q ? `%${q.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%` : null;
  const rows = await db
    .select()
    .from(users)
    .where(and(pattern ? or(ilike(users.username, pattern), ilike(users.displayName, pattern)) : undefined, q.after ? gt(users.id, q.after) : undefined))
    .orderBy(asc(users.id))
    .limit(q.limit);
  return c.json({ users: rows.map(adminUserView), nextAfter: rows.length === q.limit ? rows[rows.length - 1].id : null });
});

adminUserRoutes.get("/:id", async (c) => {
  const { id } = params(c, idParam);
  const db = await c.var.db.get();
  const [user] = await db.select().from(users).where(eq(users.id, id));
  if (!user) throw new AppError(404, "user_not_found", "No such user.");
  const memberOf = await db
    .select({ id: communities.id, name: communities.name, ownerId: communities.ownerId })
    .from(communityMembers)
    .innerJoin(communities, eq(communities.id, communityMembers.communityId))
    .where(eq(communityMembers.userId, id));
  const [{ activeSessions }] = await db
    .select({ activeSessions: count() })
    .from(sessions)
    .where(and(eq(sessions.userId, id), isNull(sessions.revokedAt), gt(sessions.expiresAt, new Date())));
  return c.json({ ...adminUserView(user), activeSessions, communities: memberOf.map((m) => ({ id: m.id, name: m.name, isOwner: m.ownerId === id })) });
});

/** Suspends: every session ends now and sign-in answers 403 account_suspended until lifted. */
adminUserRoutes.post("/:id/suspend", async (c) => {
  const { id } = params(c, idParam);
  const body = await optionalJsonBody(c, z.object({ reason: z.string().trim().max(REASON_MAX).optional() }));
  const db = await c.var.db.get();
  const user = await target(db, c, id);
  requireNotAdmin(user);
  const [updated] = await db.update(users).set({ suspendedAt: new Date(), suspendedReason: body.reason ?? null, updatedAt: new Date() }).where(eq(users.id, id)).returning();
  const revoked = await revokeUserSessions(db, id, "suspended");
  await audit(db, c, { action: "admin.user_suspend", actorId: authOf(c).userId, targetType: "user", targetId: id, reason: body.reason, details: { revokedSessions: revoked } });
  return c.json(adminUserView(updated));
});

adminUserRoutes.post("/:id/unsuspend", async (c) => {
  const { id } = params(c, idParam);
  const db = await c.var.db.get();
  await target(db, c, id);
  const [updated] = await db.update(users).set({ suspendedAt: null, suspendedReason: null, updatedAt: new Date() }).where(eq(users.id, id)).returning();
  await audit(db, c, { action: "admin.user_unsuspend", actorId: authOf(c).userId, targetType: "user", targetId: id });
  return c.json(adminUserView(updated));
});

/** Deletes the account as if its owner had (see account-deletion.ts); 409 owns_communities while it owns any. */
adminUserRoutes.delete("/:id", async (c) => {
  const { id } = params(c, idParam);
  const db = await c.var.db.get();
  const user = await target(db, c, id);
  requireNotAdmin(user);
  if (user.deletedAt) return c.body(null, 204);
  const left = await deleteAccount(db, id);
  await audit(db, c, { action: "admin.user_delete", actorId: authOf(c).userId, targetType: "user", targetId: id, details: { username: user.username } });
  await notifyAccountDeleted(c.env, db, id, left);
  return c.body(null, 204);
});

/**
 * Resets a forgotten password the way Hearth can without email: the old password stops working, every session
 * ends, and the answer holds a new recovery code for the admin to hand over. The person then sets a password
 * with POST /auth/recover { username, recoveryCode, newPassword }.
 */
adminUserRoutes.post("/:id/reset-password", async (c) => {
  const { id } = params(c, idParam);
  const db = await c.var.db.get();
  const user = await target(db, c, id);
  if (user.deletedAt) throw new AppError(404, "user_not_found", "No such user.");
  const recoveryCode = newRecoveryCode();
  await db
    .update(users)
    .set({ passwordHash: `!reset:${randomToken()}`, recoveryCodeHash: await hashRecoveryCode(recoveryCode), failedLogins: 0, lockedUntil: null, updatedAt: new Date() })
    .where(eq(users.id, id));
  const revoked = await revokeUserSessions(db, id, "password_reset_by_admin");
  await audit(db, c, { action: "admin.user_reset_password", actorId: authOf(c).userId, targetType: "user", targetId: id, details: { revokedSessions: revoked } });
  return c.json({ userId: id, username: user.username, recoveryCode });
});

adminUserRoutes.post("/:id/promote", async (c) => {
  const { id } = params(c, idParam);
  const body = await jsonBody(c, z.object({ isAdmin: z.boolean() }));
  const db = await c.var.db.get();
  const user = await target(db, c, id);
  if (user.deletedAt || user.suspendedAt) throw new AppError(409, "conflict", "Deleted or suspended users cannot be promoted or demoted.");
  if (!body.isAdmin && isAdminUsername(c.env, user.username)) throw new AppError(409, "conflict", "This is the account named by ADMIN_USERNAME, which always stays an instance admin.");
  const [updated] = await db.update(users).set({ isAdmin: body.isAdmin, updatedAt: new Date() }).where(eq(users.id, id)).returning();
  await audit(db, c, { action: body.isAdmin ? "admin.user_promote" : "admin.user_demote", actorId: authOf(c).userId, targetType: "user", targetId: id });
  return c.json(adminUserView(updated));
});
