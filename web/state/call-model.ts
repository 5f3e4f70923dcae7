/**
 * The pure rules of a call (protocol/call-frames.ts), kept apart from WebRTC so they are unit-tested in Node:
 * how each room frame changes the participant list, who sends the first offer and who yields in a collision
 * (perfect negotiation), what a close code means, what may be played from whom, and when a level is speech.
 */
import { CALL_CLOSE_CODES, type CallParticipant, type CallServerFrame } from "../../protocol/call-frames.ts";
import { CLOSE_CODES, assertNever } from "../../protocol/frames.ts";

/** Where a call session is. `ended` carries why, for the notice the view shows (null: the person left). */
export type CallPhase =
  | { state: "connecting" }
  | { state: "connected" }
  | { state: "reconnecting"; attempt: number }
  | { state: "ended"; reason: CallEndReason | null };

export type CallEndReason = "full" | "replaced" | "forbidden" | "not_found" | "failed";

/** What the person sends about themselves in `state` frames. */
export interface LocalState {
  muted: boolean;
  deafened: boolean;
  video: boolean;
  screen: boolean;
}

/** What one room frame does to the participant list (a new array when it changes, the same one otherwise). */
export function applyRosterFrame(list: readonly CallParticipant[], frame: CallServerFrame): readonly CallParticipant[] {
  switch (frame.type) {
    case "call_welcome":
      return frame.participants;
    case "participant_joined":
    case "participant_updated": {
      const i = list.findIndex((p) => p.id === frame.participant.id);
      if (i < 0) return [...list, frame.participant];
      const next = [...list];
      next[i] = frame.participant;
      return next;
    }
    case "participant_left":
      return list.some((p) => p.id === frame.id) ? list.filter((p) => p.id !== frame.id) : list;
    case "signal":
    case "pong":
    case "error":
      return list;
    default:
      return assertNever(frame);
  }
}

/**
 * The participants a newcomer sends offers to: everyone the welcome lists but itself. People who join later
 * offer to us (we answer), so exactly one side of each pair starts.
 */
export function peersToOffer(welcome: { selfId: string; participants: readonly CallParticipant[] }): string[] {
  return welcome.participants.filter((p) => p.id !== welcome.selfId).map((p) => p.id);
}

/** Perfect negotiation's polite peer (the one that yields in an offer collision): the lower participant id. */
export function isPolite(selfId: string, otherId: string): boolean {
  return selfId < otherId;
}

/**
 * Whether an incoming offer collides with one of ours and must be ignored (we are impolite): the rule of
 * https://w3c.github.io/webrtc-pc/#perfect-negotiation-example. The polite side instead rolls back and answers.
 */
export function ignoresOffer(o: { type: string; polite: boolean; makingOffer: boolean; signalingState: RTCSignalingState; settingRemoteAnswer: boolean }): boolean {
  if (o.type !== "offer") return false;
  const readyForOffer = !o.makingOffer && (o.signalingState === "stable" || o.settingRemoteAnswer);
  return !readyForOffer && !o.polite;
}

/** What a closed call socket means: come back (new ticket, after backoff), or stop and say why. */
export function callClosePolicy(code: number): { retry: true } | { retry: false; reason: CallEndReason } {
  switch (code) {
    case CALL_CLOSE_CODES.call_full:
      return { retry: false, reason: "full" };
    case CALL_CLOSE_CODES.replaced:
      return { retry: false, reason: "replaced" };
    case CLOSE_CODES.forbidden:
      return { retry: false, reason: "forbidden" };
    case CLOSE_CODES.channel_not_found:
      return { retry: false, reason: "not_found" };
    case CLOSE_CODES.protocol_mismatch:
    case CLOSE_CODES.too_large:
      return { retry: false, reason: "failed" };
    default:
      // 4401 (the ticket was refused), 4503, 1006 and the rest: a new ticket each time, so all retry alike.
      return { retry: true };
  }
}

/** The sentence the view shows for how a call ended. */
export function endNotice(reason: CallEndReason): string {
  switch (reason) {
    case "full":
      return "This call is full. Voice channels hold 8 people at most.";
    case "replaced":
      return "You joined this call from another tab or device, so it ended here.";
    case "forbidden":
      return "You don't have permission to join this voice channel.";
    case "not_found":
      return "This voice channel no longer exists.";
    case "failed":
      return "Couldn't connect to the call. Try joining again.";
    default:
      return assertNever(reason);
  }
}

/** Which of someone's media may be played: the server cannot stop peer-to-peer bytes, so clients check the flags. */
export function playable(p: CallParticipant): { audio: boolean; video: boolean; screen: boolean } {
  return { audio: p.canSpeak && !p.muted, video: p.canVideo && p.video, screen: p.canScreen && p.screen };
}

/** The state to send after a change, kept within what the person's permissions allow. */
export function allowedState(s: LocalState, self: Pick<CallParticipant, "canSpeak" | "canVideo" | "canScreen"> | undefined): LocalState {
  if (!self) return s;
  return { muted: s.muted || !self.canSpeak, deafened: s.deafened, video: s.video && self.canVideo, screen: s.screen && self.canScreen };
}

/** RMS level (0..1) above which someone counts as speaking. The fake device's beep sits near 0.1; room noise under 0.01. */
export const SPEAKING_LEVEL = 0.02;
/** Speech has gaps between words: the ring stays on this long after the level falls, so it does not flicker. */
export const SPEAKING_HOLD_MS = 300;

/** Whether someone is speaking now, given their level and when they were last above the threshold. */
export function speakingNow(level: number, lastLoudAt: number | null, now: number): { speaking: boolean; lastLoudAt: number | null } {
  if (level >= SPEAKING_LEVEL) return { speaking: true, lastLoudAt: now };
  return { speaking: lastLoudAt !== null && now - lastLoudAt < SPEAKING_HOLD_MS, lastLoudAt };
}

/** The root-mean-square of time-domain samples centred on 128 (AnalyserNode.getByteTimeDomainData). */
export function rmsLevel(samples: Uint8Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const s of samples) {
    const v = (s - 128) / 128;
    sum += v * v;
  }
  return Math.sqrt(sum / samples.length);
}
