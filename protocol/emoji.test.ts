import { describe, expect, it } from "vitest";
import { CUSTOM_EMOJI_TOKEN, withEmojiTokens } from "./emoji.ts";

const party = { id: "0193a000-0000-7000-8000-000000000001", name: "party_cat" };

describe("withEmojiTokens", () => {
  it("turns known :names: into tokens, leaving unknown ones, code and existing tokens alone", () => {
    expect(withEmojiTokens("hi :party_cat: and :nope:", [party])).toBe(`hi <:party_cat:${party.id}> and :nope:`);
    expect(withEmojiTokens("`:party_cat:` ```\n:party_cat:\n```", [party])).toBe("`:party_cat:` ```\n:party_cat:\n```");
    const once = withEmojiTokens(":party_cat:", [party]);
    expect(withEmojiTokens(once, [party])).toBe(once);
    expect(withEmojiTokens("12:30:45 and a:party_cat:b", [party])).toBe("12:30:45 and a:party_cat:b");
  });
  it("tokens are found by the shared pattern", () => {
    expect([...withEmojiTokens(":party_cat:", [party]).matchAll(CUSTOM_EMOJI_TOKEN)].map((m) => m[1])).toEqual(["party_cat"]);
  });
});
