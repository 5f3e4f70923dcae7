import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ContactTrust, ConversationMembers } from "./device-trust.ts";

/** Stands in for IndexedDB (web/state/device-keystore.ts): records by account, and what was saved, in order. */
const db = vi.hoisted(() => ({
  stored: new Map<string, { contacts: unknown[]; conversations: unknown[] }>(),
  saved: [] as unknown[],
  failLoad: false,
  pendingLoad: null as Promise<void> | null,
}));
vi.mock("./device-keystore.ts", () => ({
  loadTrust: async (ownerId: string) => {
    if (db.pendingLoad) await db.pendingLoad;
    if (db.failLoad) throw new Error("IndexedDB is not available");
    return db.stored.get(ownerId) ?? { contacts: [], conversations: [] };
  },
  saveTrust: async (rec: unknown) => {
    db.saved.push(rec);
  },
}));

const { TrustBook } = await import("./trust-book.ts");

const phone = { id: "d-phone", fingerprint: "1111 1111 1111 1111 1111" };
const laptop = { id: "d-laptop", fingerprint: "2222 2222 2222 2222 2222" };
const mine = { id: "d-mine", fingerprint: "9999 9999 9999 9999 9999" };

function setup(owner: string | null = "alice") {
  const host = {
    changed: vi.fn(),
    self: undefined as string | undefined,
    names: new Map<string, string>(),
    refetch: vi.fn(async (_userId: string) => {}),
  };
  const book = new TrustBook({
    changed: host.changed,
    selfDevice: () => host.self,
    nameOf: (id) => host.names.get(id),
    refetch: host.refetch,
  });
  book.useAccount(owner);
  return { book, host };
}

/** A book whose account's records have loaded (which notifies once), with that notice forgotten. */
async function loaded(owner = "alice") {
  const t = setup(owner);
  await new Promise((r) => setTimeout(r, 0));
  expect(t.host.changed).toHaveBeenCalledTimes(1);
  t.host.changed.mockClear();
  return t;
}

beforeEach(() => {
  db.stored.clear();
  db.saved = [];
  db.failLoad = false;
  db.pendingLoad = null;
});

describe("TrustBook: people's devices", () => {
  it("accepts the first list silently, then shows and saves every device that appears or goes away", async () => {
    const { book, host } = await loaded();
    await book.observe("bob", [phone], 1);
    expect(book.changesOf(["bob"])).toEqual([]);
    expect(book.contactStatus("bob")).toBe("unverified");
    expect(host.changed).toHaveBeenCalledTimes(1);

    await book.observe("bob", [phone, laptop], 2);
    await book.observe("bob", [laptop], 3);
    expect(book.changesOf(["bob", "bob"]).map((e) => [e.kind, e.deviceId])).toEqual([
      ["added", "d-laptop"],
      ["removed", "d-phone"],
    ]);
    expect(book.deviceStatus("bob", laptop.fingerprint)).toBe("new");
    expect(db.saved).toHaveLength(3);
    expect(host.changed).toHaveBeenCalledTimes(3);
  });

  it("neither saves nor notifies when the same list comes again", async () => {
    const { book, host } = await loaded();
    await book.observe("bob", [phone, laptop], 1);
    await book.observe("bob", [laptop, phone], 2);
    expect(db.saved).toHaveLength(1);
    expect(host.changed).toHaveBeenCalledTimes(1);
  });

  it("never makes a notice of this browser's own device", async () => {
    const { book, host } = setup();
    await book.observe("alice", [phone], 1);
    host.self = mine.id;
    await book.observe("alice", [phone, mine], 2);
    expect(book.changesOf(["alice"])).toEqual([]);
  });

  it("applies observations one at a time, so an older fetch answering late does not undo a newer one", async () => {
    const { book } = setup();
    await book.observe("bob", [phone], 1);
    await Promise.all([book.observe("bob", [phone, laptop], 3), book.observe("bob", [phone], 2)]);
    expect(book.changesOf(["bob"]).map((e) => e.kind)).toEqual(["added"]);
  });

  it("does nothing without a signed-in account", async () => {
    const { book, host } = setup(null);
    await book.observe("bob", [phone], 1);
    expect(book.contactStatus("bob")).toBe("unverified");
    expect(book.changesOf(["bob"])).toEqual([]);
    expect(db.saved).toEqual([]);
    expect(host.changed).not.toHaveBeenCalled();
  });
});

describe("TrustBook: verification", () => {
  it("holds sends back for a verified person's new device until it is verified or accepted", async () => {
    const { book, host } = await loaded();
    await book.observe("bob", [phone], 1);
    book.verify("bob", [phone.fingerprint]);
    expect(book.contactStatus("bob")).toBe("verified");
    expect(book.deviceStatus("bob", phone.fingerprint)).toBe("verified");

    await book.observe("bob", [phone, laptop], 2);
    expect(book.contactStatus("bob")).toBe("changed");
    expect(book.unverifiedChanges(["bob", "carol"])).toEqual(["bob"]);

    book.sendAnyway(["bob", "carol"]);
    expect(book.contactStatus("bob")).toBe("partly");
    expect(book.unverifiedChanges(["bob"])).toEqual([]);

    book.unverify("bob");
    expect(book.contactStatus("bob")).toBe("unverified");
    expect((db.saved.at(-1) as ContactTrust).verifiedAt).toBeNull();
    expect(host.changed).toHaveBeenCalledTimes(5);
  });

  it("ignores people it knows nothing about, and changes that change nothing", async () => {
    const { book, host } = setup();
    book.verify("carol", [phone.fingerprint]);
    expect(book.contactStatus("carol")).toBe("unverified");
    await book.observe("bob", [phone], 1);
    host.changed.mockClear();
    db.saved = [];
    book.unverify("bob");
    book.sendAnyway(["bob"]);
    book.unverify("bob");
    // clearVerified always makes a new record, acceptCurrent only when something was pending.
    expect(db.saved).toHaveLength(3);
    book.verify("bob", [phone.fingerprint]);
    db.saved = [];
    book.sendAnyway(["bob"]);
    expect(db.saved).toEqual([]);
  });
});

