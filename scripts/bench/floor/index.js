/**
 * The runtime floor for `npm run bench` (phase "floor"): the least any app can cost per socket in this workerd with
 * a Worker that hands the upgrade to a Durable Object which accepts it as hibernatable, as Hearth's ChannelRoom
 * does. No ticket check, no storage, no database: the object answers a hello with a welcome of about the size of
 * Hearth's (the load generators need `type`, `headSeq` and `resumeTicket`), and a send_message with an ack to the
 * sender and the event to every socket, serialised once (what the load generators read: seq and content). Served
 * with the same workerd config as the real bundle (same bindings and compatibility flags), so the difference
 * between the two lines is Hearth's.
 *
 * With DURABLE true (the bench serves a copy with it switched on: phase "floor", durable line), a send_message
 * first crosses the same kind of line Hearth's rooms keep to their commit shard (a WebSocket from the room to one
 * other object, which answers each request as soon as it has read it, writing nothing), and is acked with its
 * event in one frame once the answer is back: what any design with a Durable Object per channel and a shared
 * writer costs in this runtime before it does any work, Postgres included.
 */
import { DurableObject } from "cloudflare:workers";

const DURABLE = false;

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
    if (DURABLE) return this.commit(ws, nonce, content);
    const seq = ++this.seq;
    ws.send(JSON.stringify({ type: "ack", nonce, seq }));
    const event = JSON.stringify({ type: "message_created", seq, message: { content } });
    for (const s of this.sockets) s.send(event);
  }

  /** DURABLE: one request in flight on the line; what arrives meanwhile goes in the next (a room's group commit). */
  pending = [];
  inFlight = false;
  line = null;
  answers = new Map();
  nextId = 0;

  async commit(ws, nonce, content) {
    this.pending.push({ ws, nonce, content });
    if (this.inFlight) return;
    this.inFlight = true;
    while (this.pending.length) {
      const batch = this.pending;
      this.pending = [];
      const line = await this.openLine();
      const id = this.nextId++;
      await new Promise((resolve) => {
        this.answers.set(id, resolve);
        line.send(id + "\n" + JSON.stringify(batch.map((b) => [b.nonce, b.content])));
      });
      for (const b of batch) {
        const seq = ++this.seq;
        const frame = "[" + JSON.stringify({ type: "ack", nonce: b.nonce, seq }) + "," + JSON.stringify({ type: "message_created", seq, message: { content: b.content } }) + "]";
        for (const s of this.sockets) s.send(s === b.ws ? frame : frame.slice(frame.indexOf(",") + 1, -1));
      }
    }
    this.inFlight = false;
  }

  async openLine() {
    if (this.line) return this.line;
    const res = await this.env.COMMIT_SHARD.get(this.env.COMMIT_SHARD.idFromName("floor-shard")).fetch("https://floor-shard/line", { headers: { upgrade: "websocket" } });
    const line = res.webSocket;
    line.accept();
    line.addEventListener("message", (e) => {
      const id = Number(e.data);
      this.answers.get(id)?.();
      this.answers.delete(id);
    });
    return (this.line = line);
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
export class DbPool extends DurableObject {}
/** DURABLE: the other end of every room's line; answers each request with its id as soon as it has read it. */
export class CommitShard extends DurableObject {
  fetch() {
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    server.addEventListener("message", (e) => {
      const text = e.data;
      const nl = text.indexOf("\n");
      JSON.parse(text.slice(nl + 1));
      server.send(text.slice(0, nl));
    });
    return new Response(null, { status: 101, webSocket: client });
  }
}

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
