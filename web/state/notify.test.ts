import { describe, expect, it } from "vitest";
import type { HubServerFrame } from "../../protocol/frames.ts";
import { MAX_BODY_CHARS, NOTIFY_COALESCE_MS, eventFromHub, levelFor, notificationBody, shouldNotify, type HubCounts, type NotifyEvent, type NotifyPrefs } from "./notify.ts";

const on: NotifyPrefs = { desktopNotifications: true, notificationSound: false, notifyLevel: "mentions", mutedChannels: [], levels: {} };
const dm: NotifyEvent = { channelId: "dm-1", kind: "dm", authorId: "bob", excerpt: null };
const mention: NotifyEvent = { channelId: "general", kind: "mention", authorId: null, excerpt: null };
const message: NotifyEvent = { channelId: "general", kind: "message", authorId: null, excerpt: null };
const none = new Map<string, number>();

describe("shouldNotify", () => {
  it("notifies DMs and mentions by default, not other messages", () => {
    expect(shouldNotify(on, dm, null, 0, none)).toBe(true);
    expect(shouldNotify(on, mention, null, 0, none)).toBe(true);
    expect(shouldNotify(on, message, null, 0, none)).toBe(false);
  });

  it("notifies every message with 'all' and nothing with 'none'", () => {
    expect(shouldNotify({ ...on, notifyLevel: "all" }, message, null, 0, none)).toBe(true);
    for (const e of [dm, mention, message]) expect(shouldNotify({ ...on, notifyLevel: "none" }, e, null, 0, none)).toBe(false);
  });

  it("stays quiet when neither notifications nor the sound are on, and notifies for the sound alone", () => {
    expect(shouldNotify({ ...on, desktopNotifications: false }, dm, null, 0, none)).toBe(false);
    expect(shouldNotify({ ...on, desktopNotifications: false, notificationSound: true }, dm, null, 0, none)).toBe(true);
  });

  it("never notifies a muted channel", () => {
    expect(shouldNotify({ ...on, mutedChannels: ["dm-1"] }, dm, null, 0, none)).toBe(false);
    expect(shouldNotify({ ...on, mutedChannels: ["dm-1"] }, mention, null, 0, none)).toBe(true);
  });

  it("takes a channel's level over its community's, and its community's over the global one", () => {
    const msg = { channelId: "c1", kind: "message" as const, authorId: null, excerpt: null, communityId: "k1" };
    expect(shouldNotify(on, msg, null, 0, none)).toBe(false);
    expect(shouldNotify({ ...on, levels: { k1: "all" } }, msg, null, 0, none)).toBe(true);
    expect(shouldNotify({ ...on, levels: { k1: "all", c1: "mentions" } }, msg, null, 0, none)).toBe(false);
    expect(shouldNotify({ ...on, notifyLevel: "all", levels: { c1: "none" } }, { ...msg, kind: "mention" }, null, 0, none)).toBe(false);
    // Another community's choice changes nothing here.
    expect(shouldNotify({ ...on, levels: { k2: "all" } }, msg, null, 0, none)).toBe(false);
  });

  it("keeps a muted community, or a muted channel's threads, quiet even for mentions", () => {
    const mention = { channelId: "t1", kind: "mention" as const, authorId: null, excerpt: null, parentId: "c1", communityId: "k1" };
    expect(shouldNotify(on, mention, null, 0, none)).toBe(true);
    expect(shouldNotify({ ...on, mutedChannels: ["k1"] }, mention, null, 0, none)).toBe(false);
    expect(shouldNotify({ ...on, mutedChannels: ["c1"] }, mention, null, 0, none)).toBe(false);
    expect(levelFor({ ...on, mutedChannels: ["k1"], levels: { t1: "all" } }, mention)).toBe("none");
    expect(levelFor({ ...on, levels: { c1: "all" } }, mention)).toBe("all");
  });

  it("does not notify the channel open and on screen, but does another one", () => {
    expect(shouldNotify(on, dm, "dm-1", 0, none)).toBe(false);
    expect(shouldNotify(on, dm, "general", 0, none)).toBe(true);
  });

  it("notifies a channel at most once per coalescing window", () => {
    const last = new Map([["dm-1", 1_000]]);
    expect(shouldNotify(on, dm, null, 1_000 + NOTIFY_COALESCE_MS - 1, last)).toBe(false);
    expect(shouldNotify(on, dm, null, 1_000 + NOTIFY_COALESCE_MS, last)).toBe(true);
    expect(shouldNotify(on, mention, null, 1_001, last)).toBe(true);
  });
});

