/**
 * The one statement that stores new messages and their message_created events, for one room's batch or for the
 * batches of many rooms at once (objects/CommitShard.ts). One round trip, atomic on its own: a nonce that is
 * already stored makes the whole statement fail with a unique violation, and nothing is written.
 *
 * Rows travel as columns: one array parameter per column, unnested in Postgres. The text is built once by drizzle
 * and runs as a named prepared statement on each connection, so neither drizzle (building a row-by-row insert was
 * a third of the room's CPU under load, measured with the inspector) nor Postgres (parse and plan) repeats work
 * per batch. Columns are also what crosses the RPC hop to a commit shard: a dozen arrays clone faster than
 * hundreds of row objects.
 */
import { sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type pg from "pg";
import { channelEvents, messages, type NewMessage } from "../../schema/messages.ts";

/** New messages, column by column; every array has one entry per message. */
export interface CreateColumns {
  channelIds: string[];
  /** ms since the epoch */
  createdAt: number[];
  ids: string[];
  seqs: number[];
  authors: string[];
  nonces: string[];
  contents: Array<string | null>;
  /** JSON text */
  envelopes: Array<string | null>;
  replyIds: Array<string | null>;
  replyAuthors: Array<string | null>;
  excerpts: Array<string | null>;
  /** a Postgres uuid[] literal per message ("{a,b}"): arrays of arrays must be rectangular, these are not */
  mentions: string[];
  everyone: boolean[];
}

const COLUMN_KEYS = ["channelIds", "createdAt", "ids", "seqs", "authors", "nonces", "contents", "envelopes", "replyIds", "replyAuthors", "excerpts", "mentions", "everyone"] as const;

const STATEMENT = new PgDialect().sqlToQuery(sql`
  with m as (
    insert into ${messages} (id, channel_id, seq, author_id, nonce, content, envelope, reply_to_id, reply_author_id, reply_excerpt, mentions, mentions_everyone, created_at)
    select u.id, u.channel_id, u.seq, u.author_id, u.nonce, u.content, u.envelope, u.reply_to_id, u.reply_author_id, u.reply_excerpt,
           u.mentions::uuid[], u.everyone, timestamptz 'epoch' + u.created_ms * interval '1 millisecond'
    from unnest(${sql.placeholder("channelIds")}::uuid[], ${sql.placeholder("createdAt")}::bigint[], ${sql.placeholder("ids")}::uuid[],
                ${sql.placeholder("seqs")}::bigint[], ${sql.placeholder("authors")}::uuid[], ${sql.placeholder("nonces")}::text[],
                ${sql.placeholder("contents")}::text[], ${sql.placeholder("envelopes")}::jsonb[], ${sql.placeholder("replyIds")}::uuid[],
                ${sql.placeholder("replyAuthors")}::uuid[], ${sql.placeholder("excerpts")}::text[], ${sql.placeholder("mentions")}::text[],
                ${sql.placeholder("everyone")}::bool[])
      as u(channel_id, created_ms, id, seq, author_id, nonce, content, envelope, reply_to_id, reply_author_id, reply_excerpt, mentions, everyone)
    returning id, channel_id, seq, created_at)
  insert into ${channelEvents} (channel_id, seq, type, message_id, payload, created_at)
  select m.channel_id, m.seq, 'message_created', m.id, '{}'::jsonb, m.created_at from m`);
const STATEMENT_NAME = "hearth_insert_creates_v2";
const PARAM_ORDER = STATEMENT.params.map((p) => (p as { name: keyof CreateColumns }).name);

/** The columns of one room's batch. */
export function createColumns(channelId: string, createdAt: Date, rows: NewMessage[]): CreateColumns {
  const ms = createdAt.getTime();
  const n = rows.length;
  const c: CreateColumns = { channelIds: [], createdAt: [], ids: [], seqs: [], authors: [], nonces: [], contents: [], envelopes: [], replyIds: [], replyAuthors: [], excerpts: [], mentions: [], everyone: [] };
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    c.channelIds.push(channelId);
    c.createdAt.push(ms);
    c.ids.push(r.id!);
    c.seqs.push(r.seq);
    c.authors.push(r.authorId);
    c.nonces.push(r.nonce);
    c.contents.push(r.content ?? null);
    c.envelopes.push(r.envelope ? JSON.stringify(r.envelope) : null);
    c.replyIds.push(r.replyToId ?? null);
    c.replyAuthors.push(r.replyAuthorId ?? null);
    c.excerpts.push(r.replyExcerpt ?? null);
    c.mentions.push(`{${(r.mentions ?? []).join(",")}}`);
    c.everyone.push(r.mentionsEveryone ?? false);
  }
  return c;
}

/** Several batches as one (in the order given). */
export function concatColumns(parts: CreateColumns[]): CreateColumns {
  if (parts.length === 1) return parts[0];
  const out = {} as Record<(typeof COLUMN_KEYS)[number], unknown[]>;
  for (const k of COLUMN_KEYS) out[k] = ([] as unknown[]).concat(...parts.map((p) => p[k]));
  return out as unknown as CreateColumns;
}

/** How many messages the columns hold. */
export function columnRows(c: CreateColumns): number {
  return c.ids.length;
}

/** Runs the insert on `client`. Throws pg's own error (a DatabaseError when Postgres refused the statement). */
export async function runInsertCreates(client: pg.Client, c: CreateColumns): Promise<void> {
  await client.query({ name: STATEMENT_NAME, text: STATEMENT.sql, values: PARAM_ORDER.map((k) => c[k]) });
}

/** Postgres's unique_violation on the nonce index: a retried send (P14). Looks through a wrapping error's cause. */
export function isNonceConflict(err: unknown): boolean {
  const e = (err as { cause?: unknown })?.cause ?? err;
  const pgErr = e as { code?: string; constraint?: string };
  return pgErr?.code === "23505" && pgErr.constraint === "messages_channel_author_nonce_key";
}

/** An error that carries the nonce conflict across a hop where error classes do not survive (RPC). */
export function nonceConflictError(message: string): Error {
  return Object.assign(new Error(message), { cause: { code: "23505", constraint: "messages_channel_author_nonce_key" } });
}
