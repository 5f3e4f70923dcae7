/**
 * What a room knows from its recent events alone: the message a retried send created (P14) and what a reply needs
 * of its target. The events are the fanout's outbox and replay buffer (fanout.ts), which the room keeps anyway;
 * separate caches of the same facts held two JavaScript objects per message for minutes, and those long-lived
 * objects were what made workerd's full, non-incremental collections slow (docs/realtime.md "Keeping the heap
 * small").
 */
import type { ChannelEvent } from "../../protocol/frames.ts";
import type { ReplyTarget, StoredRef } from "./commit.ts";
import { excerptOf } from "./views.ts";

export interface RecentEvents {
  /** The message (author, nonce) created, if its event is still held. */
  stored(authorId: string, nonce: string): StoredRef | undefined;
  /** What a reply needs of a message whose creation is still held (its latest state). */
  replyTarget(messageId: string): ReplyTarget | undefined;
}

/** Among candidate events (newest first), the message that (authorId, nonce) created. */
export function storedAmong(candidates: Iterable<ChannelEvent>, authorId: string, nonce: string): StoredRef | undefined {
  for (const e of candidates) {
    if (e.type === "message_created" && e.message.authorId === authorId && e.message.nonce === nonce) return { id: e.message.id, seq: e.seq };
  }
  return undefined;
}

/** Folds the events about one message (newest first) into what a reply needs; undefined without its creation. */
export function targetFrom(events: Iterable<ChannelEvent>): ReplyTarget | undefined {
  let content: string | null | undefined; // the newest edit's text, once seen
  for (const e of events) {
    if (e.type === "message_deleted") return { authorId: "", excerpt: null, isDeleted: true };
    if (e.type === "message_edited" && content === undefined) content = e.content;
    if (e.type === "message_created") {
      const m = e.message;
      return { authorId: m.authorId, excerpt: excerptOf(content === undefined ? m.content : content), isDeleted: m.deletedAt !== null };
    }
  }
  return undefined;
}
