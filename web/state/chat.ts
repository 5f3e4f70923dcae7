/**
 * The open channel: its messages, the person's pending sends, typing indicators and the room socket. Events are
 * applied in seq order and idempotently (a message already present is not added twice), so replays after a
 * reconnect cannot duplicate anything. Sends are optimistic: shown at once as pending, confirmed by the ack,
 * queued while offline and sent when the socket is back, or marked failed with a retry.
 */
import type { OpenResult } from "../../protocol/e2ee.ts";
import { assertNever, type ChannelEvent, type ChannelServerFrame, type ClientFrame, type Envelope, type MessageView, type ReactionSummary } from "../../protocol/frames.ts";
import { HISTORY_PAGE_DEFAULT, HISTORY_PAGE_MAX, REPLY_EXCERPT_CHARS, TYPING_THROTTLE_MS } from "../../protocol/limits.ts";
import type { SingleMessage } from "../../protocol/message-lists.ts";
import type { Api } from "./api.ts";
import { ApiError } from "./api.ts";
import { ChannelSocket, type ConnectionState } from "./realtime.ts";
import { Notifier, type Async } from "./store.ts";

export interface PendingMessage {
  nonce: string;
  content: string;
  replyTo: string | null;
  state: "sending" | "queued" | "failed";
  error?: string;
  createdAt: string;
  /** In an encrypted channel: the sealed body, once sealed (a retry reseals, for the devices current then). */
  envelope?: Envelope;
  mentions?: string[];
  /** Held back until the person reviews a new device or chooses Send anyway (web/state/e2ee.ts). */
  held?: boolean;
}

/**
 * A message as the client holds it. For an envelope, `content` is the decrypted text once opened; `e2ee` says
 * where that stands ("locked": this device cannot read it: sent before it existed, altered, or from an unknown
 * device; "waiting": the keys to check it could not be fetched, and it is opened again when the network is back).
 */
export type ChatMessage = MessageView & { e2ee?: "pending" | "ok" | "locked" | "waiting" };

/** What the session needs of the encryption store (web/state/e2ee.ts). */
export interface MessageCrypto {
  seal(channelId: string, messageNonce: string, content: string): Promise<{ envelope: Envelope; mentions: string[] }>;
  /** "offline": nothing could be checked for want of the network; the session tries again later. */
  open(m: MessageView): Promise<OpenResult | { ok: false; reason: "offline" }>;
}

/** Retrying envelopes that could not be opened for want of the network: the first wait, doubled up to the cap. */
const REOPEN_FIRST_MS = 2000;
/** A device list fetch is cheap, and someone looking at a locked message wants it soon; 30 s bounds the wait. */
const REOPEN_MAX_MS = 30_000;

/**
 * Messages kept in memory (and rows in the DOM) for one channel. Past this, the end away from where the person is
 * reading is dropped and reloaded when they scroll back: a few screens of slack either way, bounded memory.
 */
export const MAX_KEPT = 400;

export class ChannelSession extends Notifier {
  messages: ChatMessage[] = [];
  /** Whether the room takes envelopes only: the channel list's word until the welcome says. */
  encrypted: boolean;
  pending: PendingMessage[] = [];
  history: Async<true> = { state: "idle" };
  hasOlder = true;
  loadingOlder = false;
  /**
   * The loaded window does not reach the newest message (after a jump far back, or after scrolling up past
   * MAX_KEPT). New messages then wait in the database; scrolling down or "Jump to present" loads them.
   */
  hasNewer = false;
  loadingNewer = false;
  connection: ConnectionState = "idle";
  /** Set when the socket closed for good (access lost, channel deleted). */
  closedReason: string | null = null;
  permissions: string | null = null;
  slowModeSeconds = 0;
  /** When the person's timeout in this community ends (from the room, P31), else null. */
  timedOutUntil: string | null = null;
  /** The read position when the channel was opened: messages after it sit below the "new messages" line. */
  readSeqAtOpen: number | null = null;
  typing = new Map<string, number>();
  private lastSeq: number | undefined;
  private buffered: ChannelEvent[] | null = [];
  private socket: ChannelSocket;
  private lastTypingSent = 0;
  private typingTimer: ReturnType<typeof setInterval> | null = null;
  private closed = false;
  private reopenTimer: ReturnType<typeof setTimeout> | null = null;
  private reopenDelay = REOPEN_FIRST_MS;
  /** The browser says the network is back: envelopes waiting for it are opened at once. */
  private onOnline = () => this.reopenWaiting();

