import { describe, expect, it } from "vitest";
import { uuidv7 } from "uuidv7";
import { shardFor } from "./commit-io.ts";

describe("shardFor", () => {
  it("always sends a channel to the same shard, within range", () => {
    const id = uuidv7();
    expect(shardFor(id, 4)).toBe(shardFor(id, 4));
    for (let i = 0; i < 100; i++) expect(shardFor(uuidv7(), 4)).toBeLessThan(4);
  });

  it("spreads time-ordered channel ids over every shard", () => {
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 400; i++) counts[shardFor(uuidv7(), 4)]++;
    for (const n of counts) expect(n).toBeGreaterThan(50);
  });
});
