/**
 * Threads (protocol/threads.ts): the list of the open channel's threads, kept current by the frames its room sends
 * (thread_updated, thread_activity, thread_deleted: ephemeral, never replayed, so the list is fetched again each
 * time the room's socket says welcome), and what is known of single threads opened by URL (`GET /threads/:id`).
 *
 * One channel's list at a time: the open text channel's, or while a thread is open, its parent's (for the
 * sidebar; that room's socket is closed then, so the list is as fetched). A thread is a channel with its own room,
 * so its messages are the ChannelSession's business like any other channel's; this store knows only about threads.
 */
import type { MessageView } from "../../protocol/frames.ts";
import { PERMISSION_BITS, permissionsFromString, permissionsToString } from "../../protocol/permissions.ts";
import type { ThreadFrame, ThreadView } from "../../protocol/threads.ts";
import { ApiError, type Api } from "./api.ts";
import { can, type Channel } from "./communities.ts";
import { Notifier, type Async } from "./store.ts";
import { timeAgo } from "../render/time-ago.ts";

/** What `GET /threads/:id` says: the thread, the channel it belongs to, and the message it started from. */
export interface ThreadInfo {
  thread: ThreadView;
  parent: { id: string; name: string };
  rootMessage: MessageView | null;
}

const NO_THREADS: ReadonlyMap<string, ThreadView> = new Map();

export class ThreadsStore extends Notifier {
  /** The channel whose threads `list` holds, or null. */
  channelId: string | null = null;
  list: Async<ThreadView[]> = { state: "idle" };
  /** The listed threads by the message they started from: what the message list shows chips for. */
  byRoot: ReadonlyMap<string, ThreadView> = NO_THREADS;
  private readonly info = new Map<string, Async<ThreadInfo>>();
  /** Frames heard while the list loads, applied on top of it; null while no load is in flight. */
  private buffered: ThreadFrame[] | null = null;
  private loads = 0;

  constructor(private readonly api: Api) {
    super();
  }

  /** Lists `channelId`'s threads (null: none). Watching the same channel again keeps its list. */
  watch(channelId: string | null): void {
    if (this.channelId === channelId) return;
    this.channelId = channelId;
    this.setList({ state: "idle" });
    if (channelId) void this.load(channelId);
  }

  /** That channel's room said welcome (a first connect or a resume): frames may have been missed, so fetch again. */
  reload(channelId: string): void {
    if (this.channelId === channelId) void this.load(channelId);
  }

  /** A frame from `channelId`'s room: the listed channel's, or an open thread's own (its rename, say). */
  heard(channelId: string, f: ThreadFrame): void {
    if (this.channelId !== channelId) {
      this.patchInfo(f);
      this.changed();
      return;
    }
    if (this.buffered) this.buffered.push(f);
    if (this.list.state === "ready") this.setList({ state: "ready", value: applyThreadFrame(this.list.value, f) });
    this.patchInfo(f);
    this.changed();
  }

  private async load(channelId: string): Promise<void> {
    const serial = ++this.loads;
    this.buffered = [];
    const prev = "value" in this.list ? this.list.value : undefined;
    this.setList({ state: "loading", value: prev });
    this.changed();
    try {
      const { threads } = await this.api.get<{ threads: ThreadView[] }>(`/api/v1/channels/${encodeURIComponent(channelId)}/threads`);
      if (serial !== this.loads || this.channelId !== channelId) return;
      const heard = this.buffered ?? [];
      this.buffered = null;
      this.setList({ state: "ready", value: heard.reduce(applyThreadFrame, sortThreads(threads)) });
    } catch (error) {
      if (serial !== this.loads || this.channelId !== channelId) return;
      this.buffered = null;
      this.setList({ state: "error", error: error as Error, value: prev });
    }
    this.changed();
  }

  private setList(next: Async<ThreadView[]>): void {
    this.list = next;
    this.byRoot = "value" in next && next.value ? threadsByRoot(next.value) : NO_THREADS;
  }

  /** What is known of one thread (opened by URL, or from the list), Async like everything fetched. */
  thread(id: string): Async<ThreadInfo> {
    return this.info.get(id) ?? { state: "idle" };
  }

