/**
 * One client socket as the room sees it. What must survive hibernation lives in the attachment (kept small: it
 * is stored per socket by the runtime); the rest is rebuilt empty after a wake-up, which only forgives a little
 * rate-limit debt.
 */
import type { Bucket } from "../rate-limiter/bucket.ts";
import type { Audience, SocketPhase } from "./audience.ts";
import type { Recipient } from "./encoding.ts";

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
  /** Per-socket frame bucket (P17), in memory only. */
  bucket: Bucket | null = null;
  strikes = 0;
  isClosed = false;

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
    return new RoomSocket(ws, a.u, a.x, BigInt(a.p), a.s, a.c === 1);
  }

  /** Records what must survive hibernation. Called on accept, on going live and on permission changes only. */
  persist(liveAtSeq: number): void {
    const a: Attachment = { v: 1, u: this.userId, p: this.permissions.toString(), s: this.phase === "live" ? liveAtSeq : -1, x: this.sessionId };
    if (this.mustCheckSession) a.c = 1;
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
