/**
 * One client socket as the room sees it. What must survive hibernation lives in the attachment (kept small: it
 * is stored per socket by the runtime); the rest is rebuilt empty after a wake-up, which only forgives a little
 * rate-limit debt.
 */
import type { Bucket } from "../rate-limiter/bucket.ts";
import type { Audience, SocketPhase } from "./audience.ts";
import type { Recipient } from "./encoding.ts";
import { isPermissionsString } from "../../protocol/permissions.ts";
import type { NewTicketClaims } from "../../protocol/tickets.ts";

/** Stored with each socket. `v` is bumped when the shape changes. */
export interface Attachment {
  v: 1;
  /** user id */
  u: string;
  /** permission bits, decimal */
  p: string;
  /** the seq the socket went live at; -1 before hello */
  s: number;
  /** the login session the socket was opened under (for resume tickets) */
  x: string;
  /** 1 while a resume ticket's session has not been checked yet */
  c?: 1;
  /** while timed out: when the timeout ends (ms since epoch) and the bits from then on, decimal */
  t?: number;
  r?: string;
}

/** A running timeout: the bits the Worker computed for after it ends, applied by the room when it does. */
export interface SocketTimeout {
  untilMs: number;
  bits: bigint;
}

/** The part of the runtime's WebSocket the room uses (so tests can pass fakes). */
export interface SocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  readonly bufferedAmount: number;
  serializeAttachment(value: unknown): void;
}

export class RoomSocket<W extends SocketLike = SocketLike> implements Audience, Recipient {
  phase: SocketPhase;
  pending: string[] | null = null;
  ahead: string[] | null = null;
  /** Per-socket frame bucket (P17), in memory only. */
  bucket: Bucket | null = null;
  strikes = 0;
  isClosed = false;
  timeout: SocketTimeout | null = null;

  constructor(
    readonly ws: W,
    readonly userId: string,
    readonly sessionId: string,
    public permissions: bigint,
    liveAtSeq: number,
    /** Opened with a resume ticket whose session is still to be checked (at hello). */
    public mustCheckSession = false,
  ) {
    this.phase = liveAtSeq >= 0 ? "live" : "new";
  }

  static fromAttachment<W extends SocketLike>(ws: W, raw: unknown): RoomSocket<W> | null {
    const a = raw as Partial<Attachment> | null;
    if (!a || a.v !== 1 || typeof a.u !== "string" || typeof a.p !== "string" || typeof a.s !== "number" || typeof a.x !== "string") return null;
    const s = new RoomSocket(ws, a.u, a.x, BigInt(a.p), a.s, a.c === 1);
    if (typeof a.t === "number" && typeof a.r === "string") s.timeout = { untilMs: a.t, bits: BigInt(a.r) };
    return s;
  }

  /** Records what must survive hibernation. Called on accept, on going live and on permission changes only. */
  persist(liveAtSeq: number): void {
    const a: Attachment = { v: 1, u: this.userId, p: this.permissions.toString(), s: this.phase === "live" ? liveAtSeq : -1, x: this.sessionId };
    if (this.mustCheckSession) a.c = 1;
    if (this.timeout) {
      a.t = this.timeout.untilMs;
      a.r = this.timeout.bits.toString();
    }
    this.ws.serializeAttachment(a);
  }

  /** Sends one frame; false when the socket is gone. */
  send(data: string): boolean {
    if (this.isClosed) return false;
    try {
      this.ws.send(data);
      return true;
    } catch {
      this.isClosed = true;
      return false;
    }
  }

  /** Ends a timeout whose time has come: the socket takes the bits computed for after it. True when it ended. */
  endTimeout(nowMs: number): boolean {
    if (!this.timeout || nowMs < this.timeout.untilMs) return false;
    this.permissions = this.timeout.bits;
    this.timeout = null;
    return true;
  }

  /** Records new bits (and timeout) for hibernation and tells the client (P25, P31). */
  permissionsChanged(liveAtSeq: number, slowModeSeconds: number): void {
    this.persist(liveAtSeq);
    if (this.phase === "live") this.send(this.permissionsFrame(slowModeSeconds));
  }

  /** P5a: what the resume ticket in this socket's welcome carries, its running timeout included (P31). */
  resumeClaims(channelId: string): NewTicketClaims {
    const claims: NewTicketClaims = { k: "r", u: this.userId, s: this.sessionId, c: channelId, p: this.permissions.toString() };
    if (this.timeout) Object.assign(claims, { t: this.timeout.untilMs, r: this.timeout.bits.toString() });
    return claims;
  }

  /** P25 P31: the socket's bits and timeout for the client. */
  permissionsFrame(slowModeSeconds: number): string {
    return JSON.stringify({ type: "permissions_updated", permissions: this.permissions.toString(), slowModeSeconds, timedOutUntil: this.timedOutUntil });
  }

  /** When the running timeout ends, as clients see it (welcome, permissions_updated). */
  get timedOutUntil(): string | null {
    return this.timeout ? new Date(this.timeout.untilMs).toISOString() : null;
  }

  close(code: number, reason: string): void {
    if (this.isClosed) return;
    this.isClosed = true;
    try {
      this.ws.close(code, reason);
    } catch {
      // already closing
    }
  }
}

/**
 * A user's new standing in the channel, computed by the Worker. While they are timed out, `permissions` are the
 * reduced bits and `permissionsAfterTimeout` those that apply from `timedOutUntil` (ms since epoch) on.
 */
export interface MemberUpdate {
  userId: string;
  permissions: string | null;
  timedOutUntil?: number;
  permissionsAfterTimeout?: string;
}

/** A running timeout from the Worker's two values (ms since epoch, decimal bits); null when either is missing. */
export function timeoutOf(untilMs: string | number | null | undefined, bits: string | null | undefined): SocketTimeout | null {
  const until = Number(untilMs);
  if (untilMs == null || !Number.isFinite(until) || !bits || !isPermissionsString(bits)) return null;
  return { untilMs: until, bits: BigInt(bits) };
}
