/**
 * Where a change to a group DM reaches open sockets at once (docs/protocol.md H8): its room learns who is in it
 * (whose hubs hear of messages; a leaver's sockets close), the hubs of people who joined or left get their channel
 * list recomputed (badges), and every device of everyone involved gets `dm_changed` to refetch its lists.
 */
import type { DmChangedFrame } from "../../protocol/frames.ts";
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
  /** Everyone in the conversation after the change. */
  participants: string[];
}

/**
 * After the change is committed, on the request's connection. Never fails the caller's request: a hub that missed it catches up when its
 * client next loads the DM list, and a room reads the participants from Postgres when it next starts.
 */
export async function notifyDmChanged(env: Env, db: Db, c: DmChange): Promise<void> {
  const at = new Date().toISOString();
  const frame: Omit<DmChangedFrame, "type"> = { channelId: c.channelId, change: c.change, actorId: c.actorId, userId: c.userId, name: c.name, at };
  try {
    if (c.change !== "renamed" && c.userId) {
      const joined = c.change === "participant_added";
      const bits = joined ? dmPermissions({ isParticipant: true, kind: "group_dm", isBlockedEitherWay: false }).toString() : null;
      const update: MemberUpdate = { userId: c.userId, permissions: bits };
      await channelRoom(env, c.channelId).participantsChanged(c.channelId, c.participants, [update]);
      await userHub(env, c.userId).setChannels(c.userId, await visibleChannelIds(db, c.userId));
    }
    // The leaver hears it too (their devices drop the conversation); the actor's other devices follow along.
    const told = new Set([...c.participants, ...(c.userId ? [c.userId] : [])]);
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
