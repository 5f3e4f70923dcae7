import { describe, expect, it } from "vitest";
import { BoundedMap } from "./bounded-map.ts";

describe("BoundedMap", () => {
  it("always remembers the newest max insertions and never holds more than twice that", () => {
    const m = new BoundedMap<number, number>(100);
    for (let i = 0; i < 1_000; i++) {
      m.set(i, i * 2);
      expect(m.size).toBeLessThanOrEqual(200);
      for (let j = Math.max(0, i - 99); j <= i; j += 33) expect(m.get(j)).toBe(j * 2);
    }
    expect(m.has(0)).toBe(false);
    expect(m.get(999)).toBe(1998);
  });

  it("keeps a re-set key as new, with its latest value, and forgets deleted keys", () => {
    const m = new BoundedMap<string, number>(2);
    m.set("a", 1);
    m.set("b", 2); // young is full: a and b become the old generation
    m.set("a", 3); // a moves to the young generation
    m.set("c", 4); // young full again: old (b) is dropped
    expect(m.get("a")).toBe(3);
    expect(m.has("b")).toBe(false);
    expect(m.get("c")).toBe(4);
    m.delete("a");
    expect(m.has("a")).toBe(false);
    expect(m.size).toBe(1);
    m.clear();
    expect(m.size).toBe(0);
  });

  it("returns stored falsy values", () => {
    const m = new BoundedMap<string, number>(4);
    m.set("zero", 0);
    expect(m.get("zero")).toBe(0);
    expect(m.has("zero")).toBe(true);
  });

  it("returns a stored null as null, in either generation (a cached 'there is none')", () => {
    const m = new BoundedMap<string, number | null>(2);
    m.set("none", null);
    expect(m.get("none")).toBeNull();
    m.set("a", 1); // "none" moves to the old generation
    expect(m.get("none")).toBeNull();
    expect(m.get("missing")).toBeUndefined();
  });
});
