import { and, eq, isNull, or, lt } from "drizzle-orm";
import { backupCodes, users, type User } from "../../schema/index.ts";
import type { Db } from "../db.ts";
import type { Env } from "../env.ts";
import { openSecret, parseKeyHex } from "./secret-box.ts";
import { normalizeBackupCode, verifyTotp } from "./totp.ts";
import { sha256Hex } from "./tokens.ts";

/** Additional data binding a sealed TOTP secret to its user: a sealed value copied to another row won't open. */
export function totpAad(userId: string): Uint8Array {
  return new TextEncoder().encode(`totp:${userId}`);
}

export function atRestKey(env: Env): Uint8Array {
  if (!env.AT_REST_KEY) throw new Error("AT_REST_KEY is not set: run `npm start` once to generate data/secrets/");
  return parseKeyHex(env.AT_REST_KEY);
}

export function unsealTotpSecret(env: Env, user: Pick<User, "id" | "totpSecretSealed">): Uint8Array | null {
  return user.totpSecretSealed ? openSecret(atRestKey(env), user.totpSecretSealed, totpAad(user.id)) : null;
}

/**
 * Checks a TOTP code (each time step is accepted once, so a code seen over a shoulder cannot be replayed) or a
 * single-use backup code. Returns true when one of them is good, and records its use.
 */
export async function checkSecondFactor(db: Db, env: Env, user: User, input: { totpCode?: string; backupCode?: string }): Promise<boolean> {
  if (input.totpCode) return checkTotp(db, env, user, input.totpCode);
  if (input.backupCode) {
    const codeHash = await sha256Hex(normalizeBackupCode(input.backupCode));
    const used = await db
      .update(backupCodes)
      .set({ usedAt: new Date() })
      .where(and(eq(backupCodes.userId, user.id), eq(backupCodes.codeHash, codeHash), isNull(backupCodes.usedAt)))
      .returning({ userId: backupCodes.userId });
    return used.length === 1;
  }
  return false;
}

export async function checkTotp(db: Db, env: Env, user: User, code: string): Promise<boolean> {
  const secret = unsealTotpSecret(env, user);
  if (!secret) return false;
  const step = await verifyTotp(secret, code, Math.floor(Date.now() / 1000), 1);
  if (step === null) return false;
  const claimed = await db
    .update(users)
    .set({ totpLastStep: step })
    .where(and(eq(users.id, user.id), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
    .returning({ id: users.id });
  return claimed.length === 1;
}
