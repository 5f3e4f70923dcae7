/**
 * Community management for the settings screens (docs/api/communities.md, docs/api/moderation.md): the calls
 * ModerationApi (moderation.ts) does not make, and the pure rules the screens use to show only what the reader
 * may do (role hierarchy, grantable bits, override tri-states, reordering). The server decides again on every call;
 * these only keep the UI from offering what would be refused.
 */
import { PERMISSION_BITS, permissionsFromString, permissionsToString, type Permission } from "../../protocol/permissions.ts";
import type { Api } from "./api.ts";
import { preparePicture } from "./image-prep.ts";
import type { Channel, Community, CommunityDetail, CommunityInvite, Group, Role } from "./communities.ts";
import type { Member } from "./members.ts";
import type { AuditEntry, Override } from "./moderation.ts";

export interface Warning {
  id: string;
  communityId: string;
  userId: string;
  moderatorId: string | null;
  reason: string;
  createdAt: string;
}

export type ReportStatus = "open" | "resolved" | "dismissed";

export interface ReportItem {
  id: string;
  communityId: string | null;
  scope: "community" | "instance";
  reporterId: string | null;
  targetType: "message" | "user";
  targetUserId: string | null;
  channelId: string | null;
  messageId: string | null;
  messageExcerpt: string | null;
  reason: string;
  status: ReportStatus;
  resolverId: string | null;
  notes: string | null;
  resolvedAt: string | null;
  createdAt: string;
}

export interface AuditPage {
  entries: AuditEntry[];
  nextBefore: string | null;
}