  /** Fetches a thread's details unless they are here or on the way. */
  ensureThread(id: string): void {
    if (this.thread(id).state === "idle") void this.loadThread(id);
  }

  /** Fetches a thread's details again (its permissions changed: archived, or unarchived). */
  async loadThread(id: string): Promise<void> {
    const cur = this.thread(id);
    const prev = "value" in cur ? cur.value : undefined;
    this.info.set(id, { state: "loading", value: prev });
    this.changed();
    try {
      const value = await this.api.get<ThreadInfo>(`/api/v1/threads/${encodeURIComponent(id)}`);
      this.info.set(id, { state: "ready", value });
    } catch (error) {
      this.info.set(id, { state: "error", error: error as Error, value: prev });
    }
    this.changed();
  }

  /** A thread by id, from the list or from its details. */
  known(id: string): ThreadView | undefined {
    const listed = "value" in this.list ? this.list.value?.find((t) => t.id === id) : undefined;
    if (listed) return listed;
    const info = this.info.get(id);
    return info && "value" in info ? info.value?.thread : undefined;
  }

  /** The channel a thread belongs to, once known. */
  parentOf(id: string): string | undefined {
    return this.known(id)?.parentId;
  }

  /** Starts a thread in `channelId`, from one of its messages or from the channel itself (then `name` is required). */
  async create(channelId: string, input: { name?: string; messageId?: string }): Promise<ThreadView> {
    const { thread } = await this.api.post<{ thread: ThreadView }>(`/api/v1/channels/${encodeURIComponent(channelId)}/threads`, input);
    this.applyOwn({ type: "thread_updated", thread });
    return thread;
  }

  /** Renames, archives or unarchives a thread. */
  async update(id: string, patch: { name?: string; archived?: boolean }): Promise<ThreadView> {
    const { thread } = await this.api.patch<{ thread: ThreadView }>(`/api/v1/threads/${encodeURIComponent(id)}`, patch);
    this.applyOwn({ type: "thread_updated", thread });
    return thread;
  }

  /** Deletes a thread with everything in it. */
  async remove(id: string): Promise<void> {
    const rootMessageId = this.known(id)?.rootMessageId ?? null;
    await this.api.delete(`/api/v1/threads/${encodeURIComponent(id)}`);
    this.applyOwn({ type: "thread_deleted", threadId: id, rootMessageId });
  }

  /**
   * The answer to one's own change, applied at once: the room's frame follows (or not, without realtime) and is
   * harmless when it does. A change to a thread of another channel than the listed one touches only its details.
   */
  private applyOwn(f: ThreadFrame): void {
    const parentId = f.type === "thread_updated" ? f.thread.parentId : this.parentOf(f.threadId);
    if (parentId && parentId === this.channelId) return this.heard(parentId, f);
    this.patchInfo(f);
    this.changed();
  }

  /** Keeps a thread's details (the open thread's header) in step with what the frames say. */
  private patchInfo(f: ThreadFrame): void {
    const id = f.type === "thread_updated" ? f.thread.id : f.threadId;
    const cur = this.info.get(id);
    if (!cur || !("value" in cur) || !cur.value) return;
    const value = cur.value;
    if (f.type === "thread_deleted") this.info.set(id, { state: "error", error: new ApiError(404, "thread_not_found", "This thread was deleted.") });
    else if (f.type === "thread_updated") this.info.set(id, { ...cur, value: { ...value, thread: { ...f.thread } } });
    else this.info.set(id, { ...cur, value: { ...value, thread: { ...value.thread, messageCount: f.messageCount, lastMessageAt: f.lastMessageAt } } });
  }

  /** Signed out (or another account): nothing is kept. */
  forget(): void {
    this.channelId = null;
    this.loads++;
    this.buffered = null;
    this.setList({ state: "idle" });
    this.info.clear();
    this.changed();
  }
}

/** When a thread last saw activity: its newest message, else when it was started. */
function activityOf(t: ThreadView): string {
  return t.lastMessageAt ?? t.createdAt;
}

