/**
 * The loaded stretch of one channel's history (docs/web.md, "The message list"): at most MAX_KEPT messages in seq
 * order, paged in over REST as the person scrolls either way, or replaced by the history around a message they jump
 * to. When it does not reach the newest message it is detached (`hasNewer`): messages heard live meanwhile are kept
 * aside and merged once paging down reaches the present. ChannelSession (web/state/chat.ts) owns one and feeds it
 * the room's events.
 */
import type { SealedAttachment } from "../../protocol/e2ee.ts";
import type { MessageView } from "../../protocol/frames.ts";
import { HISTORY_PAGE_DEFAULT, HISTORY_PAGE_MAX } from "../../protocol/limits.ts";
import type { SingleMessage } from "../../protocol/message-lists.ts";
import type { Api } from "./api.ts";
import { ApiError } from "./api.ts";
import type { Async } from "./store.ts";

/**
 * A message as the client holds it. For an envelope, `content` is the decrypted text once opened; `e2ee` says
 * where that stands ("locked": this device cannot read it: sent before it existed, altered, or from an unknown
 * device; "waiting": the keys to check it could not be fetched, and it is opened again when the network is back).
 */
/**
 * A message as the client holds it: for an envelope, whether it is open here (`e2ee`), and once open, what its
 * payload says about its files (`sealedFiles`, its `attachments`: real names, types, sizes and keys).
 */
export type ChatMessage = MessageView & { e2ee?: "pending" | "ok" | "locked" | "waiting"; sealedFiles?: SealedAttachment[] };

/**
 * Messages kept in memory (and rows in the DOM) for one channel. Past this, the end away from where the person is
 * reading is dropped and reloaded when they scroll back: a few screens of slack either way, bounded memory.
 */
export const MAX_KEPT = 400;

/** What the window needs of its session. */
export interface WindowHooks {
  /** Marks the envelopes among messages entering the window and starts opening them (web/state/channel-crypto.ts). */
  reveal(list: MessageView[]): ChatMessage[];
  /** Every page fetched, for the names of its authors. */
  onAuthors(messages: MessageView[]): void;
  /** The newest page is in (history ready): what the room said meanwhile can be applied on top. */
  onLatest(messages: MessageView[]): void;
  isClosed(): boolean;
  changed(): void;
}

export class MessageWindow {
  messages: ChatMessage[] = [];
  history: Async<true> = { state: "idle" };
  hasOlder = true;
  loadingOlder = false;
  /**
   * The loaded window does not reach the newest message (after a jump far back, or after scrolling up past
   * MAX_KEPT). New messages then wait in the database; scrolling down or "Jump to present" loads them.
   */
  hasNewer = false;
  loadingNewer = false;
  /** Created messages heard live while the window is detached (hasNewer), kept for when it reattaches. */
  private detached: MessageView[] = [];

  constructor(
    private readonly api: Api,
    private readonly channelId: string,
    private readonly hooks: WindowHooks,
  ) {}

  /** The newest page over REST; the session applies live events that arrived meanwhile after it (onLatest). */
  async loadLatest(): Promise<void> {
    this.history = { state: "loading" };
    this.hooks.changed();
    try {
      const res = await this.api.get<{ messages: MessageView[] }>(this.historyUrl(`limit=${HISTORY_PAGE_DEFAULT}`));
      if (this.hooks.isClosed()) return;
      this.hooks.onAuthors(res.messages);
      this.messages = this.hooks.reveal(res.messages);
      this.hasOlder = res.messages.length >= HISTORY_PAGE_DEFAULT;
      this.hasNewer = false;
      this.history = { state: "ready", value: true };
      this.hooks.onLatest(res.messages);
    } catch (e) {
      this.history = { state: "error", error: e as Error };
    }
    this.hooks.changed();
  }

  private historyUrl(query: string): string {
    return `/api/v1/channels/${encodeURIComponent(this.channelId)}/messages?${query}`;
  }

  /** The page before the oldest loaded message. */
  async loadOlder(): Promise<void> {
    if (this.loadingOlder || !this.hasOlder || this.messages.length === 0) return;
    this.loadingOlder = true;
    this.hooks.changed();
    try {
      const res = await this.api.get<{ messages: MessageView[] }>(this.historyUrl(`before=${this.messages[0].seq}&limit=${HISTORY_PAGE_DEFAULT}`));
      this.hooks.onAuthors(res.messages);
      const known = new Set(this.messages.map((m) => m.id));
      let next = [...this.hooks.reveal(res.messages.filter((m) => !known.has(m.id))), ...this.messages];
      this.hasOlder = res.messages.length >= HISTORY_PAGE_DEFAULT;
      // Reading far back: let go of the newest end (it reloads on the way down).
      if (next.length > MAX_KEPT) {
        next = next.slice(0, MAX_KEPT);
        this.hasNewer = true;
      }
      this.messages = next;
    } finally {
      this.loadingOlder = false;
      this.hooks.changed();
    }
  }

