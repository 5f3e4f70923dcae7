/**
 * Threads (docs/api/threads.md): a side conversation started from a message of a community text channel, or from
 * the channel itself. A thread is a channel of kind "thread" with its own ChannelRoom, so everything messages do
 * (order, resume, edits, reactions, pins, files, encryption) works in it unchanged; its permissions are its
 * parent's, with SEND_IN_THREADS deciding who may post (workers/permissions/effective.ts, threadPermissions).
 *
 * The parent channel's room tells its sockets about its threads with ephemeral frames (no seq, never replayed):
 * a client fetches `GET /channels/:id/threads` when it opens the channel or resumes, then applies these.
 */

/** A thread as lists and frames show it. */
export interface ThreadView {
  id: string;
  /** The text channel it belongs to. */
  parentId: string;
  communityId: string;
  /** The message it was started from (null: started from the channel, or that message was deleted). */
  rootMessageId: string | null;
  name: string;
  createdBy: string | null;
  createdAt: string;
  /** Archived threads are read-only for everyone until unarchived. */
  archived: boolean;
  /** Messages in it, deleted ones not counted. */
  messageCount: number;
  /** When its newest message was sent (null: none yet). */
  lastMessageAt: string | null;
}

/** Parent room → its sockets: a thread was started, renamed, archived or unarchived. */
export interface ThreadUpdatedFrame {
  type: "thread_updated";
  thread: ThreadView;
}

/** Parent room → its sockets: messages arrived in (or were deleted from) a thread; at most one per thread per second. */
export interface ThreadActivityFrame {
  type: "thread_activity";
  threadId: string;
  messageCount: number;
  lastMessageAt: string | null;
}

/** Parent room → its sockets: a thread was deleted with everything in it. */
export interface ThreadDeletedFrame {
  type: "thread_deleted";
  threadId: string;
  rootMessageId: string | null;
}

export type ThreadFrame = ThreadUpdatedFrame | ThreadActivityFrame | ThreadDeletedFrame;

/** Longest thread name (characters, after trimming). */
export const MAX_THREAD_NAME_CHARS = 100;

/** How often a thread's room tells its parent about new messages, at most. */
export const THREAD_ACTIVITY_INTERVAL_MS = 1_000;

/** A thread name from a message's text when the person gives none: its first line, cut at a word. */
export function threadNameFrom(text: string): string {
  const line = (text.split("\n").find((l) => l.trim() !== "") ?? "").trim().replace(/\s+/g, " ");
  if (line.length <= 40) return line;
  const cut = line.slice(0, 40);
  const space = cut.lastIndexOf(" ");
  return `${(space > 20 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
