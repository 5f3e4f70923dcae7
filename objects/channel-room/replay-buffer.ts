/**
 * The recent tail of the channel's events, already serialised, so most resumes are answered from memory (P7, P8).
 * Bounded by count and by bytes; older resumes read Postgres. Entries are exactly what live sockets received,
 * except that deleting a message rewrites its earlier entries as tombstones (P22).
 *
 * Kept outside the JavaScript heap: events are stored as UTF-8 in ArrayBuffer chunks, indexed by typed arrays,
 * with each entry's message id as 16 bytes. workerd runs V8 without incremental marking, so a major GC stops the
 * isolate for as long as marking every live object takes, and every room of the process shares that isolate.
 * Held as strings, a busy room's few thousand buffered events were most of what survived young-generation
 * collections: at 5,000 messages/s over 100 rooms, 2.3 MB promoted per scavenge and a 30-40 ms full collection
 * every 3 s (V8's --trace-gc-nvp through BENCH_V8_FLAGS). Bytes in an ArrayBuffer are neither copied by scavenges
 * nor marked; a resume decodes what it replays.
 */
import { FNV_PRIME, fnv1a } from "../shared/fnv.ts";

export interface BufferedEvent {
  seq: number;
  json: string;
  /** The message the event is about, for redaction on delete. */
  messageId: string | null | undefined;
  /** For a new message, a hash of (author, nonce) (`dedupeKey`): finds a retried send's original (P14). */
  dedupe?: number;
}

interface Chunk {
  bytes: Uint8Array;
  used: number;
  /** Entries whose bytes are here; at 0 the chunk is dropped. */
  live: number;
}

