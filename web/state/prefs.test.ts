import { describe, expect, it } from "vitest";
import { MAX_MUTED_CHANNELS } from "../../protocol/limits.ts";
import { PrefsStore, defaultPrefs, sanitizePrefs, type Prefs } from "./prefs.ts";

const base: Prefs = { theme: "light", accent: "indigo", density: "cozy", fontSize: "normal", clock24: false, desktopNotifications: false, notificationSound: false, notifyLevel: "mentions", mutedChannels: [], levels: {}, callBackground: "none", sidebarLayout: "expanded", communityThemes: true };

function memoryStorage(): Pick<Storage, "getItem" | "setItem" | "removeItem"> {
  const m = new Map<string, string>();
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v), removeItem: (k) => void m.delete(k) };
}

describe("sanitizePrefs", () => {
  it("keeps known values and replaces unknown or mistyped ones with the defaults", () => {
    const picked = { theme: "dracula", accent: "rose", density: "compact", fontSize: "large", clock24: true, desktopNotifications: true, notificationSound: true, notifyLevel: "all", mutedChannels: ["c1", "c2"], levels: { c3: "all", k1: "none" }, callBackground: "aurora", sidebarLayout: "compact", communityThemes: false };
    expect(sanitizePrefs(picked, base)).toEqual(picked);
    expect(sanitizePrefs({ theme: "<script>", accent: 3, density: null, fontSize: "huge", clock24: "yes", desktopNotifications: "on", notificationSound: 1, notifyLevel: "everything", mutedChannels: "c1", levels: ["all"], callBackground: "url(x)", sidebarLayout: "tiny", communityThemes: "yes" }, base)).toEqual(base);
    expect(sanitizePrefs({ levels: { c1: "all", c2: "loud", "": "none", ["x".repeat(65)]: "all" } }, base).levels).toEqual({ c1: "all" });
    expect(sanitizePrefs("not an object", base)).toEqual(base);
  });

  it("reads an old record without notification settings with the notification defaults", () => {
    expect(sanitizePrefs({ theme: "nord", accent: "rose", density: "cozy", fontSize: "normal", clock24: false }, base)).toMatchObject({ theme: "nord", desktopNotifications: false, notificationSound: false, notifyLevel: "mentions", mutedChannels: [], levels: {} });
  });

  it("keeps muted channels as unique non-empty ids, at most MAX_MUTED_CHANNELS of the newest", () => {
    expect(sanitizePrefs({ mutedChannels: ["a", 3, "", "a", null, "b", "x".repeat(65)] }, base).mutedChannels).toEqual(["a", "b"]);
    const many = Array.from({ length: MAX_MUTED_CHANNELS + 5 }, (_, i) => `c${i}`);
    const kept = sanitizePrefs({ mutedChannels: many }, base).mutedChannels;
    expect(kept).toHaveLength(MAX_MUTED_CHANNELS);
    expect(kept.at(-1)).toBe(`c${MAX_MUTED_CHANNELS + 4}`);
  });
});

describe("defaultPrefs", () => {
  it("notifies nowhere until asked, about DMs and mentions, with no channel muted", () => {
    expect(defaultPrefs()).toMatchObject({ desktopNotifications: false, notificationSound: false, notifyLevel: "mentions", mutedChannels: [], levels: {} });
  });
});

describe("PrefsStore muting", () => {
  it("mutes and unmutes a channel, saved for the account", () => {
    const storage = memoryStorage();
    const store = new PrefsStore(storage);
    store.useAccount("u1");
    store.setMuted("c1", true);
    store.setMuted("c1", true);
    expect(store.prefs.mutedChannels).toEqual(["c1"]);
    expect(store.isMuted("c1")).toBe(true);
    expect(JSON.parse(storage.getItem("hearth.prefs.u1") ?? "{}").mutedChannels).toEqual(["c1"]);
    store.setMuted("c1", false);
    expect(store.isMuted("c1")).toBe(false);
  });

  it("sets a level, mutes over it, and follows the one above again on null", () => {
    const store = new PrefsStore(memoryStorage());
    store.useAccount("u1");
    store.setNotify("k1", "all");
    expect(store.levelOf("k1")).toBe("all");
    store.setNotify("k1", "muted");
    expect(store.isMuted("k1")).toBe(true);
    store.setNotify("k1", "mentions");
    expect([store.isMuted("k1"), store.levelOf("k1")]).toEqual([false, "mentions"]);
    store.setNotify("k1", null);
    expect([store.isMuted("k1"), store.levelOf("k1")]).toEqual([false, null]);
  });

  it("keeps a custom call background beside the preferences, chooses it, and forgets it", () => {
    const storage = memoryStorage();
    const store = new PrefsStore(storage);
    store.useAccount("u1");
    expect(store.callPicture()).toBeNull();
    store.setCallPicture("data:image/jpeg;base64,AAAA");
    expect([store.prefs.callBackground, store.callPicture()]).toEqual(["custom", "data:image/jpeg;base64,AAAA"]);
    // Not inside the preferences record: that stays small.
    expect(storage.getItem("hearth.prefs.u1")).not.toContain("base64");
    expect(() => store.setCallPicture("javascript:alert(1)")).toThrow();
    store.setCallPicture(null);
    expect([store.prefs.callBackground, store.callPicture()]).toEqual(["none", null]);
  });
});
