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
import { bigint, boolean, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts.ts";
import { channels } from "./communities.ts";
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

/** Blobs whose rows are gone, waiting for the sweep to delete them from the blob store. */
export const fileTombstones = pgTable("file_tombstones", {
  fileId: uuid("file_id").primaryKey(),
  deletedAt: timestamp("deleted_at", { withTimezone: true }).notNull().defaultNow(),
});
