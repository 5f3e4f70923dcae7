import { describe, expect, it } from "vitest";
import { ReadPositions, type ReadsHost } from "./read-positions.ts";
import { RoomSocket, type SocketLike } from "./sockets.ts";

function socket(userId: string, liveAt = 0): RoomSocket & { sent: string[] } {
  const sent: string[] = [];
  const ws: SocketLike = { bufferedAmount: 0, send: (d) => void sent.push(d), close() {}, serializeAttachment() {} };
  return Object.assign(new RoomSocket(ws, userId, "sess", 3n, liveAt), { sent });
}

function reads(sockets: RoomSocket[], stored: Record<string, number> = {}) {
  const loads: string[][] = [];
  const hub: Array<[string, string, number]> = [];
  const host: ReadsHost = {
    load: async (userIds) => {
      loads.push(userIds);
      return new Map(userIds.filter((u) => u in stored).map((u) => [u, stored[u]]));
    },
    // Like saveReadSeq: never moves back.
    save: async (userId, seq) => (stored[userId] = Math.max(stored[userId] ?? 0, seq)),
    channelId: () => "c1",
    sockets: () => sockets,
    hubs: { readChanged: (userId, channelId, seq) => void hub.push([userId, channelId, seq]) },
  };
  return { positions: new ReadPositions(host), loads, hub, stored };
}

describe("ReadPositions", () => {
  it("P27 stores a move, acks it, and tells the user's other sockets and their hub", async () => {
    const phone = socket("alice");
    const laptop = socket("alice");
    const fresh = socket("alice", -1);
    const bob = socket("bob");
    const { positions, hub, stored } = reads([phone, laptop, fresh, bob], { alice: 9 });
    await positions.mark(phone, 5, "r1", 20);
    expect(JSON.parse(phone.sent[0])).toEqual({ type: "ack", id: "c1", seq: 9, ref: "r1" });
    expect(laptop.sent.map((f) => JSON.parse(f))).toEqual([{ type: "read_updated", seq: 9 }]);
    expect([fresh.sent, bob.sent]).toEqual([[], []]);
    expect(hub).toEqual([["alice", "c1", 9]]);
    expect(stored.alice).toBe(9);
  });

  it("P27 refuses a position past the head without storing it", async () => {
    const s = socket("alice");
    const { positions, hub, stored } = reads([s]);
    await positions.mark(s, 21, "r1", 20);
    expect(JSON.parse(s.sent[0])).toMatchObject({ type: "error", code: "invalid_seq", ref: "r1" });
    expect(stored).toEqual({});
    expect(hub).toEqual([]);
  });

  it("answers from the cache once a position is stored; users asking while a load runs share the next one", async () => {
    const s = socket("alice");
    const { positions, loads } = reads([s], { bob: 4 });
    await positions.mark(s, 7, undefined, 20);
    expect(await positions.get("alice")).toBe(7);
    expect(loads).toEqual([]);
    const [bob, carol, bobAgain] = await Promise.all([positions.get("bob"), positions.get("carol"), positions.get("bob")]);
    expect([bob, carol, bobAgain]).toEqual([4, 0, 4]);
    expect(loads).toEqual([["bob"], ["carol", "bob"]]);
  });
});
