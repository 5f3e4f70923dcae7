/**
 * Points where a change to membership or permissions must reach open sockets at once (docs/protocol.md P25, H5).
 * Every route that changes membership or visibility calls one of these after its write has committed, with its own
 * connection: a hook that leased a second one from the pool could wait for connections that requests like its own
 * hold while they wait too. Permissions are computed here, in the Worker, by the one permission function; the
 * objects only apply the bits they are given.
 */
import { and, eq } from "drizzle-orm";
import type { MembershipChangedFrame } from "../../protocol/frames.ts";
import type { MemberUpdate } from "../../objects/channel-room/sockets.ts";
import { inBatches } from "../../objects/shared/in-batches.ts";
import { hasPermission } from "../../protocol/permissions.ts";
import { channels, communityMembers, userPresence } from "../../schema/index.ts";
import type { Db } from "../db.ts";
import type { Env } from "../env.ts";
import { channelRoom, userHub } from "../realtime/sockets.ts";
import { communityRoomIds, hubChannelIds, visibleChannelIds } from "../realtime/visible-channels.ts";
import { callRoom } from "../realtime/calls.ts";
import { channelAccess, communityChannelPermissions, communityPermissions } from "./access.ts";

export type MembershipChange = Exclude<MembershipChangedFrame["change"], "channels_changed" | "members_changed">;

/** Changes after which the member can see nothing of the community any more. */
const REMOVALS: ReadonlySet<MembershipChange> = new Set(["left", "kicked", "banned", "community_deleted"]);

/**
 * A member's standing in a community changed. After a removal their sockets to the community's channels close
 * with 4403 at once; otherwise each room gets their new bits (and closes the sockets of channels they lost).
 * Their UserHub gets the new list of visible channels and tells every device (membership_changed).
 */
export async function notifyMembershipChanged(env: Env, db: Db, change: { communityId: string; userId: string; kind: MembershipChange }): Promise<void> {
  try {
    const roomIds = await communityRoomIds(db, change.communityId);
    const updates = new Map<string, MemberUpdate>(roomIds.map((id) => [id, { userId: change.userId, permissions: null }]));
    if (!REMOVALS.has(change.kind)) {
      const access = await communityPermissions(db, change.userId, change.communityId);
      if (access) {
        const until = access.ctx.timedOutUntil && access.ctx.timedOutUntil > new Date() ? access.ctx.timedOutUntil : null;
        // While timed out, each room also gets the bits for after the timeout, and applies them when it ends (P31).
        const after = new Map<string, bigint>();
        if (until) for (const ch of (await communityChannelPermissions(db, { ...access.ctx, timedOutUntil: null }, change.communityId, true)).channels) after.set(ch.channel.id, ch.permissions);
        for (const ch of (await communityChannelPermissions(db, access.ctx, change.communityId, true)).channels) {
          const update = updates.get(ch.channel.id);
          if (!update || !hasPermission(ch.permissions, "VIEW_CHANNEL")) continue;
          update.permissions = ch.permissions.toString();
          const later = after.get(ch.channel.id);
          if (until && later !== undefined) Object.assign(update, { timedOutUntil: until.getTime(), permissionsAfterTimeout: later.toString() });
        }
      }
    }
    await Promise.all([...updates].map(([id, update]) => channelRoom(env, id).updateMembers(id, [update])));
    const hub = userHub(env, change.userId);
    await hub.setChannels(change.userId, await visibleChannelIds(db, change.userId));
    await hub.membershipChanged({ change: change.kind, communityId: change.communityId, channelId: null });
    if (change.kind !== "community_deleted") await tellOnlineMembers(env, db, change.communityId, change.userId);
    await updateCalls(env, db, change.communityId);
  } catch (err) {
    // The change itself is committed; sockets catch up on their next ticket. Never fail the caller's request.
    console.error("notifyMembershipChanged failed:", (err as Error).message);
  }
}

/**
 * Permissions changed for many members at once (role edited or deleted, override changed, channel edited or
 * deleted). Each affected room is asked who is connected; their bits are recomputed and sent, and sockets that
 * lost VIEW_CHANNEL close. A deleted channel's room closes every socket with 4404. A channel's threads follow it:
 * `threadIds` names them when the channel (and with it its threads) is already deleted.
 */
export async function notifyPermissionsChanged(env: Env, db: Db, change: { communityId: string; channelId?: string; threadIds?: string[] }): Promise<void> {
  try {
    const roomIds = change.channelId ? [change.channelId, ...(change.threadIds ?? (await threadIdsOf(db, change.channelId)))] : await communityRoomIds(db, change.communityId);
    await Promise.all(
      roomIds.map(async (id) => {
        const room = channelRoom(env, id);
        const [settings] = await db
          .select({ kind: channels.kind, encrypted: channels.encrypted, slowModeSeconds: channels.slowModeSeconds, communityId: channels.communityId, parentId: channels.parentId })
          .from(channels)
          .where(and(eq(channels.id, id), eq(channels.communityId, change.communityId)));
        if (!settings) return room.channelChanged(id, null);
        if (change.channelId) await room.channelChanged(id, settings);
        const users = await room.permissionsChanged(id);
        if (!users.length) return;
        const updates = await Promise.all(
          users.map(async (userId) => {
            const access = await channelAccess(db, userId, id);
            const update: MemberUpdate = { userId, permissions: access && hasPermission(access.permissions, "VIEW_CHANNEL") ? access.permissions.toString() : null };
            if (access?.timedOutUntil && access.permissionsAfterTimeout !== null) {
              Object.assign(update, { timedOutUntil: access.timedOutUntil.getTime(), permissionsAfterTimeout: access.permissionsAfterTimeout.toString() });
            }
            return update;
          }),
        );
        await room.updateMembers(id, updates);
      }),
    );
    await refreshOnlineHubs(env, db, change.communityId, change.channelId ?? null);
    await updateCalls(env, db, change.communityId, change.channelId);
  } catch (err) {
    console.error("notifyPermissionsChanged failed:", (err as Error).message);
  }
}

