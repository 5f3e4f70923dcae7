import { describe, expect, it } from "vitest";
import type { ChannelEvent } from "../../protocol/frames.ts";
import { permissionBits } from "../../protocol/permissions.ts";
import { answer, answerAndBroadcast, refused, type Origin } from "./answers.ts";
import type { Committed } from "./commit.ts";
import type { OpOutcome, RoomOp } from "./ops.ts";
import { Fanout } from "./fanout.ts";
import { RoomSocket, type SocketLike } from "./sockets.ts";

function socket(): RoomSocket & { sent: string[] } {
  const sent: string[] = [];
  const ws: SocketLike = { bufferedAmount: 0, send: (d) => void sent.push(d), close() {}, serializeAttachment() {} };
  return Object.assign(new RoomSocket(ws, "u1", "sess", permissionBits("VIEW_CHANNEL"), 0), { sent });
}

const ok = (seq: number): OpOutcome => ({ ok: true, id: `m${seq}`, seq, nonce: `n${seq}` });
const event = (seq: number) => ({ type: "message_deleted", seq, messageId: `m${seq}`, deletedBy: "u1", deletedAt: "t" }) as ChannelEvent;
const committed = (origin: Origin, seq: number, withEvent = true): Committed<Origin> => ({
  op: { type: "delete", userId: "u1", permissions: 3n, messageId: `m${seq}`, origin } as RoomOp<Origin>,
  outcome: ok(seq),
  event: withEvent ? event(seq) : null,
});

describe("answers", () => {
  it("P3 answers a socket with an ack echoing its ref, and an RPC caller with the outcome and its wait", () => {
    const s = socket();
    answer({ socket: s, ref: "r1" }, ok(4));
    expect(JSON.parse(s.sent[0])).toEqual({ type: "ack", id: "m4", seq: 4, ref: "r1", nonce: "n4" });
    const got: unknown[] = [];
    answer({ resolve: (o, ms) => got.push(o, ms) }, { ok: false, code: "slow_mode", message: "wait" }, 1500);
    expect(got).toEqual([{ ok: false, code: "slow_mode", message: "wait" }, 1500]);
  });

  it("refused answers a refusal with its retryAfterMs and lets an ok verdict through silently", () => {
    const s = socket();
    expect(refused({ socket: s }, { ok: true })).toBe(false);
    expect(s.sent).toEqual([]);
    expect(refused({ socket: s, ref: "r" }, { ok: false, code: "rate_limited", message: "slow down", retryAfterMs: 250 })).toBe(true);
    expect(JSON.parse(s.sent[0])).toEqual({ type: "error", code: "rate_limited", message: "slow down", ref: "r", retryAfterMs: 250 });
  });

  it("P2 puts a sender's acks in the same frame as the batch's events when the fanout sends at once", () => {
    const s = socket();
    const fanout = new Fanout(0, { sockets: () => [s], liveCount: () => 1, onSlow: () => {} });
    answerAndBroadcast([committed({ socket: s, ref: "a" }, 1), committed({ socket: s, ref: "b" }, 2)], fanout);
    expect(s.sent).toHaveLength(1);
    const parts = JSON.parse(s.sent[0]) as Array<{ type: string; ref?: string; seq: number }>;
    expect(parts.map((p) => [p.type, p.ref ?? p.seq])).toEqual([
      ["ack", "a"],
      ["ack", "b"],
      ["message_deleted", 1],
      ["message_deleted", 2],
    ]);
  });

  it("P11 sends acks on their own, in seq order, when the fanout holds the events back", () => {
    const s = socket();
    const queued: ChannelEvent[] = [];
    answerAndBroadcast([committed({ socket: s, ref: "a" }, 1), committed({ socket: s, ref: "b" }, 2, false)], { enqueueAll: (e) => void queued.push(...e) });
    expect(queued.map((e) => e.seq)).toEqual([1]);
    expect(s.sent).toHaveLength(1);
    expect(JSON.parse(s.sent[0]).map((a: { ref: string }) => a.ref)).toEqual(["a", "b"]);
    expect(s.ahead).toBeNull();
  });

  it("resolves RPC callers before handing the events over, and still sends acks if the fanout throws", () => {
    const s = socket();
    const order: string[] = [];
    const results = [committed({ resolve: () => order.push("rpc") }, 1), committed({ socket: s, ref: "a" }, 2)];
    expect(() =>
      answerAndBroadcast(results, {
        enqueueAll: () => {
          order.push("fanout");
          throw new Error("boom");
        },
      }),
    ).toThrow("boom");
    expect(order).toEqual(["rpc", "fanout"]);
    expect(JSON.parse(s.sent[0]).ref).toBe("a");
  });
});
