/**
 * Messages over REST (docs/protocol.md P29, P30):
 *   GET  /api/v1/channels/:id/messages?before=SEQ|after=SEQ|around=SEQ&limit=N → { messages } (newest last)
 *   POST /api/v1/channels/:id/messages { content | envelope, attachments?, nonce?, replyTo?, mentions? } → 201 { id, seq, nonce, message }
 * A REST send goes through the channel's ChannelRoom (RPC), the same checks and the same group commit as a
 * socket send, so seqs stay gap-free and sockets hear of it like any other message.
 */
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { uuidv7 } from "uuidv7";
import { z } from "zod";
import type { OpOutcome } from "../../objects/channel-room/ops.ts";
import type { ErrorCode } from "../../protocol/errors.ts";
import { MAX_ATTACHMENTS } from "../../protocol/files.ts";
import type { Envelope } from "../../protocol/frames.ts";
import { HISTORY_PAGE_DEFAULT, HISTORY_PAGE_MAX, MAX_ENVELOPE_BYTES, MAX_MENTIONS, MAX_MESSAGE_CHARS, MAX_NONCE_CHARS } from "../../protocol/limits.ts";
import { utf8Length } from "../../protocol/parse-frame.ts";
import { MAX_POLL_QUESTION_CHARS, parsePollInput, type PollInput } from "../../protocol/polls.ts";
import { channelAccess, type ChannelAccess } from "../communities/access.ts";
import { requirePermission } from "../communities/guard.ts";
import type { Db } from "../db.ts";
import type { AppEnv } from "../env.ts";
import { AppError } from "../errors.ts";
import { authOf, requireAuth } from "../http/auth-middleware.ts";
import { jsonBody, params, query, uuidSchema } from "../http/validate.ts";
import { loadHistory, type HistoryCursor } from "./history.ts";
import { channelRoom } from "./sockets.ts";
import { hasRoom } from "./visible-channels.ts";

const idParam = z.object({ id: uuidSchema });
const seq = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

const historyQuery = z
  .object({ before: seq.optional(), after: seq.optional(), around: seq.optional(), limit: z.coerce.number().int().min(1).max(HISTORY_PAGE_MAX).default(HISTORY_PAGE_DEFAULT) })
  .refine((q) => [q.before, q.after, q.around].filter((v) => v !== undefined).length <= 1, { message: "Use at most one of before, after and around." });

const envelopeSchema = z.looseObject({ alg: z.string().min(1).max(64), senderDevice: z.string().min(1).max(128), ciphertext: z.string().min(1) });

const sendBody = z
  .object({
    content: z.string().optional(),
    envelope: envelopeSchema.optional(),
    nonce: z
      .string()
      .min(1)
      .max(MAX_NONCE_CHARS)
      .regex(/^[^\s\p{Cc}]+$/u, "no spaces or control characters")
      .optional(),
    attachments: z.array(uuidSchema).max(MAX_ATTACHMENTS).optional(),
    replyTo: uuidSchema.optional(),
    mentions: z.array(uuidSchema).max(MAX_MENTIONS).optional(),
    // Checked by the same function as a socket's send_message (protocol/polls.ts).
    poll: z.unknown().optional(),
  })
  .refine((b) => (b.content === undefined) !== (b.envelope === undefined), { message: "Send exactly one of content (plain text) and envelope (encrypted)." })
  .superRefine((b, ctx) => {
    if (b.poll === undefined) return;
    const poll = parsePollInput(b.poll);
    if (!poll.ok) ctx.addIssue({ code: "custom", path: ["poll"], message: poll.message });
    if (b.attachments?.length) ctx.addIssue({ code: "custom", path: ["poll"], message: "A poll carries no attachments." });
    if (b.content !== undefined && b.content.length > MAX_POLL_QUESTION_CHARS) ctx.addIssue({ code: "custom", path: ["content"], message: `A poll's question is limited to ${MAX_POLL_QUESTION_CHARS} characters.` });
  })
  .refine((b) => b.content === undefined || b.content.trim().length > 0 || (b.content === "" && b.attachments?.length), {
    message: "content must not be empty (it may be \"\" only beside attachments).",
    path: ["content"],
  });

