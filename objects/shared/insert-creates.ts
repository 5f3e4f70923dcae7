/**
 * The one statement that stores new messages (each row is also its message_created event: schema/messages.ts),
 * for one room's batch or for the batches of many rooms at once (objects/CommitShard.ts). One round trip, atomic
 * on its own: a nonce that is already stored makes the whole statement fail with a unique violation, and nothing
 * is written.
 *
 * Rows travel as one JSON text, turned into rows by Postgres (`json_to_recordset`). The text is built once by
 * drizzle and runs as a named prepared statement on each connection, so neither drizzle (building a row-by-row
 * insert was a third of the room's CPU under load, measured with the inspector) nor Postgres (parse and plan)
 * repeats work per batch. One string is also the cheapest thing to send to a commit shard and to join there:
 * `JSON.stringify` is native, where a dozen array parameters cost the one JavaScript thread their structured clone,
 * the shard's concatenation and pg's per-element array literals.
 *
 * The same statement gives each attached upload its message (schema/files.ts), so a message and its files are
 * linked all or nothing. The room checked the uploads first (channel-room/commit.ts); the conditions here repeat
 * that check, so a file can never be moved to another channel's or author's message.
 */
import { sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type pg from "pg";
import { files } from "../../schema/files.ts";
import { messages, type NewMessage } from "../../schema/messages.ts";

/**
 * New messages as JSON: `json` holds `count` row objects, comma-separated, without the enclosing brackets, so
 * that batches of several rooms join by concatenation. Keys are the short column names of STATEMENT below.
 */
export interface CreateRows {
  count: number;
  json: string;
}

const STATEMENT = new PgDialect().sqlToQuery(sql`
  with ins as (
    insert into ${messages} (id, channel_id, seq, author_id, nonce, content, envelope, attachments, reply_to_id, reply_author_id, reply_excerpt, mentions, mentions_everyone, poll, suppress_embeds, created_at)
    select u.i, u.c, u.s, u.a, u.n, u.x, u.e, coalesce(u.f, '[]'::jsonb), u.r, u.ra, u.ex, u.m, u.ev, u.p, coalesce(u.se, false), timestamptz 'epoch' + u.t * interval '1 millisecond'
    from json_to_recordset(${sql.placeholder("rows")}::json)
      as u(c uuid, t bigint, i uuid, s bigint, a uuid, n text, x text, e jsonb, f jsonb, r uuid, ra uuid, ex text, m uuid[], ev bool, p jsonb, se bool)
    returning id, channel_id, author_id, attachments
  )
  update ${files} set message_id = ins.id
  from ins cross join lateral jsonb_array_elements(ins.attachments) as f(v)
  where ${files.id} = (f.v->>'id')::uuid and ${files.channelId} = ins.channel_id and ${files.uploaderId} = ins.author_id and ${files.messageId} is null`);
const STATEMENT_NAME = "hearth_insert_creates_v7";

/**
 * One room's batch. Absent optional values are left out (NULL in Postgres). Text goes through `toWellFormed`:
 * JSON cannot carry a lone surrogate to Postgres, and an excerpt cut from a longer text may end in half a pair.
 */
export function createRows(channelId: string, createdAt: Date, rows: NewMessage[]): CreateRows {
  const t = createdAt.getTime();
  const out = rows.map((r) => ({
    c: channelId,
    t,
    i: r.id!,
    s: r.seq,
    a: r.authorId,
    n: r.nonce,
    x: r.content?.toWellFormed(),
    e: r.envelope ?? undefined,
    f: r.attachments?.length ? r.attachments : undefined,
    r: r.replyToId ?? undefined,
    ra: r.replyAuthorId ?? undefined,
    ex: r.replyExcerpt?.toWellFormed(),
    m: r.mentions ?? [],
    ev: r.mentionsEveryone ?? false,
    p: r.poll ?? undefined,
    se: r.suppressEmbeds || undefined,
  }));
  return { count: out.length, json: JSON.stringify(out).slice(1, -1) };
}

/** Several batches as one (in the order given). */
export function joinRows(parts: CreateRows[]): CreateRows {
  if (parts.length === 1) return parts[0];
  let count = 0;
  const json: string[] = [];
  for (const p of parts) {
    if (p.count === 0) continue;
    count += p.count;
    json.push(p.json);
  }
  return { count, json: json.join(",") };
}

/** Runs the insert on `client`. Throws pg's own error (a DatabaseError when Postgres refused the statement). */
export async function runInsertCreates(client: pg.Client, rows: CreateRows): Promise<void> {
  await client.query({ name: STATEMENT_NAME, text: STATEMENT.sql, values: ["[" + rows.json + "]"] });
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
