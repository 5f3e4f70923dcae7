import { describe, expect, it } from "vitest";
import { accentStyle, textOn } from "./accent.ts";

describe("a community's accent", () => {
  it("puts black text on light colours and white on dark ones", () => {
    expect(textOn("#ffffff")).toBe("#000000");
    expect(textOn("#f1c40f")).toBe("#000000");
    expect(textOn("#000000")).toBe("#ffffff");
    expect(textOn("#4f5bd5")).toBe("#ffffff");
    expect(textOn("#fff")).toBe("#000000");
  });

  it("sets the accent and its text colour, and nothing for a missing or malformed colour", () => {
    expect(accentStyle("#2c3e50")).toBe("--accent:#2c3e50;--accent-fg:#ffffff");
    expect(accentStyle(null)).toBe("");
    expect(accentStyle("red; background:url(x)")).toBe("");
    expect(accentStyle("#12345")).toBe("");
  });
});
