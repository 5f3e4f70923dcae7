import { describe, expect, it } from "vitest";
import { compact, count, expand, merge, newHistogram, percentile, record, tally } from "./histogram.ts";

describe("benchmark histogram", () => {
  it("reports percentiles to within a bucket and merges across processes", () => {
    const a = newHistogram();
    for (let i = 1; i <= 100; i++) record(a, i * 0.5); // 0.5 .. 50 ms
    expect(percentile(a, 50)).toBeCloseTo(25.1, 1);
    expect(percentile(a, 99)).toBeCloseTo(49.6, 1);
    const b = expand(compact(a));
    record(b, 5000);
    merge(a, b);
    expect(count(a)).toBe(201);
    expect(percentile(a, 100)).toBe(5001);
    expect(percentile(newHistogram(), 50)).toBeNull();
  });
});

describe("tally", () => {
  it("adds to a key's count, starting from zero", () => {
    const m = new Map<string, number>();
    tally(m, "a");
    tally(m, "a", 4);
    tally(m, "b");
    expect([...m]).toEqual([["a", 5], ["b", 1]]);
  });
});
