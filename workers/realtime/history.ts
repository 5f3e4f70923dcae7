/** Paginated message history by seq (P30), read straight from Postgres: history needs no ordering decisions. */
import { and, asc, desc, eq, gt, gte, inArray, lt, sql } from "drizzle-orm";
import type { AuthorView, MessageView, ReactionSummary } from "../../protocol/frames.ts";
import { users } from "../../schema/accounts.ts";
import { messages, messageView, pollVotes, reactions, type Message } from "../../schema/messages.ts";
import type { PollResults } from "../../protocol/polls.ts";
import type { Db } from "../db.ts";

export type HistoryCursor = { before: number } | { after: number } | { around: number } | null;

async function page(db: Db, channelId: string, where: ReturnType<typeof and>, order: "asc" | "desc", limit: number): Promise<Message[]> {
  if (limit <= 0) return [];
  return db
    .select()
    .from(messages)
    .where(and(eq(messages.channelId, channelId), where))
    .orderBy(order === "asc" ? asc(messages.seq) : desc(messages.seq))
    .limit(limit);
}

/** Up to `limit` messages around the cursor, oldest first (newest last). */
export async function loadHistory(db: Db, channelId: string, userId: string, cursor: HistoryCursor, limit: number): Promise<MessageView[]> {
  let rows: Message[];
  if (!cursor) rows = (await page(db, channelId, undefined, "desc", limit)).reverse();
  else if ("before" in cursor) rows = (await page(db, channelId, lt(messages.seq, cursor.before), "desc", limit)).reverse();
  else if ("after" in cursor) rows = await page(db, channelId, gt(messages.seq, cursor.after), "asc", limit);
  else {
    const older = Math.floor(limit / 2);
    const before = (await page(db, channelId, lt(messages.seq, cursor.around), "desc", older)).reverse();
    const from = await page(db, channelId, gte(messages.seq, cursor.around), "asc", limit - before.length);
    rows = before.concat(from);
  }
  const summaries = await reactionSummaries(db, rows.map((r) => r.id), userId);
  const authors = await authorViews(db, rows.map((r) => r.authorId));
  const polls = await pollResults(db, rows, userId);
  return rows.map((r) => {
    const view: MessageView = { ...messageView(r), author: authors.get(r.authorId), reactions: summaries.get(r.id) ?? [] };
    const results = polls.get(r.id);
    if (results) view.pollResults = results;
    return view;
  });
}

/** The votes on the page's polls, with the requesting user's own answers. One query, none without polls. */
export async function pollResults(db: Db, rows: Pick<Message, "id" | "poll">[], userId: string): Promise<Map<string, PollResults>> {
  const out = new Map<string, PollResults>();
  for (const r of rows) if (r.poll) out.set(r.id, { counts: Array.from({ length: r.poll.answerCount }, () => 0), voters: 0, mine: [] });
  if (!out.size) return out;
  const votes = await db
    .select({ messageId: pollVotes.messageId, userId: pollVotes.userId, answer: pollVotes.answer })
    .from(pollVotes)
    .where(inArray(pollVotes.messageId, [...out.keys()]));
  const voters = new Map<string, Set<string>>();
  for (const v of votes) {
    const results = out.get(v.messageId)!;
    if (v.answer < results.counts.length) results.counts[v.answer]++;
    if (v.userId === userId) results.mine.push(v.answer);
    voters.set(v.messageId, (voters.get(v.messageId) ?? new Set()).add(v.userId));
  }
  for (const [id, people] of voters) out.get(id)!.voters = people.size;
  for (const results of out.values()) results.mine.sort((a, b) => a - b);
  return out;
}

/** A user row as history names an author. */
export function authorView(u: { id: string; username: string; displayName: string; deletedAt: Date | null; avatarUrl: string | null; isBot: boolean }): AuthorView {
  return { id: u.id, username: u.username, displayName: u.displayName, isDeleted: u.deletedAt !== null, avatarUrl: u.avatarUrl, isBot: u.isBot };
}

/** The columns authorView reads. */
export const authorColumns = { id: users.id, username: users.username, displayName: users.displayName, deletedAt: users.deletedAt, avatarUrl: users.avatarUrl, isBot: users.isBot };

/**
 * Who wrote the page's messages. A deleted account keeps its row as "Deleted user" under `deleted-<id>`, so its
 * messages stay attributed without revealing who it was.
 */
export async function authorViews(db: Db, ids: string[]): Promise<Map<string, AuthorView>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await db.select(authorColumns).from(users).where(inArray(users.id, unique));
  return new Map(rows.map((u) => [u.id, authorView(u)]));
}

async function reactionSummaries(db: Db, messageIds: string[], userId: string): Promise<Map<string, ReactionSummary[]>> {
  const out = new Map<string, ReactionSummary[]>();
  if (!messageIds.length) return out;
  const rows = await db
    .select({
      messageId: reactions.messageId,
      emoji: reactions.emoji,
      count: sql<number>`count(*)::int`,
      me: sql<boolean>`bool_or(${reactions.userId} = ${userId})`,
      first: sql<string>`min(${reactions.createdAt})`,
    })
    .from(reactions)
    .where(inArray(reactions.messageId, messageIds))
    .groupBy(reactions.messageId, reactions.emoji)
    .orderBy(sql`min(${reactions.createdAt})`);
  for (const r of rows) {
    const list = out.get(r.messageId) ?? [];
    list.push({ emoji: r.emoji, count: r.count, me: r.me });
    out.set(r.messageId, list);
  }
  return out;
}
