/**
 * The open channel: its messages, the person's pending sends, typing indicators and the room socket. Events are
 * applied in seq order and idempotently (a message already present is not added twice), so replays after a
 * reconnect cannot duplicate anything. Sends are optimistic: shown at once as pending, confirmed by the ack,
 * queued while offline and sent when the socket is back, or marked failed with a retry.
 *
 * This file holds the room socket and applies its frames; the loaded history and its paging are in
 * message-window.ts, pending sends in outbox.ts, and opening and sealing envelopes in channel-crypto.ts.
 */
import { assertNever, type ChannelEvent, type ChannelServerFrame, type ClientFrame, type MessageView, type ReactionSummary } from "../../protocol/frames.ts";
import type { SealedAttachment } from "../../protocol/e2ee.ts";
import type { FileView } from "../../protocol/files.ts";
import type { ThreadFrame } from "../../protocol/threads.ts";
import { TYPING_THROTTLE_MS } from "../../protocol/limits.ts";
import type { Api } from "./api.ts";
import { ChannelCrypto, type MessageCrypto } from "./channel-crypto.ts";
import { MessageWindow, type ChatMessage } from "./message-window.ts";
import { Outbox, type PendingMessage } from "./outbox.ts";
import { PollRequests, tallyOf, type PendingPoll } from "./polls.ts";
import { ReadReceipts } from "./read-receipts.ts";
import { ChannelSocket, type ConnectionState } from "./realtime.ts";
import { Notifier, type Async } from "./store.ts";

export class ChannelSession extends Notifier {
  /** Whether the room takes envelopes only: the channel list's word until the welcome says. */
  encrypted: boolean;
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
  /** A problem not tied to one pending message (e.g. a refused edit), for the UI to show once. */
  lastError: string | null = null;
  private lastSeq: number | undefined;
  /** Room events heard while the newest page loads, applied on top of it; null once it is in. */
  private buffered: ChannelEvent[] | null = [];
  private socket: ChannelSocket;
  private lastTypingSent = 0;
  private typingTimer: ReturnType<typeof setInterval> | null = null;
  private closed = false;
  private readonly window: MessageWindow;
  private readonly crypto: ChannelCrypto;
  private readonly outbox: Outbox;
  /** The person's votes and early ends of polls until the room answers (web/state/polls.ts). */
  readonly polls: PollRequests;
  /** In a DM or group DM: how far the others have read (web/state/read-receipts.ts). */
  readonly receipts: ReadReceipts;
  /** Set by the chat store for DMs and group DMs: receipts are fetched on each welcome. */
  conversation = false;

  constructor(
    api: Api,
    readonly channelId: string,
    readonly userId: string,
    private readonly hooks: {
      onRead: (seq: number) => void;
      onMessage: (m: MessageView) => void;
      onAuthors?: (messages: MessageView[]) => void;
      /** People a live frame names by id (a message's author and mentions, someone typing): the UI needs their names. */
      onPeople?: (userIds: string[]) => void;
      /** A message was pinned or unpinned (loaded or not): the pins list is stale. */
      onPinsChanged?: () => void;
      /** Someone reacted or took a reaction back: that emoji's list of who reacted is stale. */
      onReaction?: (messageId: string, emoji: string) => void;
      /** The room said welcome (a first connect or a resume): lists its ephemeral frames keep current are stale. */
      onWelcome?: () => void;
      /** News of one of this channel's threads (ephemeral, no seq: protocol/threads.ts). */
      onThreadFrame?: (f: ThreadFrame) => void;
    },
    crypto: MessageCrypto | null = null,
    encryptedHint = false,
  ) {
    super();
    this.encrypted = encryptedHint;
    const isClosed = () => this.closed;
    const changed = () => this.changed();
    this.window = new MessageWindow(api, channelId, {
      reveal: (list) => this.crypto.reveal(list),
      onAuthors: (messages) => hooks.onAuthors?.(messages),
      onLatest: (messages) => this.caughtUp(messages),
      isClosed,
      changed,
    });
    this.crypto = new ChannelCrypto(crypto, channelId, this.window, { isClosed, changed });
    this.outbox = new Outbox(api, channelId, userId, this.crypto, {
      send: (frame) => this.socket.send(frame),
      connection: () => this.connection,
      encrypted: () => this.encrypted,
      posted: (m) => this.window.addPosted(m),
      isClosed,
      changed,
    });
    this.polls = new PollRequests({ send: (frame) => this.socket.send(frame), changed });
    this.receipts = new ReadReceipts(api, channelId, changed);
    this.socket = new ChannelSocket(api, channelId, () => this.lastSeq, (f) => this.onFrame(f), (s, d) => this.onState(s, d));
  }

