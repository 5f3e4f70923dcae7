/**
 * Unread counts and mention badges (H2, H3): read from Postgres when a device connects, then kept current from
 * the activity notices of the rooms, and read again for a channel whenever the hub lost track of it.
 */
import { sql } from "drizzle-orm";
import type { UnreadState } from "../../protocol/frames.ts";
import { UNREAD_COUNT_CAP } from "../../protocol/limits.ts";
import { headSeqOf } from "../../schema/messages.ts";
import type { ChannelActivity } from "../channel-room/activity.ts";
import type { ObjectDb } from "../shared/lazy-pg.ts";

/** Counts for `channelIds` as `userId` sees them: messages after their read position that others wrote. */
export async function loadUnread(db: ObjectDb, userId: string, channelIds: string[]): Promise<UnreadState[]> {
  if (!channelIds.length) return [];
  const ids = sql.join(
    channelIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const result = await db.execute<{ channel_id: string; parent_id: string | null; community_id: string | null; read_seq: string; head_seq: string | null; unread: string; mentions: string }>(sql`
    select c.id as channel_id,
           ch.parent_id as parent_id,
           ch.community_id as community_id,
           coalesce(r.last_read_seq, 0) as read_seq,
           ${headSeqOf(sql`c.id`)} as head_seq,
           (select count(*) from (select 1 from messages m
              where m.channel_id = c.id and m.seq > coalesce(r.last_read_seq, 0) and m.author_id <> ${userId}::uuid
                and m.deleted_at is null
              limit ${UNREAD_COUNT_CAP}) u) as unread,
           (select count(*) from (select 1 from messages m
              where m.channel_id = c.id and m.seq > coalesce(r.last_read_seq, 0) and m.author_id <> ${userId}::uuid
                and m.deleted_at is null and (${userId}::uuid = any(m.mentions) or m.mentions_everyone)
              limit ${UNREAD_COUNT_CAP}) x) as mentions
    from unnest(array[${ids}]) as c(id)
    left join channels ch on ch.id = c.id
    left join read_states r on r.user_id = ${userId}::uuid and r.channel_id = c.id`);
  return result.rows.map((r) => {
    const state: UnreadState = {
      channelId: r.channel_id,
      readSeq: Number(r.read_seq),
      headSeq: r.head_seq === null ? 0 : Number(r.head_seq),
      unread: Number(r.unread),
      mentions: Number(r.mentions),
      communityId: r.community_id,
    };
    if (r.parent_id) state.parentId = r.parent_id;
    return state;
  });
}

/**
 * Applies a room's activity notice to what the hub knew. Messages the user wrote themselves never count; when
 * the user has already read up to the new head (on another device), nothing is unread.
 */
export function applyActivity(state: UnreadState, activity: ChannelActivity, userId: string): UnreadState {
  if (activity.headSeq <= state.headSeq) return state;
  if (state.readSeq >= activity.headSeq) return { ...state, headSeq: activity.headSeq, unread: 0, mentions: 0 };
  let fromOthers = 0;
  for (const [author, n] of Object.entries(activity.byAuthor)) if (author !== userId) fromOthers += n;
  const mentions = (activity.mentioned[userId] ?? 0) + activity.everyone;
  return {
    ...state,
    headSeq: activity.headSeq,
    unread: Math.min(UNREAD_COUNT_CAP, state.unread + fromOthers),
    mentions: Math.min(UNREAD_COUNT_CAP, state.mentions + mentions),
  };
}

/** The user read up to `seq` somewhere: fully read clears the badge; otherwise the hub must count again. */
export function applyRead(state: UnreadState, seq: number): UnreadState | null {
  if (seq <= state.readSeq) return state;
  if (seq >= state.headSeq) return { ...state, readSeq: seq, unread: 0, mentions: 0 };
  return null;
}