/** An incoming webhook (docs/api/webhooks.md); its token is shown once, when made or replaced. */
export interface WebhookInfo {
  id: string;
  communityId: string;
  channelId: string;
  userId: string;
  name: string;
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface CommunityPatch {
  name?: string;
  description?: string;
  iconUrl?: string | null;
  bannerUrl?: string | null;
  accentColor?: string | null;
  themeCss?: string | null;
}

/** Invite lifetimes the server accepts, in seconds (null: never expires). */
export const INVITE_EXPIRIES: [label: string, seconds: number | null][] = [
  ["1 hour", 3600],
  ["1 day", 86400],
  ["7 days", 604800],
  ["30 days", 2592000],
  ["1 year", 31536000],
  ["Never", null],
];

/** Timeout lengths offered, within the server's 1 s to 28 days. */
export const TIMEOUT_DURATIONS: [label: string, seconds: number][] = [
  ["60 seconds", 60],
  ["5 minutes", 300],
  ["10 minutes", 600],
  ["1 hour", 3600],
  ["1 day", 86400],
  ["1 week", 604800],
  ["28 days", 2419200],
];

/** How far back a ban deletes the person's messages (the server accepts exactly these). */
export const BAN_DELETE_WINDOWS: [label: string, seconds: number][] = [
  ["Don't delete any", 0],
  ["Previous hour", 3600],
  ["Previous 24 hours", 86400],
  ["Previous 7 days", 604800],
];

/** Ban lengths (null: until lifted). */
export const BAN_DURATIONS: [label: string, seconds: number | null][] = [
  ["Permanent", null],
  ["1 day", 86400],
  ["7 days", 604800],
  ["30 days", 2592000],
  ["1 year", 31536000],
];

export const SLOW_MODES: number[] = [0, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600];

/** "300" → "5 minutes"; 0 → "Off". */
export function durationLabel(seconds: number): string {
  if (seconds === 0) return "Off";
  const units: [number, string][] = [
    [86400, "day"],
    [3600, "hour"],
    [60, "minute"],
    [1, "second"],
  ];
  for (const [size, name] of units) {
    if (seconds % size === 0) {
      const n = seconds / size;
      return `${n} ${name}${n === 1 ? "" : "s"}`;
    }
  }
  return `${seconds} seconds`;
}

// ---- Hierarchy (mirrors workers/communities/hierarchy.ts so the UI offers only what the server allows) ----

/** The reader's rank: highest role position, or Infinity for the owner. */
export function myRank(d: Pick<CommunityDetail, "me" | "roles">): number {
  if (d.me.isOwner) return Infinity;
  return rankOf(d.roles, d.me.roleIds);
}

/** A member's highest role position (0 with only @everyone). */
export function rankOf(roles: Role[], roleIds: string[]): number {
  let top = 0;
  for (const r of roles) if (roleIds.includes(r.id) && r.position > top) top = r.position;
  return top;
}

/** Whether the reader may edit, move, delete or hand out this role: only roles strictly below their highest. */
export function canManageRole(d: Pick<CommunityDetail, "me" | "roles">, role: Role): boolean {
  return d.me.isOwner || role.position < myRank(d);
}

/** Whether the reader may moderate this member: never the owner or oneself, only members ranked strictly below. */
export function outranks(d: Pick<CommunityDetail, "me" | "roles" | "ownerId">, meId: string | undefined, target: Pick<Member, "roleIds"> & { user: { id: string } }): boolean {
  if (target.user.id === meId || target.user.id === d.ownerId) return false;
  return myRank(d) > rankOf(d.roles, target.roleIds);
}

/** Whether the reader may give or take away this bit (they must hold it, or be an administrator). */
export function canGrantBit(myPermissions: string | undefined, p: Permission): boolean {
  if (!myPermissions) return false;
  const bits = permissionsFromString(myPermissions);
  return (bits & PERMISSION_BITS.ADMINISTRATOR) !== 0n || (bits & PERMISSION_BITS[p]) !== 0n;
}

// ---- Reordering ----

/** `list` with the item `id` moved to `toIndex` (clamped). Pure. */
export function moveItem<T extends { id: string }>(list: T[], id: string, toIndex: number): T[] {
  const from = list.findIndex((x) => x.id === id);
  if (from < 0) return list;
  const next = [...list];
  const [moved] = next.splice(from, 1);
  next.splice(Math.max(0, Math.min(toIndex, next.length)), 0, moved);
  return next;
}

/** Roles highest first, @everyone last. */
export function rolesTopDown(roles: Role[]): Role[] {
  return [...roles].sort((a, b) => b.position - a.position);
}

/**
 * The body of PATCH /communities/:id/roles after moving `id` to `toIndex` in the top-down list of non-@everyone
 * roles, or null when the move is not allowed (it would cross or move a role at or above the reader's highest).
 * Only the roles the reader can manage are sent; they keep the positions 1..k the server gives them.
 */
export function roleMovePayload(d: Pick<CommunityDetail, "me" | "roles">, id: string, toIndex: number): { id: string; position: number }[] | null {
  const ordered = rolesTopDown(d.roles).filter((r) => !r.isEveryone);
  const manageable = ordered.filter((r) => canManageRole(d, r));
  const locked = ordered.length - manageable.length;
  // Manageable roles are always the bottom of the list (positions below the reader's highest role).
  if (!manageable.some((r) => r.id === id) || toIndex < locked) return null;
  const moved = moveItem(manageable, id, toIndex - locked);
  if (moved.every((r, i) => r.id === manageable[i].id)) return null;
  return moved.map((r, i) => ({ id: r.id, position: moved.length - i }));
}

// ---- Overrides ----

export type Tri = "deny" | "neutral" | "allow";

/** The tri-state of one permission in an override. */
export function triState(o: { allow: string; deny: string } | undefined, p: Permission): Tri {
  if (!o) return "neutral";
  const bit = PERMISSION_BITS[p];
  if ((permissionsFromString(o.allow) & bit) !== 0n) return "allow";
  if ((permissionsFromString(o.deny) & bit) !== 0n) return "deny";
  return "neutral";
}

/**
 * The allow/deny pair after applying the edited states to `base` (the override as stored). Bits not in `draft`
 * keep what they had, so a grid that hides some bits never erases them.
 */
export function applyTri(base: { allow: string; deny: string } | undefined, draft: Partial<Record<Permission, Tri>>): { allow: string; deny: string } {
  let allow = base ? permissionsFromString(base.allow) : 0n;
  let deny = base ? permissionsFromString(base.deny) : 0n;
  for (const [p, t] of Object.entries(draft) as [Permission, Tri][]) {
    const bit = PERMISSION_BITS[p];
    allow &= ~bit;
    deny &= ~bit;
    if (t === "allow") allow |= bit;
    if (t === "deny") deny |= bit;
  }
  return { allow: permissionsToString(allow), deny: permissionsToString(deny) };
}

/** How many bits an override allows and denies, for the target list. */
export function overrideCounts(o: { allow: string; deny: string }): { allow: number; deny: number } {
  const pop = (s: string) => permissionsFromString(s).toString(2).split("").filter((c) => c === "1").length;
  return { allow: pop(o.allow), deny: pop(o.deny) };
}

const e = encodeURIComponent;

/** The management calls the settings screens make beyond ModerationApi. */
export class CommunityAdminApi {
  constructor(private readonly api: Api) {}

