/**
 * The realtime protocol: every WebSocket frame between a client and a ChannelRoom or a UserHub, declared once and
 * shared by the server and the web client. docs/protocol.md explains it rule by rule (P1, P2, ...).
 *
 * Wire format: each WebSocket message is UTF-8 text holding one JSON object with a snake_case `type`. A server
 * message may instead hold a JSON array of such objects, in order (the server coalesces frames for a socket that
 * has a backlog); clients must accept both. Binary messages are refused.
 *
 * Bump PROTOCOL_VERSION when a change would make an old client misread a frame. Adding an optional field or a
 * new server frame type that clients may ignore is not such a change.
 */
import type { ErrorCode } from "./errors.ts";
import type { FileView } from "./files.ts";
import type { PollInput, PollResults, PollView } from "./polls.ts";
import type { ThreadFrame } from "./threads.ts";

export const PROTOCOL_VERSION = 1;

/** Close codes the server uses (4000-4999 are ours by RFC 6455). A client reconnects only after the ones marked so. */
export const CLOSE_CODES = {
  /** The ticket was missing, expired, already used or not for this channel: get a new ticket, then reconnect. */
  unauthorized: 4401,
  /** The user may no longer read this channel (kicked, banned, permission removed): do not reconnect. */
  forbidden: 4403,
  /** The channel was deleted: do not reconnect. */
  channel_not_found: 4404,
  /** The client fell too far behind on reading (its backlog passed a limit): reconnect and resume. */
  slow_consumer: 4408,
  /** `hello.protocolVersion` is not PROTOCOL_VERSION: reload the client. */
  protocol_mismatch: 4409,
  /** A frame far beyond any legitimate size: do not repeat it. */
  too_large: 4413,
  /** The client kept sending after being told it was rate limited: wait, then reconnect. */
  rate_limited: 4429,
  /** The server is going away (deploy, shutdown): reconnect with backoff and resume. */
  going_away: 4503,
} as const;

export type CloseReason = keyof typeof CLOSE_CODES;

// ---------------------------------------------------------------------------------------------------------------
// Shared shapes

/**
 * An end-to-end-encrypted message body. The server checks the shape and size only; it never reads or changes it.
 * `alg` names the scheme, `senderDevice` the device key that encrypted it; anything else is for clients.
 */
export interface Envelope {
  alg: string;
  senderDevice: string;
  ciphertext: string;
  [extra: string]: unknown;
}

/** What a reply shows of the message it answers, copied when the reply is sent. */
export interface ReplyRef {
  id: string;
  authorId: string;
  /** The first REPLY_EXCERPT_CHARS of the original's text; null when the original is encrypted or deleted. */
  excerpt: string | null;
}

/** A message as clients see it, in events and in history. Exactly one of content/envelope is set unless deleted. */
export interface MessageView {
  id: string;
  channelId: string;
  /** The seq of the event that created the message. */
  seq: number;
  authorId: string;
  /** The sender's nonce, so a client that lost an ack recognises its own message on replay. */
  nonce: string;
  content: string | null;
  envelope: Envelope | null;
  /** Files attached when it was sent (protocol/files.ts); emptied when the message is deleted. */
  attachments: FileView[];
  replyTo: ReplyRef | null;
  /** User ids mentioned (parsed from `<@id>` in plain text, declared by the client for envelopes). */
  mentions: string[];
  mentionsEveryone: boolean;
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
  pinnedAt: string | null;
  /** Set when the message is a poll (its text is the question); null once deleted. */
  poll: PollView | null;
  /** The author could not embed links (no EMBED_LINKS): show its links without previews (docs/api/embeds.md). */
  suppressEmbeds?: boolean;
  /** Present in history responses for polls; events report each vote with the new totals. */
  pollResults?: PollResults;
  /** Present in history responses; events report reaction changes one by one. */
  reactions?: ReactionSummary[];
  /** Present in history responses: who wrote it (events carry authorId only; clients keep a user cache). */
  author?: AuthorView;
}

