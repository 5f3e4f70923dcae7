/**
 * CallRoom: one voice channel's call (docs/calls.md). It relays WebRTC signalling between the people in the call
 * and tells everyone who joined, left, muted or turned a camera on; the media itself flows browser to browser (a
 * full mesh of at most MAX_CALL_PARTICIPANTS), so nothing of a call's sound or picture reaches the server.
 *
 * - Addressed by `idFromName("call:" + channelId)`.
 * - Each socket is hibernatable and carries its participant in its attachment, so an evicted room rebuilds the
 *   call from `getWebSockets()` alone; nothing is stored but the used-ticket ledger.
 * - Permission bits come from the ticket (computed by the Worker) and from `updateMembers` when they change;
 *   every state a participant announces is checked against them.
 */
import { DurableObject } from "cloudflare:workers";
import { CALL_CLOSE_CODES, MAX_CALL_PARTICIPANTS, type CallErrorFrame, type CallParticipant, type CallServerFrame } from "../protocol/call-frames.ts";
import { CLOSE_CODES } from "../protocol/frames.ts";
import { forwardedClaims } from "../protocol/internal.ts";
import { hasPermission, isPermissionsString } from "../protocol/permissions.ts";
import { parseCallFrame } from "./call-room/frames.ts";
import { takeToken, type Bucket } from "./rate-limiter/bucket.ts";
import { completeClose } from "./shared/close.ts";
import { TicketLedger } from "./shared/ticket-ledger.ts";

/** What a socket's attachment holds: its participant and the bits they are checked against. */
interface Seat {
  v: 1;
  channelId: string;
  /** Permission bits in the channel, decimal. */
  bits: string;
  participant: CallParticipant;
}

/** A permission change from the Worker (null: the user can no longer see or join the channel). */
export interface CallMemberUpdate {
  userId: string;
  permissions: string | null;
}

/** Signalling is bursty while candidates are gathered; a steady flood is not. */
const FRAME_RATE_PER_S = 50;
const FRAME_BURST = 200;

function seatOf(ws: WebSocket): Seat | null {
  return (ws.deserializeAttachment() as Seat | null) ?? null;
}

function may(bits: bigint) {
  return { canSpeak: hasPermission(bits, "SPEAK"), canVideo: hasPermission(bits, "VIDEO"), canScreen: hasPermission(bits, "SCREEN_SHARE") };
}

/** Whether these bits let someone be in the call at all. */
function canJoin(bits: bigint): boolean {
  return hasPermission(bits, "VIEW_CHANNEL") && hasPermission(bits, "CONNECT_VOICE");
}

/** A socket that is refused: accepted so the browser learns the close code (a refused upgrade is a bare 1006). */
function refuse(code: number, reason: string): Response {
  const [client, server] = Object.values(new WebSocketPair());
  server.accept();
  server.close(code, reason);
  return new Response(null, { status: 101, webSocket: client });
}

export class CallRoom extends DurableObject<Record<string, never>> {
  private readonly ledger: TicketLedger;
  private readonly buckets = new WeakMap<WebSocket, Bucket>();

  constructor(ctx: DurableObjectState, env: Record<string, never>) {
    super(ctx, env);
    this.ledger = new TicketLedger(ctx.storage.kv);
  }

  /** The sockets in the call with their seats (a socket closing has none left to read). */
  private seats(): Array<{ ws: WebSocket; seat: Seat }> {
    const out: Array<{ ws: WebSocket; seat: Seat }> = [];
    for (const ws of this.ctx.getWebSockets()) {
      const seat = seatOf(ws);
      if (seat && ws.readyState === WebSocket.OPEN) out.push({ ws, seat });
    }
    return out;
  }

  private send(ws: WebSocket, frame: CallServerFrame): void {
    try {
      ws.send(JSON.stringify(frame));
    } catch {
      // closing: its close handler tells the others
    }
  }

  private broadcast(frame: CallServerFrame, except?: WebSocket): void {
    const text = JSON.stringify(frame);
    for (const { ws } of this.seats()) {
      if (ws === except) continue;
      try {
        ws.send(text);
      } catch {
        // closing
      }
    }
  }

