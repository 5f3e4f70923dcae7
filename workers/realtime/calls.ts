/**
 * Voice channel calls (docs/calls.md, protocol/call-frames.ts):
 *   POST /api/v1/channels/:id/call-ticket  (Bearer) → 201 { ticket, url, expiresAt, iceServers }
 *   GET  /api/v1/channels/:id/call/ws?ticket=…  WebSocket, handed to the channel's CallRoom
 *   GET  /api/v1/channels/:id/call          (Bearer) → { participants } (who is in the call now)
 * As with text channels, the ticket carries the caller's bits in the channel, checked when it is issued; the
 * room re-checks them for every state a participant announces, and the realtime hooks send it changes.
 */
import { Hono } from "hono";
import { z } from "zod";
import type { CallRoster } from "../../protocol/call-frames.ts";
import { CLOSE_CODES } from "../../protocol/frames.ts";
import { forwardedUpgrade } from "../../protocol/internal.ts";
import { hasPermission } from "../../protocol/permissions.ts";
import { issueTicket, readTicket } from "../../protocol/tickets.ts";
import { channelAccess, type ChannelAccess } from "../communities/access.ts";
import { requirePermission } from "../communities/guard.ts";
import type { Db } from "../db.ts";
import type { AppEnv, Env } from "../env.ts";
import { AppError, errorResponse } from "../errors.ts";
import { clientIp } from "../http/client-ip.ts";
import { limitRequest } from "../http/rate-limit.ts";
import { withSecurityHeaders } from "../http/security-headers.ts";
import { authOf, requireAuth } from "../http/auth-middleware.ts";
import { params, uuidSchema } from "../http/validate.ts";
import { BoundedMap } from "../../objects/shared/bounded-map.ts";
import { refuseSocket, requireUpgrade, socketUrl } from "./sockets.ts";

const idParam = z.object({ id: uuidSchema });

/** Call room ids by channel, per isolate, as channel rooms' are (sockets.ts): roster polls ask for the same few. */
const callIds = new BoundedMap<string, DurableObjectId>(10_000);

export function callRoom(env: Pick<Env, "CALL_ROOM">, channelId: string) {
  let id = callIds.get(channelId);
  if (!id) callIds.set(channelId, (id = env.CALL_ROOM.idFromName("call:" + channelId)));
  return env.CALL_ROOM.get(id);
}

/** The caller's access to a voice channel they can see, or 404 channel_not_found. */
async function requireVoiceChannel(db: Db, userId: string, channelId: string): Promise<ChannelAccess> {
  const access = await channelAccess(db, userId, channelId);
  if (!access || access.channel.kind !== "voice" || !hasPermission(access.permissions, "VIEW_CHANNEL")) {
    throw new AppError(404, "channel_not_found", "No such voice channel, or you cannot see it.");
  }
  return access;
}

/** ICE_SERVERS as configured: a JSON array of { urls, username?, credential? }; anything malformed is none. */
export function iceServers(raw: string | undefined): RTCIceServer[] {
  if (!raw?.trim()) return [];
  try {
    const list = JSON.parse(raw) as unknown;
    if (!Array.isArray(list)) throw new Error("not an array");
    return list.filter((s): s is RTCIceServer => {
      if (typeof s !== "object" || s === null) return false;
      const { urls, username, credential } = s as Record<string, unknown>;
      const okUrls = typeof urls === "string" || (Array.isArray(urls) && urls.every((u) => typeof u === "string"));
      return okUrls && (username === undefined || typeof username === "string") && (credential === undefined || typeof credential === "string");
    });
  } catch (err) {
    console.error("ICE_SERVERS is not a JSON array of ICE servers; calls use none:", (err as Error).message);
    return [];
  }
}

/** ICE_SERVERS parsed once per isolate (a malformed value would otherwise be logged by every ticket request). */
let iceCache: { raw: string | undefined; servers: RTCIceServer[] } | null = null;
function configuredIceServers(raw: string | undefined): RTCIceServer[] {
  if (!iceCache || iceCache.raw !== raw) iceCache = { raw, servers: iceServers(raw) };
  return iceCache.servers;
}

export const callRoutes = new Hono<AppEnv>();

callRoutes.post("/:id/call-ticket", requireAuth, async (c) => {
  const { id } = params(c, idParam);
  const auth = authOf(c);
  const access = await requireVoiceChannel(await c.var.db.get(), auth.userId, id);
  requirePermission(access.permissions, "CONNECT_VOICE");
  const { ticket, expiresAt } = await issueTicket(c.env.AT_REST_KEY, { k: "v", u: auth.userId, s: auth.sessionId, c: id, p: access.permissions.toString() }, Date.now());
  return c.json({ ticket, url: socketUrl(c, `/api/v1/channels/${id}/call/ws`, ticket), expiresAt: expiresAt.toISOString(), iceServers: configuredIceServers(c.env.ICE_SERVERS) }, 201);
});

/** Hands a call upgrade with a valid ticket to the channel's CallRoom. */
export async function callUpgrade(env: Env, url: string, channelId: string, ticket: string): Promise<Response> {
  const claims = await readTicket(env.AT_REST_KEY, ticket, Date.now());
  if (!claims || claims.k !== "v" || claims.c !== channelId) return refuseSocket(CLOSE_CODES.unauthorized, "invalid or expired ticket");
  try {
    return await callRoom(env, channelId).fetch(forwardedUpgrade(url, claims));
  } catch (err) {
    console.error("call upgrade: the room did not take it:", (err as Error).message);
    throw new AppError(503, "service_unavailable", "This call cannot be joined right now; try again in a moment.", { retryAfterS: 1 }, { "Retry-After": "1" });
  }
}

const CALL_SOCKET_PATH = /^\/api\/v1\/channels\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/call\/ws$/;

/** A well-formed call upgrade, outside the app's middleware as channel upgrades are (sockets.ts socketFastPath). */
export function callFastPath(request: Request, env: Env): Promise<Response> | null {
  if (request.method !== "GET" || request.headers.get("upgrade")?.toLowerCase() !== "websocket") return null;
  const url = new URL(request.url);
  const channelId = CALL_SOCKET_PATH.exec(url.pathname)?.[1];
  if (channelId === undefined) return null;
  const open = () => callUpgrade(env, request.url, channelId, url.searchParams.get("ticket") ?? "");
  const limited = env.RATE_LIMITS === "0" ? open() : limitRequest(env, clientIp(request, env.TRUSTED_PROXIES), request.method, url.pathname).then(open);
  return limited.catch((err: unknown) => withSecurityHeaders(errorResponse(err)));
}

// Reached by what callFastPath passed on: a request without the upgrade, or an id that is not a UUID.
callRoutes.get("/:id/call/ws", async (c) => {
  requireUpgrade(c);
  const { id } = params(c, idParam);
  return callUpgrade(c.env, c.req.url, id, c.req.query("ticket") ?? "");
});

callRoutes.get("/:id/call", requireAuth, async (c) => {
  const { id } = params(c, idParam);
  const auth = authOf(c);
  await requireVoiceChannel(await c.var.db.get(), auth.userId, id);
  const participants = await callRoom(c.env, id).roster();
  return c.json({ participants } satisfies CallRoster);
});
