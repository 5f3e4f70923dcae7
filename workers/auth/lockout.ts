// Account lockout: LOCKOUT_THRESHOLD wrong passwords or second-factor codes lock an account for LOCKOUT_DURATION_S.
// Every place that checks a password counts (sign-in and the re-authentication that guards password change, 2FA
// changes and deletion), so a stolen access token cannot be used to guess the password around the lock.
import { eq, sql } from "drizzle-orm";
import type { Context } from "hono";
import { LOCKOUT_DURATION_S, LOCKOUT_THRESHOLD } from "../../protocol/limits.ts";
import { users, type User } from "../../schema/index.ts";
import { audit } from "../audit.ts";
import type { Db } from "../db.ts";
import type { AppEnv } from "../env.ts";
import { AppError } from "../errors.ts";

function locked(until: Date): AppError {
  return new AppError(423, "account_locked", `Too many failed sign-ins: this account is locked until ${until.toISOString()}.`, { lockedUntil: until.toISOString() });
}

/** Throws 423 account_locked while the account is locked; call before checking any password. */
export function assertNotLocked(user: Pick<User, "lockedUntil">): void {
  if (user.lockedUntil && user.lockedUntil > new Date()) throw locked(user.lockedUntil);
}

/** Counts a failed password or code; the LOCKOUT_THRESHOLD-th locks the account and answers 423 at once. */
export async function recordFailure(db: Db, c: Context<AppEnv>, user: Pick<User, "id">, reason: string): Promise<void> {
  const [row] = await db
    .update(users)
    .set({ failedLogins: sql`${users.failedLogins} + 1` })
    .where(eq(users.id, user.id))
    .returning({ failedLogins: users.failedLogins });
  await audit(db, c, { action: "auth.login_failed", targetType: "user", targetId: user.id, details: { reason } });
  if (row && row.failedLogins >= LOCKOUT_THRESHOLD) {
    const until = new Date(Date.now() + LOCKOUT_DURATION_S * 1000);
    await db.update(users).set({ failedLogins: 0, lockedUntil: until }).where(eq(users.id, user.id));
    await audit(db, c, { action: "auth.locked", targetType: "user", targetId: user.id, details: { until: until.toISOString() } });
    throw locked(until);
  }
}

/** A correct password (and code) starts the count afresh, so scattered typos never add up to a lock. */
export async function clearFailures(db: Db, user: Pick<User, "id" | "failedLogins" | "lockedUntil">): Promise<void> {
  if (user.failedLogins === 0 && user.lockedUntil === null) return;
  await db.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, user.id));
}
