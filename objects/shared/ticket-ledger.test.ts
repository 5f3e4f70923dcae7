import { describe, expect, it } from "vitest";
import { TicketLedger, type LedgerStorage } from "./ticket-ledger.ts";

/** A sorted in-memory stand-in for the object's storage (list by prefix/end, as the runtime does). */
function memoryStorage(): LedgerStorage & { keys(): string[] } {
  const map = new Map<string, unknown>();
  return {
    get: (async (k: string) => map.get(k)) as LedgerStorage["get"],
    put: (async (k: string | Record<string, unknown>, v?: unknown) => {
      if (typeof k === "string") map.set(k, v);
      else for (const [key, value] of Object.entries(k)) map.set(key, value);
    }) as LedgerStorage["put"],
    delete: (async (k: string | string[]) => (Array.isArray(k) ? k.filter((x) => map.delete(x)).length : map.delete(k))) as LedgerStorage["delete"],
    list: (async (opts: { prefix?: string; end?: string } = {}) =>
      new Map([...map].filter(([k]) => (!opts.prefix || k.startsWith(opts.prefix)) && (opts.end === undefined || k < opts.end)).sort())) as LedgerStorage["list"],
    keys: () => [...map.keys()],
  };
}

describe("TicketLedger", () => {
  it("P5a remembers used tickets across instances (a restart) once written", async () => {
    const storage = memoryStorage();
    expect(await new TicketLedger(storage).claim("t1", 9_000_000_000_000, 1000)).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
    expect(await new TicketLedger(storage).claim("t1", 9_000_000_000_000, 1001)).toBe(false);
  });

  it("P4 admits a ticket once and refuses it after", async () => {
    const ledger = new TicketLedger(memoryStorage());
    expect(await ledger.claim("t1", 2000, 1000)).toBe(true);
    expect(await ledger.claim("t1", 2000, 1001)).toBe(false);
    expect(await ledger.claim("t2", 2000, 1001)).toBe(true);
  });

  it("P5 refuses expired or anonymous tickets", async () => {
    const ledger = new TicketLedger(memoryStorage());
    expect(await ledger.claim("t1", 1000, 1000)).toBe(false);
    expect(await ledger.claim("", 5000, 1000)).toBe(false);
    expect(await ledger.claim("t3", Number.NaN, 1000)).toBe(false);
  });

  it("forgets used tickets once they have expired", async () => {
    const storage = memoryStorage();
    const ledger = new TicketLedger(storage);
    const t = Date.now();
    await ledger.claim("old", t + 2000, t + 1000);
    await ledger.claim("new", t + 500_000, t + 100_000);
    await new Promise((r) => setTimeout(r, 100));
    expect(storage.keys().map((k) => k.split(":").pop())).toEqual(["new"]);
  });
});