  constructor(
    private readonly api: Api,
    readonly channelId: string,
    readonly userId: string,
    private readonly hooks: {
      onRead: (seq: number) => void;
      onMessage: (m: MessageView) => void;
      onAuthors?: (messages: MessageView[]) => void;
      /** A message was pinned or unpinned (loaded or not): the pins list is stale. */
      onPinsChanged?: () => void;
      /** Someone reacted or took a reaction back: that emoji's list of who reacted is stale. */
      onReaction?: (messageId: string, emoji: string) => void;
    },
    private readonly crypto: MessageCrypto | null = null,
    encryptedHint = false,
  ) {
    super();
    this.encrypted = encryptedHint;
    this.socket = new ChannelSocket(api, channelId, () => this.lastSeq, (f) => this.onFrame(f), (s, d) => this.onState(s, d));
  }

  open(): void {
    this.socket.start();
    void this.loadLatest();
    this.typingTimer = setInterval(() => this.expireTyping(), 1000);
    if (typeof window !== "undefined") window.addEventListener("online", this.onOnline);
  }

  close(): void {
    this.closed = true;
    this.socket.stop();
    if (this.typingTimer) clearInterval(this.typingTimer);
    if (this.reopenTimer) clearTimeout(this.reopenTimer);
    if (typeof window !== "undefined") window.removeEventListener("online", this.onOnline);
  }

  /** The newest page over REST; live events that arrived meanwhile are applied after it. */
  private async loadLatest(): Promise<void> {
    this.history = { state: "loading" };
    this.changed();
    try {
      const res = await this.api.get<{ messages: MessageView[] }>(`/api/v1/channels/${encodeURIComponent(this.channelId)}/messages?limit=${HISTORY_PAGE_DEFAULT}`);
      if (this.closed) return;
      this.hooks.onAuthors?.(res.messages);
      this.messages = this.reveal(res.messages);
      this.hasOlder = res.messages.length >= HISTORY_PAGE_DEFAULT;
      this.hasNewer = false;
      for (const m of res.messages) this.dropPendingFor(m);
      this.history = { state: "ready", value: true };
      const queued = this.buffered ?? [];
      this.buffered = null;
      for (const f of queued) this.apply(f);
    } catch (e) {
      this.history = { state: "error", error: e as Error };
    }
    this.changed();
  }

  private historyUrl(query: string): string {
    return `/api/v1/channels/${encodeURIComponent(this.channelId)}/messages?${query}`;
  }

  async loadOlder(): Promise<void> {
    if (this.loadingOlder || !this.hasOlder || this.messages.length === 0) return;
    this.loadingOlder = true;
    this.changed();
    try {
      const res = await this.api.get<{ messages: MessageView[] }>(this.historyUrl(`before=${this.messages[0].seq}&limit=${HISTORY_PAGE_DEFAULT}`));
      this.hooks.onAuthors?.(res.messages);
      const known = new Set(this.messages.map((m) => m.id));
      let next = [...this.reveal(res.messages.filter((m) => !known.has(m.id))), ...this.messages];
      this.hasOlder = res.messages.length >= HISTORY_PAGE_DEFAULT;
      // Reading far back: let go of the newest end (it reloads on the way down).
      if (next.length > MAX_KEPT) {
        next = next.slice(0, MAX_KEPT);
        this.hasNewer = true;
      }
      this.messages = next;
    } finally {
      this.loadingOlder = false;
      this.changed();
    }
  }

  /** The page after the newest loaded message; when it is the last one, the window is live again. */
  async loadNewer(): Promise<void> {
    if (this.loadingNewer || !this.hasNewer || this.messages.length === 0) return;
    this.loadingNewer = true;
    this.changed();
    try {
      const after = this.messages[this.messages.length - 1].seq;
      const res = await this.api.get<{ messages: MessageView[] }>(this.historyUrl(`after=${after}&limit=${HISTORY_PAGE_DEFAULT}`));
      this.hooks.onAuthors?.(res.messages);
      const known = new Set(this.messages.map((m) => m.id));
      let next = [...this.messages, ...this.reveal(res.messages.filter((m) => !known.has(m.id)))];
      if (res.messages.length < HISTORY_PAGE_DEFAULT) {
        this.hasNewer = false;
        // Messages that arrived live while detached, and were not yet committed when the page was read.
        const have = new Set(next.map((m) => m.id));
        next = [...next, ...this.reveal(this.detached.filter((m) => !have.has(m.id)))].sort((a, b) => a.seq - b.seq);
        this.detached = [];
      }
      if (next.length > MAX_KEPT) {
        next = next.slice(-MAX_KEPT);
        this.hasOlder = true;
      }
      this.messages = next;
    } finally {
      this.loadingNewer = false;
      this.changed();
    }
  }

