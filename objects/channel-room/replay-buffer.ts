/**
 * The recent tail of the channel's events, already serialised, so most resumes are answered from memory (P7, P8).
 * Bounded by count and by bytes; older resumes read Postgres. Entries are exactly what live sockets received,
 * except that deleting a message rewrites its earlier entries as tombstones (P22).
 */

export interface BufferedEvent {
  seq: number;
  json: string;
  /** The message the event is about, for redaction on delete. */
  messageId: string | null;
}

export class ReplayBuffer {
  private events: BufferedEvent[] = [];
  private start = 0;
  private chars = 0;

  constructor(
    private readonly maxEvents: number,
    private readonly maxChars: number,
  ) {}

  get size(): number {
    return this.events.length - this.start;
  }

  /** The oldest seq held, or null when empty. */
  get firstSeq(): number | null {
    return this.size ? this.events[this.start].seq : null;
  }

  get lastSeq(): number | null {
    return this.size ? this.events[this.events.length - 1].seq : null;
  }

  /** Appends the next event; seqs must arrive contiguous (the room broadcasts in order). */
  push(event: BufferedEvent): void {
    const last = this.lastSeq;
    if (last !== null && event.seq !== last + 1) {
      // A gap means events were lost between commit and buffer: start over rather than serve a hole.
      this.clear();
    }
    this.events.push(event);
    this.chars += event.json.length;
    while (this.size > this.maxEvents || (this.chars > this.maxChars && this.size > 1)) {
      this.chars -= this.events[this.start].json.length;
      this.start++;
    }
    // Compact now and then so the array does not grow without bound.
    if (this.start > 1024 && this.start > this.events.length / 2) {
      this.events = this.events.slice(this.start);
      this.start = 0;
    }
  }

  /** Puts older events (from Postgres) in front of what is held. They must end right before firstSeq. */
  prepend(older: BufferedEvent[]): void {
    if (!older.length) return;
    const first = this.firstSeq;
    if (first !== null && older[older.length - 1].seq !== first - 1) throw new Error("prepend: events do not meet the buffer");
    const kept = this.events.slice(this.start);
    this.events = older.concat(kept);
    this.start = 0;
    this.chars = this.events.reduce((n, e) => n + e.json.length, 0);
  }

  /**
   * The events after `lastSeq` up to the newest, or null when the buffer cannot prove it holds all of them
   * (lastSeq older than the oldest entry held). `[]` when lastSeq is current.
   */
  since(lastSeq: number, head: number): BufferedEvent[] | null {
    if (lastSeq >= head) return [];
    const first = this.firstSeq;
    const last = this.lastSeq;
    if (first === null || last === null || lastSeq + 1 < first || last < head) return null;
    return this.events.slice(this.start + (lastSeq + 1 - first));
  }

  /** Rewrites every held event about `messageId` with `rewrite` (which returns the new JSON). */
  redact(messageId: string, rewrite: (json: string) => string): void {
    for (let i = this.start; i < this.events.length; i++) {
      const e = this.events[i];
      if (e.messageId === messageId) {
        const json = rewrite(e.json);
        this.chars += json.length - e.json.length;
        this.events[i] = { ...e, json };
      }
    }
  }

  clear(): void {
    this.events = [];
    this.start = 0;
    this.chars = 0;
  }
}
