import { describe, expect, it } from "vitest";
import { DEFAULT_PRIVACY, DEFAULT_TERMS } from "./defaults.ts";

describe("default legal texts", () => {
  it("keep each paragraph and list item on one line (the client renders a line break as a break)", () => {
    for (const text of [DEFAULT_TERMS, DEFAULT_PRIVACY]) {
      expect(text).not.toMatch(/[a-z,;(]\n[a-z(]/);
      expect(text.split("\n\n").length).toBeGreaterThan(4);
    }
  });
});
