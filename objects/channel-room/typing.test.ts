import { describe, expect, it } from "vitest";
import { TYPING_EXPIRES_MS, TYPING_THROTTLE_MS } from "../../protocol/limits.ts";
import { permissionBits } from "../../protocol/permissions.ts";
import { RoomSocket, type SocketLike } from "./sockets.ts";
import { Typing } from "./typing.ts";

const member = permissionBits("VIEW_CHANNEL", "SEND_MESSAGES");

function socket(userId: string, permissions = member, liveAt = 0): RoomSocket & { sent: string[] } {
  const sent: string[] = [];
  const ws: SocketLike = { bufferedAmount: 0, send: (d) => void sent.push(d), close() {}, serializeAttachment() {} };
  return Object.assign(new RoomSocket(ws, userId, "sess", permissions, liveAt), { sent });
}

describe("Typing", () => {
  it("P26 tells the other live viewers, not the typist's own devices nor sockets before hello", () => {
    const alice = socket("alice");
    const alicePhone = socket("alice");
    const bob = socket("bob");
    const newcomer = socket("carol", member, -1);
    new Typing(() => [alice, alicePhone, bob, newcomer]).start(alice, undefined, 1000);
    expect(bob.sent.map((f) => JSON.parse(f))).toEqual([{ type: "user_typing", userId: "alice", expiresInMs: TYPING_EXPIRES_MS }]);
    expect([alice, alicePhone, newcomer].map((s) => s.sent)).toEqual([[], [], []]);
  });

  it("P26 sends at most one notice per user per TYPING_THROTTLE_MS", () => {
    const alice = socket("alice");
    const bob = socket("bob");
    const typing = new Typing(() => [alice, bob]);
    for (const t of [0, 1, TYPING_THROTTLE_MS - 1, TYPING_THROTTLE_MS]) typing.start(alice, undefined, t);
    typing.start(bob, undefined, 1);
    expect(bob.sent).toHaveLength(2);
    expect(alice.sent).toHaveLength(1);
  });

  it("P15 answers a user without SEND_MESSAGES with an error echoing the ref", () => {
    const reader = socket("reader", permissionBits("VIEW_CHANNEL"));
    const bob = socket("bob");
    new Typing(() => [reader, bob]).start(reader, "r1", 0);
    expect(JSON.parse(reader.sent[0])).toMatchObject({ type: "error", code: "missing_permission", ref: "r1" });
    expect(bob.sent).toEqual([]);
  });
});
