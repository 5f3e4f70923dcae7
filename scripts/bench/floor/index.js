/**
 * The runtime floor for `npm run bench` (phase "floor"): the least any app can cost per socket in this workerd with
 * a Worker that hands the upgrade to a Durable Object which accepts it as hibernatable, as Hearth's ChannelRoom
 * does. No ticket check, no storage, no database: the object answers a hello with a welcome of about the size of
 * Hearth's (the load generators need `type`, `headSeq` and `resumeTicket`), and a send_message with an ack to the
 * sender and the event to every socket, serialised once (what the load generators read: seq and content). Served
 * with the same workerd config as the real bundle (same bindings and compatibility flags), so the difference
 * between the two lines is Hearth's.
 */
import { DurableObject } from "cloudflare:workers";

const welcome = (headSeq) =>
  JSON.stringify({
    type: "welcome",
    protocolVersion: 1,
    channelId: "00000000-0000-7000-8000-000000000000",
    headSeq,
    permissions: "1099511627775",
    slowModeSeconds: 0,
    resumeTicket: "x".repeat(300),
  });

export class ChannelRoom extends DurableObject {
  seq = 0;
  /** The sockets, kept in memory as a room does (rebuilt from the runtime's after an eviction). */
  sockets = this.ctx.getWebSockets();

  fetch() {
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    this.sockets.push(server);
    return new Response(null, { status: 101, webSocket: client });
  }

  webSocketMessage(ws, data) {
    if (!data.startsWith('{"type":"send_message"')) return ws.send(welcome(this.seq));
    const { nonce, content } = JSON.parse(data);
    const seq = ++this.seq;
    ws.send(JSON.stringify({ type: "ack", nonce, seq }));
    const event = JSON.stringify({ type: "message_created", seq, message: { content } });
    for (const s of this.sockets) s.send(event);
  }

  webSocketClose(ws, code) {
    this.sockets = this.sockets.filter((s) => s !== ws);
    // 1005 and 1006 say no code came; they cannot be sent back.
    ws.close(code === 1005 || code === 1006 ? 1000 : code);
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
