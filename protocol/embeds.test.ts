import { describe, expect, it } from "vitest";
import { embeddableLinks } from "./embeds.ts";

describe("embeddableLinks", () => {
  it("finds http(s) links, leaving trailing punctuation out", () => {
    expect(embeddableLinks("see https://example.com/a?b=1. and (http://x.org/path)!")).toEqual(["https://example.com/a?b=1", "http://x.org/path"]);
  });
  it("skips links in code and in <…>, repeats, and more than three", () => {
    expect(embeddableLinks("`https://a.com` ```\nhttps://b.com\n``` <https://c.com> https://d.com https://d.com")).toEqual(["https://d.com"]);
    expect(embeddableLinks("https://1.com https://2.com https://3.com https://4.com")).toHaveLength(3);
  });
  it("ignores other schemes", () => {
    expect(embeddableLinks("javascript:alert(1) ftp://x.com mailto:a@b.c")).toEqual([]);
  });
});
