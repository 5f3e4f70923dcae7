/**
 * What the Worker tells a Durable Object when it forwards a WebSocket upgrade, after verifying the ticket: the
 * ticket's claims, as JSON, in one header. Objects have no public address and the Worker builds the forwarded
 * request itself, so only the Worker can set it; clients never see it.
 */
import type { TicketClaims } from "./tickets.ts";

export const INTERNAL_TICKET_HEADER = "x-hearth-ticket";

/** The request the Worker sends an object for a verified upgrade. */
export function forwardedUpgrade(url: string, claims: TicketClaims): Request {
  return new Request(url, { headers: { upgrade: "websocket", [INTERNAL_TICKET_HEADER]: JSON.stringify(claims) } });
}

/** The forwarded claims; null when the header is missing or incomplete (the Worker did not forward it). */
export function forwardedClaims(h: Headers): TicketClaims | null {
  const raw = h.get(INTERNAL_TICKET_HEADER);
  if (!raw) return null;
  try {
    const c = JSON.parse(raw) as Partial<TicketClaims> | null;
    const complete = !!c && !!c.u && !!c.s && !!c.j && typeof c.u === "string" && typeof c.s === "string" && typeof c.j === "string" && typeof c.e === "number" && typeof c.i === "number";
    return complete ? (c as TicketClaims) : null;
  } catch {
    return null;
  }
}
