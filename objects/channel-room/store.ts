/**
 * The room's Postgres reads and writes (drizzle, parameterised). Only the room calls these for its own channel,
 * so every write here is serialised by the room's group commit.
 */
import { and, asc, eq, gt, inArray, isNull, lte, sql } from "drizzle-orm";
import type { FileView } from "../../protocol/files.ts";
import type { ChannelEvent } from "../../protocol/frames.ts";
import { files, fileView } from "../../schema/files.ts";
import { sessions, users } from "../../schema/accounts.ts";
import { channels, dmParticipants } from "../../schema/communities.ts";
import { channelEvents, headSeqOf, messages, readStates, type Message } from "../../schema/messages.ts";
import type { ObjectDb } from "../shared/lazy-pg.ts";
import type { ChannelSettings } from "./checks.ts";
import { createdEvent, eventFromLog } from "./views.ts";

/** What a room needs before it can order anything. */
export interface RoomState {
  settings: ChannelSettings;
  head: number;
  /** For DMs and group DMs: who is in it (their hubs hear of every message). Empty for community channels. */
  participants: string[];
  /** For threads: what the parent's room is told as messages come and go (thread-activity.ts). */
  thread: { messageCount: number; lastMessageAt: string | null } | null;
}

/** The channel's settings and its highest stored seq; null when the channel no longer exists. */
export async function loadRoomState(db: ObjectDb, channelId: string): Promise<RoomState | null> {
  const [row] = await db
    .select({
      kind: channels.kind,
      encrypted: channels.encrypted,
      slowModeSeconds: channels.slowModeSeconds,
      communityId: channels.communityId,
      parentId: channels.parentId,
    })
    .from(channels)
    .where(eq(channels.id, channelId));
  if (!row) return null;
  const participants =
    row.communityId === null
      ? (await db.select({ userId: dmParticipants.userId }).from(dmParticipants).where(eq(dmParticipants.channelId, channelId))).map((r) => r.userId)
      : [];
  return {
    settings: { kind: row.kind, encrypted: row.encrypted, slowModeSeconds: row.slowModeSeconds, communityId: row.communityId, parentId: row.parentId },
    head: await loadHead(db, channelId),
    participants,
    thread: row.parentId === null ? null : await loadThreadCounts(db, channelId),
  };
}