  get messages(): ChatMessage[] {
    return this.window.messages;
  }
  get pending(): PendingMessage[] {
    return this.outbox.pending;
  }
  get history(): Async<true> {
    return this.window.history;
  }
  get hasOlder(): boolean {
    return this.window.hasOlder;
  }
  get loadingOlder(): boolean {
    return this.window.loadingOlder;
  }
  /** The loaded window does not reach the newest message (see MessageWindow.hasNewer). */
  get hasNewer(): boolean {
    return this.window.hasNewer;
  }
  get loadingNewer(): boolean {
    return this.window.loadingNewer;
  }

  open(): void {
    this.socket.start();
    void this.window.loadLatest();
    this.typingTimer = setInterval(() => this.expireTyping(), 1000);
    this.crypto.start();
  }

  close(): void {
    this.closed = true;
    this.socket.stop();
    if (this.typingTimer) clearInterval(this.typingTimer);
    this.crypto.stop();
  }

  /** The newest page is in: sends it holds are no longer pending, and live events heard meanwhile apply after it. */
  private caughtUp(page: MessageView[]): void {
    for (const m of page) this.outbox.dropPendingFor(m);
    const queued = this.buffered ?? [];
    this.buffered = null;
    for (const f of queued) this.apply(f);
  }

  loadOlder(): Promise<void> {
    return this.window.loadOlder();
  }

  loadNewer(): Promise<void> {
    return this.window.loadNewer();
  }

  /** See MessageWindow.loadAround: resolves true when the message is then loaded. */
  loadAround(seq: number, messageId: string): Promise<boolean> {
    return this.window.loadAround(seq, messageId);
  }

  seqOf(messageId: string): Promise<number | null> {
    return this.window.seqOf(messageId);
  }

  /** Back to the newest page (Jump to present while the window is detached from it). */
  async jumpToPresent(): Promise<void> {
    if (!this.window.hasNewer) return;
    this.buffered = [];
    await this.window.reattach();
  }

  trim(): void {
    this.window.trim();
  }

  /** Earlier devices' keys came back from the key backup: locked messages are opened again. */
  reopenLocked(): void {
    this.crypto.reopenLocked();
  }

