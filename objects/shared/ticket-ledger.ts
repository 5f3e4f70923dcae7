/**
 * Single use of WebSocket tickets (P4, P5a), enforced by the object the ticket opens. The Worker has checked the
 * signature and expiry; this remembers which ticket ids were used until they expire, in memory and in the
 * object's own storage so a restart does not reopen them.
 *
 * Storage writes are batched (write-behind, one write per FLUSH_MS): a write per accepted socket meant a disk
 * flush per socket, about 4 ms here, which capped accepts near 300/s per object (measured in `npm run bench`).
 * The price: a ticket used in the last FLUSH_MS before a crash can be presented once more after the restart,
 * within its lifetime; the session check at hello and permission changes (member-changes.ts) still apply to it.
 * Reading before writing is safe against a concurrent second use: the id goes into memory before any await.
 *
 * Storage is only asked about tickets issued before this instance started (with a margin for the clocks of the
 * issuer and the object, and for workerd's clock standing still within an event): a ticket issued later cannot
 * have been used by an earlier instance, and this instance's uses are in memory. A lookup costs ~50 µs of the
 * object's thread (measured), a tenth of an accepted socket's cost; after a restart, the resume tickets of the
 * reconnecting clients were all issued before it and are all checked.
 */

/** Batch window for persisting used ids: short enough that a crash forgets almost nothing. */
const FLUSH_MS = 50;
/** Expired entries are swept at most this often: the sweep is a range scan, cheap but not free. */
const SWEEP_INTERVAL_MS = 60_000;
const PREFIX = "ticket:";
/** How far the issuer's clock may run ahead of the object's (workerd: one clock; elsewhere NTP keeps them ms apart). */
const CLOCK_MARGIN_MS = 5_000;

/** Keys sort by expiry (fixed width), so one range scan finds every expired entry. */
function key(expiresAtMs: number, ticketId: string): string {
  return PREFIX + String(expiresAtMs).padStart(15, "0") + ":" + ticketId;
}

/** The object's synchronous key-value storage (`ctx.storage.kv`): a lookup per accepted socket costs no promise. */
export type LedgerStorage = SyncKvStorage;

export class TicketLedger {
  private lastSweepMs = 0;
  /** Used in this instance's lifetime (expired ones are dropped on sweeps). */
  private readonly used = new Map<string, number>();
  private pending = new Map<string, number>();
  private flushTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly storage: LedgerStorage,
    private readonly startedAtMs = Date.now(),
  ) {}

  /** True the first time a live ticket is presented; false when it expired or was used before. */
  claim(ticketId: string, issuedAtMs: number, expiresAtMs: number, nowMs: number): boolean {
    if (!ticketId || !(expiresAtMs > nowMs)) return false;
    const k = key(expiresAtMs, ticketId);
    if (this.used.has(k)) return false;
    this.used.set(k, expiresAtMs);
    const maybeUsedBefore = !(issuedAtMs > this.startedAtMs + CLOCK_MARGIN_MS);
    if (maybeUsedBefore && this.storage.get(k) !== undefined) return false;
    this.pending.set(k, expiresAtMs);
    this.flushTimer ??= setTimeout(() => this.flush(), FLUSH_MS);
    if (nowMs - this.lastSweepMs > SWEEP_INTERVAL_MS) this.sweep(nowMs);
    return true;
  }

  /** One turn of writes: the runtime commits them together. */
  private flush(): void {
    this.flushTimer = null;
    const now = Date.now();
    try {
      for (const [k, exp] of this.pending) if (exp > now) this.storage.put(k, 1);
    } catch (err) {
      console.error("ticket ledger: write failed:", (err as Error).message);
    }
    this.pending.clear();
  }

  private sweep(nowMs: number): void {
    this.lastSweepMs = nowMs;
    for (const [k, exp] of this.used) if (exp <= nowMs) this.used.delete(k);
    for (const [k, exp] of this.pending) if (exp <= nowMs) this.pending.delete(k);
    const expired = [...this.storage.list({ prefix: PREFIX, end: key(nowMs, "") })].map(([k]) => k);
    for (const k of expired) this.storage.delete(k);
  }
}
