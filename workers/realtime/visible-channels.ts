/**
 * Which message channels a user can see, for their UserHub (H2): community text channels with VIEW_CHANNEL and
 * their threads that are not archived, computed by the one permission function, plus their DMs and group DMs.
 */
import { eq } from "drizzle-orm";
import { hasPermission } from "../../protocol/permissions.ts";
import { channels, communityMembers, dmParticipants } from "../../schema/index.ts";
import { communityChannelPermissions, communityPermissions } from "../communities/access.ts";
import type { Db } from "../db.ts";

/** Channel kinds that have a ChannelRoom (voice channels have calls instead). */
export const MESSAGE_CHANNEL_KINDS = ["text", "dm", "group_dm", "thread"] as const;

export function hasRoom(kind: string): boolean {
  return (MESSAGE_CHANNEL_KINDS as readonly string[]).includes(kind);
}

export async function visibleChannelIds(db: Db, userId: string): Promise<string[]> {
  const ids: string[] = [];
  const memberships = await db.select({ communityId: communityMembers.communityId }).from(communityMembers).where(eq(communityMembers.userId, userId));
  for (const { communityId } of memberships) {
    const access = await communityPermissions(db, userId, communityId);
    if (!access) continue;
    ids.push(...hubChannelIds((await communityChannelPermissions(db, access.ctx, communityId, true)).channels));
  }
  const dms = await db.select({ id: dmParticipants.channelId }).from(dmParticipants).where(eq(dmParticipants.userId, userId));
  ids.push(...dms.map((d) => d.id));
  return ids;
}

/**
 * Of a community's channels with the user's bits (communityChannelPermissions with threads), those whose activity
 * their hub follows: rooms they can see, and threads only while active (an archived thread has no news).
 */
export function hubChannelIds(list: { channel: { id: string; kind: string; archived: boolean }; permissions: bigint }[]): string[] {
  return list.filter((ch) => hasRoom(ch.channel.kind) && hasPermission(ch.permissions, "VIEW_CHANNEL") && !(ch.channel.kind === "thread" && ch.channel.archived)).map((ch) => ch.channel.id);
}

/** The message channels of a community, threads included (for telling their rooms about a member). */
export async function communityRoomIds(db: Db, communityId: string): Promise<string[]> {
  const rows = await db.select({ id: channels.id, kind: channels.kind }).from(channels).where(eq(channels.communityId, communityId));
  return rows.filter((r) => hasRoom(r.kind)).map((r) => r.id);
}
