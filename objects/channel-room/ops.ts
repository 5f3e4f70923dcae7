/** Requests that change the channel, as the commit pipeline sees them, and what each one produced. */
import type { ErrorCode } from "../../protocol/errors.ts";
import type { Envelope, MessageView } from "../../protocol/frames.ts";
import type { PollInput } from "../../protocol/polls.ts";
import { PERMISSION_BITS } from "../../protocol/permissions.ts";

interface Base<O> {
  userId: string;
  permissions: bigint;
  /** Where the answer goes: a socket (with the client's ref) or an RPC caller. Opaque to the pipeline. */
  origin: O;
}

export interface CreateOp<O> extends Base<O> {
  type: "create";
  nonce: string;
  content?: string;
  envelope?: Envelope;
  /** File ids to attach: this sender's unsent uploads to this channel (checked at commit). */
  attachments: string[];
  replyTo?: string;
  mentions: string[];
  mentionsEveryone: boolean;
  poll?: PollInput;
}
export interface EditOp<O> extends Base<O> {
  type: "edit";
  messageId: string;
  content?: string;
  envelope?: Envelope;
  mentions: string[];
  mentionsEveryone: boolean;
}
export interface DeleteOp<O> extends Base<O> {
  type: "delete";
  messageId: string;
}
export interface ReactionOp<O> extends Base<O> {
  type: "reaction";
  isAdd: boolean;
  messageId: string;
  emoji: string;
}
export interface PinOp<O> extends Base<O> {
  type: "pin";
  isPin: boolean;
  messageId: string;
}

export interface VoteOp<O> extends Base<O> {
  type: "vote";
  messageId: string;
  answers: number[];
}
export interface EndPollOp<O> extends Base<O> {
  type: "end_poll";
  messageId: string;
}

export type RoomOp<O = unknown> = CreateOp<O> | EditOp<O> | DeleteOp<O> | ReactionOp<O> | PinOp<O> | VoteOp<O> | EndPollOp<O>;

export type OpOutcome =
  | {
      ok: true;
      /** The message the op was about. */
      id: string;
      seq: number;
      nonce?: string;
      /** For creates: the stored message. */
      message?: MessageView;
      /** A create whose nonce was already stored: the original's id and seq, nothing new stored (P14). */
      duplicate?: boolean;
    }
  | { ok: false; code: ErrorCode; message: string };

/** The bits a Worker-authorised moderator deletion (a ban's message cleanup) carries through checkDelete. */
export const MODERATOR_DELETE: bigint = PERMISSION_BITS.MANAGE_MESSAGES;

export function failure(code: ErrorCode, message: string): OpOutcome {
  return { ok: false, code, message };
}

/** Key of the (author, nonce) dedupe cache. */
export function nonceKey(authorId: string, nonce: string): string {
  return authorId + "\u0000" + nonce;
}
