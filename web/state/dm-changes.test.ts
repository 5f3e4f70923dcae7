import { describe, expect, it, vi } from "vitest";
import type { Api } from "./api.ts";
import { DmChanges, mergeChanges, type DmChange } from "./dm-changes.ts";
import type { UserRef } from "./members.ts";

const T = (s: number) => new Date(Date.UTC(2026, 10, 26, 2, 0, s)).toISOString();

const rename: DmChange = { id: "c1", channelId: "g", change: "renamed", actorId: "alice", userId: null, name: "Plans", at: T(1) };
const add: DmChange = { id: "c2", channelId: "g", change: "participant_added", actorId: "alice", userId: "dave", name: null, at: T(5) };
const leave: DmChange = { id: "c3", channelId: "g", change: "participant_left", actorId: "bob", userId: "bob", name: null, at: T(9) };

const noApi = { get: () => Promise.reject(new Error("no server in this test")) } as unknown as Pick<Api, "get">;

/** An Api whose `GET /dms/:id/changes` answers with what the test gives it, counting calls. */
function storedApi(stored: DmChange[] | Error, users: UserRef[] = []) {
  const get = vi.fn(async (path: string) => {
    expect(path).toBe("/api/v1/dms/g/changes");
    if (stored instanceof Error) throw stored;
    return { changes: stored, users };
  });
  return { api: { get } as unknown as Pick<Api, "get">, get };
}

function changes() {
  const store = new DmChanges(noApi);
  for (const c of [rename, add, leave]) store.record(c);
  return store.of("g");
}

describe("DmChanges", () => {
  it("keeps changes per conversation, in time order, and forgets them on sign-out", () => {
    const store = new DmChanges(noApi);
    store.record(add);
    store.record(rename);
    expect(store.of("g").map((c) => c.id)).toEqual(["c1", "c2"]);
    expect(store.of("other")).toEqual([]);
    store.forget();
    expect(store.of("g")).toEqual([]);
  });

  it("loads a conversation's stored changes once and holds a change pushed live and stored only once", async () => {
    const { api, get } = storedApi([rename, add]);
    const store = new DmChanges(api);
    store.record(add);
    await store.ensure("g");
    await store.ensure("g");
    expect(get).toHaveBeenCalledTimes(1);
    expect(store.of("g").map((c) => c.id)).toEqual(["c1", "c2"]);
    store.record(leave);
    store.record(leave);
    expect(store.of("g").map((c) => c.id)).toEqual(["c1", "c2", "c3"]);
  });

  it("passes on the names of everyone the stored changes mention, so a leaver is named on a fresh device", async () => {
    const bob: UserRef = { id: "bob", username: "bob", displayName: "Bob" };
    const { api } = storedApi([leave], [bob]);
    const learned: UserRef[] = [];
    const store = new DmChanges(api, (users) => learned.push(...users));
    await store.ensure("g");
    expect(learned).toEqual([bob]);
  });

  it("fetches again after the hub reconnects (pushes were lost meanwhile) and after a failed fetch", async () => {
    const failing = storedApi(new Error("offline"));
    const store = new DmChanges(failing.api);
    await store.ensure("g");
    expect(store.of("g")).toEqual([]);
    await store.ensure("g");
    expect(failing.get).toHaveBeenCalledTimes(2);

    const { api, get } = storedApi([rename]);
    const again = new DmChanges(api);
    await again.ensure("g");
    again.hubConnected();
    await again.ensure("g");
    expect(get).toHaveBeenCalledTimes(2);
    expect(again.of("g").map((c) => c.id)).toEqual(["c1"]);
  });

  it("drops an answer that arrives after sign-out", async () => {
    let answer!: (v: { changes: DmChange[] }) => void;
    const store = new DmChanges({ get: () => new Promise((r) => (answer = r)) } as unknown as Pick<Api, "get">);
    const loading = store.ensure("g");
    store.forget();
    answer({ changes: [rename] });
    await loading;
    expect(store.of("g")).toEqual([]);
  });
});

describe("mergeChanges", () => {
  it("makes a member notice and the stored change about the same join one row naming who added them", () => {
    const events = [{ id: "e1", at: T(6), kind: "joined", userId: "dave" }];
    const rows = mergeChanges(events, changes());
    expect(rows).toEqual([{ change: expect.objectContaining({ change: "renamed" }) }, { event: events[0], actorId: "alice" }, { change: expect.objectContaining({ change: "participant_left", userId: "bob" }) }]);
  });

  it("keeps them apart when they are more than a minute apart (a later join of the same person)", () => {
    const events = [{ id: "e1", at: T(5 + 120), kind: "joined", userId: "dave" }];
    const rows = mergeChanges(events, changes());
    expect(rows.map((r) => ("event" in r ? `event:${r.actorId ?? ""}` : `change:${r.change.change}`))).toEqual(["change:renamed", "change:participant_added", "change:participant_left", "event:"]);
  });

  it("leaves device notices alone", () => {
    const events = [{ id: "d1", at: T(2), kind: "added", userId: "dave" }];
    expect(mergeChanges(events, [])).toEqual([{ event: events[0] }]);
  });
});
