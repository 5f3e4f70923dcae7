/**
 * Public keys of the devices that take part in end-to-end encryption (docs/encryption.md). One row per device:
 * a browser generates its keys at sign-in and registers them under its session, so a device's life is its
 * session's. The server stores public keys only; it checks the self-signature at registration and publishes the
 * rows so senders can wrap message keys and readers can verify signatures. Rows are never deleted: a revoked
 * device's keys stay readable so messages it signed still verify.
 */
import { sql } from "drizzle-orm";
import { index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { sessions, users } from "./accounts.ts";

export const deviceKeys = pgTable(
  "device_keys",
  {
    id: uuid("id").primaryKey(),
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    // The session that registered it; a device ends with its session (logout, revoke, reuse detection).
    sessionId: uuid("session_id").references(() => sessions.id, { onDelete: "set null" }),
    // base64url, 32 bytes each.
    ed25519: text("ed25519").notNull(),
    x25519: text("x25519").notNull(),
    // base64url Ed25519 signature over (user id, ed25519, x25519): see protocol/e2ee.ts deviceRegistration.
    signature: text("signature").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [
    // A key pair belongs to one device, ever: re-registering it under another session is refused.
    uniqueIndex("device_keys_ed25519_key").on(t.ed25519),
    index("device_keys_user_idx").on(t.userId, t.createdAt),
    // At most one live device per session.
    uniqueIndex("device_keys_live_session_key").on(t.sessionId).where(sql`${t.revokedAt} is null`),
  ],
);

export type DeviceKey = typeof deviceKeys.$inferSelect;
export type NewDeviceKey = typeof deviceKeys.$inferInsert;

/**
 * An account's key backup (docs/encryption.md, "Key backup"): the X25519 public key of a recovery key only the
 * person holds. Devices that know it seal their own X25519 secret to it (`key_backup_keys`), so a new device that
 * is given the recovery key can open messages sealed for the devices before it. The server can read none of it.
 * `version` goes up each time the backup is replaced, which throws away every sealed key of the old one.
 */
export const keyBackups = pgTable("key_backups", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  version: integer("version").notNull(),
  // base64url, 32 bytes.
  publicKey: text("public_key").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** One device's X25519 secret, sealed to its account's backup key by that device (protocol/e2ee.ts sealForBackup). */
export const keyBackupKeys = pgTable(
  "key_backup_keys",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => keyBackups.userId, { onDelete: "cascade" }),
    deviceId: uuid("device_id")
      .notNull()
      .references(() => deviceKeys.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    // base64url(ephemeral public key ‖ nonce ‖ ciphertext ‖ tag).
    sealed: text("sealed").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.deviceId] })],
);

export type KeyBackup = typeof keyBackups.$inferSelect;