/** Threads as lists show them: active ones first, then archived; each group newest activity first. */
export function sortThreads(list: readonly ThreadView[]): ThreadView[] {
  return [...list].sort((a, b) => Number(a.archived) - Number(b.archived) || activityOf(b).localeCompare(activityOf(a)) || b.id.localeCompare(a.id));
}

/**
 * A list after one frame from its channel's room. An update replaces the thread's name and state; its counts only
 * when they are not older than the ones held (a frame heard during a fetch is applied on top of the fetched list,
 * which may already count later messages).
 */
export function applyThreadFrame(list: ThreadView[], f: ThreadFrame): ThreadView[] {
  switch (f.type) {
    case "thread_updated": {
      const held = list.find((t) => t.id === f.thread.id);
      const stale = held && (held.lastMessageAt ?? "") > (f.thread.lastMessageAt ?? "");
      const next = stale ? { ...f.thread, messageCount: held.messageCount, lastMessageAt: held.lastMessageAt } : f.thread;
      return sortThreads([...list.filter((t) => t.id !== f.thread.id), next]);
    }
    case "thread_activity":
      if (!list.some((t) => t.id === f.threadId)) return list;
      return sortThreads(list.map((t) => (t.id === f.threadId ? { ...t, messageCount: f.messageCount, lastMessageAt: f.lastMessageAt } : t)));
    case "thread_deleted":
      return list.filter((t) => t.id !== f.threadId);
  }
}

/** The threads that started from a message, by that message's id. */
export function threadsByRoot(list: readonly ThreadView[]): Map<string, ThreadView> {
  const map = new Map<string, ThreadView>();
  for (const t of list) if (t.rootMessageId) map.set(t.rootMessageId, t);
  return map;
}

/** "1 message", "12 messages". */
export function messageCountText(n: number): string {
  return `${n} ${n === 1 ? "message" : "messages"}`;
}

/** What a thread's chip or list row says of it: "3 messages · 5m ago", "No messages yet", "Archived" first when it is. */
export function threadSummary(t: ThreadView, now = Date.now()): string {
  const parts = t.messageCount > 0 ? [messageCountText(t.messageCount), ...(t.lastMessageAt ? [timeAgo(t.lastMessageAt, now)] : [])] : ["No messages yet"];
  return [...(t.archived ? ["Archived"] : []), ...parts].join(" · ");
}

/** Who may rename, archive and unarchive a thread: its creator, and anyone with MANAGE_MESSAGES in the channel. */
export function canManageThread(t: ThreadView, me: string, parentPermissions: string | undefined): boolean {
  return t.createdBy === me || can(parentPermissions, "MANAGE_MESSAGES");
}

/**
 * A thread as a channel, for the conversation view until its room's welcome gives the real permissions: the
 * parent's bits with posting decided by SEND_IN_THREADS, and read-only while archived (the server's rule,
 * workers/permissions/effective.ts threadPermissions, roughly: the room's word replaces this as soon as it comes).
 */
export function threadAsChannel(t: ThreadView, parent: Channel | undefined): Channel {
  let bits = 0n;
  try {
    bits = parent ? permissionsFromString(parent.permissions) : 0n;
  } catch {
    bits = 0n;
  }
  bits &= ~PERMISSION_BITS.SEND_MESSAGES;
  if (bits & PERMISSION_BITS.SEND_IN_THREADS) bits |= PERMISSION_BITS.SEND_MESSAGES;
  if (t.archived) bits &= ~(PERMISSION_BITS.SEND_MESSAGES | PERMISSION_BITS.ADD_REACTIONS | PERMISSION_BITS.SEND_IN_THREADS);
  return {
    id: t.id,
    communityId: t.communityId,
    groupId: parent?.groupId ?? null,
    kind: "text",
    name: t.name,
    topic: "",
    position: 0,
    slowModeSeconds: parent?.slowModeSeconds ?? 0,
    nsfw: parent?.nsfw ?? false,
    archived: t.archived,
    encrypted: parent?.encrypted ?? false,
    createdAt: t.createdAt,
    permissions: permissionsToString(bits),
  };
}
