/**
 * From a client's request to an op for the group commit: the checks that need no stored message, in P11 order,
 * then the op. What depends on the stored message (author, pinned, already reacted) is decided at commit.
 */
import { assertNever, type DeleteMessageFrame, type EditMessageFrame, type EndPollFrame, type Envelope, type PinFrame, type ReactionFrame, type VotePollFrame } from "../../protocol/frames.ts";
import type { PollInput } from "../../protocol/polls.ts";
import { refused, type Origin } from "./answers.ts";
import { checkBodyMode, checkCanAttach, checkCanSend, type ChannelSettings, type Verdict } from "./checks.ts";
import type { CreateOp, RoomOp } from "./ops.ts";
import type { SendLimits } from "./send-limits.ts";
import type { RoomSocket } from "./sockets.ts";
import { mentionsOf } from "./views.ts";

const NONE: string[] = [];

/** What a send carries: a send_message frame or a REST send (P29). */
export interface SendBody {
  nonce: string;
  content?: string;
  envelope?: Envelope;
  /** File ids (protocol/files.ts), checked against the uploads at commit. */
  attachments?: string[];
  replyTo?: string;
  mentions?: string[];
  poll?: PollInput;
}

/** Edits, deletes, reactions, pins and poll votes. */
export type ChangeFrame = EditMessageFrame | DeleteMessageFrame | ReactionFrame | PinFrame | VotePollFrame | EndPollFrame;

/**
 * P11: a send's checks in order (permission P15, body mode P13, slow mode P16, rate P17), then its op. A refusal
 * is answered here and gives null; only a send that passes takes a slow-mode turn.
 */
export function sendOp(userId: string, permissions: bigint, body: SendBody, origin: Origin, settings: ChannelSettings, limits: Pick<SendLimits, "admit">, nowMs: number): CreateOp<Origin> | null {
  // No closure here: the bundle keeps function names, so each closure made per message costs a __name call.
  if (refused(origin, checkCanSend(permissions)) || refused(origin, checkCanAttach(permissions, body.attachments)) || refused(origin, checkBodyMode(settings, body))) return null;
  if (refused(origin, limits.admit(userId, permissions, settings, nowMs))) return null;
  const m = mentionsOf(body, permissions);
  return { type: "create", userId, permissions, nonce: body.nonce, content: body.content, envelope: body.envelope, attachments: body.attachments ?? NONE, replyTo: body.replyTo, ...m, poll: body.poll, origin };
}

/**
 * A socket's change as an op, answered to that socket, or why not (P13 for edits). Call after checkChange
 * (checks.ts) let it through: that one needs no settings, so a refusal does not start the room.
 */
export function changeOp(s: RoomSocket, frame: ChangeFrame, settings: ChannelSettings): RoomOp<Origin> | Extract<Verdict, { ok: false }> {
  const { userId, permissions } = s;
  const origin = { socket: s, ref: frame.ref };
  switch (frame.type) {
    case "edit_message": {
      const v = checkBodyMode(settings, frame);
      if (!v.ok) return v;
      const m = mentionsOf(frame, permissions);
      return { type: "edit", userId, permissions, messageId: frame.messageId, content: frame.content, envelope: frame.envelope, ...m, origin };
    }
    case "delete_message":
      return { type: "delete", userId, permissions, messageId: frame.messageId, origin };
    case "add_reaction":
    case "remove_reaction":
      return { type: "reaction", isAdd: frame.type === "add_reaction", userId, permissions, messageId: frame.messageId, emoji: frame.emoji, origin };
    case "pin_message":
    case "unpin_message":
      return { type: "pin", isPin: frame.type === "pin_message", userId, permissions, messageId: frame.messageId, origin };
    case "vote_poll":
      return { type: "vote", userId, permissions, messageId: frame.messageId, answers: frame.answers, origin };
    case "end_poll":
      return { type: "end_poll", userId, permissions, messageId: frame.messageId, origin };
    default:
      return assertNever(frame);
  }
}
