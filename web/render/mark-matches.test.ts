import { describe, expect, it } from "vitest";
import { markMatches } from "./mark-matches.ts";

const marked = (text: string, q: string) => markMatches(text, q).map((p) => (p.match ? `[${p.text}]` : p.text)).join("");

describe("markMatches", () => {
  it("marks each query word where it starts a word of the text, in any case, as the server matches", () => {
    expect(marked("Deploying the deploy; redeploy later", "deploy")).toBe("[Deploy]ing the [deploy]; redeploy later");
    expect(marked("history line 7 and 70", "HISTORY line 7")).toBe("[history] [line] [7] and [7]0");
    expect(marked("Überraschung im Café", "überr café")).toBe("[Überr]aschung im [Café]");
  });

  it("treats the query as words only, never as a pattern", () => {
    expect(marked("a (b) c.*d", "(b) .*")).toBe("a ([b]) c.*d");
    expect(marked("nothing here", "!!!")).toBe("nothing here");
  });
});
