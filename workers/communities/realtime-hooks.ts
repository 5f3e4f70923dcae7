/**
 * Points where a change here must reach open sockets. The realtime side (UserHub / ChannelRoom) implements them;
 * until it lands they do nothing, and every route that changes membership or visibility already calls them.
 */
import type { Env } from "../env.ts";

export type MembershipChange = "joined" | "left" | "kicked" | "banned" | "timed_out" | "roles_changed" | "community_deleted";

/**
 * A member's standing in a community changed. For "kicked", "banned", "left" and "community_deleted" the member's
 * open sockets to that community's channels must close at once; for the rest their permissions are re-read.
 */
export async function notifyMembershipChanged(env: Env, change: { communityId: string; userId: string; kind: MembershipChange }): Promise<void> {
  // TODO(#6): tell the user's UserHub and the community's open ChannelRooms (close sockets, refresh permissions).
  void env;
  void change;
}

/** Permissions changed for many members at once (role edited or deleted, override changed, channel deleted). */
export async function notifyPermissionsChanged(env: Env, change: { communityId: string; channelId?: string }): Promise<void> {
  // TODO(#6): ChannelRooms of the community re-check every open socket's VIEW_CHANNEL and drop the ones that lost it.
  void env;
  void change;
}
