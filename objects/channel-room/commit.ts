/**
 * One group-commit batch: turns queued ops into rows and events with contiguous seqs, writes them in one
 * transaction, and reports what each op produced. Nothing outside this function changes until the write has
 * committed (seqs, the reply-target cache), so a failed batch leaves the room exactly as before.
 *
 * Two write paths: a batch of sends only (the common case) is a single INSERT ... INSERT statement, one round
 * trip; a batch with edits, deletes, reactions or pins runs in a transaction that reads each target message
 * first, because whether those produce an event depends on the stored state.
 */
import { and, eq, sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import type { FileView } from "../../protocol/files.ts";
import type { ChannelEvent } from "../../protocol/frames.ts";
import { files } from "../../schema/files.ts";
import { channelEvents, messages, pollVotes, reactions, type Message, type NewChannelEventRow, type NewMessage } from "../../schema/messages.ts";
import { checkVoteAnswers, pollIsOpen, type PollInput, type PollView } from "../../protocol/polls.ts";
import { PERMISSION_BITS } from "../../protocol/permissions.ts";
import type { BoundedMap } from "../shared/bounded-map.ts";
import type { ObjectDb } from "../shared/lazy-pg.ts";
import { checkDelete, checkEdit, checkEndPoll } from "./checks.ts";
import { failure, nonceKey, type CreateOp, type OpOutcome, type RoomOp } from "./ops.ts";
import type { RecentEvents } from "./recent.ts";
import type { SeqAllocator } from "./sequence.ts";
import { isNonceConflict } from "../shared/insert-creates.ts";
import { findNonces, loadHead, loadLog, loadMessages, loadUnsentUploads, type Upload } from "./store.ts";
import { excerptOf, messageView } from "./views.ts";

export interface StoredRef {
  id: string;
  seq: number;
}

/** What a reply needs of its target: from the room's recent events, or read once and cached. */
export interface ReplyTarget {
  authorId: string;
  excerpt: string | null;
  isDeleted: boolean;
}

export interface CommitContext {
  channelId: string;
  seqs: SeqAllocator;
  /** The room's recent events: P14 retries and replies to recent messages without a read. */
  recent: RecentEvents;
  /** Targets of this room's replies (from `recent` or Postgres), kept current by its edits and deletes. */
  replyTargets: BoundedMap<string, ReplyTarget>;
}

/** The uploads a batch's sends name, read once per batch (loadUploads). */
type Uploads = Map<string, Upload>;

/**
 * Where a batch is written: reads and mixed transactions on the room's own connection; new messages through
 * `insertCreates`, which is the room's connection or a commit shard writing for many rooms (objects/CommitShard.ts).
 */
export interface CommitIo {
  db<T>(fn: (db: ObjectDb) => Promise<T>): Promise<T>;
  /**
   * Stores the messages (each row is its message_created event), all or nothing; a stored nonce fails it
   * (isNonceConflict).
   */
  insertCreates(channelId: string, createdAt: Date, rows: NewMessage[]): Promise<void>;
}

export interface Committed<O> {
  op: RoomOp<O>;
  outcome: OpOutcome;
  /** The event the op produced (null for refusals and duplicates). Events come out in seq order. */
  event: ChannelEvent | null;
}

/** Retries after nonce conflicts (each removes at least one op); more means something else is wrong. */
const MAX_CONFLICT_ROUNDS = 3;

type Tx = Parameters<Parameters<ObjectDb["transaction"]>[0]>[0];

interface Effects {
  outcomes: Map<number, { outcome: OpOutcome; event: ChannelEvent | null }>;
  targets: Array<{ id: string; target: ReplyTarget }>;
}

const duplicateOf = (ref: StoredRef, nonce: string): OpOutcome => ({ ok: true, id: ref.id, seq: ref.seq, nonce, duplicate: true });

/** Commits `ops` in order. Throws only for failures whose outcome is unknown (connection lost, database down). */
export async function commitOps<O>(io: CommitIo, ctx: CommitContext, ops: RoomOp<O>[]): Promise<Committed<O>[]> {
  const done = new Map<number, OpOutcome>();
  const sameAs = new Map<number, number>(); // a later op with the nonce of an earlier one in this batch
  const firstByKey = new Map<string, number>();
  ops.forEach((op, i) => {
    if (op.type !== "create") return;
    const key = nonceKey(op.userId, op.nonce);
    const stored = ctx.recent.stored(op.userId, op.nonce);
    if (stored) done.set(i, duplicateOf(stored, op.nonce));
    else if (firstByKey.has(key)) sameAs.set(i, firstByKey.get(key)!);
    else firstByKey.set(key, i);
  });
  await loadReplyTargets(io, ctx, ops);
  const uploads = await loadUploads(io, ctx, ops);

  let effects: Effects | null = null;
  for (let round = 0; !effects; round++) {
    const todo = ops.map((_, i) => i).filter((i) => !done.has(i) && !sameAs.has(i));
    try {
      effects = todo.every((i) => ops[i].type === "create")
        ? await writeCreates(io, ctx, ops, todo, uploads)
        : await io.db((db) => db.transaction((tx) => writeMixed(tx, ctx, ops, todo, uploads)));
      ctx.seqs.commit();
    } catch (err) {
      ctx.seqs.rollback();
      if (!isNonceConflict(err) || round >= MAX_CONFLICT_ROUNDS) throw err;
      // A retry whose first attempt was stored before the room lost its memory (restart): answer with the original.
      const creates = todo.map((i) => ops[i]).filter((op): op is CreateOp<O> => op.type === "create");
      const pairs = creates.map((op) => ({ authorId: op.userId, nonce: op.nonce }));
      for (const row of await io.db((db) => findNonces(db, ctx.channelId, pairs))) {
        const i = firstByKey.get(nonceKey(row.authorId, row.nonce));
        if (i !== undefined) done.set(i, duplicateOf({ id: row.id, seq: row.seq }, row.nonce));
      }
    }
  }

  for (const { id, target } of effects.targets) ctx.replyTargets.set(id, target);
  const out: Committed<O>[] = ops.map((op, i) => {
    const written = effects.outcomes.get(i);
    if (written) return { op, ...written };
    return { op, outcome: done.get(i) ?? failure("commit_failed", "Not written."), event: null };
  });
  for (const [i, first] of sameAs) {
    const o = out[first].outcome;
    const op = ops[i] as CreateOp<O>;
    out[i] = { op, outcome: o.ok ? { ok: true, id: o.id, seq: o.seq, nonce: op.nonce, duplicate: true } : o, event: null };
  }
  return out;
}

/**
 * Puts the target of every reply in this batch in the cache: from the room's recent events when they still hold
 * it, else from Postgres (one read for all). buildCreate then reads only the cache.
 */
async function loadReplyTargets<O>(io: CommitIo, ctx: CommitContext, ops: RoomOp<O>[]): Promise<void> {
  const missing = new Set<string>();
  for (const op of ops) {
    if (op.type !== "create" || !op.replyTo || ctx.replyTargets.has(op.replyTo)) continue;
    const recent = ctx.recent.replyTarget(op.replyTo);
    if (recent) ctx.replyTargets.set(op.replyTo, recent);
    else missing.add(op.replyTo);
  }
  if (!missing.size) return;
  const rows = await io.db((db) => loadMessages(db, ctx.channelId, [...missing]));
  for (const row of rows.values()) ctx.replyTargets.set(row.id, targetOf(row));
}

/** The unsent uploads to this channel that the batch's sends name (one read for all; none when no send has files). */
async function loadUploads<O>(io: CommitIo, ctx: CommitContext, ops: RoomOp<O>[]): Promise<Uploads> {
  const ids = new Set<string>();
  for (const op of ops) if (op.type === "create") for (const id of op.attachments) ids.add(id);
  if (!ids.size) return new Map();
  return io.db((db) => loadUnsentUploads(db, ctx.channelId, [...ids]));
}

/**
 * The files a send attaches, as its message shows them, or why not: each must be the sender's own upload to this
 * channel, not yet sent, and named by no earlier send of the batch (`claimed`, which this fills).
 */
function attachmentsOf<O>(op: CreateOp<O>, uploads: Uploads, claimed: Set<string>): FileView[] | OpOutcome {
  if (!op.attachments.length) return NO_FILES;
  const out: FileView[] = [];
  for (const id of op.attachments) {
    const u = uploads.get(id);
    if (!u || u.uploaderId !== op.userId || claimed.has(id)) return failure("invalid_attachment", "A file to attach is not one of your unsent uploads to this channel (upload it again).");
    out.push(u.view);
  }
  for (const id of op.attachments) claimed.add(id);
  return out;
}

const NO_FILES: FileView[] = [];

function targetOf(row: Pick<Message, "authorId" | "content" | "deletedAt">): ReplyTarget {
  return { authorId: row.authorId, excerpt: excerptOf(row.content), isDeleted: row.deletedAt !== null };
}

/** Builds the row and event of one create, or a refusal. Takes a seq only when it will be written. */
function buildCreate<O>(ctx: CommitContext, op: CreateOp<O>, now: Date, deletedInBatch: Set<string>, uploads: Uploads, claimed: Set<string>): { row: NewMessage; event: ChannelEvent } | OpOutcome {
  const attachments = attachmentsOf(op, uploads, claimed);
  if (!Array.isArray(attachments)) return attachments;
  let reply: ReplyTarget | undefined;
  if (op.replyTo) {
    reply = ctx.replyTargets.get(op.replyTo);
    if (!reply || reply.isDeleted || deletedInBatch.has(op.replyTo)) return failure("message_not_found", "The message you reply to is not in this channel (or was deleted).");
  }
  const row: Message = {
    id: uuidv7(),
    channelId: ctx.channelId,
    seq: ctx.seqs.next(),
    authorId: op.userId,
    nonce: op.nonce,
    content: op.content ?? null,
    envelope: op.envelope ?? null,
    attachments,
    replyToId: op.replyTo ?? null,
    replyAuthorId: reply?.authorId ?? null,
    replyExcerpt: reply?.excerpt ?? null,
    mentions: op.mentions,
    mentionsEveryone: op.mentionsEveryone,
    createdAt: now,
    editedAt: null,
    deletedAt: null,
    deletedBy: null,
    pinnedAt: null,
    pinnedBy: null,
    poll: op.poll ? pollOf(op.poll, now) : null,
    suppressEmbeds: (op.permissions & PERMISSION_BITS.EMBED_LINKS) === 0n,
  };
  return { row, event: { type: "message_created", seq: row.seq, message: messageView(row) } };
}

const HOUR_MS = 3_600_000;

function pollOf(input: PollInput, now: Date): PollView {
  const answers = input.answers ?? null;
  return { answers, answerCount: answers?.length ?? input.answerCount!, multiSelect: input.multiSelect, expiresAt: input.durationHours === null ? null : new Date(now.getTime() + input.durationHours * HOUR_MS).toISOString(), endedAt: null, anonymous: input.anonymous };
}

/** A poll's totals after a vote: votes per answer and how many people voted. */
async function pollTotals(tx: Tx, messageId: string, answerCount: number): Promise<{ counts: number[]; voters: number }> {
  const rows = await tx
    .select({ answer: pollVotes.answer, n: sql<number>`count(*)::int` })
    .from(pollVotes)
    .where(eq(pollVotes.messageId, messageId))
    .groupBy(pollVotes.answer);
  const [{ voters }] = await tx.select({ voters: sql<number>`count(distinct ${pollVotes.userId})::int` }).from(pollVotes).where(eq(pollVotes.messageId, messageId));
  const counts = Array.from({ length: answerCount }, () => 0);
  for (const r of rows) if (r.answer < answerCount) counts[r.answer] = r.n;
  return { counts, voters };
}

function eventRow(ctx: CommitContext, event: Exclude<ChannelEvent, { type: "message_created" }>, messageId: string, payload: Record<string, unknown>, now: Date): NewChannelEventRow {
  return { channelId: ctx.channelId, seq: event.seq, type: event.type, messageId, payload, createdAt: now };
}

function emptyEffects(): Effects {
  return { outcomes: new Map(), targets: [] };
}

function recordCreate<O>(fx: Effects, i: number, op: CreateOp<O>, row: NewMessage, event: ChannelEvent & { type: "message_created" }): void {
  fx.outcomes.set(i, { outcome: { ok: true, id: row.id!, seq: row.seq, nonce: op.nonce, message: event.message }, event });
}

async function writeCreates<O>(io: CommitIo, ctx: CommitContext, ops: RoomOp<O>[], todo: number[], uploads: Uploads): Promise<Effects> {
  const now = new Date();
  const fx = emptyEffects();
  const rows: NewMessage[] = [];
  const claimed = new Set<string>();
  for (const i of todo) {
    const op = ops[i] as CreateOp<O>;
    const built = buildCreate(ctx, op, now, NOTHING_DELETED, uploads, claimed);
    if ("ok" in built) {
      fx.outcomes.set(i, { outcome: built, event: null });
      continue;
    }
    rows.push(built.row);
    recordCreate(fx, i, op, built.row, built.event as ChannelEvent & { type: "message_created" });
  }
  if (rows.length) await io.insertCreates(ctx.channelId, now, rows);
  return fx;
}

const NOTHING_DELETED: Set<string> = new Set();

async function writeMixed<O>(tx: Tx, ctx: CommitContext, ops: RoomOp<O>[], todo: number[], uploads: Uploads): Promise<Effects> {
  const now = new Date();
  const nowIso = now.toISOString();
  const fx = emptyEffects();
  const rows: NewMessage[] = [];
  const events: NewChannelEventRow[] = [];
  const touched = new Map<string, Message>();
  const deleted = new Set<string>();
  const claimed = new Set<string>();

  const target = async (id: string): Promise<Message | null> => {
    if (touched.has(id)) return touched.get(id)!;
    const [row] = await tx.select().from(messages).where(and(eq(messages.id, id), eq(messages.channelId, ctx.channelId)));
    if (row) touched.set(id, row);
    return row ?? null;
  };
  const notFound = failure("message_not_found", "No such message in this channel (it may have been deleted).");
  const conflict = (what: string) => failure("conflict", `Nothing to change: ${what}.`);

  for (const i of todo) {
    const op = ops[i];
    if (op.type === "create") {
      const built = buildCreate(ctx, op, now, deleted, uploads, claimed);
      if ("ok" in built) fx.outcomes.set(i, { outcome: built, event: null });
      else {
        rows.push(built.row);
        recordCreate(fx, i, op, built.row, built.event as ChannelEvent & { type: "message_created" });
      }
      continue;
    }
    const msg = await target(op.messageId);
    if (!msg || msg.deletedAt) {
      fx.outcomes.set(i, { outcome: notFound, event: null });
      continue;
    }
    let event: Exclude<ChannelEvent, { type: "message_created" }> | null = null;
    let payload: Record<string, unknown> = {};
    let refusal: OpOutcome | null = null;
    switch (op.type) {
      case "edit": {
        const v = checkEdit(op.userId, msg.authorId);
        if (!v.ok) refusal = failure(v.code, v.message);
        else if (msg.poll) refusal = conflict("a poll cannot be edited (end it, or delete it and start another)");
        else {
          const set = { content: op.content ?? null, envelope: op.envelope ?? null, mentions: op.mentions, mentionsEveryone: op.mentionsEveryone, editedAt: now };
          await tx.update(messages).set(set).where(eq(messages.id, msg.id));
          touched.set(msg.id, { ...msg, ...set });
          payload = { editedAt: nowIso };
          event = { type: "message_edited", seq: ctx.seqs.next(), messageId: msg.id, content: set.content, envelope: set.envelope, mentions: set.mentions, editedAt: nowIso };
          fx.targets.push({ id: msg.id, target: targetOf({ authorId: msg.authorId, content: set.content, deletedAt: null }) });
        }
        break;
      }
      case "delete": {
        const v = checkDelete(op.userId, msg.authorId, op.permissions);
        if (!v.ok) refusal = failure(v.code, v.message);
        else {
          // P22: the text goes everywhere it was copied: the message, its pin, and replies quoting it. Its files
          // go with it (their blobs by the tombstone trigger and the sweep, schema/files.ts).
          const set = { content: null, envelope: null, attachments: NO_FILES, mentions: [], mentionsEveryone: false, deletedAt: now, deletedBy: op.userId, pinnedAt: null, pinnedBy: null, poll: null };
          await tx.update(messages).set(set).where(eq(messages.id, msg.id));
          if (msg.attachments.length) await tx.delete(files).where(eq(files.messageId, msg.id));
          if (msg.poll) await tx.delete(pollVotes).where(eq(pollVotes.messageId, msg.id));
          await tx.update(messages).set({ replyExcerpt: null }).where(and(eq(messages.channelId, ctx.channelId), eq(messages.replyToId, msg.id)));
          touched.set(msg.id, { ...msg, ...set });
          deleted.add(msg.id);
          payload = { deletedBy: op.userId, deletedAt: nowIso };
          event = { type: "message_deleted", seq: ctx.seqs.next(), messageId: msg.id, deletedBy: op.userId, deletedAt: nowIso };
          fx.targets.push({ id: msg.id, target: { authorId: msg.authorId, excerpt: null, isDeleted: true } });
        }
        break;
      }
      case "reaction": {
        const changed = op.isAdd
          ? await tx.insert(reactions).values({ messageId: msg.id, userId: op.userId, emoji: op.emoji, createdAt: now }).onConflictDoNothing().returning({ x: sql`1` })
          : await tx
              .delete(reactions)
              .where(and(eq(reactions.messageId, msg.id), eq(reactions.userId, op.userId), eq(reactions.emoji, op.emoji)))
              .returning({ x: sql`1` });
        if (!changed.length) refusal = conflict(op.isAdd ? "you already reacted with this emoji" : "you had not reacted with this emoji");
        else {
          payload = { userId: op.userId, emoji: op.emoji };
          event = { type: op.isAdd ? "reaction_added" : "reaction_removed", seq: ctx.seqs.next(), messageId: msg.id, userId: op.userId, emoji: op.emoji };
        }
        break;
      }
      case "pin": {
        if ((msg.pinnedAt !== null) === op.isPin) refusal = conflict(op.isPin ? "the message is already pinned" : "the message is not pinned");
        else {
          const set = op.isPin ? { pinnedAt: now, pinnedBy: op.userId } : { pinnedAt: null, pinnedBy: null };
          await tx.update(messages).set(set).where(eq(messages.id, msg.id));
          touched.set(msg.id, { ...msg, ...set });
          const seq = ctx.seqs.next();
          payload = op.isPin ? { pinnedBy: op.userId, pinnedAt: nowIso } : { unpinnedBy: op.userId };
          event = op.isPin
            ? { type: "message_pinned", seq, messageId: msg.id, pinnedBy: op.userId, pinnedAt: nowIso }
            : { type: "message_unpinned", seq, messageId: msg.id, unpinnedBy: op.userId };
        }
        break;
      }
      case "vote": {
        const poll = msg.poll;
        const why = poll ? checkVoteAnswers(poll, op.answers) : null;
        if (!poll) refusal = failure("invalid_vote", "This message is not a poll.");
        else if (!pollIsOpen(poll, now)) refusal = failure("poll_closed", "This poll has ended.");
        else if (why) refusal = failure("invalid_vote", why);
        else {
          const answers = [...op.answers].sort((a, b) => a - b);
          await tx.delete(pollVotes).where(and(eq(pollVotes.messageId, msg.id), eq(pollVotes.userId, op.userId)));
          if (answers.length) await tx.insert(pollVotes).values(answers.map((answer) => ({ messageId: msg.id, userId: op.userId, answer, createdAt: now })));
          const totals = await pollTotals(tx, msg.id, poll.answerCount);
          // An anonymous poll's event (stored, broadcast, replayed) says only the totals: who voted stays in poll_votes.
          const who = poll.anonymous ? { userId: null, answers: null } : { userId: op.userId, answers };
          payload = { ...who, ...totals };
          event = { type: "poll_voted", seq: ctx.seqs.next(), messageId: msg.id, ...who, ...totals };
        }
        break;
      }
      case "end_poll": {
        const v = checkEndPoll(op.userId, msg.authorId, op.permissions);
        if (!v.ok) refusal = failure(v.code, v.message);
        else if (!msg.poll) refusal = failure("invalid_vote", "This message is not a poll.");
        else if (!pollIsOpen(msg.poll, now)) refusal = failure("poll_closed", "This poll has already ended.");
        else {
          const set = { poll: { ...msg.poll, endedAt: nowIso } };
          await tx.update(messages).set(set).where(eq(messages.id, msg.id));
          touched.set(msg.id, { ...msg, ...set });
          payload = { endedBy: op.userId, endedAt: nowIso };
          event = { type: "poll_ended", seq: ctx.seqs.next(), messageId: msg.id, endedBy: op.userId, endedAt: nowIso };
        }
        break;
      }
    }
    if (refusal) fx.outcomes.set(i, { outcome: refusal, event: null });
    else if (event) {
      events.push(eventRow(ctx, event, msg.id, payload, now));
      fx.outcomes.set(i, { outcome: { ok: true, id: msg.id, seq: event.seq }, event });
    }
  }
  // Creates are written first: events reference their messages (a create's row is its own event). Creates never
  // target messages of the same batch (message ids are made here, so no client can name one before its ack).
  if (rows.length) await tx.insert(messages).values(rows);
  if (events.length) await tx.insert(channelEvents).values(events);
  return fx;
}

/**
 * After a write whose outcome the room could not see (connection lost mid-commit): what Postgres holds. Events
 * beyond `knownHead` were committed and must still be broadcast; sends found by nonce are acked with what was
 * stored; everything else is refused so the client retries with the same nonce (P14 makes that safe).
 */
export async function readBack<O>(db: ObjectDb, channelId: string, knownHead: number, ops: RoomOp<O>[]): Promise<{ head: number; outcomes: OpOutcome[]; events: ChannelEvent[] }> {
  const head = await loadHead(db, channelId);
  const creates = ops.flatMap((op) => (op.type === "create" ? [{ authorId: op.userId, nonce: op.nonce }] : []));
  const stored = new Map((await findNonces(db, channelId, creates)).map((m) => [nonceKey(m.authorId, m.nonce), m]));
  const events = await loadLog(db, channelId, knownHead, head);
  const outcomes = ops.map((op): OpOutcome => {
    const m = op.type === "create" ? stored.get(nonceKey(op.userId, op.nonce)) : undefined;
    return m ? { ok: true, id: m.id, seq: m.seq, nonce: m.nonce } : failure("commit_failed", "Not stored (the database connection was lost); send it again with the same nonce.");
  });
  return { head, outcomes, events };
}