  private onState(s: ConnectionState, d?: { code?: number; reason?: string }) {
    this.connection = s;
    // The close code (or the ticket's HTTP status) says why; the UI words it.
    if (s === "closed" && d?.code) this.closedReason = d.reason === "protocol_mismatch" ? "4409" : String(d.code);
    // Without a live room (no realtime on this server, or offline), pending sends wait or go over REST.
    if (s === "closed" && !this.closed) void this.outbox.flushViaRest();
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
        this.outbox.flushQueue();
        // The room is reachable again, so the server is: envelopes that waited for the network can be opened.
        this.crypto.reopenWaiting();
        if (this.conversation) void this.receipts.load();
        this.hooks.onWelcome?.();
        break;
      case "ack":
        if (f.nonce) this.outbox.acked(f.nonce);
        else if (f.ref) {
          // A vote's ack carries one's own answers into the poll (an anonymous poll's event names nobody).
          const acked = this.polls.acked(f.ref);
          const answers = acked?.answers;
          if (acked && answers) this.window.patch(acked.messageId, (m) => (m.poll ? { ...m, pollResults: { ...tallyOf(m.poll, m.pollResults), mine: answers } } : m));
        }
        break;
      case "error":
        if (!f.ref || !(this.outbox.refused(f.ref, f.message, f.code) || this.polls.refused(f))) this.lastError = f.message;
        break;
      case "resync_required":
        this.lastSeq = f.headSeq;
        this.buffered = [];
        void this.window.loadLatest();
        break;
      case "user_typing":
        if (f.userId !== this.userId) {
          this.typing.set(f.userId, Date.now() + f.expiresInMs);
          this.hooks.onPeople?.([f.userId]);
        }
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
      case "read_receipt":
        this.receipts.heard(f.userId, f.seq);
        return;
      case "thread_updated":
      case "thread_activity":
      case "thread_deleted":
        this.hooks.onThreadFrame?.(f);
        return;
      default:
        if (this.buffered) this.buffered.push(f);
        else this.apply(f);
    }
    this.changed();
  }

  private apply(f: ChannelEvent): void {
    if (this.lastSeq !== undefined && f.seq <= this.lastSeq && f.type !== "message_created") return;
    this.lastSeq = Math.max(this.lastSeq ?? 0, f.seq);
    switch (f.type) {
      case "message_created": {
        const added = this.window.addLive(f.message);
        if (added === "known") return;
        this.outbox.dropPendingFor(f.message);
        if (added === "added") this.typing.delete(f.message.authorId);
        this.hooks.onPeople?.([f.message.authorId, ...f.message.mentions]);
        this.hooks.onMessage(f.message);
        return;
      }
      case "message_edited":
        this.window.patch(f.messageId, (m) => ({ ...m, content: f.content, envelope: f.envelope, mentions: f.mentions, editedAt: f.editedAt, e2ee: undefined }));
        this.window.messages = this.crypto.reveal(this.window.messages);
        return;
      case "message_deleted":
        return this.window.patch(f.messageId, (m) => ({ ...m, content: null, envelope: null, deletedAt: f.deletedAt, reactions: [], attachments: [], poll: null, pollResults: undefined }));
      case "message_pinned":
        this.hooks.onPinsChanged?.();
        return this.window.patch(f.messageId, (m) => ({ ...m, pinnedAt: f.pinnedAt }));
      case "message_unpinned":
        this.hooks.onPinsChanged?.();
        return this.window.patch(f.messageId, (m) => ({ ...m, pinnedAt: null }));
      case "reaction_added":
      case "reaction_removed": {
        const add = f.type === "reaction_added";
        this.hooks.onReaction?.(f.messageId, f.emoji);
        return this.window.patch(f.messageId, (m) => ({ ...m, reactions: bumpReaction(m.reactions ?? [], f.emoji, add ? 1 : -1, f.userId === this.userId ? add : undefined) }));
      }
      case "poll_voted":
        if (f.userId === this.userId) this.polls.heard(f.messageId);
        return this.window.patch(f.messageId, (m) => ({ ...m, pollResults: { counts: f.counts, voters: f.voters, mine: f.userId === this.userId && f.answers ? f.answers : (m.pollResults?.mine ?? []) } }));
      case "poll_ended":
        this.polls.heard(f.messageId);
        return this.window.patch(f.messageId, (m) => (m.poll ? { ...m, poll: { ...m.poll, endedAt: f.endedAt } } : m));
      default:
        assertNever(f);
    }
  }

  private expireTyping(): void {
    const now = Date.now();
    let changed = false;
    for (const [id, until] of this.typing) if (until < now) changed = this.typing.delete(id) || changed;
    if (changed) this.changed();
  }

  // ---- actions ----

  /** Sends a message; in an encrypted channel `sealedFiles` says what its (encrypted) `attachments` are, for the envelope. */
  send(content: string, replyTo: string | null, attachments: FileView[] = [], sealedFiles: SealedAttachment[] = []): void {
    // The next keystroke after a send starts a new "typing" (the message cleared the old one for everyone).
    this.lastTypingSent = 0;
    this.outbox.send(content, replyTo, attachments, sealedFiles);
  }

  /** Starts a poll: a message whose text is the question, sent and retried as any other (web/state/polls.ts). */
  sendPoll(question: string, poll: PendingPoll): void {
    this.lastTypingSent = 0;
    this.outbox.send(question, null, [], [], poll);
  }

  retry(nonce: string): void {
    this.outbox.retry(nonce);
  }

  /** Sends again, in order, every message held back for an unverified device (after Send anyway, or a review). */
  retryHeld(): void {
    this.outbox.retryHeld();
  }

  discard(nonce: string): void {
    this.outbox.discard(nonce);
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

  /**
   * An edit of an encrypted message is a new envelope, sealed for the devices current now, bound to its nonce. It
   * carries the files' keys and details again: readers know the files only from the newest envelope.
   */
  edit(messageId: string, content: string): boolean {
    const m = this.messages.find((x) => x.id === messageId);
    if (!this.encrypted || !m) return this.act({ type: "edit_message", messageId, content });
    if (!this.crypto.canSeal || this.connection !== "open") {
      this.lastError = "You're offline: that change wasn't sent.";
      this.changed();
      return false;
    }
    const crypto = this.crypto;
    crypto.inOrder(async () => {
      try {
        const files = m.sealedFiles ?? [];
        const { envelope, mentions } = await crypto.seal(m.nonce, content, files);
        crypto.remember(m.nonce, envelope, content, files);
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
