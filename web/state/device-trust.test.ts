import { describe, expect, it } from "vitest";
import { acceptCurrent, clearVerified, contactStatus, deviceStatus, markVerified, MAX_EVENTS, NEW_DEVICE_MS, observe, observeMembers, type ContactTrust } from "./device-trust.ts";

const T0 = new Date("2026-11-20T10:00:00Z");
const later = (ms: number) => new Date(T0.getTime() + ms);
const phone = { id: "d-phone", fingerprint: "1111 1111 1111 1111 1111" };
const laptop = { id: "d-laptop", fingerprint: "2222 2222 2222 2222 2222" };
const tablet = { id: "d-tablet", fingerprint: "3333 3333 3333 3333 3333" };

function first(devices = [phone]): ContactTrust {
  return observe(null, "alice", "bob", devices, 1, T0).record;
}

describe("observing a person's device list (trust on first use)", () => {
  it("accepts the first list silently, as unverified", () => {
    const r = observe(null, "alice", "bob", [phone, laptop], 1, T0);
    expect(r.events).toEqual([]);
    expect(r.changed).toBe(true);
    expect(r.record.devices.map((d) => [d.fingerprint, d.initial])).toEqual([
      [phone.fingerprint, true],
      [laptop.fingerprint, true],
    ]);
    expect(contactStatus(r.record)).toBe("unverified");
    expect(deviceStatus(r.record, phone.fingerprint, T0)).toBe("unverified");
  });

  it("reports a device that appears later, and one that disappears", () => {
    const added = observe(first(), "alice", "bob", [phone, laptop], 2, later(1000));
    expect(added.events).toEqual([expect.objectContaining({ kind: "added", userId: "bob", fingerprint: laptop.fingerprint, deviceId: "d-laptop" })]);
    expect(deviceStatus(added.record, laptop.fingerprint, later(2000))).toBe("new");
    expect(deviceStatus(added.record, laptop.fingerprint, later(NEW_DEVICE_MS + 2000))).toBe("unverified");

    const removed = observe(added.record, "alice", "bob", [laptop], 3, later(5000));
    expect(removed.events).toEqual([expect.objectContaining({ kind: "removed", fingerprint: phone.fingerprint })]);
    expect(removed.record.events.map((e) => e.kind)).toEqual(["added", "removed"]);
    expect(removed.record.devices.map((d) => d.deviceId)).toEqual(["d-laptop"]);
  });

  it("says nothing when the same list comes again, or lists a device twice", () => {
    const again = observe(first([phone, laptop]), "alice", "bob", [laptop, phone, phone], 1, later(1000));
    expect(again.events).toEqual([]);
    expect(again.changed).toBe(false);
  });

  it("ignores a list fetched before the one it already holds (a slow response must not undo a newer one)", () => {
    const newer = observe(first(), "alice", "bob", [phone, laptop], 10, later(1000)).record;
    const stale = observe(newer, "alice", "bob", [phone], 5, later(2000));
    expect(stale.events).toEqual([]);
    expect(stale.changed).toBe(false);
    expect(stale.record.devices).toHaveLength(2);
  });

  it("knows a key by its fingerprint, whatever id the server shows it under", () => {
    const r = observe(first(), "alice", "bob", [{ id: "d-other", fingerprint: phone.fingerprint }], 2, later(1000));
    expect(r.events).toEqual([]);
    expect(r.record.devices[0].deviceId).toBe("d-other");
  });

  it("makes no notice for this browser's own device", () => {
    const r = observe(first(), "alice", "alice", [phone, laptop], 2, later(1000), "d-laptop");
    expect(r.events).toEqual([]);
    expect(r.record.devices).toHaveLength(2);
  });

  it(`keeps the last ${MAX_EVENTS} changes`, () => {
    let rec = first([]);
    for (let i = 0; i < MAX_EVENTS + 10; i++) rec = observe(rec, "alice", "bob", i % 2 ? [] : [{ id: `d${i}`, fingerprint: `f${i}` }], i + 2, later(i * 1000)).record;
    expect(rec.events).toHaveLength(MAX_EVENTS);
    expect(rec.events.at(-1)?.kind).toBe("removed");
  });
});