  /** A new icon or banner (cropped and scaled first, web/state/image-prep.ts). */
  async setCommunityPicture(communityId: string, slot: "icon" | "banner", file: Blob): Promise<Community> {
    const picture = await preparePicture(file, slot === "icon" ? "square" : "banner");
    return this.api.upload<Community>(`/api/v1/communities/${e(communityId)}/${slot}`, picture, { contentType: picture.type || "application/octet-stream", method: "PUT" });
  }

  async removeCommunityPicture(communityId: string, slot: "icon" | "banner"): Promise<void> {
    await this.api.delete(`/api/v1/communities/${e(communityId)}/${slot}`);
  }

  updateCommunity(communityId: string, patch: CommunityPatch): Promise<Community> {
    return this.api.patch<Community>(`/api/v1/communities/${e(communityId)}`, patch);
  }
  deleteCommunity(communityId: string, confirmName: string): Promise<void> {
    return this.api.delete(`/api/v1/communities/${e(communityId)}`, { confirmName });
  }
  leave(communityId: string): Promise<void> {
    return this.api.post(`/api/v1/communities/${e(communityId)}/leave`);
  }
  transfer(communityId: string, input: { userId: string; password: string; totpCode?: string }): Promise<Community> {
    return this.api.post<Community>(`/api/v1/communities/${e(communityId)}/transfer`, input);
  }

  async reorderRoles(communityId: string, roles: { id: string; position: number }[]): Promise<Role[]> {
    return (await this.api.patch<{ roles: Role[] }>(`/api/v1/communities/${e(communityId)}/roles`, { roles })).roles;
  }

  createGroup(communityId: string, name: string): Promise<Group> {
    return this.api.post<Group>(`/api/v1/communities/${e(communityId)}/groups`, { name });
  }
  /** Renames a group and sets how the sidebar marks it (an emoji, a colour; null for none). */
  updateGroup(groupId: string, patch: { name?: string; icon?: string | null; accentColor?: string | null }): Promise<Group> {
    return this.api.patch<Group>(`/api/v1/groups/${e(groupId)}`, patch);
  }
  /** Makes the group a personal group of `ownerUserId` (a member), or an ordinary group again with null. */
  setGroupOwner(groupId: string, ownerUserId: string | null): Promise<Group> {
    return this.api.patch<Group>(`/api/v1/groups/${e(groupId)}`, { ownerUserId });
  }
  deleteGroup(groupId: string): Promise<void> {
    return this.api.delete(`/api/v1/groups/${e(groupId)}`);
  }
  reorderGroups(communityId: string, groups: { id: string; position: number }[]): Promise<unknown> {
    return this.api.patch(`/api/v1/communities/${e(communityId)}/groups`, { groups });
  }
  updateChannel(channelId: string, input: { name?: string; topic?: string; slowModeSeconds?: number; nsfw?: boolean; archived?: boolean; syncWithGroup?: boolean }): Promise<Channel> {
    return this.api.patch<Channel>(`/api/v1/channels/${e(channelId)}`, input);
  }

