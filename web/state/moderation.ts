/**
 * Community moderation and configuration calls (docs/api/communities.md): member actions, bans, roles,
 * overrides, channel order, invites, reports and the audit log. Each returns what the server answered; the
 * screens keep their own Async state.
 */
import type { Api } from "./api.ts";
import type { CommunityInvite, Role } from "./communities.ts";

export interface Ban {
  user: { id: string; username: string; displayName: string };
  reason: string | null;
  bannedBy: string | null;
  createdAt: string;
  expiresAt: string | null;
}

export interface Override {
  targetType: "role" | "member";
  targetId: string;
  allow: string;
  deny: string;
}

export interface AuditEntry {
  id: string;
  action: string;
  actor: { id: string; username: string | null; displayName: string | null } | null;
  targetType: string | null;
  targetId: string | null;
  reason: string | null;
  details: Record<string, unknown> | null;
  createdAt: string;
}

export interface Report {
  id: string;
  status: string;
  reason: string;
  targetType: string;
  targetId: string;
  reporterId: string;
  createdAt: string;
  notes?: string | null;
}

const e = encodeURIComponent;

export class ModerationApi {
  constructor(private readonly api: Api) {}

  timeout(communityId: string, userId: string, durationSeconds: number, reason?: string) {
    return this.api.put<{ userId: string; timedOutUntil: string }>(`/api/v1/communities/${e(communityId)}/members/${e(userId)}/timeout`, { durationSeconds, ...(reason ? { reason } : {}) });
  }
  endTimeout(communityId: string, userId: string) {
    return this.api.delete(`/api/v1/communities/${e(communityId)}/members/${e(userId)}/timeout`);
  }
  kick(communityId: string, userId: string, reason?: string) {
    return this.api.post(`/api/v1/communities/${e(communityId)}/members/${e(userId)}/kick`, reason ? { reason } : {});
  }
  ban(communityId: string, userId: string, opts: { reason?: string; deleteMessageSeconds?: number; durationSeconds?: number | null }) {
    return this.api.put(`/api/v1/communities/${e(communityId)}/bans/${e(userId)}`, opts);
  }
  unban(communityId: string, userId: string) {
    return this.api.delete(`/api/v1/communities/${e(communityId)}/bans/${e(userId)}`);
  }
  async bans(communityId: string): Promise<Ban[]> {
    return (await this.api.get<{ bans: Ban[] }>(`/api/v1/communities/${e(communityId)}/bans`)).bans;
  }

  async roles(communityId: string): Promise<Role[]> {
    return (await this.api.get<{ roles: Role[] }>(`/api/v1/communities/${e(communityId)}/roles`)).roles;
  }
  createRole(communityId: string, input: { name: string; color?: string | null; permissions?: string }) {
    return this.api.post<Role>(`/api/v1/communities/${e(communityId)}/roles`, input);
  }
  updateRole(communityId: string, roleId: string, input: { name?: string; color?: string | null; permissions?: string }) {
    return this.api.patch<Role>(`/api/v1/communities/${e(communityId)}/roles/${e(roleId)}`, input);
  }
  deleteRole(communityId: string, roleId: string) {
    return this.api.delete(`/api/v1/communities/${e(communityId)}/roles/${e(roleId)}`);
  }
  assignRole(communityId: string, userId: string, roleId: string, on: boolean) {
    const path = `/api/v1/communities/${e(communityId)}/members/${e(userId)}/roles/${e(roleId)}`;
    return on ? this.api.put<{ roleIds: string[] }>(path) : this.api.delete<{ roleIds: string[] }>(path);
  }

  overrides(scope: "channels" | "groups", id: string) {
    return this.api.get<{ syncWithGroup?: boolean; overrides: Override[] }>(`/api/v1/${scope}/${e(id)}/overrides`);
  }
  setOverride(scope: "channels" | "groups", id: string, o: Override) {
    return this.api.put<Override>(`/api/v1/${scope}/${e(id)}/overrides/${o.targetType}/${e(o.targetId)}`, { allow: o.allow, deny: o.deny });
  }
  deleteOverride(scope: "channels" | "groups", id: string, targetType: string, targetId: string) {
    return this.api.delete(`/api/v1/${scope}/${e(id)}/overrides/${targetType}/${e(targetId)}`);
  }

  reorderChannels(communityId: string, channels: { id: string; position: number; groupId?: string | null }[]) {
    return this.api.patch(`/api/v1/communities/${e(communityId)}/channels`, { channels });
  }
  reorderGroups(communityId: string, groups: { id: string; position: number }[]) {
    return this.api.patch(`/api/v1/communities/${e(communityId)}/groups`, { groups });
  }
  createGroup(communityId: string, name: string) {
    return this.api.post(`/api/v1/communities/${e(communityId)}/groups`, { name });
  }
  updateChannel(channelId: string, input: Record<string, unknown>) {
    return this.api.patch(`/api/v1/channels/${e(channelId)}`, input);
  }
  deleteChannel(channelId: string) {
    return this.api.delete(`/api/v1/channels/${e(channelId)}`);
  }
  updateCommunity(communityId: string, input: { name?: string; description?: string }) {
    return this.api.patch(`/api/v1/communities/${e(communityId)}`, input);
  }

  async invites(communityId: string): Promise<CommunityInvite[]> {
    return (await this.api.get<{ invites: CommunityInvite[] }>(`/api/v1/communities/${e(communityId)}/invites`)).invites;
  }
  revokeInvite(code: string) {
    return this.api.delete(`/api/v1/invites/${e(code)}`);
  }

  async reports(communityId: string): Promise<Report[]> {
    return (await this.api.get<{ reports: Report[] }>(`/api/v1/communities/${e(communityId)}/reports`)).reports;
  }
  resolveReport(communityId: string, reportId: string, resolution: "resolved" | "dismissed", notes?: string) {
    return this.api.post(`/api/v1/communities/${e(communityId)}/reports/${e(reportId)}/resolve`, { status: resolution, ...(notes ? { notes } : {}) });
  }
  async audit(communityId: string): Promise<AuditEntry[]> {
    return (await this.api.get<{ entries: AuditEntry[] }>(`/api/v1/communities/${e(communityId)}/audit-log`)).entries;
  }
}
