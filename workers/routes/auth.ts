import { and, eq, gt, isNull, or, sql } from "drizzle-orm";
import { Hono } from "hono";
import { uuidv7 } from "uuidv7";
import { z } from "zod";
import { DISPLAY_NAME_MAX, DEVICE_NAME_MAX, PASSWORD_MAX, USERNAME_MAX, USERNAME_MIN, USERNAME_PATTERN } from "../../protocol/limits.ts";
import { refreshTokens, registrationInvites, sessions, users, type User } from "../../schema/index.ts";
import { audit } from "../audit.ts";
import { hashPassword, validatePasswordStrength, verifyPassword } from "../auth/password.ts";
import { assertNotLocked, clearFailures, recordFailure } from "../auth/lockout.ts";
import { hashRecoveryCode, newRecoveryCode } from "../auth/recovery.ts";
import { continueSession, openSession, revokeSession, revokeUserSessions } from "../auth/sessions.ts";
import { sha256Hex, timingSafeEqual } from "../auth/tokens.ts";
import { checkSecondFactor } from "../auth/second-factor.ts";
import type { Db } from "../db.ts";
import type { AppEnv } from "../env.ts";
import { notifyDevicesChanged } from "../e2ee/devices.ts";
import { AppError } from "../errors.ts";
import { authOf, requireAuth } from "../http/auth-middleware.ts";
import { jsonBody } from "../http/validate.ts";
import { isAdminUsername, registrationMode } from "../settings.ts";

/**
 * Lower-cases A-Z only. String.prototype.toLowerCase maps some non-ASCII letters onto ASCII (U+212A KELVIN SIGN
 * becomes "k"), which would let a look-alike spelling register or sign in as someone else's name.
 */
export function asciiLower(s: string): string {
  return s.replace(/[A-Z]/g, (ch) => ch.toLowerCase());
}

export const usernameSchema = z
  .string()
  .trim()
  .min(USERNAME_MIN, `Usernames are ${USERNAME_MIN}-${USERNAME_MAX} characters.`)
  .max(USERNAME_MAX, `Usernames are ${USERNAME_MIN}-${USERNAME_MAX} characters.`)
  .transform(asciiLower)
  .refine((s) => USERNAME_PATTERN.test(s), "Usernames use only letters, digits, underscore and dot.");
/** A username as typed at sign-in: never validated against the pattern (a miss is just invalid_credentials). */
const loginUsernameSchema = z.string().trim().min(1).max(USERNAME_MAX).transform(asciiLower);
export const displayNameSchema = z.string().trim().min(1).max(DISPLAY_NAME_MAX);
const passwordSchema = z.string().min(1).max(PASSWORD_MAX);
const deviceNameSchema = z.string().trim().max(DEVICE_NAME_MAX).optional();

const registerBody = z.object({
  username: usernameSchema,
  password: passwordSchema,
  displayName: displayNameSchema.optional(),
  inviteCode: z.string().trim().min(1).max(64).optional(),
  deviceName: deviceNameSchema,
});

const loginBody = z.object({
  username: loginUsernameSchema,
  password: passwordSchema,
  totpCode: z.string().trim().max(16).optional(),
  backupCode: z.string().trim().max(32).optional(),
  deviceName: deviceNameSchema,
});

const refreshBody = z.object({ refreshToken: z.string().min(1).max(200) });

const recoverBody = z.object({
  username: loginUsernameSchema,
  recoveryCode: z.string().trim().min(1).max(64),
  newPassword: passwordSchema,
});

export function publicUser(u: Pick<User, "id" | "username" | "displayName" | "avatarUrl" | "bannerUrl" | "isAdmin" | "totpEnabled" | "readReceipts" | "createdAt">) {
  return { id: u.id, username: u.username, displayName: u.displayName, avatarUrl: u.avatarUrl, bannerUrl: u.bannerUrl, isAdmin: u.isAdmin, totpEnabled: u.totpEnabled, readReceipts: u.readReceipts, createdAt: u.createdAt };
}

// A real Argon2id hash of a random password, verified against when the username is unknown so that a miss
// takes as long as a hit and does not reveal which usernames exist.
const DUMMY_HASH = "$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHRzb21lc2FsdA$3xRpLQ4kq7f2oU4bH3bqg0xw5H8oXH4mS0u2pXb4yMQ";