/** A message's author as history shows it. A deleted account reads "Deleted user", username `deleted-<id>`. */
export interface AuthorView {
  id: string;
  username: string;
  displayName: string;
  isDeleted: boolean;
  /** The profile picture's URL (docs/api/images.md), or null for initials. */
  avatarUrl?: string | null;
  /** A webhook's account (docs/api/webhooks.md): clients mark its messages as an app's. */
  isBot?: boolean;
}

export interface ReactionSummary {
  emoji: string;
  count: number;
  /** Whether the requesting user is among those who reacted. */
  me: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Client → ChannelRoom

export interface Ref {
  /** Any string up to MAX_REF_CHARS; echoed in the ack or error frame that answers this frame. */
  ref?: string;
}

export interface HelloFrame extends Ref {
  type: "hello";
  protocolVersion: number;
  /** The last seq this client has applied; omit on a first visit (the room then sends only new events). */
  lastSeq?: number;
}
export interface ResumeFrame extends Ref {
  type: "resume";
  lastSeq: number;
}
export interface SendMessageFrame extends Ref {
  type: "send_message";
  /** Client-chosen, unique per author and channel: a retry with the same nonce is answered with the first ack. */
  nonce: string;
  content?: string;
  envelope?: Envelope;
  /** Ids of files this sender uploaded to this channel and has not sent yet (at most MAX_ATTACHMENTS). */
  attachments?: string[];
  replyTo?: string;
  /** Only with an envelope (the server cannot read it): who to notify. Ignored for plain text. */
  mentions?: string[];
  /** Makes the message a poll whose question is its text (protocol/polls.ts). No attachments with a poll. */
  poll?: PollInput;
}
export interface EditMessageFrame extends Ref {
  type: "edit_message";
  messageId: string;
  content?: string;
  envelope?: Envelope;
  /** As in send_message: only with an envelope, the mentions of the new text. */
  mentions?: string[];
}
export interface DeleteMessageFrame extends Ref {
  type: "delete_message";
  messageId: string;
}
export interface ReactionFrame extends Ref {
  type: "add_reaction" | "remove_reaction";
  messageId: string;
  emoji: string;
}
export interface PinFrame extends Ref {
  type: "pin_message" | "unpin_message";
  messageId: string;
}
/** Sets the sender's answers to a poll (indexes; empty takes their vote back). Needs ADD_REACTIONS. */
export interface VotePollFrame extends Ref {
  type: "vote_poll";
  messageId: string;
  answers: number[];
}
/** Ends a poll before its time: its author, or MANAGE_MESSAGES. */
export interface EndPollFrame extends Ref {
  type: "end_poll";
  messageId: string;
}
export interface StartTypingFrame extends Ref {
  type: "start_typing";
}
export interface MarkReadFrame extends Ref {
  type: "mark_read";
  seq: number;
}
export interface PingFrame extends Ref {
  type: "ping";
}

export type ClientFrame =
  | HelloFrame
  | ResumeFrame
  | SendMessageFrame
  | EditMessageFrame
  | DeleteMessageFrame
  | ReactionFrame
  | PinFrame
  | VotePollFrame
  | EndPollFrame
  | StartTypingFrame
  | MarkReadFrame
  | PingFrame;

export type ClientFrameType = ClientFrame["type"];

// ---------------------------------------------------------------------------------------------------------------
// ChannelRoom → client: events (carry the channel's seq, stored, replayed on resume)

export interface MessageCreatedEvent {
  type: "message_created";
  seq: number;
  message: MessageView;
}
export interface MessageEditedEvent {
  type: "message_edited";
  seq: number;
  messageId: string;
  content: string | null;
  envelope: Envelope | null;
  mentions: string[];
  editedAt: string;
}
export interface MessageDeletedEvent {
  type: "message_deleted";
  seq: number;
  messageId: string;
  deletedBy: string;
  deletedAt: string;
}
export interface ReactionEvent {
  type: "reaction_added" | "reaction_removed";
  seq: number;
  messageId: string;
  userId: string;
  emoji: string;
}
export interface MessagePinnedEvent {
  type: "message_pinned";
  seq: number;
  messageId: string;
  pinnedBy: string;
  pinnedAt: string;
}
export interface MessageUnpinnedEvent {
  type: "message_unpinned";
  seq: number;
  messageId: string;
  unpinnedBy: string;
}

/**
 * Someone's answers to a poll changed; `counts` and `voters` are the totals after it. In an anonymous poll nobody
 * is named: `userId` and `answers` are null (the voter learns their own from the ack, and history's `mine`).
 */
export interface PollVotedEvent {
  type: "poll_voted";
  seq: number;
  messageId: string;
  userId: string | null;
  /** Their answers now (empty: they took their vote back). */
  answers: number[] | null;
  counts: number[];
  voters: number;
}
export interface PollEndedEvent {
  type: "poll_ended";
  seq: number;
  messageId: string;
  endedBy: string;
  endedAt: string;
}

export type ChannelEvent =
  | MessageCreatedEvent
  | MessageEditedEvent
  | MessageDeletedEvent
  | ReactionEvent
  | MessagePinnedEvent
  | MessageUnpinnedEvent
  | PollVotedEvent
  | PollEndedEvent;

export type ChannelEventType = ChannelEvent["type"];

export const CHANNEL_EVENT_TYPES: readonly ChannelEventType[] = [
  "message_created",
  "message_edited",
  "message_deleted",
  "reaction_added",
  "reaction_removed",
  "message_pinned",
  "message_unpinned",
  "poll_voted",
  "poll_ended",
];

// ---------------------------------------------------------------------------------------------------------------
// ChannelRoom → client: replies and ephemeral signals (no seq, never stored)

export interface WelcomeFrame {
  type: "welcome";
  protocolVersion: number;
  channelId: string;
  userId: string;
  /** Permission bits in this channel as a decimal string (protocol/permissions.ts). */
  permissions: string;
  /** The seq of the newest event; replayed events (if any) follow this frame and end at or after it. */
  headSeq: number;
  /** This user's read position, shared by all their devices. */
  readSeq: number;
  slowModeSeconds: number;
  encrypted: boolean;
  /** When the user's timeout in this community ends (ISO time); null when not timed out (P31). */
  timedOutUntil: string | null;
  /**
   * Opens this channel again without a REST call (P5a): single use, valid until resumeTicketExpiresAt, refused
   * once the session ends or the user loses the channel. Each welcome brings a new one.
   */
  resumeTicket: string;
  resumeTicketExpiresAt: string;
}
export interface AckFrame {
  type: "ack";
  ref?: string;
  /** Set when answering send_message. */
  nonce?: string;
  /** The message the request was about. */
  id: string;
  /** The seq of the event the request produced (for a nonce retry: of the original message). */
  seq: number;
}
export interface ErrorFrame {
  type: "error";
  ref?: string;
  code: ErrorCode;
  message: string;
  /** For rate_limited and slow_mode: when to try again. */
  retryAfterMs?: number;
}
export interface ResyncRequiredFrame {
  type: "resync_required";
  /** Fetch history over REST up to this seq, then continue from it (the socket is already live after it). */
  headSeq: number;
}
export interface UserTypingFrame {
  type: "user_typing";
  userId: string;
  /** Show the indicator this long unless another user_typing arrives. */
  expiresInMs: number;
}
export interface ReadUpdatedFrame {
  type: "read_updated";
  seq: number;
}
export interface PermissionsUpdatedFrame {
  type: "permissions_updated";
  permissions: string;
  slowModeSeconds: number;
  /** As in welcome: when a running timeout ends, else null (P31). */
  timedOutUntil: string | null;
}
/** In a DM or group DM: how far another participant has read (both must share read receipts). */
export interface ReadReceiptFrame {
  type: "read_receipt";
  userId: string;
  seq: number;
}
export interface PongFrame {
  type: "pong";
  ref?: string;
}

export type ChannelServerFrame =
  | ChannelEvent
  | WelcomeFrame
  | AckFrame
  | ErrorFrame
  | ResyncRequiredFrame
  | UserTypingFrame
  | ReadUpdatedFrame
  | PermissionsUpdatedFrame
  | ReadReceiptFrame
  | PongFrame
  | ThreadFrame;

// The UserHub's frames (one socket per device, for everything outside the open channel): hub-frames.ts.
export type * from "./hub-frames.ts";

/** Exhaustiveness check for switches over frame unions. */
export function assertNever(x: never): never {
  throw new Error(`unexpected value ${JSON.stringify(x)}`);
}
