import { describe, expect, it } from "vitest";
import { permissionBits } from "../../protocol/permissions.ts";
import { frameBudget, checkBodyMode, checkCanSend, checkChange, checkDelete, checkEdit, checkPin, checkRate, checkReaction, checkReadSeq, slowModeVerdict, slowModeWaitMs, type ChannelSettings } from "./checks.ts";

const plain: ChannelSettings = { kind: "text", encrypted: false, slowModeSeconds: 0, communityId: "c", parentId: null };
const member = permissionBits("VIEW_CHANNEL", "SEND_MESSAGES", "ADD_REACTIONS");
const moderator = member | permissionBits("MANAGE_MESSAGES", "PIN_MESSAGES");
const envelope = { alg: "a", senderDevice: "d", ciphertext: "c" };

describe("checks", () => {
  it("P15 needs SEND_MESSAGES to send", () => {
    expect(checkCanSend(member).ok).toBe(true);
    expect(checkCanSend(permissionBits("VIEW_CHANNEL"))).toMatchObject({ ok: false, code: "missing_permission" });
  });

  it("P13 takes text in plain channels and envelopes in encrypted ones", () => {
    expect(checkBodyMode(plain, { content: "x" }).ok).toBe(true);
    expect(checkBodyMode(plain, { envelope })).toMatchObject({ ok: false, code: "encryption_not_supported" });
    const e2e = { ...plain, encrypted: true };
    expect(checkBodyMode(e2e, { envelope }).ok).toBe(true);
    expect(checkBodyMode(e2e, { content: "x" })).toMatchObject({ ok: false, code: "encryption_required" });
  });

  it("P16 makes members wait out slow mode and lets moderators through", () => {
    const slow = { ...plain, slowModeSeconds: 10 };
    expect(slowModeWaitMs(slow, member, 5000, 1000)).toBe(4000);
    expect(slowModeWaitMs(slow, member, 5000, 6000)).toBe(0);
    expect(slowModeWaitMs(slow, member, undefined, 0)).toBe(0);
    expect(slowModeWaitMs(slow, moderator, 5000, 1000)).toBe(0);
    expect(slowModeWaitMs(plain, member, 5000, 1000)).toBe(0);
    expect(slowModeVerdict(4000)).toMatchObject({ ok: false, code: "slow_mode", retryAfterMs: 4000 });
    expect(slowModeVerdict(0).ok).toBe(true);
  });

  it("P17 allows a burst, then the refill rate, and nothing is limited with limits off", () => {
    const bucket = { tokens: 2, updatedMs: 0 };
    expect(checkRate(bucket, 0, 1, 2, true).ok).toBe(true);
    expect(checkRate(bucket, 0, 1, 2, true).ok).toBe(true);
    expect(checkRate(bucket, 0, 1, 2, true)).toMatchObject({ ok: false, code: "rate_limited", retryAfterMs: 1000 });
    expect(checkRate(bucket, 1000, 1, 2, true).ok).toBe(true);
    expect(checkRate({ tokens: 0, updatedMs: 0 }, 0, 1, 2, false).ok).toBe(true);
  });

  it("P15 lets only the author edit, the author or a moderator delete", () => {
    expect(checkEdit("a", "a").ok).toBe(true);
    expect(checkEdit("b", "a").ok).toBe(false);
    expect(checkDelete("a", "a", member).ok).toBe(true);
    expect(checkDelete("b", "a", member)).toMatchObject({ ok: false, code: "missing_permission" });
    expect(checkDelete("b", "a", moderator).ok).toBe(true);
  });

  it("P15 needs ADD_REACTIONS to add (not to remove) and PIN_MESSAGES to pin", () => {
    const noReact = permissionBits("VIEW_CHANNEL");
    expect(checkReaction(noReact, true).ok).toBe(false);
    expect(checkReaction(noReact, false).ok).toBe(true);
    expect(checkPin(member).ok).toBe(false);
    expect(checkPin(moderator).ok).toBe(true);
  });

  it("P15 refuses reactions and pins up front, and leaves edits and deletes to the commit (stored author)", () => {
    const viewer = permissionBits("VIEW_CHANNEL");
    expect(checkChange(viewer, "add_reaction")).toMatchObject({ ok: false, code: "missing_permission" });
    expect(checkChange(viewer, "remove_reaction").ok).toBe(true);
    expect(checkChange(member, "pin_message")).toMatchObject({ ok: false, code: "missing_permission" });
    expect(checkChange(moderator, "unpin_message").ok).toBe(true);
    expect(checkChange(viewer, "edit_message").ok).toBe(true);
    expect(checkChange(viewer, "delete_message").ok).toBe(true);
  });

  it("P27 refuses a read position past the head", () => {
    expect(checkReadSeq(5, 5).ok).toBe(true);
    expect(checkReadSeq(6, 5)).toMatchObject({ ok: false, code: "invalid_seq" });
  });
});

describe("frameBudget", () => {
  it("P17 allows a burst, refuses beyond it, and closes a client that keeps going", () => {
    const socket = { bucket: null, strikes: 0 };
    const verdicts = Array.from({ length: 80 }, () => frameBudget(socket, 1000));
    expect(verdicts.slice(0, 60).every((v) => v === "ok")).toBe(true);
    expect(verdicts.slice(60, 79).every((v) => v === "refuse")).toBe(true);
    expect(verdicts[79]).toBe("close");
    // A client that waits is forgiven.
    const patient = { bucket: null, strikes: 0 };
    for (let i = 0; i < 61; i++) frameBudget(patient, 0);
    expect(frameBudget(patient, 1000)).toBe("ok");
    expect(patient.strikes).toBe(0);
  });
});
