import { describe, expect, it } from "vitest";
import { DmChanges, mergeChanges } from "./dm-changes.ts";

const T = (s: number) => new Date(Date.UTC(2026, 10, 26, 2, 0, s)).toISOString();

function changes() {
  const store = new DmChanges();
  store.record({ channelId: "g", change: "renamed", actorId: "alice", userId: null, name: "Plans", at: T(1) });
  store.record({ channelId: "g", change: "participant_added", actorId: "alice", userId: "dave", name: null, at: T(5) });
  store.record({ channelId: "g", change: "participant_left", actorId: "bob", userId: "bob", name: null, at: T(9) });
  return store.of("g");
}

describe("DmChanges", () => {
  it("keeps changes per conversation, in arrival order, and forgets them on sign-out", () => {
    const store = new DmChanges();
    store.record({ channelId: "g", change: "renamed", actorId: "alice", userId: null, name: "Plans", at: T(1) });
    expect(store.of("g").map((c) => c.name)).toEqual(["Plans"]);
    expect(store.of("other")).toEqual([]);
    store.forget();
    expect(store.of("g")).toEqual([]);
  });
});

describe("mergeChanges", () => {
  it("makes a member notice and the hub's change about the same join one row naming who added them", () => {
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
