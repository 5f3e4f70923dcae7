import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ChannelEvent } from "../../protocol/frames.ts";
import { ACTIVITY_INTERVAL_MS, type ChannelActivity } from "./activity.ts";
import { HubNotices, type HubPort } from "./hub-notices.ts";

const CHANNEL = "00000000-0000-7000-8000-000000000001";
const AUTHOR = "00000000-0000-7000-8000-00000000000a";

function created(seq: number): ChannelEvent {
  return {
    type: "message_created",
    seq,
    message: { id: `00000000-0000-7000-8000-${String(seq).padStart(12, "0")}`, authorId: AUTHOR, content: "hi", mentions: [], mentionsEveryone: false },
  } as unknown as ChannelEvent;
}

/** The room's synchronous storage, counting reads. */
function kv() {
  const map = new Map<string, unknown>();
  const store = { reads: 0, get: <T>(k: string) => (store.reads++, map.get(k) as T | undefined), put: (k: string, v: unknown) => void map.set(k, v), map };
  return store;
}

describe("HubNotices", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("H3 sends each watching hub one activity notice per interval, reading the watcher list from storage once", async () => {
    const storage = kv();
    const got: Array<[string, ChannelActivity]> = [];
    const hub = (userId: string): HubPort => ({
      dmReceived: async () => {},
      readChanged: async () => {},
      channelActivity: async (a) => (got.push([userId, a]), true),
    });
    const first = new HubNotices(storage as unknown as SyncKvStorage, hub);
    first.watch("u1");
    first.watch("u2");
    first.watch("u1");

    // A new instance (after hibernation) finds the watchers in storage.
    const notices = new HubNotices(storage as unknown as SyncKvStorage, hub);
    storage.reads = 0;
    notices.flushed(CHANNEL, [created(1), created(2)], [], () => 2);
    await vi.advanceTimersByTimeAsync(ACTIVITY_INTERVAL_MS);
    notices.flushed(CHANNEL, [created(3)], [], () => 3);
    await vi.advanceTimersByTimeAsync(ACTIVITY_INTERVAL_MS);

    expect(got.map(([u, a]) => [u, a.headSeq, a.byAuthor[AUTHOR]])).toEqual([
      ["u1", 2, 2],
      ["u2", 2, 2],
      ["u1", 3, 1],
      ["u2", 3, 1],
    ]);
    expect(storage.reads).toBe(1);
  });

  it("forgets a hub that stops watching, in memory and in storage", async () => {
    const storage = kv();
    const calls: string[] = [];
    const hub = (userId: string): HubPort => ({
      dmReceived: async () => {},
      readChanged: async () => {},
      channelActivity: async () => (calls.push(userId), userId !== "gone"),
    });
    const notices = new HubNotices(storage as unknown as SyncKvStorage, hub);
    notices.watch("gone");
    notices.watch("stays");
    notices.flushed(CHANNEL, [created(1)], [], () => 1);
    await vi.advanceTimersByTimeAsync(ACTIVITY_INTERVAL_MS);
    notices.flushed(CHANNEL, [created(2)], [], () => 2);
    await vi.advanceTimersByTimeAsync(ACTIVITY_INTERVAL_MS);

    expect(calls).toEqual(["gone", "stays", "stays"]);
    expect(storage.map.get("watchers")).toEqual({ version: 1, users: ["stays"] });
  });
});