/** A text channel's threads (their rooms follow its permissions). */
export async function threadIdsOf(db: Db, channelId: string): Promise<string[]> {
  return (await db.select({ id: channels.id }).from(channels).where(eq(channels.parentId, channelId))).map((r) => r.id);
}

/**
 * The calls in the community's voice channels (objects/CallRoom.ts) get the new bits of everyone in them: who may
 * no longer join is closed out, who lost SPEAK, VIDEO or SCREEN_SHARE is muted or loses camera or screen. The
 * changed channel (`channelId`), if it was a voice channel just deleted, has no row: nobody can stay in its call.
 */
async function updateCalls(env: Env, db: Db, communityId: string, channelId?: string): Promise<void> {
  const voice = await db.select({ id: channels.id }).from(channels).where(and(eq(channels.communityId, communityId), eq(channels.kind, "voice")));
  const ids = voice.map((v) => v.id);
  if (channelId && !ids.includes(channelId)) {
    const [row] = await db.select({ id: channels.id }).from(channels).where(eq(channels.id, channelId));
    if (!row) ids.push(channelId);
  }
  await Promise.all(
    ids.map(async (id) => {
      const room = callRoom(env, id);
      const users = await room.users();
      if (!users.length) return;
      const updates = await Promise.all(
        users.map(async (userId) => {
          const access = await channelAccess(db, userId, id);
          return { userId, permissions: access ? access.permissions.toString() : null };
        }),
      );
      await room.updateMembers(updates);
    }),
  );
}

/**
 * The community's channels or groups changed in a way that changes no one's permissions (a channel or group was
 * created, renamed, moved or re-described): online members' clients refetch the structure.
 */
export async function notifyStructureChanged(env: Env, db: Db, change: { communityId: string; channelId?: string }): Promise<void> {
  try {
    await refreshOnlineHubs(env, db, change.communityId, change.channelId ?? null);
  } catch (err) {
    console.error("notifyStructureChanged failed:", (err as Error).message);
  }
}

/**
 * A member's nickname changed: online members' clients refetch the member list (membership changes do the same
 * from notifyMembershipChanged).
 */
export async function notifyMemberListChanged(env: Env, db: Db, communityId: string, userId: string): Promise<void> {
  try {
    await tellOnlineMembers(env, db, communityId, userId);
  } catch (err) {
    console.error("notifyMemberListChanged failed:", (err as Error).message);
  }
}

/** The community's online members but `exceptUserId` (who heard of it already) get `members_changed` (H5). */
async function tellOnlineMembers(env: Env, db: Db, communityId: string, exceptUserId: string): Promise<void> {
  const online = (await onlineMembers(db, communityId)).filter((id) => id !== exceptUserId);
  await inBatches(online, HUB_REFRESH_CONCURRENCY, (id) => userHub(env, id).membershipChanged({ change: "members_changed", communityId, channelId: null }));
}

async function onlineMembers(db: Db, communityId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: communityMembers.userId })
    .from(communityMembers)
    .innerJoin(userPresence, eq(userPresence.userId, communityMembers.userId))
    .where(and(eq(communityMembers.communityId, communityId), eq(userPresence.online, true)));
  return rows.map((r) => r.userId);
}

/** How many members' hubs are refreshed at once (each costs two permission queries). */
const HUB_REFRESH_CONCURRENCY = 16;

/**
 * Every online member's UserHub gets the community's part of its channel list recomputed (so badges follow
 * channels that appeared, vanished or became visible), and their devices get `membership_changed
 * { change: "channels_changed" }` (H5). Offline members compute their list when their hub next connects.
 */
async function refreshOnlineHubs(env: Env, db: Db, communityId: string, channelId: string | null): Promise<void> {
  const scope = await communityRoomIds(db, communityId);
  if (channelId && !scope.includes(channelId)) scope.push(channelId);
  const online = await onlineMembers(db, communityId);
  await inBatches(online, HUB_REFRESH_CONCURRENCY, async (userId) => {
    const access = await communityPermissions(db, userId, communityId);
    const visible = access ? hubChannelIds((await communityChannelPermissions(db, access.ctx, communityId, true)).channels) : [];
    const hub = userHub(env, userId);
    await hub.replaceChannels(userId, scope, visible);
    await hub.membershipChanged({ change: "channels_changed", communityId, channelId });
  });
}
