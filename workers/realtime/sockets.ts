/**
 * Socket tickets and upgrades (docs/protocol.md P4-P5, H1):
 *   POST /api/v1/channels/:id/ws-ticket   (Bearer) → 201 { ticket, url, expiresAt }
 *   GET  /api/v1/channels/:id/ws?ticket=…  WebSocket, handed to the channel's ChannelRoom
 *   POST /api/v1/users/me/ws-ticket       (Bearer) → 201 { ticket, url, expiresAt }
 *   GET  /api/v1/realtime/hub?ticket=…     WebSocket, handed to the user's UserHub
 * The upgrades authenticate by ticket only (browsers cannot send headers on a WebSocket) and touch no database:
 * the permission bits were computed when the ticket was issued. The channel upgrade also takes the resume ticket
 * a room hands out in its welcome frame (protocol/tickets.ts), so reconnecting needs no REST call.
 */
import { Hono, type Context } from "hono";
import { z } from "zod";
import { CLOSE_CODES } from "../../protocol/frames.ts";
import { INTERNAL_HEADERS } from "../../protocol/internal.ts";
import { channelAccess } from "../communities/access.ts";
import type { AppEnv, Env } from "../env.ts";
import { AppError } from "../errors.ts";
import { authOf, requireAuth } from "../http/auth-middleware.ts";
import { params, uuidSchema } from "../http/validate.ts";
import { issueTicket, readTicket, type NewTicketClaims, type TicketClaims } from "../../protocol/tickets.ts";
import { hasRoom, visibleChannelIds } from "./visible-channels.ts";

const idParam = z.object({ id: uuidSchema });

/** The socket URL for `path`, on PUBLIC_URL when set (behind a proxy), else on the address the client used. */
function socketUrl(c: Context<AppEnv>, path: string, ticket: string): string {
  const base = new URL(c.env.PUBLIC_URL || c.req.url);
  base.protocol = base.protocol === "https:" ? "wss:" : "ws:";
  base.pathname = path;
  base.search = "?ticket=" + encodeURIComponent(ticket);
  return base.toString();
}

export function channelRoom(env: Env, channelId: string) {
  return env.CHANNEL_ROOM.get(env.CHANNEL_ROOM.idFromName("channel:" + channelId));
}

export function userHub(env: Env, userId: string) {
  return env.USER_HUB.get(env.USER_HUB.idFromName("user:" + userId));
}

/**
 * P5: accept and close at once with `code`, so a browser learns why (a refused upgrade shows up as a bare 1006).
 */
function refuseSocket(code: number, reason: string): Response {
  const [client, server] = Object.values(new WebSocketPair());
  server.accept();
  server.close(code, reason);
  return new Response(null, { status: 101, webSocket: client });
}

function requireUpgrade(c: Context<AppEnv>): void {
  if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
    throw new AppError(400, "invalid_query", "Open this URL as a WebSocket (it needs Upgrade: websocket).");
  }
}

/** Hands the verified upgrade to an object, with the identity in headers only the Worker can set. */
function forward(c: Context<AppEnv>, stub: { fetch(r: Request): Promise<Response> }, claims: TicketClaims): Promise<Response> {
  const headers = new Headers({
    upgrade: "websocket",
    [INTERNAL_HEADERS.userId]: claims.u,
    [INTERNAL_HEADERS.ticketId]: claims.j,
    [INTERNAL_HEADERS.ticketExpiresAt]: String(claims.e),
    [INTERNAL_HEADERS.ticketKind]: claims.k,
    [INTERNAL_HEADERS.ticketIssuedAt]: String(claims.i),
    [INTERNAL_HEADERS.sessionId]: claims.s,
  });
  if (claims.c) headers.set(INTERNAL_HEADERS.channelId, claims.c);
  if (claims.p) headers.set(INTERNAL_HEADERS.permissions, claims.p);
  if (claims.t !== undefined && claims.r) {
    headers.set(INTERNAL_HEADERS.timedOutUntil, String(claims.t));
    headers.set(INTERNAL_HEADERS.permissionsAfterTimeout, claims.r);
  }
  return stub.fetch(new Request(c.req.url, { headers }));
}

export const channelSocketRoutes = new Hono<AppEnv>();

channelSocketRoutes.post("/:id/ws-ticket", requireAuth, async (c) => {
  const { id } = params(c, idParam);
  const auth = authOf(c);
  const db = await c.var.db.get();
  const access = await channelAccess(db, auth.userId, id);
  if (!access || !hasRoom(access.channel.kind)) throw new AppError(404, "channel_not_found", "No such text channel, or you cannot see it.");
  const claims: NewTicketClaims = { k: "c", u: auth.userId, s: auth.sessionId, c: id, p: access.permissions.toString() };
  if (access.timedOutUntil && access.permissionsAfterTimeout !== null) {
    claims.t = access.timedOutUntil.getTime();
    claims.r = access.permissionsAfterTimeout.toString();
  }
  const { ticket, expiresAt } = await issueTicket(c.env.AT_REST_KEY, claims, Date.now());
  return c.json({ ticket, url: socketUrl(c, `/api/v1/channels/${id}/ws`, ticket), expiresAt: expiresAt.toISOString() }, 201);
});

channelSocketRoutes.get("/:id/ws", async (c) => {
  requireUpgrade(c);
  const { id } = params(c, idParam);
  const claims = await readTicket(c.env.AT_REST_KEY, c.req.query("ticket") ?? "", Date.now());
  // A fresh ticket from REST, or a resume ticket from an earlier welcome (the room checks its session).
  if (!claims || (claims.k !== "c" && claims.k !== "r") || claims.c !== id) return refuseSocket(CLOSE_CODES.unauthorized, "invalid or expired ticket");
  return forward(c, channelRoom(c.env, id), claims);
});

export const hubTicketRoutes = new Hono<AppEnv>();

hubTicketRoutes.post("/ws-ticket", requireAuth, async (c) => {
  const auth = authOf(c);
  const db = await c.var.db.get();
  // The hub learns what the user can see from the permission function, here, never on its own.
  await userHub(c.env, auth.userId).setChannels(auth.userId, await visibleChannelIds(db, auth.userId));
  const { ticket, expiresAt } = await issueTicket(c.env.AT_REST_KEY, { k: "h", u: auth.userId, s: auth.sessionId }, Date.now());
  return c.json({ ticket, url: socketUrl(c, "/api/v1/realtime/hub", ticket), expiresAt: expiresAt.toISOString() }, 201);
});

export const hubSocketRoutes = new Hono<AppEnv>();

hubSocketRoutes.get("/hub", async (c) => {
  requireUpgrade(c);
  const claims = await readTicket(c.env.AT_REST_KEY, c.req.query("ticket") ?? "", Date.now());
  if (!claims || claims.k !== "h") return refuseSocket(CLOSE_CODES.unauthorized, "invalid or expired ticket");
  return forward(c, userHub(c.env, claims.u), claims);
});
