import { describe, expect, it } from "vitest";
import { threadNameFrom } from "./threads.ts";

describe("threadNameFrom", () => {
  it("takes the first line with text, whitespace folded", () => {
    expect(threadNameFrom("\n\n  Lunch   plans?  \nmore")).toBe("Lunch plans?");
  });
  it("cuts a long line at a word and marks the cut", () => {
    const name = threadNameFrom("Shall we move the meetup to Saturday afternoon instead of Friday?");
    expect(name).toBe("Shall we move the meetup to Saturday…");
    expect(name.length).toBeLessThanOrEqual(41);
  });
  it("cuts a line without spaces at 40 characters, and gives nothing for no text", () => {
    expect(threadNameFrom("x".repeat(60))).toBe(`${"x".repeat(40)}…`);
    expect(threadNameFrom("  \n ")).toBe("");
  });
});
