/** The frames that answer a client's request: serialised here so every answer has the same shape (P3). */
import { PROTOCOL_VERSION, type AckFrame, type ErrorFrame, type WelcomeFrame } from "../../protocol/frames.ts";
import type { ChannelSettings } from "./checks.ts";
import type { OpOutcome } from "./ops.ts";
import type { RoomSocket } from "./sockets.ts";

export function ackJson(id: string, seq: number, ref?: string, nonce?: string): string {
  const ack: AckFrame = { type: "ack", id, seq };
  if (ref !== undefined) ack.ref = ref;
  if (nonce !== undefined) ack.nonce = nonce;
  return JSON.stringify(ack);
}

export function errorJson(ref: string | undefined, code: ErrorFrame["code"], message: string, retryAfterMs?: number): string {
  const frame: ErrorFrame = { type: "error", code, message };
  if (ref !== undefined) frame.ref = ref;
  if (retryAfterMs !== undefined) frame.retryAfterMs = Math.ceil(retryAfterMs);
  return JSON.stringify(frame);
}

/** P7: the answer to hello, with a resume ticket for the next connection (P5a). */
export function welcomeJson(channelId: string, s: RoomSocket, settings: ChannelSettings, headSeq: number, readSeq: number, resume: { ticket: string; expiresAt: Date }): string {
  const frame: WelcomeFrame = {
    type: "welcome",
    resumeTicket: resume.ticket,
    resumeTicketExpiresAt: resume.expiresAt.toISOString(),
    protocolVersion: PROTOCOL_VERSION,
    channelId,
    userId: s.userId,
    permissions: s.permissions.toString(),
    headSeq,
    readSeq,
    slowModeSeconds: settings.slowModeSeconds,
    encrypted: settings.encrypted,
    timedOutUntil: s.timedOutUntil,
  };
  return JSON.stringify(frame);
}

/** The ack or error for an op's outcome. */
export function outcomeJson(outcome: OpOutcome, ref?: string, retryAfterMs?: number): string {
  return outcome.ok ? ackJson(outcome.id, outcome.seq, ref, outcome.nonce) : errorJson(ref, outcome.code, outcome.message, retryAfterMs);
}

/**
 * P5: accept and close at once, so the client learns why. Not hibernatable: a hibernatable socket closed before
 * its 101 is sent reaches the client only about 10 s later.
 */
export function refuse(code: number, reason: string): Response {
  const [client, server] = Object.values(new WebSocketPair());
  server.accept();
  server.close(code, reason);
  return new Response(null, { status: 101, webSocket: client });
}
