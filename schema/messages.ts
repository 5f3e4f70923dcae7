/**
 * Messages and the ordered event log of every channel (text channel, DM, group DM). A channel's ChannelRoom is
 * the only writer of these rows (REST sends go through it too), which is what makes `seq` gap-free.
 *
 * - `messages` holds the current state of each message: plain `content` or an encrypted `envelope`, never both;
 *   a deleted message keeps its row as a tombstone with both cleared.
 * - A channel's event log (what a resume replays, P7) is the union of two tables, each seq in exactly one: a
 *   message's `seq` is its message_created event, and `channel_events` holds every later change (edited, deleted,
 *   reaction, pin) with the channel's next seq. Creates are not copied into `channel_events`: the copy doubled
 *   what Postgres did per message sent (a second row, two indexes, two foreign-key checks; ~104 → ~51 µs of its
 *   CPU per message, docs/realtime.md). Neither table holds message content twice: a replay joins the message's
 *   current state, so deleting a message erases its text everywhere at once.
 */
import { sql, type SQL } from "drizzle-orm";
import { bigint, boolean, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { FileView } from "../protocol/files.ts";
import type { PollView } from "../protocol/polls.ts";
import type { ChannelEventType, Envelope, MessageView } from "../protocol/frames.ts";
import { users } from "./accounts.ts";
import { channels } from "./communities.ts";

export const messages = pgTable(
  "messages",
  {
    id: uuid("id").primaryKey(),
    channelId: uuid("channel_id").notNull().references(() => channels.id, { onDelete: "cascade" }),
    // The seq of the message_created event. JS numbers are exact to 2^53, far beyond any channel's life.
    seq: bigint("seq", { mode: "number" }).notNull(),
    // Users are never hard-deleted (account deletion anonymises the row), so messages keep their author.
    authorId: uuid("author_id").notNull().references(() => users.id, { onDelete: "restrict" }),
    // Client-chosen; (channel, author, nonce) is unique so a retried send stores nothing new.
    nonce: text("nonce").notNull(),
    content: text("content"),
    // Opaque to the server: { alg, senderDevice, ciphertext, ... } as the client sent it.
    envelope: jsonb("envelope").$type<Envelope>(),
    // What the files it carries looked like when sent (schema/files.ts holds the rows); emptied on delete.
    attachments: jsonb("attachments").$type<FileView[]>().notNull().default(sql`'[]'::jsonb`),
    replyToId: uuid("reply_to_id"),
    replyAuthorId: uuid("reply_author_id"),
    replyExcerpt: text("reply_excerpt"),
    mentions: uuid("mentions").array().notNull().default(sql`'{}'::uuid[]`),
    mentionsEveryone: boolean("mentions_everyone").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    editedAt: timestamp("edited_at", { withTimezone: true }),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    deletedBy: uuid("deleted_by"),
    pinnedAt: timestamp("pinned_at", { withTimezone: true }),
    pinnedBy: uuid("pinned_by"),
    // A poll's answers, end and settings (protocol/polls.ts); the message's text is its question. Null once deleted.
    poll: jsonb("poll").$type<PollView>(),
    // The author lacked EMBED_LINKS when sending: clients show its links without previews.
    suppressEmbeds: boolean("suppress_embeds").notNull().default(false),
  },
  (t) => [
    uniqueIndex("messages_channel_seq_key").on(t.channelId, t.seq),
    uniqueIndex("messages_channel_author_nonce_key").on(t.channelId, t.authorId, t.nonce),
    index("messages_channel_pinned_idx").on(t.channelId).where(sql`${t.pinnedAt} is not null`),
    // Deleting a message clears the excerpts of replies quoting it.
    index("messages_reply_to_idx").on(t.replyToId).where(sql`${t.replyToId} is not null`),
    // Plain or encrypted, never both; only a tombstone has neither.
    check("messages_body_check", sql`(${t.content} is null or ${t.envelope} is null) and (${t.deletedAt} is not null or ${t.content} is not null or ${t.envelope} is not null)`),
  ],
);

/** The event types `channel_events` holds: every one but message_created. */
export type LoggedEventType = Exclude<ChannelEventType, "message_created">;

export const channelEvents = pgTable(
  "channel_events",
  {
    channelId: uuid("channel_id").notNull().references(() => channels.id, { onDelete: "cascade" }),
    seq: bigint("seq", { mode: "number" }).notNull(),
    type: text("type").$type<LoggedEventType>().notNull(),
    messageId: uuid("message_id").references(() => messages.id, { onDelete: "cascade" }),
    // Event fields other than message content: { editedAt } | { deletedBy, deletedAt } | { userId, emoji } | ...
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.channelId, t.seq] }),
    index("channel_events_message_idx").on(t.messageId),
    // message_created is the message row itself (above).
    check("channel_events_type_check", sql`${t.type} in ('message_edited', 'message_deleted', 'reaction_added', 'reaction_removed', 'message_pinned', 'message_unpinned', 'poll_voted', 'poll_ended')`),
  ],
);

