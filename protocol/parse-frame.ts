/**
 * Validates client frames (protocol/frames.ts). Hand-written rather than zod: it runs for every frame a room
 * receives, and a direct check of a handful of fields is several times cheaper than a schema walk while giving
 * the same guarantees. Rules cited are in docs/protocol.md.
 */
import type { ErrorCode } from "./errors.ts";
import type { ClientFrame, CloseReason, Envelope, HubClientFrame } from "./frames.ts";
import { MAX_ATTACHMENTS } from "./files.ts";
import { MAX_POLL_ANSWERS, MAX_POLL_QUESTION_CHARS, parsePollInput } from "./polls.ts";
import { unstorable, unstorablePath } from "./stored-text.ts";
import {
  MAX_EMOJI_CHARS,
  MAX_ENVELOPE_BYTES,
  MAX_FRAME_BYTES,
  MAX_FRAME_HARD_BYTES,
  MAX_MENTIONS,
  MAX_MESSAGE_CHARS,
  MAX_NONCE_CHARS,
  MAX_REF_CHARS,
} from "./limits.ts";

export type ParseResult<T> =
  | { ok: true; frame: T }
  | {
      ok: false;
      code: ErrorCode;
      message: string;
      /** The client's ref when it could be read, so the error frame can echo it. */
      ref?: string;
      /** Set when the frame is bad enough to close the socket (P6). */
      close?: CloseReason;
    };

class FrameError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Nonces and emoji: visible characters only, so they stay printable in logs and cannot smuggle control codes.
const TOKEN = /^[^\s\p{Cc}]+$/u;

/** UTF-8 byte length of a string without allocating an encoded copy. */
export function utf8Length(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** Size and JSON checks shared by room and hub frames; returns the parsed object and its ref. */
function readObject(data: string | ArrayBuffer | ArrayBufferView): { obj: Record<string, unknown>; ref?: string } | ParseResult<never> {
  if (typeof data !== "string") {
    return { ok: false, code: "binary_not_supported", message: "Frames are JSON text; binary messages are not accepted." };
  }
  // A UTF-16 length above the byte limit means the UTF-8 length is too (each unit is at least one byte).
  if (data.length > MAX_FRAME_HARD_BYTES) {
    return { ok: false, code: "frame_too_large", message: `Frames are limited to ${MAX_FRAME_BYTES} bytes.`, close: "too_large" };
  }
  if (data.length * 3 > MAX_FRAME_BYTES && utf8Length(data) > MAX_FRAME_BYTES) {
    return { ok: false, code: "frame_too_large", message: `Frames are limited to ${MAX_FRAME_BYTES} bytes.` };
  }
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return { ok: false, code: "invalid_frame", message: "A frame must be one JSON object." };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, code: "invalid_frame", message: "A frame must be one JSON object." };
  }
  const obj = value as Record<string, unknown>;
  const ref = obj.ref;
  if (ref !== undefined && (typeof ref !== "string" || ref.length > MAX_REF_CHARS)) {
    return { ok: false, code: "invalid_frame", message: `ref must be a string of at most ${MAX_REF_CHARS} characters.` };
  }
  return { obj, ref: ref as string | undefined };
}

function fail(code: ErrorCode, message: string): never {
  throw new FrameError(code, message);
}

function str(obj: Record<string, unknown>, key: string, max: number): string {
  const v = obj[key];
  if (typeof v !== "string" || v.length === 0) fail("invalid_frame", `${key} must be a non-empty string.`);
  if (v.length > max) fail("invalid_frame", `${key} must be at most ${max} characters.`);
  storable(v, key);
  return v;
}

/** Text Postgres cannot store (protocol/stored-text.ts) is refused here, as the REST routes do, not at commit time. */
function storable(v: string, key: string): void {
  const why = unstorable(v);
  if (why) fail("invalid_frame", `${key} ${why}.`);
}

function uuid(obj: Record<string, unknown>, key: string): string {
  const v = obj[key];
  if (typeof v !== "string" || !UUID.test(v)) fail("invalid_frame", `${key} must be a message id (UUID).`);
  return v.toLowerCase();
}

