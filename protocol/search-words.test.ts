import { describe, expect, it } from "vitest";
import { matchesWords, searchWords } from "./search-words.ts";

describe("search words", () => {
  it("takes each word of a query once, in lower case, letters and digits only", () => {
    expect(searchWords("Deploy FAILED deploy; v2!")).toEqual(["deploy", "failed", "v2"]);
    expect(searchWords("  -- ")).toEqual([]);
    expect(searchWords("Ünïcode 東京")).toEqual(["ünïcode", "東京"]);
  });

  it("matches a text when every word starts one of its words, in any case", () => {
    expect(matchesWords("The deploying went FINE", searchWords("deplo fine"))).toBe(true);
    expect(matchesWords("The deploying went fine", searchWords("ploy"))).toBe(false);
    expect(matchesWords("The deploying went fine", searchWords("deploy broke"))).toBe(false);
    expect(matchesWords("vault code is 4711", searchWords("471"))).toBe(true);
    expect(matchesWords("anything", [])).toBe(false);
  });
});