  /**
   * Replaces the window with the history around `seq` (a jump to a pinned or linked message that is not loaded).
   * Resolves true when the message is then loaded.
   */
  async loadAround(seq: number, messageId: string): Promise<boolean> {
    const res = await this.api.get<{ messages: MessageView[] }>(this.historyUrl(`around=${seq}&limit=${HISTORY_PAGE_MAX}`));
    if (this.closed) return false;
    this.hooks.onAuthors?.(res.messages);
    this.messages = this.reveal(res.messages);
    // Either end may be the channel's: an extra empty page at the top, or one at the bottom, settles it.
    this.hasOlder = res.messages.length > 0;
    this.hasNewer = true;
    this.detached = [];
    this.changed();
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

  /** Back to the newest page (Jump to present while the window is detached from it). */
  async jumpToPresent(): Promise<void> {
    if (!this.hasNewer) return;
    this.buffered = [];
    this.detached = [];
    await this.loadLatest();
  }

  /** Created messages heard live while the window is detached (hasNewer), kept for when it reattaches. */
  private detached: MessageView[] = [];

  /** Drops the oldest messages beyond MAX_KEPT (when the person is back at the bottom). */
  trim(): void {
    if (this.messages.length <= MAX_KEPT || this.hasNewer) return;
    this.messages = this.messages.slice(-MAX_KEPT);
    this.hasOlder = true;
    this.changed();
  }

  private onState(s: ConnectionState, d?: { code?: number; reason?: string }) {
    this.connection = s;
    // The close code (or the ticket's HTTP status) says why; the UI words it.
    if (s === "closed" && d?.code) this.closedReason = d.reason === "protocol_mismatch" ? "4409" : String(d.code);
    // Without a live room (no realtime on this server, or offline), pending sends wait or go over REST.
    if (s === "closed" && !this.closed) void this.flushViaRest();
    this.changed();
  }

  private onFrame(f: ChannelServerFrame): void {
    switch (f.type) {
      case "welcome":
        this.encrypted = f.encrypted;
        this.permissions = f.permissions;
        this.slowModeSeconds = f.slowModeSeconds;
        if (this.readSeqAtOpen === null) this.readSeqAtOpen = f.readSeq;
        this.timedOutUntil = f.timedOutUntil ?? null;
        if (this.lastSeq === undefined) this.lastSeq = f.headSeq;
        this.socket.markOpen(f.resumeTicket ? { ticket: f.resumeTicket, expiresAt: f.resumeTicketExpiresAt } : undefined);
        this.flushQueue();
        // The room is reachable again, so the server is: envelopes that waited for the network can be opened.
        this.reopenWaiting();
        break;
      case "ack":
        if (f.nonce) this.pending = this.pending.filter((p) => p.nonce !== f.nonce);
        break;
      case "error": {
        const p = f.ref ? this.pending.find((x) => x.nonce === f.ref) : undefined;
        if (p) {
          this.put(p, { state: "failed", error: f.message });
        } else this.lastError = f.message;
        break;
      }
      case "resync_required":
        this.lastSeq = f.headSeq;
        this.buffered = [];
        void this.loadLatest();
        break;
      case "user_typing":
        if (f.userId !== this.userId) this.typing.set(f.userId, Date.now() + f.expiresInMs);
        break;
      case "read_updated":
        this.hooks.onRead(f.seq);
        break;
      case "permissions_updated":
        this.permissions = f.permissions;
        this.slowModeSeconds = f.slowModeSeconds;
        this.timedOutUntil = f.timedOutUntil ?? null;
        break;
      case "pong":
        return;
      default:
        if (this.buffered) this.buffered.push(f);
        else this.apply(f);
    }
    this.changed();
  }

  /** A problem not tied to one pending message (e.g. a refused edit), for the UI to show once. */
  lastError: string | null = null;

  private apply(f: ChannelEvent): void {
    if (this.lastSeq !== undefined && f.seq <= this.lastSeq && f.type !== "message_created") return;
    this.lastSeq = Math.max(this.lastSeq ?? 0, f.seq);
    switch (f.type) {
      case "message_created":
        if (this.messages.some((m) => m.id === f.message.id)) return;
        if (this.hasNewer) {
          // Not contiguous with the loaded window: keep it aside until the window reaches the present.
          if (this.detached.length < HISTORY_PAGE_MAX) this.detached.push(f.message);
          this.dropPendingFor(f.message);
          this.hooks.onMessage(f.message);
          return;
        }
        this.messages = [...this.messages, ...this.reveal([f.message])];
        this.dropPendingFor(f.message);
        this.typing.delete(f.message.authorId);
        this.hooks.onMessage(f.message);
        return;
      case "message_edited":
        this.patch(f.messageId, (m) => ({ ...m, content: f.content, envelope: f.envelope, mentions: f.mentions, editedAt: f.editedAt, e2ee: undefined }));
        this.messages = this.reveal(this.messages);
        return;
      case "message_deleted":
        return this.patch(f.messageId, (m) => ({ ...m, content: null, envelope: null, deletedAt: f.deletedAt, reactions: [] }));
      case "message_pinned":
        this.hooks.onPinsChanged?.();
        return this.patch(f.messageId, (m) => ({ ...m, pinnedAt: f.pinnedAt }));
      case "message_unpinned":
        this.hooks.onPinsChanged?.();
        return this.patch(f.messageId, (m) => ({ ...m, pinnedAt: null }));
      case "reaction_added":
      case "reaction_removed": {
        const add = f.type === "reaction_added";
        this.hooks.onReaction?.(f.messageId, f.emoji);
        return this.patch(f.messageId, (m) => ({ ...m, reactions: bumpReaction(m.reactions ?? [], f.emoji, add ? 1 : -1, f.userId === this.userId ? add : undefined) }));
      }
      default:
        assertNever(f);
    }
  }

  private patch(id: string, fn: (m: ChatMessage) => ChatMessage): void {
    this.messages = this.messages.map((m) => (m.id === id ? fn(m) : m));
  }

  /**
   * Starts opening every envelope not yet opened (shown as pending meanwhile) and returns the list with those
   * marked. Each result patches its message only if the envelope is still the one opened (an edit may have come).
   */
  private reveal(list: MessageView[]): ChatMessage[] {
    return list.map((m: ChatMessage) => {
      if (!m.envelope || m.deletedAt || m.e2ee) return m;
      const envelope = m.envelope;
      // What this client sealed itself (same nonce, same signature) it already knows: no "Decrypting…" flash.
      const own = this.sealedHere.get(`${m.nonce}:${String(envelope.sig)}`);
      if (own !== undefined) return { ...m, content: own, e2ee: "ok" };
      if (this.crypto) {
        void this.crypto.open(m).then((r) => {
          if (this.closed) return;
          const e2ee = r.ok ? "ok" : r.reason === "offline" ? "waiting" : "locked";
          this.patch(m.id, (x) => (x.envelope === envelope ? { ...x, content: r.ok ? r.payload.content : null, e2ee } : x));
          if (e2ee === "waiting") this.scheduleReopen();
          else if (r.ok) this.reopenDelay = REOPEN_FIRST_MS;
          this.quoteOpenedReplies();
          this.changed();
        });
      }
      return { ...m, content: null, e2ee: this.crypto ? "pending" : "locked" };
    });
  }

  /** Tries the envelopes that waited for the network again, later (doubling) unless something says it is back. */
  private scheduleReopen(): void {
    if (this.reopenTimer || this.closed) return;
    this.reopenTimer = setTimeout(() => {
      this.reopenTimer = null;
      this.reopenDelay = Math.min(this.reopenDelay * 2, REOPEN_MAX_MS);
      this.reopenWaiting();
    }, this.reopenDelay);
  }

  /** Opens again every envelope that could not be opened for want of the network. */
  private reopenWaiting(): void {
    if (this.closed || !this.messages.some((m) => m.e2ee === "waiting")) return;
    if (this.reopenTimer) clearTimeout(this.reopenTimer);
    this.reopenTimer = null;
    this.messages = this.reveal(this.messages.map((m) => (m.e2ee === "waiting" ? { ...m, e2ee: undefined } : m)));
    this.changed();
  }

  /** Replies to encrypted messages carry no excerpt from the server; quote the original once it is open here. */
  private quoteOpenedReplies(): void {
    const text = new Map(this.messages.filter((m) => m.e2ee === "ok" && m.content !== null).map((m) => [m.id, m.content!]));
    let changed = false;
    const next = this.messages.map((m) => {
      if (!m.replyTo || m.replyTo.excerpt !== null || !text.has(m.replyTo.id)) return m;
      changed = true;
      return { ...m, replyTo: { ...m.replyTo, excerpt: text.get(m.replyTo.id)!.slice(0, REPLY_EXCERPT_CHARS) } };
    });
    if (changed) this.messages = next;
  }

  private dropPendingFor(m: MessageView): void {
    if (m.authorId === this.userId && this.pending.some((p) => p.nonce === m.nonce)) this.pending = this.pending.filter((p) => p.nonce !== m.nonce);
  }

  private expireTyping(): void {
    const now = Date.now();
    let changed = false;
    for (const [id, until] of this.typing) if (until < now) changed = this.typing.delete(id) || changed;
    if (changed) this.changed();
  }

  // ---- actions ----

  send(content: string, replyTo: string | null): void {
    const p: PendingMessage = { nonce: crypto.randomUUID(), content, replyTo, state: "sending", createdAt: new Date().toISOString() };
    this.pending = [...this.pending, p];
    // The next keystroke after a send starts a new "typing" (the message cleared the old one for everyone).
    this.lastTypingSent = 0;
    this.transmit(p);
    this.changed();
  }

  retry(nonce: string): void {
    const p = this.pending.find((x) => x.nonce === nonce);
    if (!p) return;
    this.transmit(this.put(p, { state: "sending", error: undefined, envelope: undefined, mentions: undefined, held: false }));
    this.changed();
  }

  /**
   * Changes a pending send by replacing it (the same nonce, a new object), so the row showing it re-renders: rows
   * get the object as a property and would not notice it being changed in place.
   */
  private put(p: PendingMessage, patch: Partial<PendingMessage>): PendingMessage {
    const i = this.pending.findIndex((x) => x.nonce === p.nonce);
    const next = { ...(i >= 0 ? this.pending[i] : p), ...patch };
    if (i >= 0) this.pending = this.pending.with(i, next);
    return next;
  }

  /** Sends again, in order, every message held back for an unverified device (after Send anyway, or a review). */
  retryHeld(): void {
    for (const p of this.pending.filter((x) => x.held)) this.retry(p.nonce);
  }

  discard(nonce: string): void {
    this.pending = this.pending.filter((p) => p.nonce !== nonce);
    this.changed();
  }

  private transmit(p: PendingMessage): void {
    if (this.encrypted && !p.envelope) return this.sealThenTransmit(p);
    const body = this.encrypted && p.envelope ? { envelope: p.envelope, ...(p.mentions?.length ? { mentions: p.mentions } : {}) } : { content: p.content };
    const frame: ClientFrame = { type: "send_message", nonce: p.nonce, ...body, ref: p.nonce, ...(p.replyTo ? { replyTo: p.replyTo } : {}) };
    if (this.socket.send(frame)) return;
    if (this.connection === "closed") return void this.sendViaRest(p);
    // Connecting, reconnecting or offline: hold it; the welcome flushes the queue in order.
    this.put(p, { state: "queued" });
  }

  /** Seals in send order (one chain), then transmits; a message that cannot be sealed fails with the reason. */
  private sealing: Promise<void> = Promise.resolve();
  /** Texts this client sealed, by `${nonce}:${signature}`, for its own messages coming back from the room. */
  private sealedHere = new Map<string, string>();
  private sealThenTransmit(p: PendingMessage): void {
    const crypto = this.crypto;
    if (!crypto) return this.fail(p, "This conversation is end-to-end encrypted, and encryption isn't available here.");
    this.sealing = this.sealing.then(async () => {
      try {
        const sealed = await crypto.seal(this.channelId, p.nonce, p.content);
        // Discarded meanwhile, or already sealed by another attempt: nothing to send.
        const cur = this.pending.find((x) => x.nonce === p.nonce);
        if (!cur || cur.envelope || this.closed) return;
        this.sealedHere.set(`${p.nonce}:${String(sealed.envelope.sig)}`, p.content);
        this.transmit(this.put(cur, { envelope: sealed.envelope, mentions: sealed.mentions }));
      } catch (e) {
        this.fail(p, (e as Error).message, (e as { code?: string }).code === "unverified_devices");
      }
      this.changed();
    });
  }

  private fail(p: PendingMessage, error: string, held = false): void {
    this.put(p, { state: "failed", error, held });
    this.changed();
  }

  private flushQueue(): void {
    for (const p of [...this.pending]) if (p.state === "queued" || p.state === "sending") this.transmit(p);
  }

  private async flushViaRest(): Promise<void> {
    for (const p of [...this.pending]) if (p.state === "queued") await this.sendViaRest(p);
  }

  /** The same pipeline over HTTP (P29): used when the room socket is not available. The nonce keeps it idempotent. */
  private async sendViaRest(queued: PendingMessage): Promise<void> {
    const p = this.put(queued, { state: "sending" });
    this.changed();
    try {
      if (this.encrypted && !p.envelope) return this.sealThenTransmit(p);
      const body = this.encrypted && p.envelope ? { envelope: p.envelope, mentions: p.mentions ?? [] } : { content: p.content };
      const res = await this.api.post<{ message: MessageView }>(`/api/v1/channels/${encodeURIComponent(this.channelId)}/messages`, { ...body, nonce: p.nonce, ...(p.replyTo ? { replyTo: p.replyTo } : {}) });
      if (!this.hasNewer && !this.messages.some((m) => m.id === res.message.id)) this.messages = [...this.messages, ...this.reveal([res.message])];
      this.pending = this.pending.filter((x) => x.nonce !== p.nonce);
    } catch (e) {
      this.put(p, { state: e instanceof ApiError && e.code === "network_error" ? "queued" : "failed", error: (e as Error).message });
    }
    this.changed();
  }

  /** Socket actions that change a message; false when the socket is down (the UI says so). */
  private act(frame: ClientFrame): boolean {
    const ok = this.socket.send(frame);
    if (!ok) {
      this.lastError = "You're offline: that change wasn't sent.";
      this.changed();
    }
    return ok;
  }

  /** An edit of an encrypted message is a new envelope, sealed for the devices current now, bound to its nonce. */
  edit(messageId: string, content: string): boolean {
    const m = this.messages.find((x) => x.id === messageId);
    if (!this.encrypted || !m) return this.act({ type: "edit_message", messageId, content });
    if (!this.crypto || this.connection !== "open") {
      this.lastError = "You're offline: that change wasn't sent.";
      this.changed();
      return false;
    }
    const crypto = this.crypto;
    this.sealing = this.sealing.then(async () => {
      try {
        const { envelope, mentions } = await crypto.seal(this.channelId, m.nonce, content);
        this.sealedHere.set(`${m.nonce}:${String(envelope.sig)}`, content);
        this.act({ type: "edit_message", messageId, envelope, ...(mentions.length ? { mentions } : {}) });
      } catch (e) {
        this.lastError = (e as Error).message;
        this.changed();
      }
    });
    return true;
  }
  remove(messageId: string): boolean {
    return this.act({ type: "delete_message", messageId });
  }
  react(messageId: string, emoji: string, add: boolean): boolean {
    return this.act({ type: add ? "add_reaction" : "remove_reaction", messageId, emoji });
  }
  pin(messageId: string, pin: boolean): boolean {
    return this.act({ type: pin ? "pin_message" : "unpin_message", messageId });
  }

  /** Called on keystrokes; sends at most one start_typing per throttle window. */
  typingNow(): void {
    const now = Date.now();
    if (now - this.lastTypingSent < TYPING_THROTTLE_MS) return;
    this.lastTypingSent = now;
    this.socket.send({ type: "start_typing" });
  }

  /** The person has seen everything up to the newest message. */
  markRead(): void {
    const newest = this.lastSeq;
    if (newest === undefined || this.connection !== "open") return;
    this.socket.send({ type: "mark_read", seq: newest });
  }

  clearError(): void {
    this.lastError = null;
  }
}

/** Adds `delta` to one emoji's count; `me` when known. Entries that reach zero disappear. */
export function bumpReaction(list: ReactionSummary[], emoji: string, delta: number, me: boolean | undefined): ReactionSummary[] {
  const found = list.find((r) => r.emoji === emoji);
  if (found && me === true && found.me && delta > 0) return list;
  const next = found ? list.map((r) => (r.emoji === emoji ? { ...r, count: r.count + delta, me: me ?? r.me } : r)) : delta > 0 ? [...list, { emoji, count: delta, me: me ?? false }] : list;
  return next.filter((r) => r.count > 0);
}
