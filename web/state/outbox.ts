/**
 * The person's sends in one channel until the room has them. Sends are optimistic: shown at once as pending,
 * confirmed by the ack (or by the message itself coming back), queued while the socket is down and sent in order
 * when it is back, sent over REST when the room is not available (P29), or marked failed with the reason, to retry
 * or discard. In an encrypted channel each is sealed first (web/state/channel-crypto.ts).
 */
import type { SealedAttachment } from "../../protocol/e2ee.ts";
import type { FileView } from "../../protocol/files.ts";
import type { ClientFrame, Envelope, MessageView } from "../../protocol/frames.ts";
import type { Api } from "./api.ts";
import { ApiError } from "./api.ts";
import type { ChannelCrypto } from "./channel-crypto.ts";
import { pollInput, type PendingPoll } from "./polls.ts";
import type { ConnectionState } from "./realtime.ts";

export interface PendingMessage {
  nonce: string;
  content: string;
  replyTo: string | null;
  /** Files uploaded for it (their ids go with the send). */
  attachments: FileView[];
  /** In an encrypted channel: each file's key and real name, type and size, sealed with the text. */
  sealedFiles?: SealedAttachment[];
  state: "sending" | "queued" | "failed";
  error?: string;
  createdAt: string;
  /** In an encrypted channel: the sealed body, once sealed (a retry reseals, for the devices current then). */
  envelope?: Envelope;
  mentions?: string[];
  /** Held back until the person reviews a new device or chooses Send anyway (web/state/e2ee.ts). */
  held?: boolean;
  /** Sent again by itself once already, after the room could not store it (`commit_failed`). */
  resent?: boolean;
  /** Set when it starts a poll whose question is `content` (in an encrypted channel its answers go in the envelope). */
  poll?: PendingPoll;
}

/** What the outbox needs of its session. */
export interface OutboxHost {
  /** Sends on the room socket; false when it is not open. */
  send(frame: ClientFrame): boolean;
  connection(): ConnectionState;
  /** Whether the room takes envelopes only. */
  encrypted(): boolean;
  /** The server took a message over REST: it belongs in the window. */
  posted(m: MessageView): void;
  isClosed(): boolean;
  changed(): void;
}

export class Outbox {
  pending: PendingMessage[] = [];

  constructor(
    private readonly api: Api,
    private readonly channelId: string,
    private readonly userId: string,
    private readonly crypto: ChannelCrypto,
    private readonly host: OutboxHost,
  ) {}

  send(content: string, replyTo: string | null, attachments: FileView[] = [], sealedFiles: SealedAttachment[] = [], poll?: PendingPoll): void {
    const p: PendingMessage = { nonce: crypto.randomUUID(), content, replyTo, attachments, ...(sealedFiles.length ? { sealedFiles } : {}), ...(poll ? { poll } : {}), state: "sending", createdAt: new Date().toISOString() };
    this.pending = [...this.pending, p];
    this.transmit(p);
    this.host.changed();
  }

  retry(nonce: string): void {
    const p = this.pending.find((x) => x.nonce === nonce);
    if (!p) return;
    this.transmit(this.put(p, { state: "sending", error: undefined, envelope: undefined, mentions: undefined, held: false }));
    this.host.changed();
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
    this.host.changed();
  }

  /** The room acknowledged the send with this nonce. */
  acked(nonce: string): void {
    this.pending = this.pending.filter((p) => p.nonce !== nonce);
  }

  /**
   * The room refused the send with this nonce: it is marked failed with the reason. False when there is none.
   * `commit_failed` means the room lost its write (its database connection or its line to the commit shard broke)
   * and knows nothing was stored; the first time, the send simply goes again with the same nonce, as the refusal
   * asks.
   */
  refused(nonce: string, error: string, code?: string): boolean {
    const p = this.pending.find((x) => x.nonce === nonce);
    if (p && code === "commit_failed" && !p.resent) this.transmit(this.put(p, { state: "sending", resent: true }));
    else if (p) this.put(p, { state: "failed", error });
    return !!p;
  }

  /** The person's own message arrived (live or in a page): its pending row goes. */
  dropPendingFor(m: MessageView): void {
    if (m.authorId === this.userId && this.pending.some((p) => p.nonce === m.nonce)) this.pending = this.pending.filter((p) => p.nonce !== m.nonce);
  }

