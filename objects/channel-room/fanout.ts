/**
 * From committed events to sockets: the outbox of committed-but-not-yet-sent events, flush pacing, the replay
 * buffer and per-socket backlogs. Everything the room sends with a seq goes through here, in seq order, so
 * "what a live socket was sent" and "what the replay buffer holds" are always the same sequence (P8).
 *
 * `flushedSeq` is the newest event sent to live sockets and held in the buffer; a socket that goes live at
 * flushedSeq has been sent exactly everything up to it.
 */
import type { ChannelEvent } from "../../protocol/frames.ts";
import { eventAudience, type Audience } from "./audience.ts";
import { deliver, deliverHeld, flushDelayMs, type DeliveryIo, type Recipient } from "./encoding.ts";
import type { ReplyTarget, StoredRef } from "./commit.ts";
import { storedAmong, targetFrom, type RecentEvents } from "./recent.ts";
import { dedupeKey, ReplayBuffer, type BufferedEvent } from "./replay-buffer.ts";
import { tombstone } from "./views.ts";

/** Resumes further behind than this get resync_required (P9): replaying more costs more than a history fetch. */
export const MAX_REPLAY_EVENTS = 5000;
/** The buffer holds up to MAX_REPLAY_EVENTS events, and at most this much JSON (UTF-8 bytes, outside the JS heap). */
export const REPLAY_BUFFER_BYTES = 8 * 1024 * 1024;
/** How soon a socket holding events (it had a backlog) is tried again. */
export const HELD_RETRY_MS = 10;
/**
 * Backlogs build only when flushes come close together, so quieter flushes test sockets for one only every
 * BACKLOG_CHECK_EVERY flushes (a stuck socket in a quiet room is still found, a little later). Reading
 * bufferedAmount is a call into the runtime per socket (a few µs of the ~15-25 µs a delivery costs, measured with a
 * bare object): 75 ms keeps a room at 10 messages/s (100 ms apart) quiet, while a paced busy room (flushes every
 * flushDelayMs, at most 50 ms apart up to 1,000 sockets) is checked on every flush.
 */
export const BUSY_FLUSH_GAP_MS = 75;
export const BACKLOG_CHECK_EVERY = 8;

export interface FanoutSocket extends Audience, Recipient {
  readonly ws: { readonly bufferedAmount: number };
  send(data: string): boolean;
}