describe("eventFromHub", () => {
  const kinds = new Map<string, boolean>([["dm-1", true], ["general", false]]);
  const isDm = (id: string) => kinds.get(id);
  const unread = (channelId: string, n: number, mentions: number, communityId?: string | null): HubServerFrame => ({ type: "unread_updated", channelId, unread: n, mentions, headSeq: n, readSeq: 0, ...(communityId !== undefined ? { communityId } : {}) });

  it("turns dm_received into a DM event with its excerpt", () => {
    const counts: HubCounts = new Map();
    expect(eventFromHub({ type: "dm_received", channelId: "dm-1", messageId: "m", authorId: "bob", seq: 4, excerpt: null }, counts, isDm)).toEqual({ channelId: "dm-1", kind: "dm", authorId: "bob", excerpt: null });
  });

  it("tells a mention from a message by which count grew, from the welcome's counts", () => {
    const counts: HubCounts = new Map();
    expect(eventFromHub({ type: "hub_welcome", protocolVersion: 1, userId: "me", unread: [{ channelId: "general", unread: 3, mentions: 1, headSeq: 3, readSeq: 0 }] }, counts, isDm)).toBeNull();
    expect(eventFromHub(unread("general", 3, 1), counts, isDm)).toBeNull();
    expect(eventFromHub(unread("general", 4, 1), counts, isDm)).toMatchObject({ channelId: "general", kind: "message" });
    expect(eventFromHub(unread("general", 5, 2), counts, isDm)).toMatchObject({ kind: "mention" });
    // Read on another device: counts drop, nothing notifies, and the next message counts from there.
    expect(eventFromHub(unread("general", 0, 0), counts, isDm)).toBeNull();
    expect(eventFromHub(unread("general", 1, 0), counts, isDm)).toMatchObject({ kind: "message" });
  });

  it("leaves DMs to dm_received, and notifies a channel not known yet only for a mention", () => {
    const counts: HubCounts = new Map();
    expect(eventFromHub(unread("dm-1", 1, 1), counts, isDm)).toBeNull();
    expect(eventFromHub(unread("elsewhere", 1, 0), counts, isDm)).toBeNull();
    expect(eventFromHub(unread("elsewhere", 2, 1), counts, isDm)).toMatchObject({ channelId: "elsewhere", kind: "mention" });
  });

  it("takes the hub's word for a channel's community, so one not loaded yet still notifies a message", () => {
    const counts: HubCounts = new Map();
    expect(eventFromHub(unread("far", 1, 0, "k9"), counts, isDm)).toMatchObject({ channelId: "far", kind: "message", communityId: "k9" });
    expect(eventFromHub(unread("dm-2", 1, 0, null), counts, isDm)).toBeNull();
  });

  it("ignores the other frames", () => {
    expect(eventFromHub({ type: "presence_changed", userId: "bob", online: true }, new Map(), isDm)).toBeNull();
  });
});

describe("notificationBody", () => {
  it("says 'New message' when the frame has no text, and never invents any", () => {
    expect(notificationBody(dm)).toBe("New message");
    expect(notificationBody(mention)).toBe("You were mentioned");
    expect(notificationBody({ ...dm, excerpt: "   " })).toBe("New message");
  });

  it("uses a plaintext excerpt, on one line and shortened", () => {
    expect(notificationBody({ ...dm, excerpt: "lunch\n at  noon?" })).toBe("lunch at noon?");
    const long = notificationBody({ ...dm, excerpt: "x".repeat(500) });
    expect(long).toHaveLength(MAX_BODY_CHARS);
    expect(long.endsWith("…")).toBe(true);
  });
});