function seq(obj: Record<string, unknown>, key: string): number {
  const v = obj[key];
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) fail("invalid_frame", `${key} must be a non-negative integer.`);
  return v;
}

function token(obj: Record<string, unknown>, key: string, max: number): string {
  const v = str(obj, key, max);
  if (!TOKEN.test(v)) fail("invalid_frame", `${key} must not contain spaces or control characters.`);
  return v;
}

/** Plain text: non-blank (may be empty beside attachments), at most MAX_MESSAGE_CHARS (P9). */
function content(v: unknown, mayBeEmpty = false): string {
  if (typeof v !== "string") fail("invalid_frame", "content must be a string.");
  if (v.trim().length === 0 && !(mayBeEmpty && v.length === 0)) fail("invalid_frame", "content must not be empty.");
  if (v.length > MAX_MESSAGE_CHARS) fail("message_too_large", `Messages are limited to ${MAX_MESSAGE_CHARS} characters.`);
  storable(v, "content");
  return v;
}

/** An envelope: the three named string fields, at most MAX_ENVELOPE_BYTES serialised (P9, P10). */
function envelope(v: unknown): Envelope {
  if (typeof v !== "object" || v === null || Array.isArray(v)) fail("invalid_frame", "envelope must be an object.");
  const e = v as Record<string, unknown>;
  str(e, "alg", 64);
  str(e, "senderDevice", 128);
  str(e, "ciphertext", MAX_ENVELOPE_BYTES);
  const bad = unstorablePath(e);
  if (bad) fail("invalid_frame", `envelope.${bad.path} ${bad.why}.`);
  if (utf8Length(JSON.stringify(e)) > MAX_ENVELOPE_BYTES) fail("message_too_large", `Encrypted envelopes are limited to ${MAX_ENVELOPE_BYTES} bytes.`);
  return e as Envelope;
}

/** Exactly one of content and envelope (P9). */
function body(obj: Record<string, unknown>, withAttachments = false): { content?: string; envelope?: Envelope } {
  const hasContent = obj.content !== undefined && obj.content !== null;
  const hasEnvelope = obj.envelope !== undefined && obj.envelope !== null;
  if (hasContent === hasEnvelope) fail("invalid_frame", "Send exactly one of content (plain text) and envelope (encrypted).");
  return hasContent ? { content: content(obj.content, withAttachments) } : { envelope: envelope(obj.envelope) };
}

/** File ids of a send (protocol/files.ts): distinct UUIDs, at most MAX_ATTACHMENTS; absent or empty: none. */
export function attachmentIds(v: unknown): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.length > MAX_ATTACHMENTS) fail("invalid_frame", `attachments must be an array of at most ${MAX_ATTACHMENTS} file ids.`);
  const out = new Set<string>();
  for (const id of v) {
    if (typeof id !== "string" || !UUID.test(id)) fail("invalid_frame", "attachments must hold file ids (UUIDs).");
    out.add(id.toLowerCase());
  }
  return out.size ? [...out] : undefined;
}

function mentions(v: unknown): string[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.length > MAX_MENTIONS) fail("invalid_frame", `mentions must be an array of at most ${MAX_MENTIONS} user ids.`);
  const out = new Set<string>();
  for (const id of v) {
    if (typeof id !== "string" || !UUID.test(id)) fail("invalid_frame", "mentions must hold user ids (UUIDs).");
    out.add(id.toLowerCase());
  }
  return [...out];
}