  private transmit(p: PendingMessage): void {
    const encrypted = this.host.encrypted();
    if (encrypted && !p.envelope) return this.sealThenTransmit(p);
    const body = encrypted && p.envelope ? { envelope: p.envelope, ...(p.mentions?.length ? { mentions: p.mentions } : {}) } : { content: p.content };
    const frame: ClientFrame = { type: "send_message", nonce: p.nonce, ...body, ref: p.nonce, ...(p.replyTo ? { replyTo: p.replyTo } : {}), ...attachmentIds(p), ...pollOf(p, encrypted) };
    if (this.host.send(frame)) return;
    if (this.host.connection() === "closed") return void this.sendViaRest(p);
    // Connecting, reconnecting or offline: hold it; the welcome flushes the queue in order.
    this.put(p, { state: "queued" });
  }

  /** Seals in send order (one chain), then transmits; a message that cannot be sealed fails with the reason. */
  private sealThenTransmit(p: PendingMessage): void {
    const crypto = this.crypto;
    if (!crypto.canSeal) return this.fail(p, "This conversation is end-to-end encrypted, and encryption isn't available here.");
    // A file without its key in the envelope would reach readers as bytes nobody can open: refuse the send instead.
    const files = p.sealedFiles ?? [];
    if (p.attachments.some((f) => !files.some((s) => s.id === f.id))) return this.fail(p, "A file wasn't encrypted for this conversation: remove it and attach it again.");
    crypto.inOrder(async () => {
      try {
        const poll = p.poll ? { answers: p.poll.answers } : undefined;
        const sealed = await crypto.seal(p.nonce, p.content, files, poll);
        // Discarded meanwhile, or already sealed by another attempt: nothing to send.
        const cur = this.pending.find((x) => x.nonce === p.nonce);
        if (!cur || cur.envelope || this.host.isClosed()) return;
        crypto.remember(p.nonce, sealed.envelope, p.content, files, poll);
        this.transmit(this.put(cur, { envelope: sealed.envelope, mentions: sealed.mentions }));
      } catch (e) {
        this.fail(p, (e as Error).message, (e as { code?: string }).code === "unverified_devices");
      }
      this.host.changed();
    });
  }

  private fail(p: PendingMessage, error: string, held = false): void {
    this.put(p, { state: "failed", error, held });
    this.host.changed();
  }

  /** The room is back (welcome): everything waiting goes out, in order. */
  flushQueue(): void {
    for (const p of [...this.pending]) if (p.state === "queued" || p.state === "sending") this.transmit(p);
  }

  /** The room is not available: what was queued goes over REST instead. */
  async flushViaRest(): Promise<void> {
    for (const p of [...this.pending]) if (p.state === "queued") await this.sendViaRest(p);
  }

  /** The same pipeline over HTTP (P29): used when the room socket is not available. The nonce keeps it idempotent. */
  private async sendViaRest(queued: PendingMessage): Promise<void> {
    const p = this.put(queued, { state: "sending" });
    this.host.changed();
    try {
      const encrypted = this.host.encrypted();
      if (encrypted && !p.envelope) return this.sealThenTransmit(p);
      const body = encrypted && p.envelope ? { envelope: p.envelope, mentions: p.mentions ?? [] } : { content: p.content };
      const res = await this.api.post<{ message: MessageView }>(`/api/v1/channels/${encodeURIComponent(this.channelId)}/messages`, { ...body, nonce: p.nonce, ...(p.replyTo ? { replyTo: p.replyTo } : {}), ...attachmentIds(p), ...pollOf(p, encrypted) });
      this.host.posted(res.message);
      this.pending = this.pending.filter((x) => x.nonce !== p.nonce);
    } catch (e) {
      this.put(p, { state: e instanceof ApiError && e.code === "network_error" ? "queued" : "failed", error: (e as Error).message });
    }
    this.host.changed();
  }
}

/** The `attachments` field of a send: the files' ids, or nothing when there are none. */
function attachmentIds(p: PendingMessage): { attachments?: string[] } {
  return p.attachments.length ? { attachments: p.attachments.map((f) => f.id) } : {};
}

/** The `poll` field of a send: the answers, or in an encrypted channel only their count; nothing for other messages. */
function pollOf(p: PendingMessage, encrypted: boolean): { poll?: ReturnType<typeof pollInput> } {
  return p.poll ? { poll: pollInput(p.poll, encrypted) } : {};
}
