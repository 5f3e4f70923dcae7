/**
 * Incoming webhooks (docs/api/webhooks.md): a secret URL that lets another program post into one text channel.
 * Each webhook posts as an account of its own (`user_id`, `users.is_bot`), created with it and named after it, so
 * its messages keep an author and a name after the webhook is gone. Only the token's SHA-256 is stored.
 */
import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts.ts";
import { channels, communities } from "./communities.ts";

export const webhooks = pgTable(
  "webhooks",
  {
    id: uuid("id").primaryKey(),
    communityId: uuid("community_id").notNull().references(() => communities.id, { onDelete: "cascade" }),
    channelId: uuid("channel_id").notNull().references(() => channels.id, { onDelete: "cascade" }),
    // Accounts are never hard-deleted, so the webhook's stays as its messages' author.
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "restrict" }),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
  },
  (t) => [index("webhooks_channel_idx").on(t.channelId), index("webhooks_community_idx").on(t.communityId), index("webhooks_user_idx").on(t.userId)],
);

export type Webhook = typeof webhooks.$inferSelect;
