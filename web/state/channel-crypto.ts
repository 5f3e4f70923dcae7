/**
 * The encryption side of one channel session (docs/encryption.md): opens envelopes as messages enter the window
 * (shown as pending meanwhile), opens again those that waited for the network, quotes opened originals in replies
 * to them, and seals sends and edits one at a time, in the order they were made. What it sealed it remembers, so
 * the person's own messages coming back from the room show at once instead of being opened.
 */
import type { OpenResult, SealedAttachment, SealedPoll } from "../../protocol/e2ee.ts";
import type { Envelope, MessageView } from "../../protocol/frames.ts";
import { REPLY_EXCERPT_CHARS } from "../../protocol/limits.ts";
import type { ChatMessage, MessageWindow } from "./message-window.ts";
import { pollWithAnswers } from "./polls.ts";

/** What the session needs of the encryption store (web/state/e2ee.ts). */
export interface MessageCrypto {
  seal(channelId: string, messageNonce: string, content: string, attachments?: readonly SealedAttachment[], poll?: SealedPoll): Promise<{ envelope: Envelope; mentions: string[] }>;
  /** "offline": nothing could be checked for want of the network; the session tries again later. */
  open(m: MessageView): Promise<OpenResult | { ok: false; reason: "offline" }>;
}

/** Retrying envelopes that could not be opened for want of the network: the first wait, doubled up to the cap. */
const REOPEN_FIRST_MS = 2000;
/** A device list fetch is cheap, and someone looking at a locked message wants it soon; 30 s bounds the wait. */
const REOPEN_MAX_MS = 30_000;

export class ChannelCrypto {
  private reopenTimer: ReturnType<typeof setTimeout> | null = null;
  private reopenDelay = REOPEN_FIRST_MS;
  /** The chain every seal waits its turn on (inOrder). */
  private sealing: Promise<void> = Promise.resolve();
  /** Texts (and files) this client sealed, by `${nonce}:${signature}`, for its own messages coming back from the room. */
  private sealedHere = new Map<string, { content: string; files: SealedAttachment[]; poll?: SealedPoll }>();
  /** The browser says the network is back: envelopes waiting for it are opened at once. */
  private onOnline = () => this.reopenWaiting();

  /** `crypto` is null where encryption is not available: envelopes then show as locked, and nothing can be sealed. */
  constructor(
    private readonly crypto: MessageCrypto | null,
    private readonly channelId: string,
    private readonly loaded: MessageWindow,
    private readonly session: { isClosed(): boolean; changed(): void },
  ) {}

  start(): void {
    if (typeof window !== "undefined") window.addEventListener("online", this.onOnline);
  }

  stop(): void {
    if (this.reopenTimer) clearTimeout(this.reopenTimer);
    if (typeof window !== "undefined") window.removeEventListener("online", this.onOnline);
  }

  /**
   * Starts opening every envelope not yet opened (shown as pending meanwhile) and returns the list with those
   * marked. Each result patches its message only if the envelope is still the one opened (an edit may have come).
   */
  reveal(list: MessageView[]): ChatMessage[] {
    return list.map((m: ChatMessage) => {
      if (!m.envelope || m.deletedAt || m.e2ee) return m;
      const envelope = m.envelope;
      // What this client sealed itself (same nonce, same signature) it already knows: no "Decrypting…" flash.
      const own = this.sealedHere.get(`${m.nonce}:${String(envelope.sig)}`);
      if (own !== undefined) return { ...m, content: own.content, sealedFiles: own.files, poll: pollWithAnswers(m.poll, own.poll), e2ee: "ok" };
      if (this.crypto) {
        void this.crypto.open(m).then((r) => {
          if (this.session.isClosed()) return;
          const e2ee = r.ok ? "ok" : r.reason === "offline" ? "waiting" : "locked";
          // What the payload says about files is kept whole; the row shows those the server also linked (sealed-files.ts).
          const sealedFiles = r.ok ? (r.payload.attachments ?? []) : undefined;
          // A poll's answers are in the payload too (its counts are on the server, by answer number).
          this.loaded.patch(m.id, (x) => (x.envelope === envelope ? { ...x, content: r.ok ? r.payload.content : null, sealedFiles, poll: pollWithAnswers(x.poll, r.ok ? r.payload.poll : undefined), e2ee } : x));
          if (e2ee === "waiting") this.scheduleReopen();
          else if (r.ok) this.reopenDelay = REOPEN_FIRST_MS;
          this.quoteOpenedReplies();
          this.session.changed();
        });
      }
      return { ...m, content: null, e2ee: this.crypto ? "pending" : "locked" };
    });
  }