/** A thread's messages (deleted ones not counted) and when the newest was sent. */
export async function loadThreadCounts(db: ObjectDb, channelId: string): Promise<{ messageCount: number; lastMessageAt: string | null }> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int`, last: sql<string | null>`max(${messages.createdAt})` })
    .from(messages)
    .where(and(eq(messages.channelId, channelId), isNull(messages.deletedAt)));
  return { messageCount: row?.count ?? 0, lastMessageAt: row?.last ? new Date(row.last).toISOString() : null };
}

/** Whether these users share read receipts (users.read_receipts). */
export async function loadReceiptSettings(db: ObjectDb, userIds: string[]): Promise<Map<string, boolean>> {
  const rows = await db.select({ id: users.id, on: users.readReceipts }).from(users).where(inArray(users.id, userIds));
  return new Map(rows.map((r) => [r.id, r.on]));
}

/** The highest stored seq (after a write whose outcome the room could not see). */
export async function loadHead(db: ObjectDb, channelId: string): Promise<number> {
  const { rows } = await db.execute<{ head: string | null }>(sql`select ${headSeqOf(sql`${channelId}::uuid`)} as head`);
  return Number(rows[0]?.head ?? 0);
}

export async function loadReadSeqs(db: ObjectDb, channelId: string, userIds: string[]): Promise<Map<string, number>> {
  const rows = await db
    .select({ userId: readStates.userId, seq: readStates.lastReadSeq })
    .from(readStates)
    .where(and(eq(readStates.channelId, channelId), inArray(readStates.userId, userIds)));
  return new Map(rows.map((r) => [r.userId, r.seq]));
}

/** Moves the read position forward (never back, P27); returns the stored position. */
export async function saveReadSeq(db: ObjectDb, channelId: string, userId: string, seq: number): Promise<number> {
  const [row] = await db
    .insert(readStates)
    .values({ userId, channelId, lastReadSeq: seq })
    .onConflictDoUpdate({
      target: [readStates.userId, readStates.channelId],
      set: { lastReadSeq: sql`greatest(${readStates.lastReadSeq}, excluded.last_read_seq)`, updatedAt: sql`now()` },
    })
    .returning({ seq: readStates.lastReadSeq });
  return row.seq;
}

/** Messages of this channel by id (others' ids are simply absent, P20). */
export async function loadMessages(db: ObjectDb, channelId: string, ids: string[]): Promise<Map<string, Message>> {
  if (!ids.length) return new Map();
  const rows = await db.select().from(messages).where(and(eq(messages.channelId, channelId), inArray(messages.id, ids)));
  return new Map(rows.map((r) => [r.id, r]));
}

/** An upload not yet sent, as a send checks it (commit.ts attachmentsOf). */
export interface Upload {
  uploaderId: string;
  view: FileView;
}

/** The uploads among `ids` that belong to this channel and no message yet (P9a). */
export async function loadUnsentUploads(db: ObjectDb, channelId: string, ids: string[]): Promise<Map<string, Upload>> {
  const rows = await db
    .select()
    .from(files)
    .where(and(eq(files.channelId, channelId), inArray(files.id, ids), isNull(files.messageId)));
  return new Map(rows.map((r) => [r.id, { uploaderId: r.uploaderId, view: fileView(r) }]));
}

/** Which of these (author, nonce) pairs are stored, with the original id and seq (P14). */
export async function findNonces(db: ObjectDb, channelId: string, pairs: Array<{ authorId: string; nonce: string }>): Promise<Message[]> {
  if (!pairs.length) return [];
  const nonces = [...new Set(pairs.map((p) => p.nonce))];
  const rows = await db.select().from(messages).where(and(eq(messages.channelId, channelId), inArray(messages.nonce, nonces)));
  const wanted = new Set(pairs.map((p) => p.authorId + "\u0000" + p.nonce));
  return rows.filter((r) => wanted.has(r.authorId + "\u0000" + r.nonce));
}

/**
 * Events (afterSeq, upToSeq] rebuilt from the log, oldest first (P7 replay beyond the memory buffer): the messages
 * created in the range and the later changes logged in it (schema/messages.ts), merged by seq.
 */
export async function loadLog(db: ObjectDb, channelId: string, afterSeq: number, upToSeq: number): Promise<ChannelEvent[]> {
  if (upToSeq <= afterSeq) return [];
  const [created, changes] = await Promise.all([
    db
      .select()
      .from(messages)
      .where(and(eq(messages.channelId, channelId), gt(messages.seq, afterSeq), lte(messages.seq, upToSeq)))
      .orderBy(asc(messages.seq)),
    db
      .select({ seq: channelEvents.seq, type: channelEvents.type, messageId: channelEvents.messageId, payload: channelEvents.payload, message: messages })
      .from(channelEvents)
      .leftJoin(messages, eq(messages.id, channelEvents.messageId))
      .where(and(eq(channelEvents.channelId, channelId), gt(channelEvents.seq, afterSeq), lte(channelEvents.seq, upToSeq)))
      .orderBy(asc(channelEvents.seq)),
  ]);
  const out: ChannelEvent[] = [];
  let i = 0;
  for (const change of changes) {
    for (; i < created.length && created[i].seq < change.seq; i++) out.push(createdEvent(created[i]));
    out.push(eventFromLog(change, change.message));
  }
  for (; i < created.length; i++) out.push(createdEvent(created[i]));
  return out;
}

/** Which of these sessions are still live (not revoked, not expired, user neither suspended nor deleted). */
export async function liveSessions(db: ObjectDb, sessionIds: string[]): Promise<Map<string, true>> {
  const rows = await db
    .select({ id: sessions.id })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(inArray(sessions.id, sessionIds), isNull(sessions.revokedAt), gt(sessions.expiresAt, sql`now()`), isNull(users.suspendedAt), isNull(users.deletedAt)));
  return new Map(rows.map((r) => [r.id, true as const]));
}
