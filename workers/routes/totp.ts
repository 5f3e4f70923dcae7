import { eq } from "drizzle-orm";
import { Hono } from "hono";
import QRCode from "qrcode";
import { z } from "zod";
import { backupCodes, users } from "../../schema/index.ts";
import { audit } from "../audit.ts";
import { atRestKey, checkTotp, totpAad } from "../auth/second-factor.ts";
import { sealSecret } from "../auth/secret-box.ts";
import { base32Encode, generateBackupCodes, generateTotpSecret, normalizeBackupCode, otpauthUri } from "../auth/totp.ts";
import { sha256Hex } from "../auth/tokens.ts";
import type { Db } from "../db.ts";
import type { AppEnv } from "../env.ts";
import { AppError } from "../errors.ts";
import { authOf } from "../http/auth-middleware.ts";
import { jsonBody } from "../http/validate.ts";
import { confirmIdentity, currentUser } from "./account.ts";

const ISSUER = "Hearth";
const codeField = z.string().trim().min(1).max(16);
const confirmBody = z.object({ password: z.string().min(1).max(256), totpCode: codeField.optional(), backupCode: z.string().trim().max(32).optional() });

export const totpRoutes = new Hono<AppEnv>();

/** Replaces a user's backup codes with fresh ones; only hashes are kept, so this is the one time they are shown. */
async function issueBackupCodes(db: Db, userId: string): Promise<string[]> {
  const codes = generateBackupCodes(8);
  const rows = await Promise.all(codes.map(async (code) => ({ userId, codeHash: await sha256Hex(normalizeBackupCode(code)) })));
  await db.delete(backupCodes).where(eq(backupCodes.userId, userId));
  await db.insert(backupCodes).values(rows);
  return codes;
}

/** Step 1: a new secret, shown as an otpauth:// URI and a QR code. 2FA stays off until a code confirms it. */
totpRoutes.post("/setup", async (c) => {
  const body = await jsonBody(c, z.object({ password: z.string().min(1).max(256) }));
  const auth = authOf(c);
  const db = await c.var.db.get();
  const user = await currentUser(db, auth.userId);
  if (user.totpEnabled) throw new AppError(409, "totp_already_enabled", "Two-factor authentication is already on; turn it off first.");
  await confirmIdentity(db, c, user, { password: body.password });
  const secret = generateTotpSecret();
  await db.update(users).set({ totpSecretSealed: sealSecret(atRestKey(c.env), secret, totpAad(user.id)), totpLastStep: null }).where(eq(users.id, user.id));
  const uri = otpauthUri({ secret, account: user.username, issuer: ISSUER });
  const qrSvg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return c.json({ secret: base32Encode(secret), otpauthUri: uri, qrSvg });
});

/** Step 2: the first code from the app turns 2FA on and yields the backup codes. */
totpRoutes.post("/enable", async (c) => {
  const body = await jsonBody(c, z.object({ code: codeField }));
  const auth = authOf(c);
  const db = await c.var.db.get();
  const user = await currentUser(db, auth.userId);
  if (user.totpEnabled) throw new AppError(409, "totp_already_enabled", "Two-factor authentication is already on.");
  if (!user.totpSecretSealed) throw new AppError(409, "totp_not_enrolled", "Start with POST /api/v1/users/me/totp/setup.");
  if (!(await checkTotp(db, c.env, user, body.code))) throw new AppError(400, "invalid_totp", "That code does not match; check the device's clock and try the next code.");
  await db.update(users).set({ totpEnabled: true, updatedAt: new Date() }).where(eq(users.id, user.id));
  const codes = await issueBackupCodes(db, user.id);
  await audit(db, c, { action: "auth.totp_enabled", actorId: user.id, targetType: "user", targetId: user.id });
  return c.json({ backupCodes: codes });
});

totpRoutes.post("/disable", async (c) => {
  const body = await jsonBody(c, confirmBody);
  const auth = authOf(c);
  const db = await c.var.db.get();
  const user = await currentUser(db, auth.userId);
  if (!user.totpEnabled) throw new AppError(409, "totp_not_enabled", "Two-factor authentication is not on.");
  await confirmIdentity(db, c, user, body);
  await db.update(users).set({ totpEnabled: false, totpSecretSealed: null, totpLastStep: null, updatedAt: new Date() }).where(eq(users.id, user.id));
  await db.delete(backupCodes).where(eq(backupCodes.userId, user.id));
  await audit(db, c, { action: "auth.totp_disabled", actorId: user.id, targetType: "user", targetId: user.id });
  return c.body(null, 204);
});

totpRoutes.post("/backup-codes", async (c) => {
  const body = await jsonBody(c, confirmBody);
  const auth = authOf(c);
  const db = await c.var.db.get();
  const user = await currentUser(db, auth.userId);
  if (!user.totpEnabled) throw new AppError(409, "totp_not_enabled", "Two-factor authentication is not on.");
  await confirmIdentity(db, c, user, body);
  const codes = await issueBackupCodes(db, user.id);
  await audit(db, c, { action: "auth.backup_codes_regenerated", actorId: user.id, targetType: "user", targetId: user.id });
  return c.json({ backupCodes: codes });
});
