import { describe, expect, it } from "vitest";
import { takeToken } from "./bucket.ts";

describe("takeToken", () => {
  it("allows a full burst, then refuses until tokens refill", () => {
    const b = { tokens: 5, updatedMs: 0 };
    for (let i = 0; i < 5; i++) expect(takeToken(b, 0, 5, 5).allowed).toBe(true);
    const refused = takeToken(b, 0, 5, 5);
    expect(refused.allowed).toBe(false);
    expect(refused.waitMs).toBeCloseTo(200);
    expect(takeToken(b, 200, 5, 5).allowed).toBe(true);
  });
  it("never refills above the burst size", () => {
    const b = { tokens: 0, updatedMs: 0 };
    takeToken(b, 60_000, 20, 20);
    expect(b.tokens).toBe(19);
  });
});
