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
import { forwardedUpgrade } from "../../protocol/internal.ts";
import { channelAccess } from "../communities/access.ts";
import type { AppEnv, Env } from "../env.ts";
import { AppError, errorResponse } from "../errors.ts";
import { clientIp } from "../http/client-ip.ts";
import { limitRequest } from "../http/rate-limit.ts";
import { withSecurityHeaders } from "../http/security-headers.ts";
import { authOf, requireAuth } from "../http/auth-middleware.ts";
import { params, uuidSchema } from "../http/validate.ts";
import { issueTicket, readTicket, type NewTicketClaims, type TicketClaims } from "../../protocol/tickets.ts";
import { hasRoom, visibleChannelIds } from "./visible-channels.ts";
import { BoundedMap } from "../../objects/shared/bounded-map.ts";
import { userHubOf } from "../../objects/shared/user-hub-of.ts";

const idParam = z.object({ id: uuidSchema });

/** The socket URL for `path`, on PUBLIC_URL when set (behind a proxy), else on the address the client used. */
export function socketUrl(c: Context<AppEnv>, path: string, ticket: string): string {
  const base = new URL(c.env.PUBLIC_URL || c.req.url);
  base.protocol = base.protocol === "https:" ? "wss:" : "ws:";
  base.pathname = path;
  base.search = "?ticket=" + encodeURIComponent(ticket);
  return base.toString();
}

/**
 * Room ids by channel, per isolate: deriving an id from its name hashes it, and an upgrade burst asks for the same
 * few rooms thousands of times (4-5% of the Worker's thread while accepting sockets, in a CPU profile). An id is
 * a plain value, valid across requests; the stub made from it is not, so each call makes its own.
 */
const roomIds = new BoundedMap<string, DurableObjectId>(10_000);

export function channelRoom(env: Env, channelId: string) {
  let id = roomIds.get(channelId);
  if (!id) roomIds.set(channelId, (id = env.CHANNEL_ROOM.idFromName("channel:" + channelId)));
  return env.CHANNEL_ROOM.get(id);
}

export function userHub(env: Env, userId: string) {
  return userHubOf(env.USER_HUB, userId);
}

/**
 * P5: accept and close at once with `code`, so a browser learns why (a refused upgrade shows up as a bare 1006).
 */
export function refuseSocket(code: number, reason: string): Response {
  const [client, server] = Object.values(new WebSocketPair());
  server.accept();
  server.close(code, reason);
  return new Response(null, { status: 101, webSocket: client });
}

export function requireUpgrade(c: Context<AppEnv>): void {
  if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
    throw new AppError(400, "invalid_query", "Open this URL as a WebSocket (it needs Upgrade: websocket).");
  }
}

/**
 * Hands the verified upgrade to an object, with the ticket's claims in a header only the Worker can set. An object
 * that fails to take it (restarting, its start-up waiting on an unreachable database) is a 503 the client retries.
 */
async function forward(url: string, stub: { fetch(r: Request): Promise<Response> }, claims: TicketClaims): Promise<Response> {
  try {
    return await stub.fetch(forwardedUpgrade(url, claims));
  } catch (err) {
    console.error("socket upgrade: the object did not take it:", (err as Error).message);
    throw new AppError(503, "service_unavailable", "This conversation cannot be opened right now; try again in a moment.", { retryAfterS: 1 }, { "Retry-After": "1" });
  }
}

/** GET /api/v1/channels/:id/ws with a valid upgrade: a fresh ticket from REST, or a resume ticket from an earlier welcome (the room checks its session). */
async function channelUpgrade(env: Env, url: string, channelId: string, ticket: string): Promise<Response> {
  const claims = await readTicket(env.AT_REST_KEY, ticket, Date.now());
  if (!claims || (claims.k !== "c" && claims.k !== "r") || claims.c !== channelId) return refuseSocket(CLOSE_CODES.unauthorized, "invalid or expired ticket");
  return forward(url, channelRoom(env, channelId), claims);
}

/** GET /api/v1/realtime/hub with a valid upgrade. */
async function hubUpgrade(env: Env, url: string, ticket: string): Promise<Response> {
  const claims = await readTicket(env.AT_REST_KEY, ticket, Date.now());
  if (!claims || claims.k !== "h") return refuseSocket(CLOSE_CODES.unauthorized, "invalid or expired ticket");
  return forward(url, userHub(env, claims.u), claims);
}

const CHANNEL_SOCKET_PATH = /^\/api\/v1\/channels\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/ws$/;
const HUB_SOCKET_PATH = "/api/v1/realtime/hub";

/**
 * Accepting sockets is the hot path (a reconnect storm is thousands per second), so a well-formed upgrade to one
 * of the two socket URLs skips the app's router and middleware (request id, database handle, security headers a
 * 101 cannot carry): it is rate limited as the app would (`limitRequest`), its ticket checked and the upgrade
 * forwarded. Anything else returns null and goes through the app, whose routes below answer malformed requests.
 */
export function socketFastPath(request: Request, env: Env): Promise<Response> | null {
  if (request.method !== "GET" || request.headers.get("upgrade")?.toLowerCase() !== "websocket") return null;
  const url = new URL(request.url);
  const channelId = CHANNEL_SOCKET_PATH.exec(url.pathname)?.[1];
  if (channelId === undefined && url.pathname !== HUB_SOCKET_PATH) return null;
  const ticket = url.searchParams.get("ticket") ?? "";
  const open = () => (channelId === undefined ? hubUpgrade(env, request.url, ticket) : channelUpgrade(env, request.url, channelId, ticket));
  const limited = env.RATE_LIMITS === "0" ? open() : limitRequest(env, clientIp(request, env.TRUSTED_PROXIES), request.method, url.pathname).then(open);
  return limited.catch((err: unknown) => withSecurityHeaders(errorResponse(err)));
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

// Reached by what socketFastPath passed on: a request without the upgrade, or an id that is not a UUID.
channelSocketRoutes.get("/:id/ws", async (c) => {
  requireUpgrade(c);
  const { id } = params(c, idParam);
  return channelUpgrade(c.env, c.req.url, id, c.req.query("ticket") ?? "");
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
  return hubUpgrade(c.env, c.req.url, c.req.query("ticket") ?? "");
});
