/**
 * WebSocket tickets (docs/protocol.md P4, H1): short-lived, signed, single-use credentials that let a browser
 * open a socket (browsers cannot set an Authorization header on a WebSocket). The Worker signs the identity and
 * the permission bits it just computed; on the upgrade it checks signature, expiry and channel without touching
 * Postgres (which is what lets sockets be accepted by the thousand per second), and the object the ticket opens
 * refuses a second use of the same ticket id (objects/shared/ticket-ledger.ts).
 *
 * Format: base64url(JSON claims) "." base64url(HMAC-SHA256). The key is derived from AT_REST_KEY, so no extra
 * secret has to be provisioned; the derivation label keeps it distinct from every other use of that key.
 */
import { WS_TICKET_TTL_S } from "../../protocol/limits.ts";
import { base64UrlDecode, base64UrlEncode, bytesEqual, randomToken } from "../auth/tokens.ts";

export interface TicketClaims {
  /** "c": a ChannelRoom socket; "h": the user's UserHub. */
  k: "c" | "h";
  /** user id */
  u: string;
  /** channel id (k = "c") */
  c?: string;
  /** permission bits in the channel, decimal (k = "c") */
  p?: string;
  /** expiry, ms since epoch */
  e: number;
  /** ticket id, for single use */
  j: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
let cached: { secret: string; key: Promise<CryptoKey> } | null = null;

/** The HMAC key for `secret`, derived once per isolate (importKey is not free at thousands of sockets/s). */
function keyFor(secret: string): Promise<CryptoKey> {
  if (cached?.secret !== secret) {
    const key = crypto.subtle
      .digest("SHA-256", encoder.encode("hearth websocket ticket v1\u0000" + secret))
      .then((raw) => crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]));
    cached = { secret, key };
  }
  return cached.key;
}

async function sign(secret: string, body: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign("HMAC", await keyFor(secret), encoder.encode(body)));
}

/** Signs a ticket valid WS_TICKET_TTL_S from `nowMs`. */
export async function issueTicket(secret: string, claims: Omit<TicketClaims, "e" | "j">, nowMs: number): Promise<{ ticket: string; expiresAt: Date }> {
  const full: TicketClaims = { ...claims, e: nowMs + WS_TICKET_TTL_S * 1000, j: randomToken(16) };
  const body = base64UrlEncode(encoder.encode(JSON.stringify(full)));
  return { ticket: body + "." + base64UrlEncode(await sign(secret, body)), expiresAt: new Date(full.e) };
}

/** The claims of a genuine, unexpired ticket; null for anything else (malformed, forged, expired). */
export async function readTicket(secret: string, ticket: string, nowMs: number): Promise<TicketClaims | null> {
  if (ticket.length > 2048) return null;
  const dot = ticket.indexOf(".");
  if (dot <= 0) return null;
  const body = ticket.slice(0, dot);
  try {
    if (!bytesEqual(base64UrlDecode(ticket.slice(dot + 1)), await sign(secret, body))) return null;
    const claims = JSON.parse(decoder.decode(base64UrlDecode(body))) as TicketClaims;
    if (typeof claims.e !== "number" || claims.e <= nowMs || typeof claims.u !== "string" || typeof claims.j !== "string") return null;
    return claims;
  } catch {
    return null;
  }
}
