/** JSON shapes of community objects, one function each so every route answers alike. Bitfields travel as strings. */
import { permissionsToString } from "../../protocol/permissions.ts";
import type { Channel, ChannelGroup, Community, CommunityInvite, Role } from "../../schema/index.ts";

export function communityView(c: Community) {
  return {
    id: c.id,
    name: c.name,
    description: c.description,
    iconUrl: c.iconUrl,
    bannerUrl: c.bannerUrl,
    accentColor: c.accentColor,
    themeCss: c.themeCss,
    ownerId: c.ownerId,
    createdAt: c.createdAt,
  };
}

/** `permissions` is the caller's effective bitfield in this channel. */
export function channelView(ch: Channel, permissions: bigint) {
  return {
    id: ch.id,
    communityId: ch.communityId,
    groupId: ch.groupId,
    kind: ch.kind,
    name: ch.name,
    topic: ch.topic,
    position: ch.position,
    slowModeSeconds: ch.slowModeSeconds,
    nsfw: ch.nsfw,
    archived: ch.archived,
    encrypted: ch.encrypted,
    syncWithGroup: ch.syncWithGroup,
    createdAt: ch.createdAt,
    permissions: permissionsToString(permissions),
  };
}

export function groupView(g: ChannelGroup, permissions: bigint) {
  return {
    id: g.id,
    communityId: g.communityId,
    name: g.name,
    position: g.position,
    ownerUserId: g.ownerUserId,
    icon: g.icon,
    accentColor: g.accentColor,
    permissions: permissionsToString(permissions),
  };
}

export function roleView(r: Role) {
  return { id: r.id, name: r.name, color: r.color, position: r.position, permissions: permissionsToString(r.permissions), isEveryone: r.isEveryone };
}

export function inviteView(i: CommunityInvite) {
  return {
    code: i.code,
    communityId: i.communityId,
    creatorId: i.creatorId,
    maxUses: i.maxUses,
    uses: i.uses,
    expiresAt: i.expiresAt,
    revokedAt: i.revokedAt,
    createdAt: i.createdAt,
  };
}
