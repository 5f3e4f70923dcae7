import { describe, expect, it } from "vitest";
import { TicketLedger, type LedgerStorage } from "./ticket-ledger.ts";

/** A sorted in-memory stand-in for the object's storage (list by prefix/end, as the runtime does). */
function memoryStorage(): LedgerStorage & { keys(): string[] } {
  const map = new Map<string, unknown>();
  return {
    get: (<T>(k: string) => map.get(k) as T | undefined),
    put: (k: string, v: unknown) => void map.set(k, v),
    delete: (k: string) => map.delete(k),
    list: <T>(opts: SyncKvListOptions = {}) =>
      [...map].filter(([k]) => (!opts.prefix || k.startsWith(opts.prefix)) && (opts.end === undefined || k < opts.end)).sort() as Array<[string, T]>,
    keys: () => [...map.keys()],
  };
}

describe("TicketLedger", () => {
  it("P5a remembers used tickets across instances (a restart) once written", async () => {
    const storage = memoryStorage();
    expect(new TicketLedger(storage, 0).claim("t1", 500, 9_000_000_000_000, 1000)).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
    expect(new TicketLedger(storage, 2000).claim("t1", 500, 9_000_000_000_000, 2001)).toBe(false);
  });

  it("asks storage only about tickets issued before the instance started (plus the clock margin)", () => {
    const storage = memoryStorage();
    let lookups = 0;
    const get = storage.get;
    storage.get = <T>(k: string) => (lookups++, get<T>(k));
    const ledger = new TicketLedger(storage, 10_000);
    expect(ledger.claim("early", 14_000, 90_000, 20_000)).toBe(true);
    expect(lookups).toBe(1);
    expect(ledger.claim("late", 16_000, 90_000, 20_000)).toBe(true);
    expect(lookups).toBe(1);
    expect(ledger.claim("unknown-issue-time", Number.NaN, 90_000, 20_000)).toBe(true);
    expect(lookups).toBe(2);
  });

  it("P4 admits a ticket once and refuses it after", async () => {
    const ledger = new TicketLedger(memoryStorage(), 0);
    expect(ledger.claim("t1", 900, 2000, 1000)).toBe(true);
    expect(ledger.claim("t1", 900, 2000, 1001)).toBe(false);
    expect(ledger.claim("t2", 900, 2000, 1001)).toBe(true);
  });

  it("P5 refuses expired or anonymous tickets", async () => {
    const ledger = new TicketLedger(memoryStorage(), 0);
    expect(ledger.claim("t1", 900, 1000, 1000)).toBe(false);
    expect(ledger.claim("", 900, 5000, 1000)).toBe(false);
    expect(ledger.claim("t3", 900, Number.NaN, 1000)).toBe(false);
  });

  it("forgets used tickets once they have expired", async () => {
    const storage = memoryStorage();
    const ledger = new TicketLedger(storage);
    const t = Date.now();
    ledger.claim("old", t, t + 2000, t + 1000);
    ledger.claim("new", t, t + 500_000, t + 100_000);
    await new Promise((r) => setTimeout(r, 100));
    expect(storage.keys().map((k) => k.split(":").pop())).toEqual(["new"]);
  });
});