export const authRoutes = new Hono<AppEnv>();

authRoutes.post("/register", async (c) => {
  const body = await jsonBody(c, registerBody);
  const weak = validatePasswordStrength(body.password, body.username);
  if (weak) throw new AppError(400, "weak_password", weak);
  const db = await c.var.db.get();

  const adminByName = isAdminUsername(c.env, body.username);
  const mode = await registrationMode(db, c.env);
  // Invites only matter when they are needed or offered; the admin username needs none. Checked before the
  // Argon2 hash so that guessing codes costs the server nothing; consumed atomically in the transaction below.
  const inviteCode = adminByName ? undefined : body.inviteCode;
  const invite = inviteCode ? await usableInvite(db, inviteCode) : null;
  if (inviteCode && !invite) throw invalidInvite();
  // Closed means closed, except for the one-time bootstrap invite that lets the first admin in.
  if (!adminByName && mode === "closed" && !invite?.grantsAdmin) throw new AppError(403, "registration_closed", "Registration on this instance is closed.");
  if (!adminByName && mode === "invite_only" && !invite) throw new AppError(403, "invite_required", "This instance needs an invite code to register.");
  const [taken] = await db.select({ id: users.id }).from(users).where(eq(users.username, body.username));
  if (taken) throw new AppError(409, "username_taken", "That username is taken.");

  const passwordHash = await hashPassword(body.password);
  const recoveryCode = newRecoveryCode();
  const recoveryCodeHash = await hashRecoveryCode(recoveryCode);
  const userId = uuidv7();

  const user = await db.transaction(async (tx) => {
    if (inviteCode) {
      const [used] = await tx
        .update(registrationInvites)
        .set({ uses: sql`${registrationInvites.uses} + 1` })
        .where(and(eq(registrationInvites.code, inviteCode), inviteIsUsable()))
        .returning({ code: registrationInvites.code });
      // Someone else took its last use while we were hashing.
      if (!used) throw invalidInvite();
    }
    const inserted = await tx
      .insert(users)
      .values({ id: userId, username: body.username, displayName: body.displayName ?? body.username, passwordHash, recoveryCodeHash, isAdmin: adminByName || !!invite?.grantsAdmin })
      .onConflictDoNothing()
      .returning();
    if (!inserted[0]) throw new AppError(409, "username_taken", "That username is taken.");
    return inserted[0];
  });

  const tokens = await openSession(db, c, user.id, body.deviceName);
  await audit(db, c, { action: "user.register", actorId: user.id, targetType: "user", targetId: user.id, details: { viaInvite: !!body.inviteCode, isAdmin: user.isAdmin } });
  return c.json({ user: publicUser(user), accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, recoveryCode }, 201);
});

authRoutes.post("/login", async (c) => {
  const body = await jsonBody(c, loginBody);
  const db = await c.var.db.get();
  const [user] = await db.select().from(users).where(eq(users.username, body.username));
  if (!user || user.deletedAt) {
    await verifyPassword(body.password, DUMMY_HASH);
    await audit(db, c, { action: "auth.login_failed", details: { reason: "unknown_user" } });
    throw new AppError(401, "invalid_credentials", "Wrong username or password.");
  }
  assertNotLocked(user);

  if (!(await verifyPassword(body.password, user.passwordHash))) {
    await recordFailure(db, c, user, "password");
    throw new AppError(401, "invalid_credentials", "Wrong username or password.");
  }
  if (user.suspendedAt) throw new AppError(403, "account_suspended", "This account is suspended.");
  if (user.totpEnabled) {
    if (!body.totpCode && !body.backupCode) throw new AppError(401, "totp_required", "Enter the code from your authenticator app, or a backup code.");
    if (!(await checkSecondFactor(db, c.env, user, body))) {
      await recordFailure(db, c, user, "totp");
      throw new AppError(401, "invalid_totp", "That two-factor code is not valid.");
    }
  }
  await clearFailures(db, user);
  const tokens = await openSession(db, c, user.id, body.deviceName);
  await audit(db, c, { action: "auth.login", actorId: user.id, targetType: "session", targetId: tokens.sessionId });
  return c.json({ user: publicUser(user), accessToken: tokens.accessToken, refreshToken: tokens.refreshToken });
});

