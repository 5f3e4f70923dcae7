import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

/** Accounts: one row per person. Usernames are stored lower-case, so uniqueness is case-insensitive. */
export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey(),
    username: text("username").notNull(),
    displayName: text("display_name").notNull(),
    // PHC string: the Argon2id parameters travel with the hash so they can be raised later.
    passwordHash: text("password_hash").notNull(),
    recoveryCodeHash: text("recovery_code_hash").notNull(),
    isAdmin: boolean("is_admin").notNull().default(false),
    suspendedAt: timestamp("suspended_at", { withTimezone: true }),
    suspendedReason: text("suspended_reason"),
    // Sealed with the at-rest key (XChaCha20-Poly1305); null until enrolment starts.
    totpSecretSealed: text("totp_secret_sealed"),
    totpEnabled: boolean("totp_enabled").notNull().default(false),
    // Last accepted TOTP time step, so one code cannot be replayed inside its window.
    totpLastStep: integer("totp_last_step"),
    failedLogins: integer("failed_logins").notNull().default(0),
    // Set when the person deletes their account: the row stays (messages keep an author) but holds no personal data.
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    // Where the profile picture is served ("/api/v1/images/<id>", schema/files.ts images), or null for initials.
    avatarUrl: text("avatar_url"),
    // The wide picture atop their profile card (images kind profile_banner), or null for their colour.
    bannerUrl: text("banner_url"),
    // A webhook's account (schema/webhooks.ts): it cannot sign in, and clients mark its messages as an app's.
    isBot: boolean("is_bot").notNull().default(false),
    // Whether others in a DM or group DM see how far this person has read (and, in return, whether they see others').
    readReceipts: boolean("read_receipts").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("users_username_key").on(t.username)],
);

/** Single-use 2FA backup codes, stored as SHA-256 hashes. */
export const backupCodes = pgTable(
  "backup_codes",
  {
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("backup_codes_user_code_key").on(t.userId, t.codeHash)],
);

/** One row per signed-in device. Revoking it ends the refresh chain and every access token of it. */
export const sessions = pgTable(
  "sessions",
  {
    id: uuid("id").primaryKey(),
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    deviceName: text("device_name").notNull(),
    ip: text("ip").notNull(),
    userAgent: text("user_agent").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    revokedReason: text("revoked_reason"),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/**
 * Every refresh token ever issued, by SHA-256 hash. A token is good once: using it sets replacedAt and issues
 * the next. Presenting a token that already has replacedAt means it leaked, and the whole session is revoked.
 */
export const refreshTokens = pgTable(
  "refresh_tokens",
  {
    tokenHash: text("token_hash").primaryKey(),
    sessionId: uuid("session_id").notNull().references(() => sessions.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    replacedAt: timestamp("replaced_at", { withTimezone: true }),
  },
  (t) => [index("refresh_tokens_session_idx").on(t.sessionId)],
);

/** Codes that let someone register while REGISTRATION_MODE is invite_only. */
export const registrationInvites = pgTable("registration_invites", {
  code: text("code").primaryKey(),
  createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
  maxUses: integer("max_uses"),
  uses: integer("uses").notNull().default(0),
  expiresAt: timestamp("expires_at", { withTimezone: true }),
  // The bootstrap invite printed by a fresh instance makes its user an instance admin.
  grantsAdmin: boolean("grants_admin").notNull().default(false),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Append-only record of security-relevant events (auth now; moderation and configuration later). */
export const auditLog = pgTable(
  "audit_log",
  {
    id: uuid("id").primaryKey(),
    actorId: uuid("actor_id"),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    communityId: uuid("community_id"),
    ip: text("ip"),
    userAgent: text("user_agent"),
    reason: text("reason"),
    details: jsonb("details").$type<Record<string, unknown>>(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("audit_log_actor_idx").on(t.actorId, t.createdAt),
    index("audit_log_community_idx").on(t.communityId, t.createdAt),
  ],
);

/** Instance-wide settings an admin can change at run time; environment variables give the defaults. */
export const instanceSettings = pgTable("instance_settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type Session = typeof sessions.$inferSelect;
export type AuditEntry = typeof auditLog.$inferInsert;
