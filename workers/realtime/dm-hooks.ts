/**
 * Where a change to a group DM reaches open sockets at once (docs/protocol.md H8): its room learns who is in it
 * (whose hubs hear of messages; a leaver's sockets close), the hubs of people who joined or left get their channel
 * list recomputed (badges), and every device of everyone involved gets `dm_changed` to refetch its lists.
 */
import { uuidv7 } from "uuidv7";
import type { DmChangedFrame } from "../../protocol/frames.ts";
import { dmChanges } from "../../schema/index.ts";
import type { MemberUpdate } from "../../objects/channel-room/sockets.ts";
import type { Db } from "../db.ts";
import type { Env } from "../env.ts";
import { dmPermissions } from "../permissions/effective.ts";
import { channelRoom, userHub } from "./sockets.ts";
import { visibleChannelIds } from "./visible-channels.ts";

export interface DmChange {
  channelId: string;
  change: DmChangedFrame["change"];
  actorId: string;
  /** Who was added or left (null for a rename). */
  userId: string | null;
  name: string | null;
}

/** A change as stored (dm_changes) and as every device hears of it: with its id and time. */
export type StoredDmChange = Omit<DmChangedFrame, "type">;

/**
 * Stores a change in the caller's transaction, beside the change itself, so timelines name who did it after a
 * reload too (`GET /dms/:id/changes`); returns what notifyDmChanged sends once the transaction has committed.
 */
export async function recordDmChange(tx: Pick<Db, "insert">, c: DmChange): Promise<StoredDmChange> {
  const id = uuidv7();
  const [row] = await tx.insert(dmChanges).values({ id, ...c }).returning({ createdAt: dmChanges.createdAt });
  return { id, ...c, at: row.createdAt.toISOString() };
}

/** A change nobody can list later (the last one out deleted the conversation): only the leaver's devices hear of it. */
export function unstoredDmChange(c: DmChange): StoredDmChange {
  return { id: uuidv7(), ...c, at: new Date().toISOString() };
}

/** A stored row as the API and the hub frame show it. */
export function dmChangeView(row: typeof dmChanges.$inferSelect): StoredDmChange {
  return { id: row.id, channelId: row.channelId, change: row.change, actorId: row.actorId, userId: row.userId, name: row.name, at: row.createdAt.toISOString() };
}

/**
 * After the change is committed, on the request's connection; `participants` is everyone in the conversation after it.
 * Never fails the caller's request: a hub that missed it catches up when its client next loads the DM list, and a
 * room reads the participants from Postgres when it next starts.
 */
export async function notifyDmChanged(env: Env, db: Db, frame: StoredDmChange, participants: string[]): Promise<void> {
  const { change, userId, channelId } = frame;
  try {
    if (change !== "renamed" && userId) {
      const bits = change === "participant_added" ? dmPermissions({ isParticipant: true, kind: "group_dm", isBlockedEitherWay: false }).toString() : null;
      const update: MemberUpdate = { userId, permissions: bits };
      await channelRoom(env, channelId).participantsChanged(channelId, participants, [update]);
      await userHub(env, userId).setChannels(userId, await visibleChannelIds(db, userId));
    }
    // The leaver hears it too (their devices drop the conversation); the actor's other devices follow along.
    const told = new Set([...participants, ...(userId ? [userId] : [])]);
    await Promise.all([...told].map((id) => userHub(env, id).dmChanged(frame)));
  } catch (err) {
    console.error("notifyDmChanged failed:", (err as Error).message);
  }
}

/**
 * A DM or group DM was created: every participant's hub starts tracking it (badges, H3) without waiting for their
 * next hub ticket. Their clients learn of the conversation from its first message (H4).
 */
export async function notifyDmOpened(env: Env, db: Db, participants: string[]): Promise<void> {
  try {
    await Promise.all(participants.map(async (id) => userHub(env, id).setChannels(id, await visibleChannelIds(db, id))));
  } catch (err) {
    console.error("notifyDmOpened failed:", (err as Error).message);
  }
}