/** How the room's refusal codes read over HTTP. */
const STATUS: Partial<Record<ErrorCode, ContentfulStatusCode>> = {
  missing_permission: 403,
  message_too_large: 413,
  rate_limited: 429,
  slow_mode: 429,
  encryption_required: 400,
  encryption_not_supported: 400,
  message_not_found: 404,
  channel_not_found: 404,
  commit_failed: 503,
  invalid_attachment: 400,
};

/** The caller's access to a channel with a room (text channel, DM), or 404 channel_not_found. */
export async function requireRoomChannel(db: Db, userId: string, channelId: string): Promise<ChannelAccess> {
  const access = await channelAccess(db, userId, channelId);
  if (!access || !hasRoom(access.channel.kind)) throw new AppError(404, "channel_not_found", "No such text channel, or you cannot see it.");
  return access;
}

export const messageRoutes = new Hono<AppEnv>();
messageRoutes.use("/:id/messages", requireAuth);

messageRoutes.get("/:id/messages", async (c) => {
  const { id } = params(c, idParam);
  const q = query(c, historyQuery);
  const auth = authOf(c);
  const db = await c.var.db.get();
  const access = await requireRoomChannel(db, auth.userId, id);
  requirePermission(access.permissions, "READ_HISTORY");
  const cursor: HistoryCursor = q.before !== undefined ? { before: q.before } : q.after !== undefined ? { after: q.after } : q.around !== undefined ? { around: q.around } : null;
  return c.json({ messages: await loadHistory(db, id, auth.userId, cursor, q.limit) });
});

messageRoutes.post("/:id/messages", async (c) => {
  const { id } = params(c, idParam);
  const body = await jsonBody(c, sendBody);
  if (body.content !== undefined && body.content.length > MAX_MESSAGE_CHARS) throw new AppError(413, "message_too_large", `Messages are limited to ${MAX_MESSAGE_CHARS} characters.`);
  if (body.envelope && utf8Length(JSON.stringify(body.envelope)) > MAX_ENVELOPE_BYTES) throw new AppError(413, "message_too_large", `Encrypted envelopes are limited to ${MAX_ENVELOPE_BYTES} bytes.`);
  const auth = authOf(c);
  const db = await c.var.db.get();
  const access = await requireRoomChannel(db, auth.userId, id);
  const nonce = body.nonce ?? uuidv7();
  // The stub's inferred type gives up on the open-ended envelope type; the shape is the room's RestSend result.
  const { outcome, retryAfterMs } = (await channelRoom(c.env, id).sendMessage({
    channelId: id,
    userId: auth.userId,
    permissions: access.permissions.toString(),
    nonce,
    content: body.content,
    envelope: body.envelope as Envelope | undefined,
    attachments: body.attachments?.length ? [...new Set(body.attachments.map((a) => a.toLowerCase()))] : undefined,
    replyTo: body.replyTo,
    mentions: body.mentions,
    poll: body.poll === undefined ? undefined : (parsePollInput(body.poll) as { poll: PollInput }).poll,
  } as never)) as { outcome: OpOutcome; retryAfterMs?: number };
  if (!outcome.ok) {
    const retryS = retryAfterMs !== undefined ? Math.max(1, Math.ceil(retryAfterMs / 1000)) : undefined;
    throw new AppError(STATUS[outcome.code] ?? 500, outcome.code, outcome.message, retryS ? { retryAfterS: retryS } : undefined, retryS ? { "Retry-After": String(retryS) } : undefined);
  }
  if (outcome.duplicate) return c.json({ id: outcome.id, seq: outcome.seq, nonce, duplicate: true }, 200);
  return c.json({ id: outcome.id, seq: outcome.seq, nonce, message: outcome.message }, 201);
});
