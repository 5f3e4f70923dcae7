import { describe, expect, it } from "vitest";
import type { CallParticipant } from "../../protocol/call-frames.ts";
import { allowedState, applyRosterFrame, callClosePolicy, ignoresOffer, isPolite, peersToOffer, playable, rmsLevel, speakingNow, SPEAKING_HOLD_MS } from "./call-model.ts";

const person = (id: string, over: Partial<CallParticipant> = {}): CallParticipant => ({
  id,
  userId: `u-${id}`,
  muted: false,
  deafened: false,
  video: false,
  screen: false,
  canSpeak: true,
  canVideo: true,
  canScreen: true,
  ...over,
});

describe("the participant list", () => {
  it("takes the welcome's list whole, oneself included", () => {
    const list = applyRosterFrame([person("old")], { type: "call_welcome", channelId: "c", selfId: "b", participants: [person("a"), person("b")] });
    expect(list.map((p) => p.id)).toEqual(["a", "b"]);
  });

  it("adds someone who joins at the end and replaces them in place when they update", () => {
    let list = applyRosterFrame([person("a")], { type: "participant_joined", participant: person("b") });
    list = applyRosterFrame(list, { type: "participant_updated", participant: person("a", { muted: true }) });
    expect(list.map((p) => [p.id, p.muted])).toEqual([
      ["a", true],
      ["b", false],
    ]);
  });

  it("treats an update for someone not listed as a join (a frame raced the welcome)", () => {
    expect(applyRosterFrame([], { type: "participant_updated", participant: person("z") }).map((p) => p.id)).toEqual(["z"]);
  });

  it("removes someone who leaves, and keeps the same array when the id is unknown or the frame is not about people", () => {
    const list = [person("a"), person("b")];
    expect(applyRosterFrame(list, { type: "participant_left", id: "a" }).map((p) => p.id)).toEqual(["b"]);
    expect(applyRosterFrame(list, { type: "participant_left", id: "nobody" })).toBe(list);
    expect(applyRosterFrame(list, { type: "pong" })).toBe(list);
    expect(applyRosterFrame(list, { type: "signal", from: "a", data: { candidate: null } })).toBe(list);
  });
});

describe("who negotiates", () => {
  it("has the newcomer offer to everyone already there, not to itself", () => {
    expect(peersToOffer({ selfId: "n", participants: [person("a"), person("n"), person("c")] })).toEqual(["a", "c"]);
    expect(peersToOffer({ selfId: "n", participants: [person("n")] })).toEqual([]);
  });

  it("makes exactly one side of each pair polite", () => {
    for (const [a, b] of [["0190-a", "0190-b"], ["z", "a"]]) expect(isPolite(a, b)).not.toBe(isPolite(b, a));
  });

  it("ignores a colliding offer on the impolite side only", () => {
    const collide = { type: "offer", makingOffer: true, signalingState: "have-local-offer" as const, settingRemoteAnswer: false };
    expect(ignoresOffer({ ...collide, polite: false })).toBe(true);
    expect(ignoresOffer({ ...collide, polite: true })).toBe(false);
  });

  it("accepts an offer when stable and not offering, and never ignores an answer", () => {
    expect(ignoresOffer({ type: "offer", polite: false, makingOffer: false, signalingState: "stable", settingRemoteAnswer: false })).toBe(false);
    expect(ignoresOffer({ type: "answer", polite: false, makingOffer: true, signalingState: "have-local-offer", settingRemoteAnswer: false })).toBe(false);
    // An answer being applied counts as stable: an offer arriving meanwhile is not a collision.
    expect(ignoresOffer({ type: "offer", polite: false, makingOffer: false, signalingState: "have-local-offer", settingRemoteAnswer: true })).toBe(false);
  });
});

describe("close codes", () => {
  it("stops without retrying when the call is full, the person joined elsewhere, or lost access", () => {
    expect(callClosePolicy(4410)).toEqual({ retry: false, reason: "full" });
    expect(callClosePolicy(4411)).toEqual({ retry: false, reason: "replaced" });
    expect(callClosePolicy(4403)).toEqual({ retry: false, reason: "forbidden" });
    expect(callClosePolicy(4404)).toEqual({ retry: false, reason: "not_found" });
  });

  it("retries with a new ticket after a refused ticket, a deploy or a network drop", () => {
    for (const code of [4401, 4503, 1006, 1011]) expect(callClosePolicy(code)).toEqual({ retry: true });
  });
});

describe("permissions", () => {
  it("plays nothing a participant's flags do not allow, whatever they claim to send", () => {
    expect(playable(person("a", { video: true, screen: true, canVideo: false, canScreen: false, canSpeak: false }))).toEqual({ audio: false, video: false, screen: false });
    expect(playable(person("a", { video: true, screen: true }))).toEqual({ audio: true, video: true, screen: true });
    expect(playable(person("a", { muted: true })).audio).toBe(false);
  });

  it("keeps the state sent within what one may do", () => {
    const want = { muted: false, deafened: true, video: true, screen: true };
    expect(allowedState(want, { canSpeak: false, canVideo: false, canScreen: true })).toEqual({ muted: true, deafened: true, video: false, screen: true });
    expect(allowedState(want, undefined)).toEqual(want);
  });
});

describe("speaking", () => {
  it("measures silence as 0 and a full-scale square wave as 1", () => {
    expect(rmsLevel(new Uint8Array(64).fill(128))).toBe(0);
    expect(rmsLevel(Uint8Array.from({ length: 64 }, (_, i) => (i % 2 ? 0 : 256 - 1e-9)))).toBeCloseTo(1, 1);
    expect(rmsLevel(new Uint8Array(0))).toBe(0);
  });

  it("turns on with a loud level and holds through a short gap, then turns off", () => {
    const on = speakingNow(0.2, null, 1000);
    expect(on).toEqual({ speaking: true, lastLoudAt: 1000 });
    expect(speakingNow(0, on.lastLoudAt, 1000 + SPEAKING_HOLD_MS - 1).speaking).toBe(true);
    expect(speakingNow(0, on.lastLoudAt, 1000 + SPEAKING_HOLD_MS).speaking).toBe(false);
    expect(speakingNow(0.001, null, 5).speaking).toBe(false);
  });
});
