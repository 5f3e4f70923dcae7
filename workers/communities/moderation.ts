/** Moderation actions shared by routes: removing a member, deleting a banned member's recent messages. */
import { and, eq } from "drizzle-orm";
import { communityMembers } from "../../schema/index.ts";
import type { Db } from "../db.ts";

/** Deletion windows a ban may ask for: none, the last hour, day or 7 days (Discord offers the same choices). */
export const BAN_DELETE_WINDOWS_S = [0, 3600, 86_400, 604_800] as const;

/** Removes a membership (its roles go with it through the foreign key). True when there was one. */
export async function removeMember(db: Db, communityId: string, userId: string): Promise<boolean> {
  const removed = await db
    .delete(communityMembers)
    .where(and(eq(communityMembers.communityId, communityId), eq(communityMembers.userId, userId)))
    .returning({ userId: communityMembers.userId });
  return removed.length > 0;
}

/**
 * Deletes what `userId` wrote in `communityId`'s channels since `since`, for "ban and delete the last hour / day /
 * 7 days". Returns how many messages went, or null when this build cannot delete messages yet.
 *
 * The messages table belongs to the realtime area (schema/messages.ts) and does not exist on this branch yet, so
 * there is nothing to delete from. Deleting must also go through each channel's ChannelRoom so watchers receive
 * `message_deleted` events with a seq; a bare SQL delete would leave open clients showing the messages.
 */
export async function deleteRecentMessages(db: Db, communityId: string, userId: string, since: Date): Promise<number | null> {
  // TODO(#4): once schema/messages.ts lands, delete the user's messages in this community's channels created at or
  // after `since` (through the ChannelRooms, so each deletion is an event), and return the count.
  void db;
  void communityId;
  void userId;
  void since;
  return null;
}
