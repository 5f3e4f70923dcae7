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
 */

/** Batch window for persisting used ids: short enough that a crash forgets almost nothing. */
const FLUSH_MS = 50;
/** Expired entries are swept at most this often: the sweep is a range scan, cheap but not free. */
const SWEEP_INTERVAL_MS = 60_000;
const PREFIX = "ticket:";

/** Keys sort by expiry (fixed width), so one range scan finds every expired entry. */
function key(expiresAtMs: number, ticketId: string): string {
  return PREFIX + String(expiresAtMs).padStart(15, "0") + ":" + ticketId;
}

/** The part of the object's storage the ledger uses. */
export type LedgerStorage = Pick<DurableObjectStorage, "get" | "put" | "list" | "delete">;

export class TicketLedger {
  private lastSweepMs = 0;
  /** Used in this instance's lifetime (expired ones are dropped on sweeps). */
  private readonly used = new Map<string, number>();
  private pending = new Map<string, number>();
  private flushTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly storage: LedgerStorage) {}

  /** True the first time a live ticket is presented; false when it expired or was used before. */
  async claim(ticketId: string, expiresAtMs: number, nowMs: number): Promise<boolean> {
    if (!ticketId || !(expiresAtMs > nowMs)) return false;
    const k = key(expiresAtMs, ticketId);
    if (this.used.has(k)) return false;
    this.used.set(k, expiresAtMs);
    if ((await this.storage.get(k)) !== undefined) return false;
    this.pending.set(k, expiresAtMs);
    this.flushTimer ??= setTimeout(() => this.flush(), FLUSH_MS);
    if (nowMs - this.lastSweepMs > SWEEP_INTERVAL_MS) void this.sweep(nowMs);
    return true;
  }

  private flush(): void {
    this.flushTimer = null;
    const now = Date.now();
    const entries: Record<string, number> = {};
    for (const [k, exp] of this.pending) if (exp > now) entries[k] = 1;
    this.pending.clear();
    if (Object.keys(entries).length) this.storage.put(entries).catch((err: Error) => console.error("ticket ledger: write failed:", err.message));
  }

  private async sweep(nowMs: number): Promise<void> {
    this.lastSweepMs = nowMs;
    for (const [k, exp] of this.used) if (exp <= nowMs) this.used.delete(k);
    for (const [k, exp] of this.pending) if (exp <= nowMs) this.pending.delete(k);
    const expired = await this.storage.list({ prefix: PREFIX, end: key(nowMs, "") });
    if (expired.size) await this.storage.delete([...expired.keys()]);
  }
}
