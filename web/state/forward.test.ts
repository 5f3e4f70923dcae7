import { describe, expect, it } from "vitest";
import { MAX_MESSAGE_CHARS } from "../../protocol/limits.ts";
import { forwardText } from "./forward.ts";

describe("forwardText", () => {
  it("quotes the original under a header naming its author and place", () => {
    expect(forwardText("Alice", "#general", "Meet at 7\nbring snacks", 0)).toBe("> ↪ Forwarded from **Alice** · #general\n> Meet at 7\n> bring snacks");
  });
  it("says how many files stayed behind, escapes markdown in the name, and fits one message", () => {
    expect(forwardText("a*b", "DM", "x", 2)).toBe("> ↪ Forwarded from **a\\*b** · DM\n> x\n> _(2 attachments not forwarded)_");
    expect(forwardText("A", "DM", "y".repeat(5000), 0).length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
  });
});