  /** Tries the envelopes that waited for the network again, later (doubling) unless something says it is back. */
  private scheduleReopen(): void {
    if (this.reopenTimer || this.session.isClosed()) return;
    this.reopenTimer = setTimeout(() => {
      this.reopenTimer = null;
      this.reopenDelay = Math.min(this.reopenDelay * 2, REOPEN_MAX_MS);
      this.reopenWaiting();
    }, this.reopenDelay);
  }

  /** Opens again every envelope that could not be opened for want of the network. */
  reopenWaiting(): void {
    if (!this.reopen("waiting")) return;
    if (this.reopenTimer) clearTimeout(this.reopenTimer);
    this.reopenTimer = null;
  }

  /** Opens again every locked envelope: this browser has just recovered earlier devices' keys from the backup. */
  reopenLocked(): void {
    this.reopen("locked");
  }

  private reopen(state: "waiting" | "locked"): boolean {
    if (this.session.isClosed() || !this.loaded.messages.some((m) => m.e2ee === state)) return false;
    this.loaded.messages = this.reveal(this.loaded.messages.map((m) => (m.e2ee === state ? { ...m, e2ee: undefined } : m)));
    this.session.changed();
    return true;
  }

  /** Replies to encrypted messages carry no excerpt from the server; quote the original once it is open here. */
  private quoteOpenedReplies(): void {
    const messages = this.loaded.messages;
    const text = new Map(messages.filter((m) => m.e2ee === "ok" && m.content !== null).map((m) => [m.id, m.content!]));
    let changed = false;
    const next = messages.map((m) => {
      if (!m.replyTo || m.replyTo.excerpt !== null || !text.has(m.replyTo.id)) return m;
      changed = true;
      return { ...m, replyTo: { ...m.replyTo, excerpt: text.get(m.replyTo.id)!.slice(0, REPLY_EXCERPT_CHARS) } };
    });
    if (changed) this.loaded.messages = next;
  }

  /** Whether anything can be sealed here (the encryption store is available). */
  get canSeal(): boolean {
    return this.crypto !== null;
  }

  /** Runs `task` once every seal queued before it has finished, so sends and edits are sealed in the order made. */
  inOrder(task: () => Promise<void>): void {
    this.sealing = this.sealing.then(task);
  }

  /** Seals a message body (and its files' keys and details, a poll's answers) for the channel's devices current now, bound to the message's nonce. */
  seal(nonce: string, content: string, files: readonly SealedAttachment[] = [], poll?: SealedPoll): Promise<{ envelope: Envelope; mentions: string[] }> {
    if (!this.crypto) return Promise.reject(new Error("This conversation is end-to-end encrypted, and encryption isn't available here."));
    return this.crypto.seal(this.channelId, nonce, content, files, poll);
  }

  /** Notes what this client sealed, so its own message coming back with that envelope shows without opening. */
  remember(nonce: string, envelope: Envelope, content: string, files: readonly SealedAttachment[] = [], poll?: SealedPoll): void {
    this.sealedHere.set(`${nonce}:${String(envelope.sig)}`, { content, files: [...files], ...(poll ? { poll } : {}) });
  }
}