/** The first chunk is small (most rooms are quiet); each next one doubles, up to this. */
const FIRST_CHUNK_BYTES = 4 * 1024;
const MAX_CHUNK_BYTES = 256 * 1024;
const FIRST_CAPACITY = 64;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class ReplayBuffer {
  private chunks = new Map<number, Chunk>();
  private chunkNo = -1;
  private nextChunkBytes = FIRST_CHUNK_BYTES;
  // A ring of entries: entry i (0 = oldest) sits at slot (head + i) % capacity and has seq first + i.
  private capacity = 0;
  private head = 0;
  private count = 0;
  private first = 0;
  private chunkOf = new Int32Array(0);
  private offsets = new Int32Array(0);
  private lengths = new Int32Array(0);
  /** 16 bytes of message id per slot, read as 4 words; `hasId` is 0 for events about no message. */
  private ids = new Uint32Array(0);
  private hasId = new Uint8Array(0);
  /** Dedupe key per slot; 0 for events that are not new messages. */
  private keys = new Int32Array(0);
  /**
   * How many held events have a dedupe key in each bucket (key & mask), at least twice as many buckets as slots:
   * `withKey` answers "none" for almost every new nonce without walking the ring (it was a scan of up to 5,000
   * slots per send: 2-3% of the rooms' thread at 5,000 messages/s).
   */
  private keyCounts = new Uint16Array(0);
  /** Message ids that are not UUIDs, by seq. */
  private readonly otherIds = new Map<number, string>();
  private bytes = 0;

  constructor(
    private readonly maxEvents: number,
    private readonly maxBytes: number,
  ) {}

  get size(): number {
    return this.count;
  }

  /** The oldest seq held, or null when empty. */
  get firstSeq(): number | null {
    return this.count ? this.first : null;
  }

  get lastSeq(): number | null {
    return this.count ? this.first + this.count - 1 : null;
  }

  /** Appends the next event; seqs must arrive contiguous (the room broadcasts in order). */
  push(event: BufferedEvent): void {
    const last = this.lastSeq;
    if (last !== null && event.seq !== last + 1) {
      // A gap means events were lost between commit and buffer: start over rather than serve a hole.
      this.clear();
    }
    if (this.count === 0) this.first = event.seq;
    if (this.count === this.capacity) this.grow();
    const slot = (this.head + this.count) % this.capacity;
    this.count++;
    this.store(slot, event.json);
    this.setId(slot, event.seq, event.messageId);
    this.keys[slot] = event.dedupe ?? 0;
    if (event.dedupe) this.keyCounts[bucket(event.dedupe, this.keyCounts)]++;
    while (this.count > this.maxEvents || (this.bytes > this.maxBytes && this.count > 1)) this.evictOldest();
  }

  /** Puts older events (from Postgres) in front of what is held. They must end right before firstSeq. */
  prepend(older: BufferedEvent[]): void {
    if (!older.length) return;
    const first = this.firstSeq;
    if (first !== null && older[older.length - 1].seq !== first - 1) throw new Error("prepend: events do not meet the buffer");
    const kept = this.entries(0);
    this.clear();
    for (const e of older.concat(kept)) this.push(e);
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
    return this.entries(lastSeq + 1 - first);
  }

  /** Rewrites every held event about `messageId` with `rewrite` (which returns the new JSON). */
  redact(messageId: string, rewrite: (json: string) => string): void {
    for (const i of this.indexesAbout(messageId)) {
      const slot = (this.head + i) % this.capacity;
      const json = rewrite(this.jsonAt(slot));
      this.release(slot);
      this.store(slot, json);
    }
  }

  clear(): void {
    this.chunks.clear();
    this.otherIds.clear();
    this.keyCounts.fill(0);
    this.nextChunkBytes = FIRST_CHUNK_BYTES;
    this.head = this.count = this.bytes = 0;
  }

  private entries(from: number): BufferedEvent[] {
    const out: BufferedEvent[] = [];
    for (let i = from; i < this.count; i++) out.push(this.entryAt(i));
    return out;
  }

  /** Held events whose dedupe key is `key`, newest first (a key may collide: callers check the event). */
  *withKey(key: number): Generator<BufferedEvent> {
    if (!key || !this.keyCounts[bucket(key, this.keyCounts)]) return;
    for (let i = this.count - 1; i >= 0; i--) if (this.keys[(this.head + i) % this.capacity] === key) yield this.entryAt(i);
  }

  /** Held events about `messageId`, newest first. */
  *about(messageId: string): Generator<BufferedEvent> {
    for (const i of this.indexesAbout(messageId)) yield this.entryAt(i);
  }

  /** The positions (0 = oldest) of held events about `messageId`, newest first. */
  private *indexesAbout(messageId: string): Generator<number> {
    const id = new Uint32Array(4);
    const isUuid = parseUuid(messageId, id, 0);
    for (let i = this.count - 1; i >= 0; i--) {
      const slot = (this.head + i) % this.capacity;
      if (this.hasId[slot] ? isUuid && this.idIs(slot, id) : this.otherIds.get(this.first + i) === messageId) yield i;
    }
  }

  private entryAt(i: number): BufferedEvent {
    const slot = (this.head + i) % this.capacity;
    const seq = this.first + i;
    return { seq, json: this.jsonAt(slot), messageId: this.idAt(slot, seq), dedupe: this.keys[slot] || undefined };
  }

  private evictOldest(): void {
    this.release(this.head);
    if (!this.hasId[this.head]) this.otherIds.delete(this.first);
    const key = this.keys[this.head];
    if (key) this.keyCounts[bucket(key, this.keyCounts)]--;
    this.head = (this.head + 1) % this.capacity;
    this.count--;
    this.first++;
  }

  /** Encodes `json` into the newest chunk (a new one when it may not fit) and points `slot` at it. */
  private store(slot: number, json: string): void {
    const worst = json.length * 3;
    let chunk = this.chunks.get(this.chunkNo);
    if (!chunk || chunk.bytes.length - chunk.used < worst) {
      if (chunk && chunk.live === 0) this.chunks.delete(this.chunkNo);
      const size = Math.max(this.nextChunkBytes, worst);
      this.nextChunkBytes = Math.min(MAX_CHUNK_BYTES, this.nextChunkBytes * 2);
      chunk = { bytes: new Uint8Array(size), used: 0, live: 0 };
      this.chunks.set(++this.chunkNo, chunk);
    }
    const { written } = encoder.encodeInto(json, chunk.bytes.subarray(chunk.used));
    this.chunkOf[slot] = this.chunkNo;
    this.offsets[slot] = chunk.used;
    this.lengths[slot] = written;
    chunk.used += written;
    chunk.live++;
    this.bytes += written;
  }

  /** Forgets `slot`'s bytes: a chunk nothing points into any more is dropped. */
  private release(slot: number): void {
    const no = this.chunkOf[slot];
    const chunk = this.chunks.get(no)!;
    this.bytes -= this.lengths[slot];
    if (--chunk.live === 0 && no !== this.chunkNo) this.chunks.delete(no);
  }

  private jsonAt(slot: number): string {
    const chunk = this.chunks.get(this.chunkOf[slot])!;
    const at = this.offsets[slot];
    return decoder.decode(chunk.bytes.subarray(at, at + this.lengths[slot]));
  }

  private setId(slot: number, seq: number, messageId: string | null | undefined): void {
    this.hasId[slot] = 0;
    if (!messageId) return;
    if (parseUuid(messageId, this.ids, slot * 4)) this.hasId[slot] = 1;
    else this.otherIds.set(seq, messageId); // not a UUID: never seen, but kept exact all the same
  }

  private idIs(slot: number, id: Uint32Array): boolean {
    const at = slot * 4;
    return this.ids[at] === id[0] && this.ids[at + 1] === id[1] && this.ids[at + 2] === id[2] && this.ids[at + 3] === id[3];
  }

  private idAt(slot: number, seq: number): string | null {
    if (!this.hasId[slot]) return this.otherIds.get(seq) ?? null;
    let hex = "";
    for (let w = 0; w < 4; w++) hex += this.ids[slot * 4 + w].toString(16).padStart(8, "0");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  /** Doubles the ring (up to one more than maxEvents), laying the entries out from slot 0. */
  private grow(): void {
    const capacity = Math.min(Math.max(FIRST_CAPACITY, this.capacity * 2), this.maxEvents + 1);
    const chunkOf = new Int32Array(capacity);
    const offsets = new Int32Array(capacity);
    const lengths = new Int32Array(capacity);
    const ids = new Uint32Array(capacity * 4);
    const hasId = new Uint8Array(capacity);
    const keys = new Int32Array(capacity);
    const keyCounts = new Uint16Array(2 ** Math.ceil(Math.log2(capacity * 2)));
    for (let i = 0; i < this.count; i++) {
      const slot = (this.head + i) % this.capacity;
      chunkOf[i] = this.chunkOf[slot];
      offsets[i] = this.offsets[slot];
      lengths[i] = this.lengths[slot];
      ids.set(this.ids.subarray(slot * 4, slot * 4 + 4), i * 4);
      hasId[i] = this.hasId[slot];
      keys[i] = this.keys[slot];
      if (keys[i]) keyCounts[bucket(keys[i], keyCounts)]++;
    }
    this.capacity = capacity;
    this.chunkOf = chunkOf;
    this.offsets = offsets;
    this.lengths = lengths;
    this.ids = ids;
    this.hasId = hasId;
    this.keys = keys;
    this.keyCounts = keyCounts;
    this.head = 0;
  }
}

/** A dedupe key's bucket in `counts` (whose length is a power of two). */
function bucket(key: number, counts: Uint16Array): number {
  return key & (counts.length - 1);
}

/** The dedupe key of a new message: FNV-1a over author and nonce, never 0 (0 marks "no key"). */
export function dedupeKey(authorId: string, nonce: string): number {
  const separated = Math.imul(fnv1a(authorId), FNV_PRIME); // a zero unit between the two
  return fnv1a(nonce, separated) | 0 || 1;
}

/**
 * Writes the 128 bits of a UUID ("8-4-4-4-12" hex digits, any case) into out[at..at+3]; false when `id` is not
 * one. By hand, without allocating: it runs for every buffered event.
 */
function parseUuid(id: string, out: Uint32Array, at: number): boolean {
  if (id.length !== 36) return false;
  let word = 0;
  let digits = 0;
  for (let i = 0; i < 36; i++) {
    const c = id.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 45) return false; // "-"
      continue;
    }
    const v = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
    if (v < 0) return false;
    word = word * 16 + v;
    if (++digits % 8 === 0) {
      out[at + digits / 8 - 1] = word;
      word = 0;
    }
  }
  return true;
}
