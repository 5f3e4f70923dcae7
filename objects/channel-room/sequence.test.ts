import { describe, expect, it } from "vitest";
import { SeqAllocator } from "./sequence.ts";

describe("SeqAllocator", () => {
  it("P8 hands out contiguous seqs that become the head on commit", () => {
    const s = new SeqAllocator(41);
    expect([s.next(), s.next(), s.next()]).toEqual([42, 43, 44]);
    expect(s.head).toBe(41);
    s.commit();
    expect(s.head).toBe(44);
    expect(s.next()).toBe(45);
  });

  it("P8 gives the seqs of a failed transaction back, so the stored sequence has no gap", () => {
    const s = new SeqAllocator(10);
    s.next();
    s.next();
    s.rollback();
    expect(s.head).toBe(10);
    expect(s.next()).toBe(11);
  });

  it("trusts the database's head after an unknown outcome", () => {
    const s = new SeqAllocator(10);
    s.next();
    s.resetTo(11);
    expect(s.head).toBe(11);
    expect(s.next()).toBe(12);
  });
});