  overrides(scope: "channels" | "groups", id: string): Promise<{ syncWithGroup?: boolean; overrides: Override[] }> {
    return this.api.get(`/api/v1/${scope}/${e(id)}/overrides`);
  }
  setOverride(scope: "channels" | "groups", id: string, o: Override): Promise<Override> {
    return this.api.put<Override>(`/api/v1/${scope}/${e(id)}/overrides/${o.targetType}/${e(o.targetId)}`, { allow: o.allow, deny: o.deny });
  }
  deleteOverride(scope: "channels" | "groups", id: string, targetType: "role" | "member", targetId: string): Promise<void> {
    return this.api.delete(`/api/v1/${scope}/${e(id)}/overrides/${targetType}/${e(targetId)}`);
  }

  async invites(communityId: string): Promise<CommunityInvite[]> {
    return (await this.api.get<{ invites: CommunityInvite[] }>(`/api/v1/communities/${e(communityId)}/invites`)).invites;
  }
  createInvite(communityId: string, opts: { maxUses: number | null; expiresInSeconds: number | null }): Promise<CommunityInvite> {
    return this.api.post<CommunityInvite>(`/api/v1/communities/${e(communityId)}/invites`, opts);
  }
  async webhooks(communityId: string): Promise<WebhookInfo[]> {
    return (await this.api.get<{ webhooks: WebhookInfo[] }>(`/api/v1/communities/${e(communityId)}/webhooks`)).webhooks;
  }

  createWebhook(channelId: string, name: string): Promise<{ webhook: WebhookInfo; url: string }> {
    return this.api.post(`/api/v1/channels/${e(channelId)}/webhooks`, { name });
  }

  async newWebhookUrl(id: string): Promise<string> {
    return (await this.api.post<{ url: string }>(`/api/v1/webhooks/${e(id)}/token`)).url;
  }

  async deleteWebhook(id: string): Promise<void> {
    await this.api.delete(`/api/v1/webhooks/${e(id)}`);
  }

  revokeInvite(code: string): Promise<CommunityInvite> {
    return this.api.delete<CommunityInvite>(`/api/v1/invites/${e(code)}`);
  }

  setNickname(communityId: string, userId: string, nickname: string | null): Promise<{ userId: string; nickname: string | null }> {
    return this.api.patch(`/api/v1/communities/${e(communityId)}/members/${e(userId)}`, { nickname });
  }
  async warnings(communityId: string, userId: string): Promise<Warning[]> {
    return (await this.api.get<{ warnings: Warning[] }>(`/api/v1/communities/${e(communityId)}/members/${e(userId)}/warnings`)).warnings;
  }
  warn(communityId: string, userId: string, reason: string): Promise<Warning> {
    return this.api.post<Warning>(`/api/v1/communities/${e(communityId)}/members/${e(userId)}/warnings`, { reason });
  }
  deleteWarning(communityId: string, warningId: string): Promise<void> {
    return this.api.delete(`/api/v1/communities/${e(communityId)}/warnings/${e(warningId)}`);
  }

  async reports(communityId: string, status: ReportStatus | "all"): Promise<ReportItem[]> {
    const q = status === "all" ? "" : `&status=${status}`;
    return (await this.api.get<{ reports: ReportItem[] }>(`/api/v1/communities/${e(communityId)}/reports?limit=200${q}`)).reports;
  }
  resolveReport(communityId: string, reportId: string, status: "resolved" | "dismissed", notes: string): Promise<ReportItem> {
    return this.api.post<ReportItem>(`/api/v1/communities/${e(communityId)}/reports/${e(reportId)}/resolve`, { status, ...(notes ? { notes } : {}) });
  }
  escalateReport(communityId: string, reportId: string): Promise<ReportItem> {
    return this.api.post<ReportItem>(`/api/v1/communities/${e(communityId)}/reports/${e(reportId)}/escalate`);
  }

  audit(communityId: string, q: { before?: string | null; action?: string; actorId?: string; limit?: number }): Promise<AuditPage> {
    const p = new URLSearchParams({ limit: String(q.limit ?? 50) });
    if (q.before) p.set("before", q.before);
    if (q.action) p.set("action", q.action);
    if (q.actorId) p.set("actorId", q.actorId);
    return this.api.get<AuditPage>(`/api/v1/communities/${e(communityId)}/audit-log?${p}`);
  }
}
