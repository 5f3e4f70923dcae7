/**
 * Web Push subscriptions (docs/api/push.md): one per browser that asked to be told of direct messages while no
 * Hearth tab is open. Tied to the session that made it, so signing out (or a revoked session) stops its pushes.
 */
import { sql } from "drizzle-orm";
import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { sessions, users } from "./accounts.ts";

export const pushSubscriptions = pgTable(
  "push_subscriptions",
  {
    id: uuid("id").primaryKey(),
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    sessionId: uuid("session_id").notNull().references(() => sessions.id, { onDelete: "cascade" }),
    // The push service's URL for this browser, and its keys (base64url), as PushSubscription.toJSON() gives them.
    endpoint: text("endpoint").notNull(),
    p256dh: text("p256dh").notNull(),
    auth: text("auth").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    // Consecutive failed deliveries; the subscription is dropped after a few (or at once when the service says gone).
    failures: integer("failures").notNull().default(0),
    // Conversations this browser muted (its notification settings, web/state/prefs.ts): no pushes for them.
    mutedChannelIds: uuid("muted_channel_ids").array().notNull().default(sql`'{}'::uuid[]`),
  },
  (t) => [uniqueIndex("push_subscriptions_endpoint_key").on(t.endpoint), index("push_subscriptions_user_idx").on(t.userId)],
);

export type PushSubscriptionRow = typeof pushSubscriptions.$inferSelect;