export interface Timers {
  now(): number;
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realTimers: Timers = {
  now: () => Date.now(),
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface FanoutOptions<S> {
  sockets: () => Iterable<S>;
  /** The live viewers, if the caller keeps them ready (saves building the list on every flush). */
  audience?: () => Iterable<S>;
  liveCount: () => number;
  onSlow: (socket: S) => void;
  /** Called after each flush with the events it sent (for hub notifications). */
  onFlushed?: (events: ChannelEvent[]) => void;
  timers?: Timers;
}

interface Outgoing extends BufferedEvent {
  event: ChannelEvent;
}

export class Fanout<S extends FanoutSocket> implements RecentEvents {
  readonly buffer = new ReplayBuffer(MAX_REPLAY_EVENTS, REPLAY_BUFFER_BYTES);
  private outbox: Outgoing[] = [];
  private lastFlushMs = -Infinity;
  private flushTimer: unknown = null;
  private heldTimer: unknown = null;
  private flushes = 0;
  private readonly timers: Timers;
  private readonly io: DeliveryIo<S> = {
    buffered: (s) => s.ws.bufferedAmount,
    send: (s, data) => {
      if (!s.send(data)) throw new Error("closed");
    },
  };

  constructor(
    public flushedSeq: number,
    private readonly opts: FanoutOptions<S>,
  ) {
    this.timers = opts.timers ?? realTimers;
  }

  /** Restarts from a known head (after start-up or recovery): nothing pending, nothing buffered. */
  reset(head: number): void {
    this.outbox = [];
    this.buffer.clear();
    this.flushedSeq = head;
  }

  /** Queues a committed event (serialised once, here) and schedules its flush. */
  enqueue(event: ChannelEvent): void {
    this.push(event);
    this.schedule();
  }

  /** Queues the events of one commit, in seq order, so that a flush sends them in one frame (P2). */
  enqueueAll(events: readonly ChannelEvent[]): void {
    for (const e of events) this.push(e);
    this.schedule();
  }

  private push(event: ChannelEvent): void {
    this.outbox.push({ ...buffered(event, JSON.stringify(event)), event });
    if (event.type === "message_deleted") this.redact(event.messageId, event.deletedAt);
  }

  /** P14 from memory: the message a retried (author, nonce) created, while its event is queued or buffered. */
  stored(authorId: string, nonce: string): StoredRef | undefined {
    const key = dedupeKey(authorId, nonce);
    return storedAmong(this.held((o) => o.dedupe === key, () => this.buffer.withKey(key)), authorId, nonce);
  }

  /** What a reply needs of a message whose events are queued or buffered (newest state first). */
  replyTarget(messageId: string): ReplyTarget | undefined {
    return targetFrom(this.held((o) => o.messageId === messageId, () => this.buffer.about(messageId)));
  }

  /** Events newest first: the outbox's that match, then the buffer's (parsed). */
  private *held(match: (o: Outgoing) => boolean, fromBuffer: () => Iterable<BufferedEvent>): Generator<ChannelEvent> {
    for (let i = this.outbox.length - 1; i >= 0; i--) if (match(this.outbox[i])) yield this.outbox[i].event;
    for (const b of fromBuffer()) yield JSON.parse(b.json) as ChannelEvent;
  }

  get pendingCount(): number {
    return this.outbox.length;
  }

  /** P22: earlier events about a deleted message, buffered or still queued, become tombstones. */
  private redact(messageId: string, deletedAt: string): void {
    const rewrite = (json: string) => tombstone(json, deletedAt);
    this.buffer.redact(messageId, rewrite);
    for (const o of this.outbox) if (o.messageId === messageId && o.event.type !== "message_deleted") o.json = rewrite(o.json);
  }

  private schedule(): void {
    if (this.flushTimer !== null || this.outbox.length === 0) return;
    const wait = this.lastFlushMs + flushDelayMs(this.opts.liveCount()) - this.timers.now();
    if (wait <= 0) this.flush();
    else
      this.flushTimer = this.timers.set(() => {
        this.flushTimer = null;
        this.flush();
      }, wait);
  }

  /** Sends everything queued to every live socket now, as one frame per socket. */
  flush(): void {
    if (this.flushTimer !== null) {
      this.timers.clear(this.flushTimer);
      this.flushTimer = null;
    }
    if (this.outbox.length === 0) return;
    const batch = this.outbox;
    this.outbox = [];
    for (const o of batch) this.buffer.push(o);
    this.flushedSeq = batch[batch.length - 1].seq;
    const now = this.timers.now();
    const checkBacklog = now - this.lastFlushMs < BUSY_FLUSH_GAP_MS || ++this.flushes % BACKLOG_CHECK_EVERY === 0;
    this.lastFlushMs = now;
    const result = deliver(this.audience(), batch.map((o) => o.json), this.io, checkBacklog);
    for (const s of result.slow) this.opts.onSlow(s);
    if (result.held > 0) this.scheduleHeld();
    this.opts.onFlushed?.(batch.map((o) => o.event));
  }

  private audience(): Iterable<S> {
    return this.opts.audience ? this.opts.audience() : eventAudience(this.opts.sockets());
  }

  private scheduleHeld(): void {
    if (this.heldTimer !== null) return;
    this.heldTimer = this.timers.set(() => {
      this.heldTimer = null;
      const result = deliverHeld(this.audience(), this.io);
      for (const s of result.slow) this.opts.onSlow(s);
      if (result.held > 0) this.scheduleHeld();
    }, HELD_RETRY_MS);
  }

  /**
   * The serialised events after `lastSeq` up to flushedSeq, or null when the buffer does not reach back that far.
   * Flushes first, so everything committed is included and nothing can arrive twice afterwards.
   */
  replaySince(lastSeq: number): string[] | null {
    this.flush();
    const events = this.buffer.since(lastSeq, this.flushedSeq);
    return events && events.map((e) => e.json);
  }

  /** Extends the buffer backwards with events read from Postgres, ending right before its oldest entry. */
  prependFromLog(events: ChannelEvent[]): void {
    this.buffer.prepend(events.map((e) => buffered(e, JSON.stringify(e))));
  }

  /** The seq the buffer would need to reach back to, to replay from `lastSeq`; null if it already does. */
  missingBefore(lastSeq: number): number | null {
    const first = this.buffer.firstSeq ?? this.flushedSeq + 1;
    return lastSeq + 1 < first ? first : null;
  }

  stop(): void {
    if (this.flushTimer !== null) this.timers.clear(this.flushTimer);
    if (this.heldTimer !== null) this.timers.clear(this.heldTimer);
    this.flushTimer = this.heldTimer = null;
  }
}

/** How an event is held: its text, the message it is about (for redaction) and, for a new message, its dedupe key. */
function buffered(event: ChannelEvent, json: string): BufferedEvent {
  const messageId = "message" in event ? event.message.id : event.messageId;
  const dedupe = event.type === "message_created" ? dedupeKey(event.message.authorId, event.message.nonce) : undefined;
  return { seq: event.seq, json, messageId, dedupe };
}
