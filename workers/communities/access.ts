/**
 * Loading what a permission decision needs, in one query each, and handing it to the pure functions of
 * workers/permissions/effective.ts (which alone decide). Everything here answers `null` both when the thing does
 * not exist and when the caller may not see it, so routes answer 404 either way and reveal nothing.
 *
 * Each loader is one round trip: roles, the caller's role ids and the overrides in scope arrive as JSON
 * aggregates next to the row, because channelAccess runs for every socket ticket and every socket action.
 */
import { and, eq, inArray, ne, or, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import {
  channelGroups,
  channels,
  communities,
  communityMembers,
  dmParticipants,
  memberRoles,
  permissionOverrides,
  roles,
  userBlocks,
  type Channel,
  type ChannelGroup,
  type Community,
} from "../../schema/index.ts";
import { hasPermission } from "../../protocol/permissions.ts";
import type { Db } from "../db.ts";
import { dmPermissions, effectivePermissions, highestRolePosition, threadPermissions, type Override, type RankedMember, type RoleInput } from "../permissions/effective.ts";

/** Everything about a member that effectivePermissions needs besides the scope's overrides. */
export interface MemberContext {
  userId: string;
  ownerId: string;
  everyoneRoleId: string;
  roles: RoleInput[];
  memberRoleIds: string[];
  timedOutUntil: Date | null;
}

type RawRole = { id: string; position: number; permissions: string; isEveryone: boolean };
type RawOverride = { groupId: string | null; channelId: string | null; targetType: "role" | "member"; targetId: string; allow: string; deny: string };

/** The community's roles as a JSON array, correlated on `communityId`. */
function rolesJson(communityId: AnyPgColumn): SQL<RawRole[]> {
  return sql<RawRole[]>`coalesce((select json_agg(json_build_object('id', ${roles.id}, 'position', ${roles.position}, 'permissions', ${roles.permissions}::text, 'isEveryone', ${roles.isEveryone})) from ${roles} where ${roles.communityId} = ${communityId}), '[]'::json)`;
}

function memberRoleIdsJson(communityId: AnyPgColumn, userId: string): SQL<string[]> {
  return sql<string[]>`coalesce((select json_agg(${memberRoles.roleId}) from ${memberRoles} where ${memberRoles.communityId} = ${communityId} and ${memberRoles.userId} = ${userId}), '[]'::json)`;
}

const overrideFields = sql`json_build_object('groupId', ${permissionOverrides.groupId}, 'channelId', ${permissionOverrides.channelId}, 'targetType', ${permissionOverrides.targetType}, 'targetId', ${permissionOverrides.targetId}, 'allow', ${permissionOverrides.allow}::text, 'deny', ${permissionOverrides.deny}::text)`;

export function toOverride(o: Pick<RawOverride, "targetType" | "targetId"> & { allow: string | bigint; deny: string | bigint }): Override {
  return { targetType: o.targetType, targetId: o.targetId, allow: BigInt(o.allow), deny: BigInt(o.deny) };
}

function memberContext(userId: string, ownerId: string, rawRoles: RawRole[], memberRoleIds: string[], timedOutUntil: Date | null): MemberContext {
  const everyone = rawRoles.find((r) => r.isEveryone);
  return {
    userId,
    ownerId,
    everyoneRoleId: everyone?.id ?? "",
    roles: rawRoles.map((r) => ({ id: r.id, position: r.position, permissions: BigInt(r.permissions) })),
    memberRoleIds,
    timedOutUntil,
  };
}

/** An ungrouped channel has no group to follow, so its own overrides always apply whatever the flag says. */
function isSynced(channel: Channel): boolean {
  return channel.syncWithGroup && channel.groupId !== null;
}

/** Inputs for effectivePermissions from a member context. */
function baseInput(ctx: MemberContext) {
  return { userId: ctx.userId, ownerId: ctx.ownerId, everyoneRoleId: ctx.everyoneRoleId, roles: ctx.roles, memberRoleIds: ctx.memberRoleIds, timedOutUntil: ctx.timedOutUntil };
}

/** The member's place in the role hierarchy, for canActOn / canManageRole. */
export function rankOf(ctx: Pick<MemberContext, "everyoneRoleId" | "roles">, userId: string, memberRoleIds: string[]): RankedMember {
  return { userId, highestPosition: highestRolePosition({ everyoneRoleId: ctx.everyoneRoleId, roles: ctx.roles, memberRoleIds }) };
}

export interface CommunityAccess {
  community: Community;
  permissions: bigint;
  ctx: MemberContext;
}

/** The caller's community-wide permissions, or null when the community does not exist or they are not a member. */
export async function communityPermissions(db: Db, userId: string, communityId: string): Promise<CommunityAccess | null> {
  const [row] = await db
    .select({
      community: communities,
      timedOutUntil: communityMembers.timedOutUntil,
      roles: rolesJson(communities.id),
      memberRoleIds: memberRoleIdsJson(communities.id, userId),
    })
    .from(communities)
    .innerJoin(communityMembers, and(eq(communityMembers.communityId, communities.id), eq(communityMembers.userId, userId)))
    .where(eq(communities.id, communityId));
  if (!row) return null;
  const ctx = memberContext(userId, row.community.ownerId, row.roles, row.memberRoleIds, row.timedOutUntil);
  return { community: row.community, permissions: effectivePermissions(baseInput(ctx)), ctx };
}

export interface GroupAccess extends CommunityAccess {
  group: ChannelGroup;
  overrides: Override[];
}

/** The caller's permissions inside a group, or null when it does not exist or they cannot see it. */
export async function groupPermissions(db: Db, userId: string, groupId: string): Promise<GroupAccess | null> {
  const [row] = await db
    .select({
      group: channelGroups,
      community: communities,
      timedOutUntil: communityMembers.timedOutUntil,
      roles: rolesJson(communities.id),
      memberRoleIds: memberRoleIdsJson(communities.id, userId),
      overrides: sql<RawOverride[]>`coalesce((select json_agg(${overrideFields}) from ${permissionOverrides} where ${permissionOverrides.groupId} = ${channelGroups.id}), '[]'::json)`,
    })
    .from(channelGroups)
    .innerJoin(communities, eq(communities.id, channelGroups.communityId))
    .innerJoin(communityMembers, and(eq(communityMembers.communityId, communities.id), eq(communityMembers.userId, userId)))
    .where(eq(channelGroups.id, groupId));
  if (!row) return null;
  const ctx = memberContext(userId, row.community.ownerId, row.roles, row.memberRoleIds, row.timedOutUntil);
  const overrides = row.overrides.map(toOverride);
  const permissions = effectivePermissions({ ...baseInput(ctx), group: { overrides, ownerUserId: row.group.ownerUserId } });
  if (permissions === 0n) return null;
  return { community: row.community, group: row.group, overrides, permissions, ctx };
}

export interface ChannelAccess {
  channel: Channel;
  /** null for DMs and group DMs. */
  communityId: string | null;
  permissions: bigint;
  /** A member of the channel's community, or a participant of the DM. */
  isParticipant: boolean;
  /** Until when the caller is timed out in the channel's community (null: not timed out, or a DM). */
  timedOutUntil: Date | null;
  /** While timed out: the bits from `timedOutUntil` on, so an open socket regains them on time (P31). */
  permissionsAfterTimeout: bigint | null;
}

/**
 * What `userId` may do in `channelId`, or null when the channel does not exist or the caller cannot see it (not a
 * member / participant, or no VIEW_CHANNEL). One query (two for a thread: its parent's access decides, through
 * threadPermissions). For DMs: dmPermissions (a 1:1 DM with a block either way is read-only).
 */
export async function channelAccess(db: Db, userId: string, channelId: string): Promise<ChannelAccess | null> {
  const [row] = await db
    .select({
      channel: channels,
      ownerId: communities.ownerId,
      groupOwnerUserId: channelGroups.ownerUserId,
      isMember: sql<boolean>`${communityMembers.userId} is not null`,
      timedOutUntil: communityMembers.timedOutUntil,
      roles: rolesJson(channels.communityId),
      memberRoleIds: memberRoleIdsJson(channels.communityId, userId),
      overrides: sql<RawOverride[]>`coalesce((select json_agg(${overrideFields}) from ${permissionOverrides} where ${permissionOverrides.channelId} = ${channels.id} or ${permissionOverrides.groupId} = ${channels.groupId}), '[]'::json)`,
      isDmParticipant: sql<boolean>`${channels.communityId} is null and exists (select 1 from ${dmParticipants} where ${dmParticipants.channelId} = ${channels.id} and ${dmParticipants.userId} = ${userId})`,
      isBlocked: sql<boolean>`${channels.kind} = 'dm' and exists (select 1 from ${dmParticipants} join ${userBlocks} on (${userBlocks.blockerId} = ${userId} and ${userBlocks.blockedId} = ${dmParticipants.userId}) or (${userBlocks.blockedId} = ${userId} and ${userBlocks.blockerId} = ${dmParticipants.userId}) where ${dmParticipants.channelId} = ${channels.id} and ${dmParticipants.userId} <> ${userId})`,
    })
    .from(channels)
    .leftJoin(communities, eq(communities.id, channels.communityId))
    .leftJoin(channelGroups, eq(channelGroups.id, channels.groupId))
    .leftJoin(communityMembers, and(eq(communityMembers.communityId, channels.communityId), eq(communityMembers.userId, userId)))
    .where(eq(channels.id, channelId));
  if (!row) return null;
  const { channel } = row;
  if (channel.kind === "thread") return threadAccess(db, userId, channel);

  if (channel.communityId === null) {
    if (channel.kind !== "dm" && channel.kind !== "group_dm") return null;
    const permissions = dmPermissions({ isParticipant: row.isDmParticipant, kind: channel.kind, isBlockedEitherWay: row.isBlocked });
    if (permissions === 0n) return null;
    return { channel, communityId: null, permissions, isParticipant: true, timedOutUntil: null, permissionsAfterTimeout: null };
  }

  if (!row.isMember || row.ownerId === null) return null;
  const ctx = memberContext(userId, row.ownerId, row.roles, row.memberRoleIds, row.timedOutUntil);
  const groupOverrides = row.overrides.filter((o) => o.groupId !== null).map(toOverride);
  const channelOverrides = row.overrides.filter((o) => o.channelId !== null).map(toOverride);
  const input = {
    ...baseInput(ctx),
    group: channel.groupId ? { overrides: groupOverrides, ownerUserId: row.groupOwnerUserId } : null,
    channel: { overrides: channelOverrides, syncWithGroup: isSynced(channel), archived: channel.archived },
  };
  const permissions = effectivePermissions(input);
  if (permissions === 0n) return null;
  const timedOut = row.timedOutUntil && row.timedOutUntil > new Date() ? row.timedOutUntil : null;
  // The same function at the moment the timeout ends: no second implementation of what a timeout removes.
  const afterTimeout = timedOut ? effectivePermissions({ ...input, now: timedOut }) : null;
  return { channel, communityId: channel.communityId, permissions, isParticipant: true, timedOutUntil: timedOut, permissionsAfterTimeout: afterTimeout };
}

/** A thread: the caller's access to its parent text channel, turned into a thread's by threadPermissions. */
async function threadAccess(db: Db, userId: string, thread: Channel): Promise<ChannelAccess | null> {
  const parent = thread.parentId ? await channelAccess(db, userId, thread.parentId) : null;
  if (!parent || parent.channel.kind !== "text") return null;
  const permissions = threadPermissions(parent.permissions, thread);
  if (permissions === 0n) return null;
  const afterTimeout = parent.permissionsAfterTimeout === null ? null : threadPermissions(parent.permissionsAfterTimeout, thread);
  return { ...parent, channel: thread, permissions, permissionsAfterTimeout: afterTimeout };
}

/**
 * Every channel and group of a community with the caller's permissions in each, from a member context already
 * loaded (three queries). Hidden ones are included with permissions 0n; callers filter. Threads only when asked
 * (`withThreads`: a fourth query), each with its parent's bits made a thread's.
 */
export async function communityChannelPermissions(db: Db, ctx: MemberContext, communityId: string, withThreads = false) {
  const [groupRows, channelRows, overrideRows] = [
    await db.select().from(channelGroups).where(eq(channelGroups.communityId, communityId)).orderBy(channelGroups.position, channelGroups.id),
    await db.select().from(channels).where(and(eq(channels.communityId, communityId), ne(channels.kind, "thread"))).orderBy(channels.position, channels.id),
    await db.select().from(permissionOverrides).where(eq(permissionOverrides.communityId, communityId)),
  ];
  const byGroup = new Map<string, Override[]>();
  const byChannel = new Map<string, Override[]>();
  for (const o of overrideRows) {
    const map = o.groupId ? byGroup : byChannel;
    const key = (o.groupId ?? o.channelId)!;
    map.set(key, [...(map.get(key) ?? []), toOverride(o)]);
  }
  const groupsById = new Map(groupRows.map((g) => [g.id, g]));
  const groups = groupRows.map((group) => ({
    group,
    permissions: effectivePermissions({ ...baseInput(ctx), group: { overrides: byGroup.get(group.id) ?? [], ownerUserId: group.ownerUserId } }),
  }));
  const chans = channelRows.map((channel) => {
    const group = channel.groupId ? groupsById.get(channel.groupId) : undefined;
    return {
      channel,
      permissions: effectivePermissions({
        ...baseInput(ctx),
        group: group ? { overrides: byGroup.get(group.id) ?? [], ownerUserId: group.ownerUserId } : null,
        channel: { overrides: byChannel.get(channel.id) ?? [], syncWithGroup: isSynced(channel), archived: channel.archived },
      }),
    };
  });
  if (withThreads) {
    const parents = new Map(chans.map((ch) => [ch.channel.id, ch.permissions]));
    const threadRows = parents.size ? await db.select().from(channels).where(inArray(channels.parentId, [...parents.keys()])) : [];
    for (const thread of threadRows) chans.push({ channel: thread, permissions: threadPermissions(parents.get(thread.parentId!) ?? 0n, thread) });
  }
  return { groups, channels: chans };
}

/**
 * The members of a community channel's community who can read it (VIEW_CHANNEL and READ_HISTORY), decided by the
 * one permission function: the people an encrypted message there is sealed for. Five queries whatever the size.
 * (Plain selects rather than the JSON aggregates above: drizzle leaves columns unqualified in a one-table select,
 * which would turn a correlated subquery into a self-comparison.)
 */
export async function communityChannelReaders(db: Db, channel: Channel): Promise<string[]> {
  if (channel.kind === "thread") {
    // A thread is read by whoever reads its parent (threadPermissions keeps VIEW_CHANNEL and READ_HISTORY as they are).
    const [parent] = channel.parentId ? await db.select().from(channels).where(eq(channels.id, channel.parentId)) : [];
    return parent ? communityChannelReaders(db, parent) : [];
  }
  const communityId = channel.communityId;
  if (!communityId) return [];
  const [community] = await db.select({ ownerId: communities.ownerId }).from(communities).where(eq(communities.id, communityId));
  if (!community) return [];
  const roleRows = await db.select({ id: roles.id, position: roles.position, permissions: roles.permissions, isEveryone: roles.isEveryone }).from(roles).where(eq(roles.communityId, communityId));
  const rawRoles: RawRole[] = roleRows.map((r) => ({ ...r, permissions: String(r.permissions) }));
  const scope = channel.groupId ? or(eq(permissionOverrides.channelId, channel.id), eq(permissionOverrides.groupId, channel.groupId)) : eq(permissionOverrides.channelId, channel.id);
  const overrideRows = await db.select().from(permissionOverrides).where(scope);
  const [group] = channel.groupId ? await db.select({ ownerUserId: channelGroups.ownerUserId }).from(channelGroups).where(eq(channelGroups.id, channel.groupId)) : [];
  const members = await db.select({ userId: communityMembers.userId, timedOutUntil: communityMembers.timedOutUntil }).from(communityMembers).where(eq(communityMembers.communityId, communityId));
  const held = new Map<string, string[]>();
  for (const r of await db.select({ userId: memberRoles.userId, roleId: memberRoles.roleId }).from(memberRoles).where(eq(memberRoles.communityId, communityId))) {
    held.set(r.userId, [...(held.get(r.userId) ?? []), r.roleId]);
  }
  const groupOverrides = overrideRows.filter((o) => o.groupId !== null).map(toOverride);
  const channelOverrides = overrideRows.filter((o) => o.channelId !== null).map(toOverride);
  return members
    .filter((m) => {
      const ctx = memberContext(m.userId, community.ownerId, rawRoles, held.get(m.userId) ?? [], m.timedOutUntil);
      const bits = effectivePermissions({
        ...baseInput(ctx),
        group: channel.groupId ? { overrides: groupOverrides, ownerUserId: group?.ownerUserId ?? null } : null,
        channel: { overrides: channelOverrides, syncWithGroup: isSynced(channel), archived: channel.archived },
      });
      return hasPermission(bits, "VIEW_CHANNEL") && hasPermission(bits, "READ_HISTORY");
    })
    .map((m) => m.userId);
}