function toFrame(obj: Record<string, unknown>, ref: string | undefined): ClientFrame {
  const type = obj.type;
  if (typeof type !== "string") fail("invalid_frame", "Every frame needs a string `type`.");
  const r = ref === undefined ? {} : { ref };
  switch (type) {
    case "hello": {
      const v = obj.protocolVersion;
      if (typeof v !== "number" || !Number.isSafeInteger(v)) fail("invalid_frame", "protocolVersion must be an integer.");
      return obj.lastSeq === undefined || obj.lastSeq === null
        ? { type, protocolVersion: v, ...r }
        : { type, protocolVersion: v, lastSeq: seq(obj, "lastSeq"), ...r };
    }
    case "resume":
      return { type, lastSeq: seq(obj, "lastSeq"), ...r };
    case "send_message": {
      const nonce = token(obj, "nonce", MAX_NONCE_CHARS);
      const attachments = attachmentIds(obj.attachments);
      const frame: ClientFrame = { type, nonce, ...body(obj, attachments !== undefined), ...r };
      if (attachments) frame.attachments = attachments;
      if (obj.replyTo !== undefined && obj.replyTo !== null) frame.replyTo = uuid(obj, "replyTo");
      const m = mentions(obj.mentions);
      if (m && frame.envelope) frame.mentions = m;
      if (obj.poll !== undefined && obj.poll !== null) {
        const poll = parsePollInput(obj.poll);
        if (!poll.ok) fail("invalid_frame", poll.message);
        if (attachments) fail("invalid_frame", "A poll carries no attachments.");
        if (frame.content !== undefined && frame.content.length > MAX_POLL_QUESTION_CHARS) fail("invalid_frame", `A poll's question is limited to ${MAX_POLL_QUESTION_CHARS} characters.`);
        frame.poll = poll.poll;
      }
      return frame;
    }
    case "edit_message": {
      const frame: ClientFrame = { type, messageId: uuid(obj, "messageId"), ...body(obj), ...r };
      const m = mentions(obj.mentions);
      if (m && frame.envelope) frame.mentions = m;
      return frame;
    }
    case "delete_message":
      return { type, messageId: uuid(obj, "messageId"), ...r };
    case "add_reaction":
    case "remove_reaction":
      return { type, messageId: uuid(obj, "messageId"), emoji: token(obj, "emoji", MAX_EMOJI_CHARS), ...r };
    case "pin_message":
    case "unpin_message":
      return { type, messageId: uuid(obj, "messageId"), ...r };
    case "vote_poll": {
      const answers = obj.answers;
      if (!Array.isArray(answers) || answers.length > MAX_POLL_ANSWERS || !answers.every((a) => Number.isInteger(a))) {
        fail("invalid_frame", `answers must be an array of at most ${MAX_POLL_ANSWERS} answer numbers.`);
      }
      return { type, messageId: uuid(obj, "messageId"), answers: answers as number[], ...r };
    }
    case "end_poll":
      return { type, messageId: uuid(obj, "messageId"), ...r };
    case "start_typing":
      return { type, ...r };
    case "mark_read":
      return { type, seq: seq(obj, "seq"), ...r };
    case "ping":
      return { type, ...r };
    default:
      throw new FrameError("unknown_frame_type", `Unknown frame type ${JSON.stringify(type.slice(0, 40))}.`);
  }
}

/** Parses one client → ChannelRoom message. Never throws. */
export function parseClientFrame(data: string | ArrayBuffer | ArrayBufferView): ParseResult<ClientFrame> {
  const read = readObject(data);
  if ("ok" in read) return read;
  try {
    return { ok: true, frame: toFrame(read.obj, read.ref) };
  } catch (err) {
    if (err instanceof FrameError) return { ok: false, code: err.code, message: err.message, ref: read.ref };
    throw err;
  }
}

/** Parses one client → UserHub message (hello and ping only). Never throws. */
export function parseHubFrame(data: string | ArrayBuffer | ArrayBufferView): ParseResult<HubClientFrame> {
  const read = readObject(data);
  if ("ok" in read) return read;
  const { obj, ref } = read;
  const r = ref === undefined ? {} : { ref };
  if (obj.type === "hello") {
    const v = obj.protocolVersion;
    if (typeof v !== "number" || !Number.isSafeInteger(v)) return { ok: false, code: "invalid_frame", message: "protocolVersion must be an integer.", ref };
    return { ok: true, frame: { type: "hello", protocolVersion: v, ...r } };
  }
  if (obj.type === "ping") return { ok: true, frame: { type: "ping", ...r } };
  if (typeof obj.type !== "string") return { ok: false, code: "invalid_frame", message: "Every frame needs a string `type`.", ref };
  return { ok: false, code: "unknown_frame_type", message: `Unknown frame type ${JSON.stringify(obj.type.slice(0, 40))}.`, ref };
}
