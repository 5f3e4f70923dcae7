/**
 * Instance administration for instance admins (docs/api/admin.md): registration invites (kept as a store, since the
 * invite tab re-renders from it), and the calls behind the users, settings, announcements, reports, feedback,
 * webhooks, communities and audit tabs, whose screens keep their own Async state.
 */
import type { Api } from "./api.ts";
import type { AuditPage, ReportItem, ReportStatus } from "./community-admin.ts";
import { Notifier, track, type Async } from "./store.ts";

export interface RegistrationInvite {
  code: string;
  maxUses: number | null;
  uses: number;
  expiresAt: string | null;
  revokedAt: string | null;
  grantsAdmin: boolean;
  createdAt: string;
}

export interface AdminUser {
  id: string;
  username: string;
  displayName: string;
  isAdmin: boolean;
  totpEnabled: boolean;
  suspendedAt: string | null;
  suspendedReason: string | null;
  lockedUntil: string | null;
  deletedAt: string | null;
  createdAt: string;
}

export interface AdminUserDetail extends AdminUser {
  activeSessions: number;
  communities: { id: string; name: string; isOwner: boolean }[];
}

export type RegistrationMode = "open" | "invite_only" | "closed";
export type CommunityCreationMode = "open" | "admin_only";

export interface InstanceSettings {
  registrationMode: RegistrationMode;
  communityCreationMode: CommunityCreationMode;
  maxUploadBytes: number;
  userQuotaBytes: number | null;
  defaults: { registrationMode: RegistrationMode; communityCreationMode: CommunityCreationMode };
}

export interface Announcement {
  id: string;
  title: string;
  body: string;
  createdAt: string;
  endsAt: string | null;
  createdBy?: string | null;
}

export interface FeedbackItem {
  id: string;
  userId: string | null;
  username: string | null;
  category: string;
  body: string;
  status: "open" | "closed";
  createdAt: string;
}

export interface AdminCommunity {
  id: string;
  name: string;
  description: string;
  ownerId: string;
  memberCount: number;
  createdAt: string;
}

const e = encodeURIComponent;

/** A webhook in the instance admins' overview (docs/api/webhooks.md). */
export interface AdminWebhook {
  id: string;
  name: string;
  communityId: string;
  communityName: string;
  channelId: string;
  channelName: string;
  createdByUsername: string | null;
  createdAt: string;
  lastUsedAt: string | null;
}

export class AdminStore extends Notifier {
  invites: Async<RegistrationInvite[]> = { state: "idle" };

  constructor(private readonly api: Api) {
    super();
  }

  loadInvites(): Promise<unknown> {
    return track(this.invites, (s) => ((this.invites = s), this.changed()), async () => (await this.api.get<{ invites: RegistrationInvite[] }>("/api/v1/admin/registration-invites")).invites);
  }

  async createInvite(opts: { maxUses: number | null; expiresInSeconds: number | null }): Promise<RegistrationInvite> {
    const invite = await this.api.post<RegistrationInvite>("/api/v1/admin/registration-invites", opts);
    await this.loadInvites();
    return invite;
  }

  async revokeInvite(code: string): Promise<void> {
    await this.api.delete(`/api/v1/admin/registration-invites/${e(code)}`);
    await this.loadInvites();
  }

  // ---- Users ----

  searchUsers(q: string, after?: string | null): Promise<{ users: AdminUser[]; nextAfter: string | null }> {
    const p = new URLSearchParams({ limit: "50" });
    if (q.trim()) p.set("q", q.trim());
    if (after) p.set("after", after);
    return this.api.get(`/api/v1/admin/users?${p}`);
  }
  user(id: string): Promise<AdminUserDetail> {
    return this.api.get(`/api/v1/admin/users/${e(id)}`);
  }
  suspend(id: string, reason: string): Promise<AdminUser> {
    return this.api.post(`/api/v1/admin/users/${e(id)}/suspend`, reason ? { reason } : {});
  }
  unsuspend(id: string): Promise<AdminUser> {
    return this.api.post(`/api/v1/admin/users/${e(id)}/unsuspend`);
  }
  deleteUser(id: string): Promise<void> {
    return this.api.delete(`/api/v1/admin/users/${e(id)}`);
  }
  resetPassword(id: string): Promise<{ userId: string; username: string; recoveryCode: string }> {
    return this.api.post(`/api/v1/admin/users/${e(id)}/reset-password`);
  }
  promote(id: string, isAdmin: boolean): Promise<AdminUser> {
    return this.api.post(`/api/v1/admin/users/${e(id)}/promote`, { isAdmin });
  }

  // ---- Instance ----

  settings(): Promise<InstanceSettings> {
    return this.api.get("/api/v1/admin/settings");
  }
  updateSettings(patch: Partial<Record<"registrationMode" | "communityCreationMode" | "maxUploadBytes" | "userQuotaBytes", string | number | null>>): Promise<InstanceSettings> {
    return this.api.patch("/api/v1/admin/settings", patch);
  }
  async webhooks(): Promise<{ webhooks: AdminWebhook[]; available: boolean }> {
    return this.api.get("/api/v1/admin/webhooks");
  }
  audit(q: { before?: string | null; action?: string; actorId?: string }): Promise<AuditPage> {
    const p = new URLSearchParams({ limit: "50" });
    if (q.before) p.set("before", q.before);
    if (q.action) p.set("action", q.action);
    if (q.actorId) p.set("actorId", q.actorId);
    return this.api.get(`/api/v1/admin/audit-log?${p}`);
  }
  communities(after?: string | null): Promise<{ communities: AdminCommunity[]; nextAfter: string | null }> {
    return this.api.get(`/api/v1/admin/communities?limit=50${after ? `&after=${e(after)}` : ""}`);
  }
  deleteCommunity(id: string, reason: string): Promise<void> {
    return this.api.delete(`/api/v1/admin/communities/${e(id)}`, { reason });
  }

  // ---- Announcements, reports, feedback ----

  async announcements(): Promise<Announcement[]> {
    return (await this.api.get<{ announcements: Announcement[] }>("/api/v1/admin/announcements")).announcements;
  }
  createAnnouncement(input: { title: string; body: string; endsAt: string | null }): Promise<Announcement> {
    return this.api.post("/api/v1/admin/announcements", input);
  }
  deleteAnnouncement(id: string): Promise<void> {
    return this.api.delete(`/api/v1/admin/announcements/${e(id)}`);
  }
  async reports(status: ReportStatus | "all"): Promise<ReportItem[]> {
    return (await this.api.get<{ reports: ReportItem[] }>(`/api/v1/admin/reports?limit=200${status === "all" ? "" : `&status=${status}`}`)).reports;
  }
  resolveReport(id: string, status: "resolved" | "dismissed", notes: string): Promise<ReportItem> {
    return this.api.post(`/api/v1/admin/reports/${e(id)}/resolve`, { status, ...(notes ? { notes } : {}) });
  }
  async feedback(status: "open" | "closed" | "all"): Promise<FeedbackItem[]> {
    return (await this.api.get<{ feedback: FeedbackItem[] }>(`/api/v1/admin/feedback?limit=200${status === "all" ? "" : `&status=${status}`}`)).feedback;
  }
  setFeedbackStatus(id: string, status: "open" | "closed"): Promise<FeedbackItem> {
    return this.api.patch(`/api/v1/admin/feedback/${e(id)}`, { status });
  }
}
