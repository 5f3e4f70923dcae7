/**
 * Link previews as fetched (docs/api/embeds.md): one row per link, shared by every message and person that shows
 * it, refreshed after a day. A link that gave nothing usable keeps a row with `embed` null, so a dead or slow site
 * is not fetched again for every viewer.
 */
import { index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import type { EmbedView } from "../protocol/embeds.ts";

export const linkEmbeds = pgTable(
  "link_embeds",
  {
    url: text("url").primaryKey(),
    embed: jsonb("embed").$type<EmbedView>(),
    fetchedAt: timestamp("fetched_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("link_embeds_fetched_idx").on(t.fetchedAt)],
);
