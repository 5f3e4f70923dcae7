/**
 * The room's decisions about one request, as pure functions of the request, the sender's permission bits and
 * the room's clocks. Permission bits come from workers/permissions/effective.ts (via the ticket or a refresh),
 * never computed here; this only reads them.
 */
import type { ErrorCode } from "../../protocol/errors.ts";
import type { PollInput } from "../../protocol/polls.ts";
import { assertNever, type Envelope } from "../../protocol/frames.ts";
import { FLOOD_STRIKES_BEFORE_CLOSE, FRAME_BURST, FRAME_RATE_PER_S } from "../../protocol/limits.ts";
import { PERMISSION_BITS, type Permission } from "../../protocol/permissions.ts";
import { takeToken, type Bucket } from "../rate-limiter/bucket.ts";

export interface ChannelSettings {
  kind: "text" | "voice" | "dm" | "group_dm" | "thread";
  encrypted: boolean;
  slowModeSeconds: number;
  communityId: string | null;
  /** For a thread: its parent text channel (whose room hears of the thread's activity). */
  parentId: string | null;
}

export type Verdict = { ok: true } | { ok: false; code: ErrorCode; message: string; retryAfterMs?: number };

const OK: Verdict = { ok: true };

function has(bits: bigint, name: Permission): boolean {
  return (bits & PERMISSION_BITS[name]) !== 0n;
}

function missing(name: Permission, what: string): Verdict {
  return { ok: false, code: "missing_permission", message: `You need the ${name} permission to ${what} in this channel.` };
}

/** P15: sending and typing need SEND_MESSAGES. */
export function checkCanSend(permissions: bigint): Verdict {
  return has(permissions, "SEND_MESSAGES") ? OK : missing("SEND_MESSAGES", "send messages");
}

/** A send with files also needs ATTACH_FILES (the upload route checked it too; it may have been taken since). */
export function checkCanAttach(permissions: bigint, attachments: readonly string[] | undefined): Verdict {
  return !attachments?.length || has(permissions, "ATTACH_FILES") ? OK : missing("ATTACH_FILES", "attach files");
}

/**
 * P13: an encrypted channel takes envelopes only, a plain one text only; a poll in an encrypted channel names only
 * how many answers it has (their text is in the envelope), in a plain one the answers themselves.
 */
export function checkBodyMode(settings: ChannelSettings, body: { content?: string; envelope?: Envelope; poll?: PollInput }): Verdict {
  if (settings.encrypted && (body.content !== undefined || body.poll?.answers !== undefined)) {
    return { ok: false, code: "encryption_required", message: "This channel is end-to-end encrypted: send an envelope (and a poll's answerCount), not plain content." };
  }
  if (!settings.encrypted && (body.envelope !== undefined || body.poll?.answerCount !== undefined)) {
    return { ok: false, code: "encryption_not_supported", message: "This channel is not encrypted: send plain content (and a poll's answers)." };
  }
  return OK;
}

/** P16: moderators are exempt from slow mode. */
export function isSlowModeExempt(permissions: bigint): boolean {
  return has(permissions, "MANAGE_MESSAGES") || has(permissions, "MANAGE_CHANNELS");
}

/** P16: how long the user must still wait (0: may send now), given when they may next send. */
export function slowModeWaitMs(settings: ChannelSettings, permissions: bigint, nextAllowedMs: number | undefined, nowMs: number): number {
  if (settings.slowModeSeconds <= 0 || isSlowModeExempt(permissions) || nextAllowedMs === undefined) return 0;
  return Math.max(0, nextAllowedMs - nowMs);
}

export function slowModeVerdict(waitMs: number): Verdict {
  if (waitMs <= 0) return OK;
  return { ok: false, code: "slow_mode", message: `Slow mode is on: you can send again in ${Math.ceil(waitMs / 1000)} s.`, retryAfterMs: waitMs };
}

