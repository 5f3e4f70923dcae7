import { describe, expect, it } from "vitest";
import { permissionBits } from "../../protocol/permissions.ts";
import type { Origin } from "./answers.ts";
import type { ChannelSettings, Verdict } from "./checks.ts";
import type { OpOutcome } from "./ops.ts";
import { changeOp, sendOp } from "./requests.ts";
import { RoomSocket, type SocketLike } from "./sockets.ts";

const U1 = "0193b1f2-7c4a-7def-8123-456789abcdef";
const plain: ChannelSettings = { kind: "text", encrypted: false, slowModeSeconds: 0, communityId: "c", parentId: null };
const e2e: ChannelSettings = { ...plain, encrypted: true };
const envelope = { alg: "a", senderDevice: "d", ciphertext: "c" };
const member = permissionBits("VIEW_CHANNEL", "SEND_MESSAGES", "ADD_REACTIONS");

function rpc(): { origin: Origin; answers: Array<[OpOutcome, number | undefined]> } {
  const answers: Array<[OpOutcome, number | undefined]> = [];
  return { origin: { resolve: (o, ms) => answers.push([o, ms]) }, answers };
}

/** SendLimits that records its calls and answers `verdict`. */
function limits(verdict: Verdict = { ok: true }) {
  const calls: number[] = [];
  return { calls, admit: (_u: string, _p: bigint, _s: ChannelSettings, nowMs: number) => (calls.push(nowMs), verdict) };
}

function socket(permissions = member): RoomSocket & { sent: string[] } {
  const sent: string[] = [];
  const ws: SocketLike = { bufferedAmount: 0, send: (d) => void sent.push(d), close() {}, serializeAttachment() {} };
  return Object.assign(new RoomSocket(ws, "u1", "sess", permissions, 0), { sent });
}

describe("sendOp", () => {
  it("P11 P19 makes a create op with the mentions parsed from the text", () => {
    const { origin, answers } = rpc();
    const op = sendOp("u1", member, { nonce: "n", content: `hi <@${U1}>`, replyTo: "m0" }, origin, plain, limits(), 5);
    expect(op).toMatchObject({ type: "create", userId: "u1", permissions: member, nonce: "n", content: `hi <@${U1}>`, replyTo: "m0", mentions: [U1], mentionsEveryone: false, origin });
    expect(answers).toEqual([]);
  });

  it("P15 P13 refuses before slow mode and rate are charged", () => {
    const l = limits();
    const { origin, answers } = rpc();
    expect(sendOp("u1", permissionBits("VIEW_CHANNEL"), { nonce: "n", content: "x" }, origin, plain, l, 5)).toBeNull();
    expect(sendOp("u1", member, { nonce: "n", content: "x" }, origin, e2e, l, 5)).toBeNull();
    expect(answers.map(([o]) => !o.ok && o.code)).toEqual(["missing_permission", "encryption_required"]);
    expect(l.calls).toEqual([]);
  });

  it("P16 P17 answers a limit's refusal with its retryAfterMs", () => {
    const { origin, answers } = rpc();
    const l = limits({ ok: false, code: "slow_mode", message: "wait", retryAfterMs: 4000 });
    expect(sendOp("u1", member, { nonce: "n", envelope }, origin, e2e, l, 5)).toBeNull();
    expect(l.calls).toEqual([5]);
    expect(answers).toEqual([[{ ok: false, code: "slow_mode", message: "wait" }, 4000]]);
  });
});

describe("changeOp", () => {
  it("P13 refuses an edit in the wrong body mode, and takes an envelope's mentions as sent", () => {
    const s = socket();
    expect(changeOp(s, { type: "edit_message", messageId: "m1", content: "x" }, e2e)).toMatchObject({ ok: false, code: "encryption_required" });
    const op = changeOp(s, { type: "edit_message", messageId: "m1", envelope, mentions: [U1], ref: "r" }, e2e);
    expect(op).toMatchObject({ type: "edit", userId: "u1", messageId: "m1", envelope, mentions: [U1], mentionsEveryone: false, origin: { socket: s, ref: "r" } });
  });

  it("answers reactions, pins and deletes to the socket that asked, with its ref", () => {
    const s = socket();
    expect(changeOp(s, { type: "remove_reaction", messageId: "m1", emoji: "👍", ref: "a" }, plain)).toMatchObject({ type: "reaction", isAdd: false, emoji: "👍", origin: { socket: s, ref: "a" } });
    expect(changeOp(s, { type: "pin_message", messageId: "m1" }, plain)).toMatchObject({ type: "pin", isPin: true, messageId: "m1" });
    expect(changeOp(s, { type: "unpin_message", messageId: "m1" }, plain)).toMatchObject({ type: "pin", isPin: false });
    expect(changeOp(s, { type: "delete_message", messageId: "m1" }, plain)).toMatchObject({ type: "delete", userId: "u1", permissions: member, messageId: "m1" });
  });
});
