/**
 * A community's own emoji (docs/api/emoji.md): a name and a picture. The emoji's id is its image's (schema/files.ts
 * images, kind "emoji"), so a message's `<:name:id>` is enough to show it (`/api/v1/images/<id>`) with no lookup,
 * and deleting the image row (or the community) takes the emoji with it.
 */
import { sql } from "drizzle-orm";
import { boolean, check, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts.ts";
import { communities } from "./communities.ts";
import { images } from "./files.ts";

export const communityEmoji = pgTable(
  "community_emoji",
  {
    id: uuid("id")
      .primaryKey()
      .references(() => images.id, { onDelete: "cascade" }),
    communityId: uuid("community_id").notNull().references(() => communities.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    animated: boolean("animated").notNull().default(false),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("community_emoji_name_key").on(t.communityId, t.name), check("community_emoji_name_check", sql`${t.name} ~ '^[a-z0-9_]{2,32}$'`)],
);

export type CommunityEmoji = typeof communityEmoji.$inferSelect;