describe("verifying a person", () => {
  it("verifies exactly the fingerprints compared, so a device that arrived meanwhile is still flagged", () => {
    const shown = first([phone]);
    // The laptop appears after the panel showed only the phone's code.
    const withLaptop = observe(shown, "alice", "bob", [phone, laptop], 2, later(1000)).record;
    const v = markVerified(withLaptop, [phone.fingerprint], later(2000));
    expect(deviceStatus(v, phone.fingerprint, later(3000))).toBe("verified");
    expect(deviceStatus(v, laptop.fingerprint, later(3000))).toBe("new");
    expect(contactStatus(v)).toBe("changed");
  });

  it("asks before sending once a verified person gets a new device, and not after Send anyway", () => {
    const v = markVerified(first([phone]), [phone.fingerprint], later(1000));
    expect(contactStatus(v)).toBe("verified");
    const changed = observe(v, "alice", "bob", [phone, tablet], 2, later(2000)).record;
    expect(contactStatus(changed)).toBe("changed");
    const accepted = acceptCurrent(changed);
    expect(contactStatus(accepted)).toBe("partly");
    expect(deviceStatus(accepted, tablet.fingerprint, later(3000))).toBe("new");
    // Yet another device asks again.
    expect(contactStatus(observe(accepted, "alice", "bob", [phone, tablet, laptop], 3, later(4000)).record)).toBe("changed");
    // Verifying after comparing the new code settles it.
    expect(contactStatus(markVerified(accepted, [phone.fingerprint, tablet.fingerprint], later(5000)))).toBe("verified");
  });

  it("stays verified when a verified device leaves, and recognises it if it comes back", () => {
    const v = markVerified(first([phone, laptop]), [phone.fingerprint, laptop.fingerprint], later(1000));
    const gone = observe(v, "alice", "bob", [phone], 2, later(2000)).record;
    expect(contactStatus(gone)).toBe("verified");
    const back = observe(gone, "alice", "bob", [phone, laptop], 3, later(3000));
    expect(back.events.map((e) => e.kind)).toEqual(["added"]);
    expect(contactStatus(back.record)).toBe("verified");
  });

  it("ignores fingerprints that are not in the current list", () => {
    const v = markVerified(first([phone]), ["9999 9999 9999 9999 9999"], later(1000));
    expect(v.verified).toEqual([]);
  });

  it("goes back to trust on first use when verification is removed", () => {
    const v = clearVerified(markVerified(first([phone]), [phone.fingerprint], later(1000)));
    expect(contactStatus(observe(v, "alice", "bob", [phone, laptop], 2, later(2000)).record)).toBe("unverified");
  });

  it("treats a person never observed as unverified", () => {
    expect(contactStatus(null)).toBe("unverified");
    expect(deviceStatus(null, phone.fingerprint, T0)).toBe("unverified");
  });
});

describe("observing who is in a conversation", () => {
  it("accepts the first member list silently, then reports who joins and who leaves", () => {
    const first = observeMembers(null, "alice", "g", ["alice", "bob", "carol"], 1, T0);
    expect(first.events).toEqual([]);
    const next = observeMembers(first.record, "alice", "g", ["alice", "carol", "dave"], 2, later(1000));
    expect(next.events.map((e) => [e.kind, e.userId])).toEqual([
      ["joined", "dave"],
      ["left", "bob"],
    ]);
    expect(next.record.events).toHaveLength(2);
    expect(observeMembers(next.record, "alice", "g", ["dave", "carol", "alice"], 3, later(2000)).events).toEqual([]);
  });

  it("keeps the name of someone who joins or leaves, for when this browser no longer knows them", () => {
    const names: Record<string, string> = { bob: "Bob", dave: "Dave" };
    const first = observeMembers(null, "alice", "g", ["alice", "bob"], 1, T0);
    const next = observeMembers(first.record, "alice", "g", ["alice", "dave", "erin"], 2, later(1000), (id) => names[id]);
    expect(next.events.map((e) => [e.kind, e.userId, e.name])).toEqual([
      ["joined", "dave", "Dave"],
      ["joined", "erin", undefined],
      ["left", "bob", "Bob"],
    ]);
    expect(next.record.events.find((e) => e.userId === "bob")?.name).toBe("Bob");
  });

  it("ignores a member list fetched before the one it holds", () => {
    const newer = observeMembers(observeMembers(null, "alice", "g", ["alice", "bob"], 5, T0).record, "alice", "g", ["alice", "bob", "dave"], 10, later(1000)).record;
    const stale = observeMembers(newer, "alice", "g", ["alice", "bob"], 7, later(2000));
    expect(stale.changed).toBe(false);
    expect(stale.record.members).toContain("dave");
  });
});