/** A channel's head (its highest seq), as SQL: the newer of its newest message and its newest later change. */
export function headSeqOf(channelId: SQL): SQL<number | null> {
  return sql<number | null>`greatest((select max(${channelEvents.seq}) from ${channelEvents} where ${channelEvents.channelId} = ${channelId}), (select max(${messages.seq}) from ${messages} where ${messages.channelId} = ${channelId}))`;
}

export const reactions = pgTable(
  "reactions",
  {
    messageId: uuid("message_id").notNull().references(() => messages.id, { onDelete: "cascade" }),
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    emoji: text("emoji").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.userId, t.emoji] })],
);

/** Each person's answers to a poll, one row per answer chosen. A deleted poll message loses them. */
export const pollVotes = pgTable(
  "poll_votes",
  {
    messageId: uuid("message_id").notNull().references(() => messages.id, { onDelete: "cascade" }),
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    answer: integer("answer").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.userId, t.answer] }), check("poll_votes_answer_check", sql`${t.answer} >= 0 and ${t.answer} < 10`)],
);

/** Where each user has read up to in each channel, shared by all their devices. Only ever moves forward. */
export const readStates = pgTable(
  "read_states",
  {
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    channelId: uuid("channel_id").notNull().references(() => channels.id, { onDelete: "cascade" }),
    lastReadSeq: bigint("last_read_seq", { mode: "number" }).notNull().default(0),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.channelId] }), index("read_states_channel_idx").on(t.channelId)],
);

export type Message = typeof messages.$inferSelect;
export type NewMessage = typeof messages.$inferInsert;
export type ChannelEventRow = typeof channelEvents.$inferSelect;
export type NewChannelEventRow = typeof channelEvents.$inferInsert;
export type Reaction = typeof reactions.$inferSelect;
export type PollVote = typeof pollVotes.$inferSelect;
export type ReadState = typeof readStates.$inferSelect;

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** A stored message as clients see it (history, events, replays). */
export function messageView(row: Message): MessageView {
  return {
    id: row.id,
    channelId: row.channelId,
    seq: row.seq,
    authorId: row.authorId,
    nonce: row.nonce,
    content: row.content,
    envelope: row.envelope ?? null,
    attachments: row.attachments ?? [],
    replyTo: row.replyToId ? { id: row.replyToId, authorId: row.replyAuthorId ?? "", excerpt: row.replyExcerpt } : null,
    mentions: row.mentions,
    mentionsEveryone: row.mentionsEveryone,
    createdAt: row.createdAt.toISOString(),
    editedAt: iso(row.editedAt),
    deletedAt: iso(row.deletedAt),
    pinnedAt: iso(row.pinnedAt),
    poll: row.poll ?? null,
    suppressEmbeds: row.suppressEmbeds ?? false,
  };
}

