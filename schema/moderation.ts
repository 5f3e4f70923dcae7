/**
 * Moderation and instance administration: bans, warnings, reports, announcements and user feedback.
 * Kicks and timeouts leave no row of their own (a kick deletes the membership, a timeout sets
 * community_members.timed_out_until); the audit log records both.
 */
import { sql } from "drizzle-orm";
import { check, index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts.ts";
import { channels, communities } from "./communities.ts";

/** A ban keeps a user out of a community until lifted or, when expires_at is set, until then. */
export const bans = pgTable(
  "bans",
  {
    communityId: uuid("community_id").notNull().references(() => communities.id, { onDelete: "cascade" }),
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    reason: text("reason").notNull().default(""),
    bannedBy: uuid("banned_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.communityId, t.userId] })],
);

/** Warnings recorded on a member; they stay after the member leaves, so a returning member's history is kept. */
export const warnings = pgTable(
  "warnings",
  {
    id: uuid("id").primaryKey(),
    communityId: uuid("community_id").notNull().references(() => communities.id, { onDelete: "cascade" }),
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    moderatorId: uuid("moderator_id").references(() => users.id, { onDelete: "set null" }),
    reason: text("reason").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("warnings_member_idx").on(t.communityId, t.userId, t.createdAt)],
);

export const REPORT_STATUSES = ["open", "resolved", "dismissed"] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/**
 * A report of a message or a user. With a community it goes to that community's moderators; without one (or
 * escalated) it goes to the instance admins. message_id carries no foreign key: messages belong to another domain
 * and may be deleted while the report is reviewed, which is why the excerpt is kept.
 */
export const reports = pgTable(
  "reports",
  {
    id: uuid("id").primaryKey(),
    communityId: uuid("community_id").references(() => communities.id, { onDelete: "cascade" }),
    // Instance admins see reports whose scope is 'instance'; community moderators those of their community.
    scope: text("scope").$type<"community" | "instance">().notNull(),
    reporterId: uuid("reporter_id").references(() => users.id, { onDelete: "set null" }),
    targetType: text("target_type").$type<"message" | "user">().notNull(),
    targetUserId: uuid("target_user_id").references(() => users.id, { onDelete: "set null" }),
    messageId: uuid("message_id"),
    channelId: uuid("channel_id").references(() => channels.id, { onDelete: "set null" }),
    messageExcerpt: text("message_excerpt"),
    reason: text("reason").notNull(),
    status: text("status").$type<ReportStatus>().notNull().default("open"),
    resolverId: uuid("resolver_id").references(() => users.id, { onDelete: "set null" }),
    notes: text("notes"),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("reports_community_status_idx").on(t.communityId, t.status, t.createdAt),
    index("reports_scope_status_idx").on(t.scope, t.status, t.createdAt),
    check("reports_status_check", sql`${t.status} in ('open', 'resolved', 'dismissed')`),
    check("reports_scope_check", sql`${t.scope} in ('community', 'instance')`),
    check("reports_target_type_check", sql`${t.targetType} in ('message', 'user')`),
  ],
);

/** Instance-wide notices shown to every user until they dismiss them or the notice ends. */
export const announcements = pgTable("announcements", {
  id: uuid("id").primaryKey(),
  title: text("title").notNull(),
  body: text("body").notNull(),
  createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  // null: shown until an admin deletes it.
  endsAt: timestamp("ends_at", { withTimezone: true }),
});

export const announcementDismissals = pgTable(
  "announcement_dismissals",
  {
    announcementId: uuid("announcement_id").notNull().references(() => announcements.id, { onDelete: "cascade" }),
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    dismissedAt: timestamp("dismissed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.announcementId, t.userId] })],
);

/** Feedback users send to the instance admins. */
export const feedback = pgTable(
  "feedback",
  {
    id: uuid("id").primaryKey(),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    category: text("category").notNull().default("general"),
    body: text("body").notNull(),
    status: text("status").$type<"open" | "closed">().notNull().default("open"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("feedback_status_idx").on(t.status, t.createdAt)],
);

export type Ban = typeof bans.$inferSelect;
export type Warning = typeof warnings.$inferSelect;
export type Report = typeof reports.$inferSelect;
export type Announcement = typeof announcements.$inferSelect;
export type Feedback = typeof feedback.$inferSelect;
