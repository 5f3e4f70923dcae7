/**
 * The runtime floor for `npm run bench` (phase "floor"): the least any app can cost per socket in this workerd with
 * a Worker that hands the upgrade to a Durable Object which accepts it as hibernatable, as Hearth's ChannelRoom
 * does. No ticket check, no state, no storage: the object answers a hello with a welcome of about the size of
 * Hearth's (the load generators need `type`, `headSeq` and `resumeTicket`). Served with the same workerd config
 * as the real bundle (same bindings and compatibility flags), so the difference between the two lines is Hearth's.
 */
import { DurableObject } from "cloudflare:workers";

const WELCOME = JSON.stringify({
  type: "welcome",
  protocolVersion: 1,
  channelId: "00000000-0000-7000-8000-000000000000",
  headSeq: 0,
  permissions: "1099511627775",
  slowModeSeconds: 0,
  resumeTicket: "x".repeat(300),
});

export class ChannelRoom extends DurableObject {
  fetch() {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    return new Response(null, { status: 101, webSocket: client });
  }

  webSocketMessage(ws) {
    ws.send(WELCOME);
  }

  webSocketClose(ws, code) {
    ws.close(code);
  }
}

/** The config declares these namespaces for the real bundle; here they are never reached. */
export class RateLimiter extends DurableObject {}
export class UserHub extends DurableObject {}
export class CommitShard extends DurableObject {}

const SOCKET_PATH = /^\/api\/v1\/channels\/([^/]+)\/ws$/;

export default {
  fetch(request, env) {
    const { pathname } = new URL(request.url);
    if (pathname === "/healthz") return new Response("ok");
    const m = SOCKET_PATH.exec(pathname);
    if (!m) return new Response("not found", { status: 404 });
    return env.CHANNEL_ROOM.get(env.CHANNEL_ROOM.idFromName("channel:" + m[1])).fetch(request);
  },
};
