/**
 * Who receives what. Every frame the room sends goes to a set computed here; nothing is broadcast "to everyone"
 * by default (STYLE.md).
 */
import { PERMISSION_BITS } from "../../protocol/permissions.ts";

export type SocketPhase = "new" | "replaying" | "live";

export interface Audience {
  userId: string;
  permissions: bigint;
  phase: SocketPhase;
}

const VIEW = PERMISSION_BITS.VIEW_CHANNEL;

/** Whether a socket with these permissions may stay in the room at all (P25). */
export function canStay(permissions: bigint): boolean {
  return (permissions & VIEW) !== 0n;
}

/**
 * Channel events: every live socket that can view the channel, the actor's own included (their other devices
 * need it, and the sender's client reconciles its optimistic copy by nonce). Sockets still replaying receive the
 * event through their replay, and sockets that have not said hello receive nothing yet (P7).
 */
export function eventAudience<T extends Audience>(sockets: Iterable<T>): T[] {
  const out: T[] = [];
  for (const s of sockets) if (s.phase === "live" && (s.permissions & VIEW) !== 0n) out.push(s);
  return out;
}

/** Typing: live viewers other than the typing user (on any of their devices) (P26). */
export function typingAudience<T extends Audience>(sockets: Iterable<T>, typingUserId: string): T[] {
  const out: T[] = [];
  for (const s of sockets) if (s.phase === "live" && s.userId !== typingUserId && (s.permissions & VIEW) !== 0n) out.push(s);
  return out;
}

/** Ephemeral news of the channel itself (its threads): every live viewer. */
export function liveViewers<T extends Audience>(sockets: Iterable<T>): T[] {
  const out: T[] = [];
  for (const s of sockets) if (s.phase === "live" && (s.permissions & VIEW) !== 0n) out.push(s);
  return out;
}

/** A user's read position: their sockets other than the one that moved it (P27). */
export function ownOtherSockets<T extends Audience>(sockets: Iterable<T>, userId: string, except: T | null): T[] {
  const out: T[] = [];
  for (const s of sockets) if (s.userId === userId && s !== except && s.phase !== "new") out.push(s);
  return out;
}

/** Sockets to close when `userId`'s permissions become `permissions` (null: no longer a member at all) (P25). */
export function socketsToRevoke<T extends Audience>(sockets: Iterable<T>, userId: string, permissions: bigint | null): T[] {
  if (permissions !== null && canStay(permissions)) return [];
  const out: T[] = [];
  for (const s of sockets) if (s.userId === userId) out.push(s);
  return out;
}
