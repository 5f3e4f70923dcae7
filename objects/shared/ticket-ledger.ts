/**
 * Single use of WebSocket tickets (P4), enforced by the object the ticket opens. The Worker has checked the
 * signature and expiry; this remembers which ticket ids were used until they expire, in the object's own storage
 * so a restart does not reopen them.
 */

/** Expired entries are swept at most this often: the sweep is a range scan, cheap but not free. */
const SWEEP_INTERVAL_MS = 60_000;
const PREFIX = "ticket:";

/** Keys sort by expiry (fixed width), so one range scan finds every expired entry. */
function key(expiresAtMs: number, ticketId: string): string {
  return PREFIX + String(expiresAtMs).padStart(15, "0") + ":" + ticketId;
}

export class TicketLedger {
  private lastSweepMs = 0;

  constructor(private readonly kv: SyncKvStorage) {}

  /** True the first time a live ticket is presented; false when it expired or was used before. */
  claim(ticketId: string, expiresAtMs: number, nowMs: number): boolean {
    if (!ticketId || !(expiresAtMs > nowMs)) return false;
    const k = key(expiresAtMs, ticketId);
    if (this.kv.get(k) !== undefined) return false;
    this.kv.put(k, 1);
    if (nowMs - this.lastSweepMs > SWEEP_INTERVAL_MS) this.sweep(nowMs);
    return true;
  }

  private sweep(nowMs: number): void {
    this.lastSweepMs = nowMs;
    for (const [k] of this.kv.list({ prefix: PREFIX, end: key(nowMs, "") })) this.kv.delete(k);
  }
}