  /** The upgrade the Worker forwarded after checking the ticket's signature (workers/realtime/calls.ts). */
  async fetch(request: Request): Promise<Response> {
    const claims = forwardedClaims(request.headers);
    if (!claims || claims.k !== "v" || typeof claims.c !== "string" || typeof claims.p !== "string" || !isPermissionsString(claims.p)) {
      return new Response("forbidden", { status: 403 });
    }
    if (!this.ledger.claim(claims.j, claims.i, claims.e, Date.now())) return refuse(CLOSE_CODES.unauthorized, "invalid or expired ticket");
    const bits = BigInt(claims.p);
    if (!canJoin(bits)) return refuse(CLOSE_CODES.forbidden, "you cannot join this call");

    const present = this.seats();
    // One seat per person: joining again (another tab, a reload) replaces the earlier one.
    for (const { ws, seat } of present) {
      if (seat.participant.userId !== claims.u) continue;
      ws.serializeAttachment(null);
      completeClose(ws, CALL_CLOSE_CODES.replaced, "you joined this call from somewhere else");
      this.broadcast({ type: "participant_left", id: seat.participant.id }, ws);
    }
    const others = this.seats();
    if (others.length >= MAX_CALL_PARTICIPANTS) return refuse(CALL_CLOSE_CODES.call_full, `this call is full (${MAX_CALL_PARTICIPANTS} people)`);

    const rights = may(bits);
    const participant: CallParticipant = { id: crypto.randomUUID(), userId: claims.u, muted: !rights.canSpeak, deafened: false, video: false, screen: false, ...rights };
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    server.serializeAttachment({ v: 1, channelId: claims.c, bits: claims.p, participant } satisfies Seat);
    this.send(server, { type: "call_welcome", channelId: claims.c, selfId: participant.id, participants: [...others.map((o) => o.seat.participant), participant] });
    this.broadcast({ type: "participant_joined", participant }, server);
    return new Response(null, { status: 101, webSocket: client });
  }

  webSocketMessage(ws: WebSocket, raw: string | ArrayBuffer): void {
    const seat = seatOf(ws);
    if (!seat) return;
    const error = (code: CallErrorFrame["code"], message: string) => this.send(ws, { type: "error", code, message });
    let bucket = this.buckets.get(ws);
    if (!bucket) this.buckets.set(ws, (bucket = { tokens: FRAME_BURST, updatedMs: Date.now() }));
    if (!takeToken(bucket, Date.now(), FRAME_RATE_PER_S, FRAME_BURST).allowed) return error("rate_limited", "Too many frames; slow down.");

    const parsed = parseCallFrame(raw);
    if (!parsed.ok) return this.send(ws, parsed.error);
    const frame = parsed.frame;
    switch (frame.type) {
      case "ping":
        return this.send(ws, { type: "pong" });
      case "signal": {
        const target = this.seats().find((s) => s.seat.participant.id === frame.to && s.ws !== ws);
        if (!target) return error("participant_not_found", "Nobody with that id is in this call (they may have left).");
        return this.send(target.ws, { type: "signal", from: seat.participant.id, data: frame.data });
      }
      case "state": {
        const p = seat.participant;
        if (!frame.muted && !p.canSpeak) return error("missing_permission", "You need the SPEAK permission to unmute in this channel.");
        if (frame.video && !p.canVideo) return error("missing_permission", "You need the VIDEO permission to turn your camera on in this channel.");
        if (frame.screen && !p.canScreen) return error("missing_permission", "You need the SCREEN_SHARE permission to share your screen in this channel.");
        Object.assign(p, { muted: frame.muted, deafened: frame.deafened, video: frame.video, screen: frame.screen });
        ws.serializeAttachment(seat);
        return this.broadcast({ type: "participant_updated", participant: p });
      }
    }
  }

  webSocketClose(ws: WebSocket, code: number, reason: string): void {
    // A socket the room closed itself has no seat left, and its close is already answered.
    if (this.leave(ws)) completeClose(ws, code, reason);
  }

  webSocketError(ws: WebSocket): void {
    this.leave(ws);
  }

  /** Takes the socket's participant out of the call, telling everyone; false if it had already left. */
  private leave(ws: WebSocket): boolean {
    const seat = seatOf(ws);
    if (!seat) return false;
    ws.serializeAttachment(null);
    this.broadcast({ type: "participant_left", id: seat.participant.id }, ws);
    return true;
  }

  // ---- RPC from the Worker -----------------------------------------------------------------------------------

  /** Who is in the call now. */
  async roster(): Promise<CallParticipant[]> {
    return this.seats().map((s) => s.seat.participant);
  }

  /** The users in the call, whose bits the Worker recomputes after a permission change (updateMembers). */
  async users(): Promise<string[]> {
    return [...new Set(this.seats().map((s) => s.seat.participant.userId))];
  }

  /**
   * New bits for users in the call: who may no longer join is closed out (4403); who lost SPEAK, VIDEO or
   * SCREEN_SHARE is muted or loses the camera or screen, and everyone hears of it.
   */
  async updateMembers(updates: CallMemberUpdate[]): Promise<void> {
    const byUser = new Map(updates.map((u) => [u.userId, u.permissions]));
    for (const { ws, seat } of this.seats()) {
      if (!byUser.has(seat.participant.userId)) continue;
      const raw = byUser.get(seat.participant.userId);
      const bits = raw && isPermissionsString(raw) ? BigInt(raw) : null;
      if (bits === null || !canJoin(bits)) {
        ws.serializeAttachment(null);
        completeClose(ws, CLOSE_CODES.forbidden, "you can no longer join this call");
        this.broadcast({ type: "participant_left", id: seat.participant.id }, ws);
        continue;
      }
      const p = seat.participant;
      Object.assign(p, may(bits));
      if (!p.canSpeak) p.muted = true;
      if (!p.canVideo) p.video = false;
      if (!p.canScreen) p.screen = false;
      seat.bits = raw!;
      ws.serializeAttachment(seat);
      this.broadcast({ type: "participant_updated", participant: p });
    }
  }
}
