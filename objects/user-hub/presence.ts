/**
 * Presence as the UserHub keeps it: a user is online while at least one of their hub sockets is open. The hub
 * writes only transitions (first device connects, last one leaves), so reconnecting devices cost no write.
 */
import { sql } from "drizzle-orm";
import { sharesSpaceWith } from "../../schema/communities.ts";
import { userPresence } from "../../schema/presence.ts";
import type { ObjectDb } from "../shared/lazy-pg.ts";

/**
 * How often an online hub checks that it still has sockets. Sockets close with an event even while the object
 * hibernates; this catches the cases without one (the server restarted, the object was evicted), at the cost of
 * one short wake-up per online user per interval.
 */
export const PRESENCE_SWEEP_MS = 60_000;

/** WebSocket.OPEN: the runtime's constant, spelled out so this module needs no global. */
const OPEN = 1;

/** Whether any socket other than `closing` is still open. */
export function hasOpenSocket(sockets: Iterable<{ readyState: number }>, closing?: unknown): boolean {
  for (const ws of sockets) if (ws !== closing && ws.readyState === OPEN) return true;
  return false;
}

/** Records the user's state (upsert: the first connection creates the row). */
export async function writePresence(db: ObjectDb, userId: string, online: boolean, now: Date): Promise<void> {
  await db
    .insert(userPresence)
    .values({ userId, online, lastSeenAt: now })
    .onConflictDoUpdate({ target: userPresence.userId, set: { online, lastSeenAt: now } });
}

/** Who hears of the user's presence changes: people online who share a community or a conversation with them. */
export async function onlinePeers(db: ObjectDb, userId: string): Promise<string[]> {
  const rows = await db.execute<{ user_id: string }>(sql`
    select p.user_id from ${userPresence} p
    where p.online and p.user_id <> ${userId}::uuid and ${sharesSpaceWith(sql`${userId}::uuid`, sql`p.user_id`)}`);
  return rows.rows.map((r) => r.user_id);
}