/** Not revoked, not used up, not expired. */
function inviteIsUsable() {
  return and(
    isNull(registrationInvites.revokedAt),
    or(isNull(registrationInvites.maxUses), sql`${registrationInvites.uses} < ${registrationInvites.maxUses}`),
    or(isNull(registrationInvites.expiresAt), gt(registrationInvites.expiresAt, new Date())),
  );
}

async function usableInvite(db: Db, code: string) {
  const [invite] = await db.select({ grantsAdmin: registrationInvites.grantsAdmin }).from(registrationInvites).where(and(eq(registrationInvites.code, code), inviteIsUsable()));
  return invite ?? null;
}

function invalidInvite(): AppError {
  return new AppError(403, "invalid_invite", "That invite code is not valid: it may have expired, been used up or revoked.");
}

authRoutes.post("/refresh", async (c) => {
  const { refreshToken } = await jsonBody(c, refreshBody);
  const db = await c.var.db.get();
  const tokenHash = await sha256Hex(refreshToken);
  const [row] = await db
    .select({ session: sessions, replacedAt: refreshTokens.replacedAt, suspendedAt: users.suspendedAt, deletedAt: users.deletedAt })
    .from(refreshTokens)
    .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(refreshTokens.tokenHash, tokenHash));
  const invalid = new AppError(401, "invalid_refresh_token", "That refresh token is not valid; sign in again.");
  if (!row || row.session.revokedAt || row.session.expiresAt <= new Date() || row.deletedAt) throw invalid;
  if (row.suspendedAt) throw new AppError(403, "account_suspended", "This account is suspended.");

  // Only one caller can move a token from live to replaced; a second presentation is a leak or a replay.
  const claimed = row.replacedAt
    ? []
    : await db
        .update(refreshTokens)
        .set({ replacedAt: new Date() })
        .where(and(eq(refreshTokens.tokenHash, tokenHash), isNull(refreshTokens.replacedAt)))
        .returning({ sessionId: refreshTokens.sessionId });
  if (claimed.length === 0) {
    await revokeSession(db, row.session.id, "refresh_token_reuse");
    await audit(db, c, { action: "auth.refresh_reuse", actorId: row.session.userId, targetType: "session", targetId: row.session.id });
    throw invalid;
  }
  const tokens = await continueSession(db, c, row.session.userId, row.session.id);
  return c.json({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken });
});

authRoutes.post("/logout", requireAuth, async (c) => {
  const auth = authOf(c);
  const db = await c.var.db.get();
  await revokeSession(db, auth.sessionId, "logout");
  await audit(db, c, { action: "auth.logout", actorId: auth.userId, targetType: "session", targetId: auth.sessionId });
  await notifyDevicesChanged(c, db, auth.userId);
  return c.body(null, 204);
});

/** Resets a forgotten password with the recovery code; answers with the next code, since this one is now spent. */
authRoutes.post("/recover", async (c) => {
  const body = await jsonBody(c, recoverBody);
  const db = await c.var.db.get();
  const [user] = await db.select().from(users).where(eq(users.username, body.username));
  const presented = await hashRecoveryCode(body.recoveryCode);
  if (!user || user.deletedAt || !timingSafeEqual(presented, user.recoveryCodeHash)) {
    await audit(db, c, { action: "auth.recover_failed", targetType: "user", targetId: user?.id });
    throw new AppError(401, "invalid_recovery_code", "That username and recovery code do not match.");
  }
  const weak = validatePasswordStrength(body.newPassword, user.username);
  if (weak) throw new AppError(400, "weak_password", weak);
  const recoveryCode = newRecoveryCode();
  await db
    .update(users)
    .set({ passwordHash: await hashPassword(body.newPassword), recoveryCodeHash: await hashRecoveryCode(recoveryCode), failedLogins: 0, lockedUntil: null, updatedAt: new Date() })
    .where(eq(users.id, user.id));
  await revokeUserSessions(db, user.id, "password_recovered");
  await audit(db, c, { action: "auth.recovered", actorId: user.id, targetType: "user", targetId: user.id });
  return c.json({ recoveryCode });
});
