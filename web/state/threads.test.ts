import { describe, expect, it } from "vitest";
import { permissionBits, permissionsFromString, permissionsToString, hasPermission } from "../../protocol/permissions.ts";
import type { ThreadView } from "../../protocol/threads.ts";
import type { Api } from "./api.ts";
import type { Channel } from "./communities.ts";
import { applyThreadFrame, canManageThread, sortThreads, threadAsChannel, ThreadsStore, threadSummary } from "./threads.ts";

const ME = "00000000-0000-7000-8000-000000000001";
const YOU = "00000000-0000-7000-8000-000000000002";

function thread(id: string, over: Partial<ThreadView> = {}): ThreadView {
  return { id, parentId: "ch", communityId: "co", rootMessageId: `m-${id}`, name: `Thread ${id}`, createdBy: ME, createdAt: "2026-01-01T00:00:00.000Z", archived: false, messageCount: 0, lastMessageAt: null, ...over };
}

/** An Api whose answers the test gives by hand, in any order; every call is recorded. */
function manualApi() {
  const calls: Array<{ method: string; path: string; body?: unknown; answer: (v: unknown) => void; fail: (e: Error) => void }> = [];
  const call = (method: string) => (path: string, body?: unknown) => new Promise((answer, fail) => calls.push({ method, path, body, answer, fail }));
  const api = { get: call("GET"), post: call("POST"), patch: call("PATCH"), delete: call("DELETE") } as unknown as Api;
  return { api, calls };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe("sortThreads and applyThreadFrame", () => {
  it("lists active threads before archived ones, each newest activity first", () => {
    const list = sortThreads([
      thread("old", { createdAt: "2026-01-01T00:00:00.000Z" }),
      thread("busy", { lastMessageAt: "2026-01-05T00:00:00.000Z", messageCount: 4 }),
      thread("shelved", { archived: true, lastMessageAt: "2026-01-09T00:00:00.000Z" }),
      thread("new", { createdAt: "2026-01-03T00:00:00.000Z" }),
    ]);
    expect(list.map((t) => t.id)).toEqual(["busy", "new", "old", "shelved"]);
  });

  it("adds a started thread, replaces a renamed one, counts activity and drops a deleted one", () => {
    let list = [thread("a")];
    list = applyThreadFrame(list, { type: "thread_updated", thread: thread("b", { createdAt: "2026-01-02T00:00:00.000Z" }) });
    expect(list.map((t) => t.id)).toEqual(["b", "a"]);
    list = applyThreadFrame(list, { type: "thread_activity", threadId: "a", messageCount: 3, lastMessageAt: "2026-01-04T00:00:00.000Z" });
    expect(list.map((t) => [t.id, t.messageCount])).toEqual([["a", 3], ["b", 0]]);
    list = applyThreadFrame(list, { type: "thread_updated", thread: thread("a", { name: "Renamed", archived: true }) });
    expect(list.map((t) => [t.id, t.name, t.archived])).toEqual([["b", "Thread b", false], ["a", "Renamed", true]]);
    list = applyThreadFrame(list, { type: "thread_deleted", threadId: "b", rootMessageId: "m-b" });
    expect(list.map((t) => t.id)).toEqual(["a"]);
  });

  it("keeps newer counts when an update carries older ones, and ignores activity of a thread it does not list", () => {
    const held = [thread("a", { messageCount: 5, lastMessageAt: "2026-01-05T00:00:00.000Z" })];
    const renamed = applyThreadFrame(held, { type: "thread_updated", thread: thread("a", { name: "New name", messageCount: 2, lastMessageAt: "2026-01-02T00:00:00.000Z" }) });
    expect(renamed[0]).toMatchObject({ name: "New name", messageCount: 5, lastMessageAt: "2026-01-05T00:00:00.000Z" });
    expect(applyThreadFrame(held, { type: "thread_activity", threadId: "zz", messageCount: 1, lastMessageAt: null })).toBe(held);
  });
});

describe("ThreadsStore", () => {
  it("fetches the watched channel's threads and indexes them by their root message", async () => {
    const { api, calls } = manualApi();
    const store = new ThreadsStore(api);
    store.watch("ch");
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual(["GET /api/v1/channels/ch/threads"]);
    expect(store.list.state).toBe("loading");
    calls[0].answer({ threads: [thread("a"), thread("b", { rootMessageId: null })] });
    await flush();
    expect(store.list.state).toBe("ready");
    expect([...store.byRoot.keys()]).toEqual(["m-a"]);
    store.watch("ch");
    expect(calls).toHaveLength(1);
  });

  it("applies frames heard while the list loads on top of the fetched list", async () => {
    const { api, calls } = manualApi();
    const store = new ThreadsStore(api);
    store.watch("ch");
    store.heard("ch", { type: "thread_updated", thread: thread("live") });
    store.heard("ch", { type: "thread_deleted", threadId: "gone", rootMessageId: null });
    calls[0].answer({ threads: [thread("gone"), thread("a")] });
    await flush();
    expect(store.list.state === "ready" && store.list.value.map((t) => t.id).sort()).toEqual(["a", "live"]);
  });

  it("ignores frames from another channel's room and a list that arrives after switching channels", async () => {
    const { api, calls } = manualApi();
    const store = new ThreadsStore(api);
    store.watch("ch");
    store.watch("other");
    calls[0].answer({ threads: [thread("stale")] });
    calls[1].answer({ threads: [] });
    await flush();
    store.heard("ch", { type: "thread_updated", thread: thread("x") });
    expect(store.channelId).toBe("other");
    expect(store.list.state === "ready" && store.list.value).toEqual([]);
  });

  it("fetches the list again when the room says welcome (frames are never replayed)", async () => {
    const { api, calls } = manualApi();
    const store = new ThreadsStore(api);
    store.watch("ch");
    calls[0].answer({ threads: [] });
    await flush();
    store.reload("elsewhere");
    store.reload("ch");
    expect(calls.map((c) => c.path)).toEqual(["/api/v1/channels/ch/threads", "/api/v1/channels/ch/threads"]);
  });

  it("shows its own new thread and its archiving at once, without waiting for the room", async () => {
    const { api, calls } = manualApi();
    const store = new ThreadsStore(api);
    store.watch("ch");
    calls[0].answer({ threads: [] });
    await flush();
    const created = store.create("ch", { messageId: "m-a", name: "Plans" });
    expect(calls[1]).toMatchObject({ method: "POST", path: "/api/v1/channels/ch/threads", body: { messageId: "m-a", name: "Plans" } });
    calls[1].answer({ thread: thread("a", { name: "Plans" }) });
    await created;
    expect(store.byRoot.get("m-a")?.name).toBe("Plans");
    const archived = store.update("a", { archived: true });
    calls[2].answer({ thread: thread("a", { name: "Plans", archived: true }) });
    await archived;
    expect(store.byRoot.get("m-a")?.archived).toBe(true);
    const removed = store.remove("a");
    expect(calls[3]).toMatchObject({ method: "DELETE", path: "/api/v1/threads/a" });
    calls[3].answer(undefined);
    await removed;
    expect(store.byRoot.size).toBe(0);
  });

  it("knows a thread opened by URL and its parent, and keeps its details in step with frames", async () => {
    const { api, calls } = manualApi();
    const store = new ThreadsStore(api);
    store.ensureThread("t");
    store.ensureThread("t");
    expect(calls.map((c) => c.path)).toEqual(["/api/v1/threads/t"]);
    calls[0].answer({ thread: thread("t"), parent: { id: "ch", name: "general" }, rootMessage: null });
    await flush();
    expect(store.parentOf("t")).toBe("ch");
    store.watch("ch");
    calls[1].answer({ threads: [thread("t")] });
    await flush();
    store.heard("ch", { type: "thread_updated", thread: thread("t", { name: "Renamed" }) });
    const t = store.thread("t");
    expect(t.state === "ready" && t.value.thread.name).toBe("Renamed");
    store.heard("ch", { type: "thread_deleted", threadId: "t", rootMessageId: "m-t" });
    const gone = store.thread("t");
    expect(gone.state === "error" && (gone.error as { status?: number }).status).toBe(404);
  });
});

describe("what threads say", () => {
  const now = Date.parse("2026-01-10T12:00:00.000Z");

  it("sums a thread up with its count and last activity, archived first", () => {
    expect(threadSummary(thread("a"), now)).toBe("No messages yet");
    expect(threadSummary(thread("a", { messageCount: 1, lastMessageAt: "2026-01-10T11:55:00.000Z" }), now)).toBe("1 message · 5m ago");
    expect(threadSummary(thread("a", { archived: true, messageCount: 3, lastMessageAt: "2026-01-10T09:00:00.000Z" }), now)).toBe("Archived · 3 messages · 3h ago");
  });

  it("lets the creator and message managers manage a thread", () => {
    const manage = permissionsToString(permissionBits("VIEW_CHANNEL", "MANAGE_MESSAGES"));
    const read = permissionsToString(permissionBits("VIEW_CHANNEL"));
    expect(canManageThread(thread("a", { createdBy: ME }), ME, read)).toBe(true);
    expect(canManageThread(thread("a", { createdBy: YOU }), ME, read)).toBe(false);
    expect(canManageThread(thread("a", { createdBy: YOU }), ME, manage)).toBe(true);
  });

  it("makes a thread a channel whose posting right is SEND_IN_THREADS, read-only while archived", () => {
    const parent = { id: "ch", permissions: permissionsToString(permissionBits("VIEW_CHANNEL", "SEND_MESSAGES", "ADD_REACTIONS")), encrypted: true } as Channel;
    const bits = (c: Channel) => permissionsFromString(c.permissions);
    expect(hasPermission(bits(threadAsChannel(thread("a"), parent)), "SEND_MESSAGES")).toBe(false);
    const inThreads = { ...parent, permissions: permissionsToString(permissionBits("VIEW_CHANNEL", "SEND_IN_THREADS", "ADD_REACTIONS")) };
    const open = threadAsChannel(thread("a"), inThreads);
    expect(hasPermission(bits(open), "SEND_MESSAGES")).toBe(true);
    expect(open).toMatchObject({ id: "a", name: "Thread a", encrypted: true, archived: false });
    const archived = threadAsChannel(thread("a", { archived: true }), inThreads);
    expect(hasPermission(bits(archived), "SEND_MESSAGES") || hasPermission(bits(archived), "ADD_REACTIONS")).toBe(false);
  });
});
