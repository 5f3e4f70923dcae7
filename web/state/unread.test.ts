import { describe, expect, it } from "vitest";
import { UnreadStore } from "./unread.ts";

describe("UnreadStore", () => {
  it("does not count a channel whose community is not known yet as an unread DM, and attributes it once known", () => {
    const known = new Map<string, string | null>([["dm-1", null]]);
    const store = new UnreadStore((id) => known.get(id));
    store.set("dm-1", 1, 0);
    store.set("general", 2, 0);
    expect(store.dmMentionCount()).toBe(1);
    expect(store.community("c1")).toEqual({ unread: false, mentions: 0 });
    known.set("general", "c1");
    store.refreshCommunities();
    expect(store.dmMentionCount()).toBe(1);
    expect(store.community("c1")).toEqual({ unread: true, mentions: 0 });
  });
});
