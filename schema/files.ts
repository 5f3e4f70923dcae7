/**
 * Files attached to messages (docs/api/files.md). The bytes live in the blob store (workers/files/blob-store.ts: a
 * directory on this box, R2 on Cloudflare) under the file's id; this table holds what Postgres must know: where it
 * was uploaded, by whom, how big (quota), and which message carries it once sent.
 *
 * - An upload belongs to its channel and uploader until a send names it; the room then sets `message_id` in the
 *   message's own transaction. An upload never sent is swept after a day.
 * - Deleting a message deletes its file rows; a channel, community or account going takes its rows by cascade.
 *   However a row goes, the trigger in migration 0008 records its blob in `file_tombstones`, and the sweep
 *   (workers/files/sweep.ts) deletes those blobs: no path that deletes rows can leave a blob readable or forgotten.
 */
import type { FileView } from "../protocol/files.ts";
import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts.ts";
import { channels, communities } from "./communities.ts";
import { messages } from "./messages.ts";

export const files = pgTable(
  "files",
  {
    id: uuid("id").primaryKey(),
    channelId: uuid("channel_id").notNull().references(() => channels.id, { onDelete: "cascade" }),
    uploaderId: uuid("uploader_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    messageId: uuid("message_id").references(() => messages.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    contentType: text("content_type").notNull(),
    size: bigint("size", { mode: "number" }).notNull(),
    // Uploaded to an end-to-end-encrypted channel: ciphertext the server cannot read (protocol/files.ts).
    encrypted: boolean("encrypted").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("files_message_idx").on(t.messageId),
    // Quota (sum per uploader) and the sweep of uploads never sent.
    index("files_uploader_idx").on(t.uploaderId, t.createdAt),
  ],
);

export type FileRow = typeof files.$inferSelect;

/** A stored file as messages and uploads show it. */
export function fileView(row: Pick<FileRow, "id" | "name" | "contentType" | "size" | "encrypted">): FileView {
  return { id: row.id, name: row.name, contentType: row.contentType, size: row.size, encrypted: row.encrypted };
}

export const IMAGE_KINDS = ["avatar", "profile_banner", "community_icon", "community_banner", "emoji"] as const;
export type ImageKind = (typeof IMAGE_KINDS)[number];

/**
 * Profile pictures, community icons and banners (docs/api/images.md): public images served at an unguessable URL,
 * the blob named by the id as files' are. The row is written before the blob (as files' are), and replacing or
 * removing one deletes its row; the same trigger as files' (migration 0011) queues the blob for the sweep. An account or community going takes its images by cascade.
 */
export const images = pgTable(
  "images",
  {
    id: uuid("id").primaryKey(),
    kind: text("kind").$type<ImageKind>().notNull(),
    // Exactly one owner: the user whose avatar or profile banner it is, or the community whose icon, banner or emoji.
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    communityId: uuid("community_id").references(() => communities.id, { onDelete: "cascade" }),
    contentType: text("content_type").notNull(),
    size: bigint("size", { mode: "number" }).notNull(),
    uploadedBy: uuid("uploaded_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // The current one is what the owner's row points at; a replaced one is deleted once its successor is stored.
    index("images_user_idx").on(t.userId).where(sql`${t.userId} is not null`),
    index("images_community_idx").on(t.communityId).where(sql`${t.communityId} is not null`),
    check("images_owner_check", sql`(${t.userId} is null) <> (${t.communityId} is null) and (${t.kind} in ('avatar', 'profile_banner')) = (${t.userId} is not null)`),
    check("images_kind_check", sql`${t.kind} in ('avatar', 'profile_banner', 'community_icon', 'community_banner', 'emoji')`),
  ],
);

/** Blobs whose rows are gone, waiting for the sweep to delete them from the blob store. */
export const fileTombstones = pgTable("file_tombstones", {
  fileId: uuid("file_id").primaryKey(),
  deletedAt: timestamp("deleted_at", { withTimezone: true }).notNull().defaultNow(),
});
