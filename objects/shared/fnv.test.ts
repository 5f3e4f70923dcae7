import { describe, expect, it } from "vitest";
import { shardFor } from "../channel-room/commit-io.ts";
import { dedupeKey } from "../channel-room/replay-buffer.ts";
import { fnv1a } from "./fnv.ts";

describe("fnv1a", () => {
  it("gives the published FNV-1a values and continues from a previous hash", () => {
    expect(fnv1a("") >>> 0).toBe(0x811c9dc5);
    expect(fnv1a("a") >>> 0).toBe(0xe40c292c);
    expect(fnv1a("foobar") >>> 0).toBe(0xbf9cf968);
    expect(fnv1a("bar", fnv1a("foo"))).toBe(fnv1a("foobar"));
  });

  it("keeps shard choices and dedupe keys where they were (rooms must not move shards on upgrade)", () => {
    expect(shardFor("0192f0c4-1234-7abc-8def-0123456789ab", 4)).toBe(2);
    expect(dedupeKey("u1", "n1")).toBe(2100360444);
    expect(dedupeKey("u1", "n1")).not.toBe(dedupeKey("u1n", "1"));
  });
});
