/**
 * Whether each user is online: written by their UserHub (objects/UserHub.ts) when the first device connects and
 * when the last one leaves, read by the member list. One row per user who has ever connected.
 */
import { boolean, pgTable, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts.ts";

export const userPresence = pgTable("user_presence", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  online: boolean("online").notNull().default(false),
  // When the user last came online or went offline.
  lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
});

export type UserPresence = typeof userPresence.$inferSelect;