/** P17: one token from the user's bucket; `enabled` false (RATE_LIMITS=0, benchmarks) always allows. */
export function checkRate(bucket: Bucket, nowMs: number, perSecond: number, burst: number, enabled: boolean): Verdict {
  if (!enabled) return OK;
  const { allowed, waitMs } = takeToken(bucket, nowMs, perSecond, burst);
  if (allowed) return OK;
  return { ok: false, code: "rate_limited", message: "You are sending too fast; slow down.", retryAfterMs: Math.ceil(waitMs) };
}

/** P15: only the author edits. */
export function checkEdit(userId: string, authorId: string): Verdict {
  return userId === authorId ? OK : { ok: false, code: "missing_permission", message: "Only the author can edit a message." };
}

/** P15: the author deletes their own; MANAGE_MESSAGES deletes anyone's. */
export function checkDelete(userId: string, authorId: string, permissions: bigint): Verdict {
  if (userId === authorId || has(permissions, "MANAGE_MESSAGES")) return OK;
  return missing("MANAGE_MESSAGES", "delete other people's messages");
}

/** Ending a poll early: its author, or MANAGE_MESSAGES. */
export function checkEndPoll(userId: string, authorId: string, permissions: bigint): Verdict {
  if (userId === authorId || has(permissions, "MANAGE_MESSAGES")) return OK;
  return missing("MANAGE_MESSAGES", "end other people's polls");
}

/** P15: adding needs ADD_REACTIONS; taking one's own away needs nothing. */
export function checkReaction(permissions: bigint, isAdd: boolean): Verdict {
  return !isAdd || has(permissions, "ADD_REACTIONS") ? OK : missing("ADD_REACTIONS", "add reactions");
}

/** P15: pinning and unpinning need PIN_MESSAGES. */
export function checkPin(permissions: bigint): Verdict {
  return has(permissions, "PIN_MESSAGES") ? OK : missing("PIN_MESSAGES", "pin messages");
}

/**
 * P15: what a change needs before anything is read: reactions and pins their permission, votes ADD_REACTIONS.
 * Edits, deletes and ending a poll pass here; they are checked against the stored author at commit.
 */
export function checkChange(permissions: bigint, type: "edit_message" | "delete_message" | "add_reaction" | "remove_reaction" | "pin_message" | "unpin_message" | "vote_poll" | "end_poll"): Verdict {
  switch (type) {
    case "edit_message":
    case "delete_message":
    case "end_poll":
      return OK;
    case "vote_poll":
      return has(permissions, "ADD_REACTIONS") ? OK : missing("ADD_REACTIONS", "vote in polls");
    case "add_reaction":
    case "remove_reaction":
      return checkReaction(permissions, type === "add_reaction");
    case "pin_message":
    case "unpin_message":
      return checkPin(permissions);
    default:
      return assertNever(type);
  }
}

/** P19: whether @everyone / @here in the text notify anyone. */
export function canMentionEveryone(permissions: bigint): boolean {
  return has(permissions, "MENTION_EVERYONE");
}

/** P27: a read position must not be ahead of the channel. */
export function checkReadSeq(seq: number, headSeq: number): Verdict {
  return seq <= headSeq ? OK : { ok: false, code: "invalid_seq", message: `seq ${seq} is past the channel's newest event (${headSeq}).` };
}

/**
 * P17: one frame against a socket's budget (FRAME_BURST, then FRAME_RATE_PER_S). "refuse": answer rate_limited;
 * "close": the client kept going after FLOOD_STRIKES_BEFORE_CLOSE refusals in a row. Mutates the socket's state.
 */
export function frameBudget(socket: { bucket: Bucket | null; strikes: number }, nowMs: number): "ok" | "refuse" | "close" {
  socket.bucket ??= { tokens: FRAME_BURST, updatedMs: nowMs };
  if (takeToken(socket.bucket, nowMs, FRAME_RATE_PER_S, FRAME_BURST).allowed) {
    socket.strikes = 0;
    return "ok";
  }
  return ++socket.strikes >= FLOOD_STRIKES_BEFORE_CLOSE ? "close" : "refuse";
}
