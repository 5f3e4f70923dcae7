/**
 * How stored rows become what clients see: message views, events rebuilt from messages and the log for replays, and
 * the tombstone rewrite applied when a message is deleted.
 */
import type { ChannelEvent } from "../../protocol/frames.ts";
import { MAX_MENTIONS, REPLY_EXCERPT_CHARS } from "../../protocol/limits.ts";
import { messageView, type ChannelEventRow, type Message } from "../../schema/messages.ts";
import { canMentionEveryone } from "./checks.ts";

export { messageView };

const MENTION = /<@([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})>/gi;
const EVERYONE = /(^|[^\w@])@(everyone|here)\b/;

/** P19: user ids mentioned as `<@id>` (deduplicated, at most MAX_MENTIONS), and whether @everyone/@here counts. */
export function parseMentions(content: string, mayMentionEveryone: boolean): { mentions: string[]; mentionsEveryone: boolean } {
  // Most messages mention no one: two substring scans instead of running both patterns over every message.
  if (!content.includes("@")) return { mentions: [], mentionsEveryone: false };
  const ids = new Set<string>();
  for (const m of content.matchAll(MENTION)) {
    if (ids.size >= MAX_MENTIONS) break;
    ids.add(m[1].toLowerCase());
  }
  return { mentions: [...ids], mentionsEveryone: mayMentionEveryone && EVERYONE.test(content) };
}

/** P19: the mentions a send or edit carries: parsed from its content, or as sent beside an envelope (P13). */
export function mentionsOf(body: { content?: string; mentions?: string[] }, permissions: bigint): { mentions: string[]; mentionsEveryone: boolean } {
  return body.content !== undefined ? parseMentions(body.content, canMentionEveryone(permissions)) : { mentions: body.mentions ?? [], mentionsEveryone: false };
}

/** P18: what a reply quotes: the start of the text, whitespace collapsed, cut on a code point boundary. */
export function excerptOf(content: string | null): string | null {
  if (content === null) return null;
  const flat = content.replace(/\s+/g, " ").trim();
  const points = Array.from(flat);
  return points.length <= REPLY_EXCERPT_CHARS ? flat : points.slice(0, REPLY_EXCERPT_CHARS - 1).join("") + "…";
}

type Payload = Record<string, unknown>;
const s = (p: Payload, k: string) => String(p[k] ?? "");
const numbers = (v: unknown): number[] => (Array.isArray(v) ? v.map(Number) : []);

/** A message's row as its message_created event in a replay: its current state (a tombstone once deleted, P22). */
export function createdEvent(message: Message): ChannelEvent {
  return { type: "message_created", seq: message.seq, message: messageView(message) };
}

/**
 * A logged change rebuilt for a replay. The log holds no content, so message_edited carries the message's
 * current state: a message deleted since is replayed with its content cleared (P22).
 */
export function eventFromLog(row: Pick<ChannelEventRow, "seq" | "type" | "messageId" | "payload">, message: Message | null): ChannelEvent {
  const p = row.payload;
  const messageId = row.messageId ?? "";
  switch (row.type) {
    case "message_edited":
      return {
        type: "message_edited",
        seq: row.seq,
        messageId,
        content: message?.content ?? null,
        envelope: message?.envelope ?? null,
        mentions: message?.mentions ?? [],
        editedAt: s(p, "editedAt"),
      };
    case "message_deleted":
      return { type: "message_deleted", seq: row.seq, messageId, deletedBy: s(p, "deletedBy"), deletedAt: s(p, "deletedAt") };
    case "reaction_added":
    case "reaction_removed":
      return { type: row.type, seq: row.seq, messageId, userId: s(p, "userId"), emoji: s(p, "emoji") };
    case "message_pinned":
      return { type: "message_pinned", seq: row.seq, messageId, pinnedBy: s(p, "pinnedBy"), pinnedAt: s(p, "pinnedAt") };
    case "message_unpinned":
      return { type: "message_unpinned", seq: row.seq, messageId, unpinnedBy: s(p, "unpinnedBy") };
    case "poll_voted":
      return { type: "poll_voted", seq: row.seq, messageId, userId: p.userId == null ? null : s(p, "userId"), answers: p.answers == null ? null : numbers(p.answers), counts: numbers(p.counts), voters: Number(p.voters ?? 0) };
    case "poll_ended":
      return { type: "poll_ended", seq: row.seq, messageId, endedBy: s(p, "endedBy"), endedAt: s(p, "endedAt") };
  }
}

/** P22: the tombstone form of an already-serialised event about a message deleted at `deletedAt`. */
export function tombstone(json: string, deletedAt: string): string {
  const event = JSON.parse(json) as ChannelEvent;
  if (event.type === "message_created") {
    const m = event.message;
    return JSON.stringify({ ...event, message: { ...m, content: null, envelope: null, attachments: [], mentions: [], mentionsEveryone: false, deletedAt, pinnedAt: null, poll: null } });
  }
  if (event.type === "message_edited") return JSON.stringify({ ...event, content: null, envelope: null, mentions: [] });
  return json;
}
