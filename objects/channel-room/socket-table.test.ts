import { describe, expect, it } from "vitest";
import { CLOSE_CODES } from "../../protocol/frames.ts";
import { FLOOD_STRIKES_BEFORE_CLOSE, FRAME_BURST } from "../../protocol/limits.ts";
import { permissionBits } from "../../protocol/permissions.ts";
import { SocketTable } from "./socket-table.ts";
import { RoomSocket } from "./sockets.ts";

const member = permissionBits("VIEW_CHANNEL", "SEND_MESSAGES");
const reader = permissionBits("VIEW_CHANNEL");

interface FakeWs {
  sent: string[];
  closed: [number, string] | null;
  attachment: unknown;
}

function table(...specs: Array<[userId: string, liveAt?: number]>) {
  const sockets = new SocketTable(() => []);
  const list = specs.map(([userId, liveAt = 0]) => {
    const ws = {
      sent: [] as string[],
      closed: null as FakeWs["closed"],
      attachment: null as unknown,
      bufferedAmount: 0,
      send(d: string) {
        this.sent.push(d);
      },
      close(code: number, reason: string) {
        this.closed = [code, reason];
      },
      serializeAttachment(v: unknown) {
        this.attachment = v;
      },
    };
    const s = new RoomSocket(ws as unknown as WebSocket, userId, "sess", member, liveAt);
    sockets.add(s);
    return Object.assign(s, { fake: ws as FakeWs });
  });
  return { sockets, list };
}

const frames = (s: { fake: FakeWs }) => s.fake.sent.map((f) => JSON.parse(f));

describe("SocketTable.updateUser", () => {
  it("P25 closes every socket of a user who lost the channel with 4403, and only theirs", () => {
    const { sockets, list } = table(["alice"], ["alice", -1], ["bob"]);
    sockets.updateUser("alice", null, null, 7, 0);
    expect(list.map((s) => s.fake.closed?.[0] ?? null)).toEqual([CLOSE_CODES.forbidden, CLOSE_CODES.forbidden, null]);
    expect([...sockets.all()]).toEqual([list[2]]);
    sockets.updateUser("bob", permissionBits("SEND_MESSAGES"), null, 7, 0);
    expect(list[2].fake.closed?.[0]).toBe(CLOSE_CODES.forbidden);
  });

  it("P25 P31 gives a user's sockets the new bits and timeout, persists them, and tells live ones", () => {
    const { sockets, list } = table(["alice"], ["alice", -1], ["bob"]);
    expect(sockets.viewers()).toHaveLength(2);
    sockets.updateUser("alice", reader, { untilMs: 5000, bits: member }, 7, 30);
    expect(list.map((s) => s.permissions)).toEqual([reader, reader, member]);
    expect(list[0].timeout).toEqual({ untilMs: 5000, bits: member });
    expect(frames(list[0])).toEqual([{ type: "permissions_updated", permissions: reader.toString(), slowModeSeconds: 30, timedOutUntil: new Date(5000).toISOString() }]);
    expect(list[1].fake.sent).toEqual([]);
    expect(list[1].fake.attachment).toMatchObject({ p: reader.toString(), t: 5000 });
    expect(list[2].fake.sent).toEqual([]);
    // Viewers are recomputed: alice still views the channel, with the new bits.
    expect(sockets.viewers().map((s) => [s.userId, s.permissions])).toEqual([
      ["alice", reader],
      ["bob", member],
    ]);
  });

  it("tells nobody when the bits and timeout are what the sockets have", () => {
    const { sockets, list } = table(["alice"]);
    sockets.updateUser("alice", member, null, 7, 0);
    expect(list[0].fake.sent).toEqual([]);
  });
});

describe("SocketTable.admitFrame", () => {
  it("P17 refuses frames past the burst with rate_limited and closes a socket that keeps going with 4429", () => {
    const { sockets, list } = table(["alice"]);
    const s = list[0];
    const verdicts = Array.from({ length: FRAME_BURST + FLOOD_STRIKES_BEFORE_CLOSE }, () => sockets.admitFrame(s, 0));
    expect(verdicts.filter(Boolean)).toHaveLength(FRAME_BURST);
    expect(frames(s)).toHaveLength(FLOOD_STRIKES_BEFORE_CLOSE - 1);
    expect(frames(s)[0]).toMatchObject({ type: "error", code: "rate_limited" });
    expect(s.fake.closed?.[0]).toBe(CLOSE_CODES.rate_limited);
    expect([...sockets.all()]).toEqual([]);
  });
});

describe("SocketTable.slowModeChanged", () => {
  it("P16 tells live sockets the new slow mode with their bits, not sockets before hello", () => {
    const { sockets, list } = table(["alice"], ["bob", -1]);
    sockets.slowModeChanged(10);
    expect(frames(list[0])).toEqual([{ type: "permissions_updated", permissions: member.toString(), slowModeSeconds: 10, timedOutUntil: null }]);
    expect(list[1].fake.sent).toEqual([]);
  });
});
