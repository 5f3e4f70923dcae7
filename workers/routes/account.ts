import { and, desc, eq, isNull } from "drizzle-orm";
import { Hono, type Context } from "hono";
import { z } from "zod";
import { sessions, users, type User } from "../../schema/index.ts";
import { deleteAccount, notifyAccountDeleted } from "../account-deletion.ts";
import { audit } from "../audit.ts";
import { assertNotLocked, clearFailures, recordFailure } from "../auth/lockout.ts";
import { hashPassword, validatePasswordStrength, verifyPassword } from "../auth/password.ts";
import { hashRecoveryCode, newRecoveryCode } from "../auth/recovery.ts";
import { checkSecondFactor } from "../auth/second-factor.ts";
import { revokeSession, revokeUserSessions } from "../auth/sessions.ts";
import { notifyDevicesChanged } from "../e2ee/devices.ts";
import type { Db } from "../db.ts";
import type { AppEnv } from "../env.ts";
import { AppError } from "../errors.ts";
import { sweepFilesSoon } from "../files/sweep.ts";
import { authOf, requireAuth } from "../http/auth-middleware.ts";
import { jsonBody, params, uuidSchema } from "../http/validate.ts";
import { displayNameSchema, publicUser } from "./auth.ts";
import { blockRoutes } from "./blocks.ts";
import { exportRoutes } from "./data-export.ts";
import { totpRoutes } from "./totp.ts";

export const passwordField = z.string().min(1).max(256);

export const accountRoutes = new Hono<AppEnv>();
accountRoutes.use("*", requireAuth);

export async function currentUser(db: Db, userId: string): Promise<User> {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) throw new AppError(401, "invalid_token", "This account no longer exists.");
  return user;
}

/**
 * Re-authentication for dangerous actions: the password, plus a second factor when 2FA is on (unless
 * `passwordOnly`). Failures count toward the same lockout as sign-in, so a stolen access token is no way around it.
 */
export async function confirmIdentity(
  db: Db,
  c: Context<AppEnv>,
  user: User,
  input: { password: string; totpCode?: string; backupCode?: string },
  opts: { passwordOnly?: boolean } = {},
): Promise<void> {
  assertNotLocked(user);
  if (!(await verifyPassword(input.password, user.passwordHash))) {
    await recordFailure(db, c, user, "reauth_password");
    throw new AppError(401, "invalid_credentials", "The password is wrong.");
  }
  if (user.totpEnabled && !opts.passwordOnly) {
    if (!input.totpCode && !input.backupCode) throw new AppError(401, "totp_required", "Enter a code from your authenticator app, or a backup code.");
    if (!(await checkSecondFactor(db, c.env, user, input))) {
      await recordFailure(db, c, user, "reauth_totp");
      throw new AppError(401, "invalid_totp", "That two-factor code is not valid.");
    }
  }
  await clearFailures(db, user);
}

accountRoutes.get("/", async (c) => {
  const db = await c.var.db.get();
  return c.json(publicUser(await currentUser(db, authOf(c).userId)));
});

accountRoutes.patch("/", async (c) => {
  const body = await jsonBody(
    c,
    z
      .object({ displayName: displayNameSchema, readReceipts: z.boolean() })
      .partial()
      .strict()
      .refine((b) => b.displayName !== undefined || b.readReceipts !== undefined, "Change displayName or readReceipts."),
  );
  const auth = authOf(c);
  const db = await c.var.db.get();
  const [user] = await db.update(users).set({ ...body, updatedAt: new Date() }).where(eq(users.id, auth.userId)).returning();
  await audit(db, c, { action: "user.update_profile", actorId: auth.userId, targetType: "user", targetId: auth.userId });
  return c.json(publicUser(user));
});

accountRoutes.post("/password", async (c) => {
  const body = await jsonBody(c, z.object({ currentPassword: passwordField, newPassword: passwordField }));
  const auth = authOf(c);
  const db = await c.var.db.get();
  const user = await currentUser(db, auth.userId);
  // Strength first: it needs no secret, and refusing a weak choice should not cost an Argon2 hash.
  const weak = validatePasswordStrength(body.newPassword, user.username);
  if (weak) throw new AppError(400, "weak_password", weak);
  await confirmIdentity(db, c, user, { password: body.currentPassword }, { passwordOnly: true });
  await db.update(users).set({ passwordHash: await hashPassword(body.newPassword), updatedAt: new Date() }).where(eq(users.id, user.id));
  const revoked = await revokeUserSessions(db, user.id, "password_changed", auth.sessionId);
  await audit(db, c, { action: "user.change_password", actorId: user.id, targetType: "user", targetId: user.id, details: { revokedSessions: revoked } });
  return c.json({ revokedSessions: revoked });
});

/**
 * A new recovery code, shown once; the old one stops working. Needs the password, and a second factor when 2FA is
 * on: the recovery code resets the password, so whoever holds a stolen session must not be able to mint one.
 */
accountRoutes.post("/recovery-code", async (c) => {
  const body = await jsonBody(c, z.object({ password: passwordField, totpCode: z.string().max(16).optional(), backupCode: z.string().max(32).optional() }));
  const auth = authOf(c);
  const db = await c.var.db.get();
  const user = await currentUser(db, auth.userId);
  await confirmIdentity(db, c, user, body);
  const recoveryCode = newRecoveryCode();
  await db.update(users).set({ recoveryCodeHash: await hashRecoveryCode(recoveryCode), updatedAt: new Date() }).where(eq(users.id, user.id));
  await audit(db, c, { action: "user.regenerate_recovery_code", actorId: user.id, targetType: "user", targetId: user.id });
  return c.json({ recoveryCode });
});

/**
 * Deletes the account (workers/account-deletion.ts): sessions end, memberships and personal data go, the row stays
 * as "Deleted user" so anything the person wrote keeps a valid author. 409 owns_communities while they own any.
 */
accountRoutes.delete("/", async (c) => {
  const body = await jsonBody(c, z.object({ password: passwordField, totpCode: z.string().max(16).optional(), backupCode: z.string().max(32).optional() }));
  const auth = authOf(c);
  const db = await c.var.db.get();
  const user = await currentUser(db, auth.userId);
  await confirmIdentity(db, c, user, body);
  const left = await deleteAccount(db, user.id);
  await audit(db, c, { action: "user.delete_account", actorId: user.id, targetType: "user", targetId: user.id });
  await notifyAccountDeleted(c.env, db, user.id, left);
  // Its unsent uploads and profile picture were deleted: their bytes go now rather than at the next sweep.
  sweepFilesSoon(c, 0);
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
  // Its encryption device went with it: people writing to this user should stop sealing for it.
  await notifyDevicesChanged(c, db, auth.userId);
  return c.body(null, 204);
});

/** Signs out every other device. */
accountRoutes.post("/sessions/revoke-others", async (c) => {
  const auth = authOf(c);
  const db = await c.var.db.get();
  const revoked = await revokeUserSessions(db, auth.userId, "revoked_by_user", auth.sessionId);
  await audit(db, c, { action: "auth.revoke_other_sessions", actorId: auth.userId, details: { revoked } });
  if (revoked > 0) await notifyDevicesChanged(c, db, auth.userId);
  return c.json({ revokedSessions: revoked });
});

accountRoutes.route("/totp", totpRoutes);
accountRoutes.route("/blocks", blockRoutes);
accountRoutes.route("/export", exportRoutes);
