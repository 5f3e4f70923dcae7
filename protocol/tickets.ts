/**
 * WebSocket tickets (docs/protocol.md P4, P5, H1): short-lived, signed, single-use credentials that let a browser
 * open a socket (browsers cannot set an Authorization header on a WebSocket).
 *
 * - A connect ticket ("c" channel, "h" hub) is issued over REST after the bearer token and the permission check;
 *   it carries the permission bits just computed and lives WS_TICKET_TTL_S.
 * - A resume ticket ("r") is handed out by a ChannelRoom in its welcome frame, so a client can reconnect after
 *   a restart without a REST round trip (which costs a database connection and a permission query each): a
 *   reconnect storm of thousands of clients then costs the Worker nothing but a signature check. It lives
 *   RESUME_TICKET_TTL_S and names the session, which the room checks is still live when it is used.
 *
 * The Worker checks signature, expiry and channel on every upgrade without touching Postgres; the object the
 * ticket opens refuses a second use (objects/shared/ticket-ledger.ts) and applies permission changes made after
 * the ticket was issued. Format: base64url(JSON claims) "." base64url(HMAC-SHA256), keyed by a key derived from
 * AT_REST_KEY (the derivation label keeps it distinct from every other use of that key).
 *
 * Lives in protocol/ because the Worker signs and checks tickets and the ChannelRoom signs resume tickets.
 */
import { RESUME_TICKET_TTL_S, WS_TICKET_TTL_S } from "./limits.ts";

export type TicketKind = "c" | "h" | "r" | "v";

export interface TicketClaims {
  /** "c": a ChannelRoom socket; "r": a ChannelRoom socket, resuming; "h": the user's UserHub; "v": a voice channel's CallRoom. */
  k: TicketKind;
  /** user id */
  u: string;
  /** session id (the login the ticket was issued under) */
  s: string;
  /** channel id (k = "c" | "r" | "v") */
  c?: string;
  /** permission bits in the channel, decimal (k = "c" | "r" | "v") */
  p?: string;
  /** while timed out (k = "c" | "r"): when the timeout ends, ms since epoch, and the bits from then on (P31) */
  t?: number;
  r?: string;
  /** issued at, ms since epoch */
  i: number;
  /** expires at, ms since epoch */
  e: number;
  /** ticket id, for single use */
  j: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
let cached: { secret: string; key: Promise<CryptoKey> } | null = null;

/** The runtime's own base64 (workerd, current browsers and Node 25+); a loop where it is missing. */
interface NativeBase64 {
  toBase64?: (this: Uint8Array, options: { alphabet: "base64url"; omitPadding: boolean }) => string;
}
interface NativeFromBase64 {
  fromBase64?: (text: string, options: { alphabet: "base64url"; lastChunkHandling: "loose" }) => Uint8Array<ArrayBuffer>;
}
const toBase64 = (Uint8Array.prototype as NativeBase64).toBase64;
const fromBase64 = (Uint8Array as NativeFromBase64).fromBase64;

function b64url(bytes: Uint8Array): string {
  if (toBase64) return toBase64.call(bytes, { alphabet: "base64url", omitPadding: true });
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function unb64url(text: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) throw new Error("not base64url");
  if (fromBase64) return fromBase64(text, { alphabet: "base64url", lastChunkHandling: "loose" });
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The HMAC key for `secret`, derived once per isolate (importKey is not free at thousands of sockets/s). */
function keyFor(secret: string): Promise<CryptoKey> {
  if (!cached || cached.secret !== secret) {
    const key = crypto.subtle
      .digest("SHA-256", encoder.encode("hearth websocket ticket v1\u0000" + secret))
      .then((raw) => crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]));
    cached = { secret, key };
  }
  return cached.key;
}

/** Signs a ticket of `claims.k`, valid from `nowMs` for that kind's lifetime. */
/** What the issuer fills in; issue time, expiry and id are added by issueTicket. */
export type NewTicketClaims = Omit<TicketClaims, "i" | "e" | "j">;

export async function issueTicket(secret: string, claims: NewTicketClaims, nowMs: number): Promise<{ ticket: string; expiresAt: Date }> {
  const ttlS = claims.k === "r" ? RESUME_TICKET_TTL_S : WS_TICKET_TTL_S;
  const id = b64url(crypto.getRandomValues(new Uint8Array(16)));
  const full: TicketClaims = { ...claims, i: nowMs, e: nowMs + ttlS * 1000, j: id };
  const body = b64url(encoder.encode(JSON.stringify(full)));
  const sig = new Uint8Array(await crypto.subtle.sign("HMAC", await keyFor(secret), encoder.encode(body)));
  return { ticket: body + "." + b64url(sig), expiresAt: new Date(full.e) };
}

/** The claims of a genuine, unexpired ticket; null for anything else (malformed, forged, expired). */
export async function readTicket(secret: string, ticket: string, nowMs: number): Promise<TicketClaims | null> {
  if (ticket.length > 2048) return null;
  const dot = ticket.indexOf(".");
  if (dot <= 0) return null;
  const body = ticket.slice(0, dot);
  try {
    // crypto.subtle.verify compares in constant time.
    if (!(await crypto.subtle.verify("HMAC", await keyFor(secret), unb64url(ticket.slice(dot + 1)), encoder.encode(body)))) return null;
    const claims = JSON.parse(decoder.decode(unb64url(body))) as TicketClaims;
    if (typeof claims.e !== "number" || claims.e <= nowMs || typeof claims.u !== "string" || typeof claims.j !== "string" || typeof claims.s !== "string") return null;
    return claims;
  } catch {
    return null;
  }
}
