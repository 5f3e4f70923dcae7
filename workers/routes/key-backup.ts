/**
 * The account's key backup (docs/api/devices.md "Key backup", docs/encryption.md):
 *   GET    /api/v1/users/me/key-backup                  the backup's public key and version, or null
 *   PUT    /api/v1/users/me/key-backup                  set one up, or replace it (password; drops every sealed key)
 *   DELETE /api/v1/users/me/key-backup                  delete it (password)
 *   GET    /api/v1/users/me/key-backup/keys             every device secret sealed to it
 *   PUT    /api/v1/users/me/key-backup/keys/:deviceId   this session's device seals its own secret to it
 * The server stores sealed secrets it cannot open. Replacing or deleting loses what was stored, so both need the
 * password (counted toward the lockout, rate-limited as sign-ins are): a stolen access token cannot wipe it.
 */
import { and, asc, count, eq, isNull } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import type { KeyBackupView } from "../../protocol/key-backup.ts";
import { MAX_BACKUP_KEYS } from "../../protocol/limits.ts";
import { deviceKeys, keyBackupKeys, keyBackups, type KeyBackup } from "../../schema/index.ts";
import { audit } from "../audit.ts";
import type { Db } from "../db.ts";
import type { AppEnv } from "../env.ts";
import { AppError } from "../errors.ts";
import { authOf, requireAuth } from "../http/auth-middleware.ts";
import { jsonBody, keySchema, params, uuidSchema } from "../http/validate.ts";
import { confirmIdentity, currentUser, passwordField } from "./account.ts";

/** 104 bytes (SEALED_BACKUP_KEY_BYTES) as unpadded base64url. */
const sealed = z.string().regex(/^[A-Za-z0-9_-]{139}$/, "Expected a sealed device key: 104 bytes as unpadded base64url (139 characters).");

export const keyBackupRoutes = new Hono<AppEnv>();
keyBackupRoutes.use("*", requireAuth);

async function backupOf(db: Db, userId: string): Promise<KeyBackup | null> {
  const [row] = await db.select().from(keyBackups).where(eq(keyBackups.userId, userId));
  return row ?? null;
}

async function view(db: Db, b: KeyBackup): Promise<KeyBackupView> {
  const [n] = await db.select({ n: count() }).from(keyBackupKeys).where(and(eq(keyBackupKeys.userId, b.userId), eq(keyBackupKeys.version, b.version)));
  return { version: b.version, publicKey: b.publicKey, createdAt: b.createdAt.toISOString(), keyCount: n?.n ?? 0 };
}

/** The device secrets sealed to version `version` of `userId`'s backup, oldest first (also in the data export). */
export function sealedKeys(db: Db, userId: string, version: number) {
  return db
    .select({ deviceId: keyBackupKeys.deviceId, sealed: keyBackupKeys.sealed, createdAt: keyBackupKeys.createdAt })
    .from(keyBackupKeys)
    .where(and(eq(keyBackupKeys.userId, userId), eq(keyBackupKeys.version, version)))
    .orderBy(asc(keyBackupKeys.createdAt));
}

function noBackup(): AppError {
  return new AppError(404, "no_key_backup", "You have no key backup. Set one up in Settings → Encryption.");
}

keyBackupRoutes.get("/", async (c) => {
  const db = await c.var.db.get();
  const b = await backupOf(db, authOf(c).userId);
  return c.json({ backup: b ? await view(db, b) : null });
});

keyBackupRoutes.put("/", async (c) => {
  const body = await jsonBody(c, z.object({ publicKey: keySchema, password: passwordField }).strict());
  const auth = authOf(c);
  const db = await c.var.db.get();
  await confirmIdentity(db, c, await currentUser(db, auth.userId), { password: body.password }, { passwordOnly: true });
  const row = await db.transaction(async (tx) => {
    const [old] = await tx.select().from(keyBackups).where(eq(keyBackups.userId, auth.userId)).for("update");
    // Keys sealed to the old public key are useless under the new one.
    if (old) await tx.delete(keyBackupKeys).where(eq(keyBackupKeys.userId, auth.userId));
    const version = (old?.version ?? 0) + 1;
    const [saved] = await tx
      .insert(keyBackups)
      .values({ userId: auth.userId, version, publicKey: body.publicKey })
      .onConflictDoUpdate({ target: keyBackups.userId, set: { version, publicKey: body.publicKey, createdAt: new Date() } })
      .returning();
    return saved;
  });
  await audit(db, c, { action: "user.key_backup_create", actorId: auth.userId, targetType: "user", targetId: auth.userId, details: { version: row.version } });
  return c.json({ backup: await view(db, row) }, 201);
});