  /** The page after the newest loaded message; when it is the last one, the window is live again. */
  async loadNewer(): Promise<void> {
    if (this.loadingNewer || !this.hasNewer || this.messages.length === 0) return;
    this.loadingNewer = true;
    this.hooks.changed();
    try {
      const after = this.messages[this.messages.length - 1].seq;
      const res = await this.api.get<{ messages: MessageView[] }>(this.historyUrl(`after=${after}&limit=${HISTORY_PAGE_DEFAULT}`));
      this.hooks.onAuthors(res.messages);
      const known = new Set(this.messages.map((m) => m.id));
      let next = [...this.messages, ...this.hooks.reveal(res.messages.filter((m) => !known.has(m.id)))];
      if (res.messages.length < HISTORY_PAGE_DEFAULT) {
        this.hasNewer = false;
        // Messages that arrived live while detached, and were not yet committed when the page was read.
        const have = new Set(next.map((m) => m.id));
        next = [...next, ...this.hooks.reveal(this.detached.filter((m) => !have.has(m.id)))].sort((a, b) => a.seq - b.seq);
        this.detached = [];
      }
      if (next.length > MAX_KEPT) {
        next = next.slice(-MAX_KEPT);
        this.hasOlder = true;
      }
      this.messages = next;
    } finally {
      this.loadingNewer = false;
      this.hooks.changed();
    }
  }

  /**
   * Replaces the window with the history around `seq` (a jump to a pinned or linked message that is not loaded).
   * Resolves true when the message is then loaded.
   */
  async loadAround(seq: number, messageId: string): Promise<boolean> {
    const res = await this.api.get<{ messages: MessageView[] }>(this.historyUrl(`around=${seq}&limit=${HISTORY_PAGE_MAX}`));
    if (this.hooks.isClosed()) return false;
    this.hooks.onAuthors(res.messages);
    this.messages = this.hooks.reveal(res.messages);
    // Either end may be the channel's: an extra empty page at the top, or one at the bottom, settles it.
    this.hasOlder = res.messages.length > 0;
    this.hasNewer = true;
    this.detached = [];
    this.hooks.changed();
    return res.messages.some((m) => m.id === messageId);
  }

  /** The seq of a message of this channel that is not loaded (a reply's original); null when it does not exist. */
  async seqOf(messageId: string): Promise<number | null> {
    try {
      const res = await this.api.get<SingleMessage>(`/api/v1/channels/${encodeURIComponent(this.channelId)}/messages/${encodeURIComponent(messageId)}`);
      return res.message.deletedAt ? null : res.message.seq;
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) return null;
      throw err;
    }
  }

  /** Back to the newest page, forgetting what was kept aside (the newest page has it). */
  reattach(): Promise<void> {
    this.detached = [];
    return this.loadLatest();
  }

  /** Drops the oldest messages beyond MAX_KEPT (when the person is back at the bottom). */
  trim(): void {
    if (this.messages.length <= MAX_KEPT || this.hasNewer) return;
    this.messages = this.messages.slice(-MAX_KEPT);
    this.hasOlder = true;
    this.hooks.changed();
  }

  /**
   * A message created live: "known" when it is loaded already (a replay), "aside" when the window is detached
   * (kept until it reaches the present), else "added" at the end.
   */
  addLive(m: MessageView): "known" | "aside" | "added" {
    if (this.messages.some((x) => x.id === m.id)) return "known";
    if (this.hasNewer) {
      // Not contiguous with the loaded window: keep it aside until the window reaches the present.
      if (this.detached.length < HISTORY_PAGE_MAX) this.detached.push(m);
      return "aside";
    }
    this.messages = [...this.messages, ...this.hooks.reveal([m])];
    return "added";
  }

  /** A message the server took over REST: added at the end unless it is here already or the window is detached. */
  addPosted(m: MessageView): void {
    if (!this.hasNewer && !this.messages.some((x) => x.id === m.id)) this.messages = [...this.messages, ...this.hooks.reveal([m])];
  }

  /** Replaces one loaded message with `fn` of it (nothing when it is not loaded). */
  patch(id: string, fn: (m: ChatMessage) => ChatMessage): void {
    this.messages = this.messages.map((m) => (m.id === id ? fn(m) : m));
  }
}
