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

  it("places a thread's counts under its channel's community and sums its mentions on the channel", () => {
    const store = new UnreadStore((id) => (id === "general" ? "c1" : undefined));
    store.set("thread-1", 3, 1, "general");
    store.set("thread-2", 1, 2, "general");
    expect(store.community("c1")).toEqual({ unread: true, mentions: 3 });
    expect(store.threadMentions("general")).toBe(3);
    expect(store.channel("thread-1")).toEqual({ unread: true, mentions: 1 });
    store.set("thread-1", 0, 0, "general");
    expect(store.threadMentions("general")).toBe(2);
    expect(store.dmMentionCount()).toBe(0);
  });

  it("marks a community the hub names before its channel list has loaded", () => {
    const store = new UnreadStore(() => undefined);
    store.set("far-channel", 2, 1, undefined, "c9");
    store.set("a-dm", 1, 0, undefined, null);
    expect(store.community("c9")).toEqual({ unread: true, mentions: 1 });
    expect(store.dmMentionCount()).toBe(1);
  });
});
