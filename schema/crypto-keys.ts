/**
 * Public keys of the devices that take part in end-to-end encryption (docs/encryption.md). One row per device:
 * a browser generates its keys at sign-in and registers them under its session, so a device's life is its
 * session's. The server stores public keys only; it checks the self-signature at registration and publishes the
 * rows so senders can wrap message keys and readers can verify signatures. Rows are never deleted: a revoked
 * device's keys stay readable so messages it signed still verify.
 */
import { sql } from "drizzle-orm";
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
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