describe("TrustBook: who is in a conversation", () => {
  it("records the first member list silently, then who joined or left, with their names", async () => {
    const { book, host } = setup();
    expect(book.membersOf("c1")).toBeNull();
    await book.observeMembers("c1", ["alice", "bob"], 1);
    expect(book.membersOf("c1")).toEqual(["alice", "bob"]);
    host.names.set("carol", "Carol");
    await book.observeMembers("c1", ["alice", "carol"], 2);
    expect(book.memberChangesOf("c1").map((e) => [e.kind, e.userId, e.name])).toEqual([
      ["joined", "carol", "Carol"],
      ["left", "bob", undefined],
    ]);
    const last = db.saved.at(-1) as ConversationMembers;
    expect(last.members).toEqual(["alice", "carol"]);
    expect(book.memberChangesOf("c1", "9999")).toEqual([]);
  });

  it("merges device and member changes in time order, members only when asked", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const { book } = setup();
      vi.setSystemTime(new Date("2026-01-01T00:00:00Z"));
      await book.observeMembers("c1", ["alice", "bob"], 1);
      await book.observe("bob", [phone], 1);
      vi.setSystemTime(new Date("2026-01-01T00:01:00Z"));
      await book.observe("bob", [phone, laptop], 2);
      vi.setSystemTime(new Date("2026-01-01T00:02:00Z"));
      await book.observeMembers("c1", ["alice", "bob", "carol"], 2);
      vi.setSystemTime(new Date("2026-01-01T00:03:00Z"));
      await book.observe("bob", [laptop], 3);

      const all = book.conversationChanges("c1", ["alice", "bob"], undefined, true);
      expect(all.map((e) => e.kind)).toEqual(["added", "joined", "removed"]);
      expect(all[1]).toMatchObject({ userId: "carol", fingerprint: "" });
      expect(book.conversationChanges("c1", ["alice", "bob"], undefined, false).map((e) => e.kind)).toEqual(["added", "removed"]);
      expect(book.conversationChanges("c1", ["bob"], "2026-01-01T00:02:00.000Z", true).map((e) => e.kind)).toEqual(["joined", "removed"]);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("TrustBook: accounts", () => {
  it("loads the account's records before applying an observation", async () => {
    const earlier = setup();
    await earlier.book.observe("bob", [phone], 1);
    await earlier.book.observeMembers("c1", ["alice", "bob"], 1);
    db.stored.set("alice", { contacts: [db.saved[0]], conversations: [db.saved[1]] });

    let release = () => {};
    db.pendingLoad = new Promise<void>((r) => (release = r));
    const { book, host } = setup();
    const observed = book.observe("bob", [phone, laptop], 2);
    release();
    await observed;
    // Bob was known, so his new device is a change rather than a first list.
    expect(book.changesOf(["bob"]).map((e) => e.kind)).toEqual(["added"]);
    expect(book.membersOf("c1")).toEqual(["alice", "bob"]);
    expect(host.changed).toHaveBeenCalledTimes(2);
  });

  it("drops the previous account's records, and a load that finishes after a switch", async () => {
    db.stored.set("alice", { contacts: [{ ownerId: "alice", userId: "bob", devices: [], verified: [], accepted: [], verifiedAt: "x", observedAt: 1, events: [] }], conversations: [] });
    let release = () => {};
    db.pendingLoad = new Promise<void>((r) => (release = r));
    const { book, host } = setup("alice");
    book.useAccount("dave");
    release();
    await book.observe("bob", [phone], 1);
    expect(book.contactStatus("bob")).toBe("unverified");
    // Once for Dave's records loading, once for Bob's first list; never for Alice's.
    expect(host.changed).toHaveBeenCalledTimes(2);
    expect((db.saved[0] as ContactTrust).ownerId).toBe("dave");
  });

  it("remembers for this page only when there is no IndexedDB", async () => {
    db.failLoad = true;
    const { book } = setup();
    await book.observe("bob", [phone], 1);
    await book.observe("bob", [phone, laptop], 2);
    expect(book.changesOf(["bob"]).map((e) => e.kind)).toEqual(["added"]);
  });
});

describe("TrustBook: devices_changed", () => {
  it("fetches a person's list once for several notices in a row, and again for a later one", async () => {
    const { book, host } = setup();
    book.devicesChanged("bob");
    book.devicesChanged("bob");
    book.devicesChanged("carol");
    expect(host.refetch).not.toHaveBeenCalled();
    await Promise.resolve();
    expect(host.refetch.mock.calls).toEqual([["bob"], ["carol"]]);
    book.devicesChanged("bob");
    await Promise.resolve();
    expect(host.refetch).toHaveBeenCalledTimes(3);
  });

  it("leaves a failed fetch to the next send or the panel", async () => {
    const { book, host } = setup();
    host.refetch.mockRejectedValueOnce(new TypeError("offline"));
    book.devicesChanged("bob");
    await new Promise((r) => setTimeout(r, 0));
    expect(host.refetch).toHaveBeenCalledTimes(1);
  });
});
