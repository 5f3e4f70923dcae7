import { and, desc, eq, isNull } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { backupCodes, sessions, users, type User } from "../../schema/index.ts";
import { audit } from "../audit.ts";
import { hashPassword, validatePasswordStrength, verifyPassword } from "../auth/password.ts";
import { checkSecondFactor } from "../auth/second-factor.ts";
import { randomToken } from "../auth/tokens.ts";
import { revokeSession, revokeUserSessions } from "../auth/sessions.ts";
import type { Db } from "../db.ts";
import type { AppEnv } from "../env.ts";
import { AppError } from "../errors.ts";
import { authOf, requireAuth } from "../http/auth-middleware.ts";
import { jsonBody, params, uuidSchema } from "../http/validate.ts";
import { displayNameSchema, publicUser } from "./auth.ts";
import { blockRoutes } from "./blocks.ts";
import { totpRoutes } from "./totp.ts";

const passwordField = z.string().min(1).max(256);

export const accountRoutes = new Hono<AppEnv>();
accountRoutes.use("*", requireAuth);

export async function currentUser(db: Db, userId: string): Promise<User> {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) throw new AppError(401, "invalid_token", "This account no longer exists.");
  return user;
}

/** Re-authentication for dangerous actions: the password, plus a second factor when 2FA is on. */
export async function confirmIdentity(db: Db, env: AppEnv["Bindings"], user: User, input: { password: string; totpCode?: string; backupCode?: string }) {
  if (!(await verifyPassword(input.password, user.passwordHash))) throw new AppError(401, "invalid_credentials", "The password is wrong.");
  if (user.totpEnabled) {
    if (!input.totpCode && !input.backupCode) throw new AppError(401, "totp_required", "Enter a code from your authenticator app, or a backup code.");
    if (!(await checkSecondFactor(db, env, user, input))) throw new AppError(401, "invalid_totp", "That two-factor code is not valid.");
  }
}

accountRoutes.get("/", async (c) => {
  const db = await c.var.db.get();
  return c.json(publicUser(await currentUser(db, authOf(c).userId)));
});

accountRoutes.patch("/", async (c) => {
  const body = await jsonBody(c, z.object({ displayName: displayNameSchema }).strict());
  const auth = authOf(c);
  const db = await c.var.db.get();
  const [user] = await db.update(users).set({ displayName: body.displayName, updatedAt: new Date() }).where(eq(users.id, auth.userId)).returning();
  await audit(db, c, { action: "user.update_profile", actorId: auth.userId, targetType: "user", targetId: auth.userId });
  return c.json(publicUser(user));
});

accountRoutes.post("/password", async (c) => {
  const body = await jsonBody(c, z.object({ currentPassword: passwordField, newPassword: passwordField }));
  const auth = authOf(c);
  const db = await c.var.db.get();
  const user = await currentUser(db, auth.userId);
  if (!(await verifyPassword(body.currentPassword, user.passwordHash))) throw new AppError(401, "invalid_credentials", "The current password is wrong.");
  const weak = validatePasswordStrength(body.newPassword, user.username);
  if (weak) throw new AppError(400, "weak_password", weak);
  await db.update(users).set({ passwordHash: await hashPassword(body.newPassword), updatedAt: new Date() }).where(eq(users.id, user.id));
  const revoked = await revokeUserSessions(db, user.id, "password_changed", auth.sessionId);
  await audit(db, c, { action: "user.change_password", actorId: user.id, targetType: "user", targetId: user.id, details: { revokedSessions: revoked } });
  return c.json({ revokedSessions: revoked });
});

/**
 * Deletes the account: sessions end, personal data goes, the row stays as "Deleted user" so anything the
 * person wrote keeps a valid author.
 */
accountRoutes.delete("/", async (c) => {
  const body = await jsonBody(c, z.object({ password: passwordField, totpCode: z.string().max(16).optional(), backupCode: z.string().max(32).optional() }));
  const auth = authOf(c);
  const db = await c.var.db.get();
  const user = await currentUser(db, auth.userId);
  await confirmIdentity(db, c.env, user, body);
  await db.transaction(async (tx) => {
    await revokeUserSessions(tx as unknown as Db, user.id, "account_deleted");
    await tx.delete(backupCodes).where(eq(backupCodes.userId, user.id));
    await tx
      .update(users)
      .set({
        username: `deleted_${user.id.replace(/-/g, "").slice(-12)}`,
        displayName: "Deleted user",
        passwordHash: `!deleted:${randomToken()}`,
        recoveryCodeHash: `!deleted:${randomToken()}`,
        totpSecretSealed: null,
        totpEnabled: false,
        isAdmin: false,
        deletedAt: new Date(),
        updatedAt: new Date(),
      })
      .where(eq(users.id, user.id));
  });
  await audit(db, c, { action: "user.delete_account", actorId: user.id, targetType: "user", targetId: user.id });
  return c.body(null, 204);
});

accountRoutes.get("/sessions", async (c) => {
  const auth = authOf(c);
  const db = await c.var.db.get();
  const rows = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, auth.userId), isNull(sessions.revokedAt)))
    .orderBy(desc(sessions.lastUsedAt));
  const now = new Date();
  return c.json({
    sessions: rows
      .filter((s) => s.expiresAt > now)
      .map((s) => ({ id: s.id, deviceName: s.deviceName, ip: s.ip, userAgent: s.userAgent, createdAt: s.createdAt, lastUsedAt: s.lastUsedAt, current: s.id === auth.sessionId })),
  });
});

accountRoutes.delete("/sessions/:id", async (c) => {
  const { id } = params(c, z.object({ id: uuidSchema }));
  const auth = authOf(c);
  const db = await c.var.db.get();
  const [row] = await db.select({ id: sessions.id }).from(sessions).where(and(eq(sessions.id, id), eq(sessions.userId, auth.userId), isNull(sessions.revokedAt)));
  if (!row) throw new AppError(404, "session_not_found", "No such session on your account.");
  await revokeSession(db, id, "revoked_by_user");
  await audit(db, c, { action: "auth.revoke_session", actorId: auth.userId, targetType: "session", targetId: id });
  return c.body(null, 204);
});

/** Signs out every other device. */
accountRoutes.post("/sessions/revoke-others", async (c) => {
  const auth = authOf(c);
  const db = await c.var.db.get();
  const revoked = await revokeUserSessions(db, auth.userId, "revoked_by_user", auth.sessionId);
  await audit(db, c, { action: "auth.revoke_other_sessions", actorId: auth.userId, details: { revoked } });
  return c.json({ revokedSessions: revoked });
});

accountRoutes.route("/totp", totpRoutes);
accountRoutes.route("/blocks", blockRoutes);