keyBackupRoutes.delete("/", async (c) => {
  const body = await jsonBody(c, z.object({ password: passwordField }).strict());
  const auth = authOf(c);
  const db = await c.var.db.get();
  await confirmIdentity(db, c, await currentUser(db, auth.userId), { password: body.password }, { passwordOnly: true });
  const [gone] = await db.delete(keyBackups).where(eq(keyBackups.userId, auth.userId)).returning({ version: keyBackups.version });
  if (!gone) throw noBackup();
  await audit(db, c, { action: "user.key_backup_delete", actorId: auth.userId, targetType: "user", targetId: auth.userId });
  return c.body(null, 204);
});

keyBackupRoutes.get("/keys", async (c) => {
  const auth = authOf(c);
  const db = await c.var.db.get();
  const b = await backupOf(db, auth.userId);
  if (!b) throw noBackup();
  const rows = await sealedKeys(db, auth.userId, b.version);
  return c.json({ version: b.version, keys: rows.map((r) => ({ deviceId: r.deviceId, sealed: r.sealed, createdAt: r.createdAt.toISOString() })) });
});

keyBackupRoutes.put("/keys/:deviceId", async (c) => {
  const { deviceId } = params(c, z.object({ deviceId: uuidSchema }));
  const body = await jsonBody(c, z.object({ version: z.number().int().min(1).max(2 ** 31 - 1), sealed }).strict());
  const auth = authOf(c);
  const db = await c.var.db.get();
  // A device backs up its own secret only: the one registered by this session, still live.
  const [device] = await db
    .select({ id: deviceKeys.id })
    .from(deviceKeys)
    .where(and(eq(deviceKeys.id, deviceId), eq(deviceKeys.userId, auth.userId), eq(deviceKeys.sessionId, auth.sessionId), isNull(deviceKeys.revokedAt)));
  if (!device) throw new AppError(403, "not_this_device", "Only this session's own device can back up its key.");
  const stored = await db.transaction(async (tx) => {
    const [b] = await tx.select().from(keyBackups).where(eq(keyBackups.userId, auth.userId)).for("share");
    if (!b) throw noBackup();
    if (b.version !== body.version) {
      throw new AppError(409, "key_backup_changed", "The key backup was replaced since this device last read it: enter the new recovery key.", { version: b.version });
    }
    // Replacing this device's own key never makes the backup fuller; only a new one is counted against the cap.
    const [again] = await tx.select({ d: keyBackupKeys.deviceId }).from(keyBackupKeys).where(and(eq(keyBackupKeys.userId, auth.userId), eq(keyBackupKeys.deviceId, deviceId)));
    const [n] = again ? [] : await tx.select({ n: count() }).from(keyBackupKeys).where(eq(keyBackupKeys.userId, auth.userId));
    if (!again && (n?.n ?? 0) >= MAX_BACKUP_KEYS) {
      throw new AppError(409, "key_backup_full", `A key backup holds at most ${MAX_BACKUP_KEYS} device keys: replace it with a new one to start again.`);
    }
    const [row] = await tx
      .insert(keyBackupKeys)
      .values({ userId: auth.userId, deviceId, version: b.version, sealed: body.sealed })
      .onConflictDoUpdate({ target: [keyBackupKeys.userId, keyBackupKeys.deviceId], set: { version: b.version, sealed: body.sealed } })
      .returning({ deviceId: keyBackupKeys.deviceId });
    return row;
  });
  return c.json({ deviceId: stored.deviceId, version: body.version }, 200);
});
