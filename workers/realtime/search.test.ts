import { describe, expect, it } from "vitest";
import { searchTerms } from "./search.ts";

describe("searchTerms", () => {
  it("turns each word into a prefix, all required, in lower case and once each", () => {
    expect(searchTerms("Deploy FAILED deploy")).toBe("deploy:* & failed:*");
    expect(searchTerms("héllo wörld 42")).toBe("héllo:* & wörld:* & 42:*");
    expect(searchTerms("日本語")).toBe("日本語:*");
  });

  it("keeps no tsquery syntax from the text, and says when no word is left", () => {
    expect(searchTerms("a & b | !c:* (d) <-> 'e'")).toBe("a:* & b:* & c:* & d:* & e:*");
    expect(searchTerms("!!! ... ???")).toBeNull();
    expect(searchTerms("one two three four five six seven eight nine ten")!.split(" & ")).toHaveLength(8);
  });
});
