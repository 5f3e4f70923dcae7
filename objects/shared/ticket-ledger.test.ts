import { describe, expect, it } from "vitest";
import { TicketLedger } from "./ticket-ledger.ts";

/** A sorted in-memory stand-in for the runtime's synchronous KV (list by prefix/end, as SQLite does). */
function memoryKv(): SyncKvStorage {
  const map = new Map<string, unknown>();
  return {
    get: <T>(k: string) => map.get(k) as T | undefined,
    put: (k: string, v: unknown) => void map.set(k, v),
    delete: (k: string) => map.delete(k),
    *list<T>(opts: { prefix?: string; end?: string } = {}): Iterable<[string, T]> {
      for (const k of [...map.keys()].sort()) {
        if (opts.prefix && !k.startsWith(opts.prefix)) continue;
        if (opts.end !== undefined && k >= opts.end) continue;
        yield [k, map.get(k) as T];
      }
    },
  } as SyncKvStorage;
}

describe("TicketLedger", () => {
  it("P4 admits a ticket once and refuses it after", () => {
    const ledger = new TicketLedger(memoryKv());
    expect(ledger.claim("t1", 2000, 1000)).toBe(true);
    expect(ledger.claim("t1", 2000, 1001)).toBe(false);
    expect(ledger.claim("t2", 2000, 1001)).toBe(true);
  });

  it("P5 refuses expired or anonymous tickets", () => {
    const ledger = new TicketLedger(memoryKv());
    expect(ledger.claim("t1", 1000, 1000)).toBe(false);
    expect(ledger.claim("", 5000, 1000)).toBe(false);
    expect(ledger.claim("t3", Number.NaN, 1000)).toBe(false);
  });

  it("forgets used tickets once they have expired", () => {
    const kv = memoryKv();
    const ledger = new TicketLedger(kv);
    ledger.claim("old", 2000, 1000);
    ledger.claim("new", 500_000, 100_000);
    expect([...kv.list({ prefix: "ticket:" })].map(([k]) => k.split(":").pop())).toEqual(["new"]);
  });
});
