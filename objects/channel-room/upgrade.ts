/**
 * The room's side of a WebSocket upgrade. The Worker has verified the ticket's signature and expiry (P4, P5) and
 * forwards its claims (protocol/internal.ts); here those are read, and the bits the socket opens with are
 * decided: the ticket's, unless a permission change was recorded after it was issued (P25, P31).
 */
import { CLOSE_CODES } from "../../protocol/frames.ts";
import { forwardedClaims } from "../../protocol/internal.ts";
import { isPermissionsString } from "../../protocol/permissions.ts";
import { canStay } from "./audience.ts";
import type { MemberChanges } from "./member-changes.ts";
import { timeoutOf, type SocketTimeout } from "./sockets.ts";

/** An upgrade as the Worker forwarded it. */
export interface Upgrade {
  userId: string;
  sessionId: string;
  channelId: string;
  /** The ticket's permission bits, decimal (checked). */
  ticketBits: string;
  ticketId: string;
  ticketExpiresAtMs: number;
  ticketIssuedAtMs: number;
  /** A resume ticket (P5a): its session is checked at hello. */
  isResume: boolean;
  /** The ticket's running timeout (P31), if any. */
  timeout: SocketTimeout | null;
}

/** What the socket opens with, or the close code and reason it is refused with. */
export type Standing = { ok: true; permissions: bigint; timeout: SocketTimeout | null } | { ok: false; code: number; reason: string };

/** Reads the forwarded upgrade; null when the identity is incomplete (the Worker did not forward it). */
export function readUpgrade(h: Headers): Upgrade | null {
  const claims = forwardedClaims(h);
  if (!claims || !claims.c || typeof claims.c !== "string" || typeof claims.p !== "string" || !isPermissionsString(claims.p)) return null;
  return {
    userId: claims.u,
    sessionId: claims.s,
    channelId: claims.c,
    ticketBits: claims.p,
    ticketId: claims.j,
    ticketExpiresAtMs: claims.e,
    ticketIssuedAtMs: claims.i,
    isResume: claims.k === "r",
    timeout: timeoutOf(claims.t, claims.r),
  };
}

/**
 * P25: the ticket's bits, or those of a change recorded since it was issued; a socket opened under a ticket
 * issued before a change also takes the change's timeout (P31). Refused when the user can no longer see the
 * channel, or when permissions changed for everyone since (the client fetches a new ticket).
 */
export function standing(u: Upgrade, members: Pick<MemberChanges, "get" | "timeout">): Standing {
  const changed = members.get(u.userId, u.ticketIssuedAtMs);
  if (changed === "reissue") return { ok: false, code: CLOSE_CODES.unauthorized, reason: "permissions changed since this ticket was issued: get a new one" };
  const permissions = changed === undefined ? BigInt(u.ticketBits) : changed;
  if (permissions === null || !canStay(permissions)) return { ok: false, code: CLOSE_CODES.forbidden, reason: "you can no longer see this channel" };
  return { ok: true, permissions, timeout: changed === undefined ? u.timeout : members.timeout(u.userId) };
}
