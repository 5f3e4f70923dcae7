/** Moderation actions shared by routes: removing a member, deleting a banned member's recent messages. */
import { and, desc, eq, gte, inArray, isNull } from "drizzle-orm";
import { channels, communityMembers, messages } from "../../schema/index.ts";
import type { Db } from "../db.ts";
import type { Env } from "../env.ts";
import { channelRoom } from "../realtime/sockets.ts";

/** Deletion windows a ban may ask for: none, the last hour, day or 7 days (Discord offers the same choices). */
export const BAN_DELETE_WINDOWS_S = [0, 3600, 86_400, 604_800] as const;

/**
 * Messages one ban deletes at most, newest first. Each is its own event through the room's group commit; this
 * keeps one ban request to seconds. Banning again (which replaces the ban) deletes the next ones.
 */
export const BAN_DELETE_MAX_MESSAGES = 5000;

/** Ids handed to a room per call: bounded so one RPC stays small. */
const ROOM_DELETE_CHUNK = 500;

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
 * 7 days", on behalf of `moderatorId`. Returns how many messages went.
 *
 * The deletions go through each channel's ChannelRoom (the only writer of its log), so every open client receives
 * a `message_deleted` event with a seq; a bare SQL delete would leave them showing the messages.
 */
export async function deleteRecentMessages(env: Env, db: Db, input: { communityId: string; userId: string; since: Date; moderatorId: string }): Promise<number> {
  const rows = await db
    .select({ id: messages.id, channelId: messages.channelId })
    .from(messages)
    .where(
      and(
        inArray(messages.channelId, db.select({ id: channels.id }).from(channels).where(eq(channels.communityId, input.communityId))),
        eq(messages.authorId, input.userId),
        gte(messages.createdAt, input.since),
        isNull(messages.deletedAt),
      ),
    )
    .orderBy(desc(messages.createdAt))
    .limit(BAN_DELETE_MAX_MESSAGES);
  const byChannel = new Map<string, string[]>();
  for (const r of rows) {
    const ids = byChannel.get(r.channelId) ?? [];
    ids.push(r.id);
    byChannel.set(r.channelId, ids);
  }
  const counts = await Promise.all(
    [...byChannel].map(async ([channelId, ids]) => {
      let deleted = 0;
      for (let i = 0; i < ids.length; i += ROOM_DELETE_CHUNK) {
        deleted += await channelRoom(env, channelId).deleteMessages(channelId, { messageIds: ids.slice(i, i + ROOM_DELETE_CHUNK), deletedBy: input.moderatorId });
      }
      return deleted;
    }),
  );
  return counts.reduce((a, b) => a + b, 0);
}
