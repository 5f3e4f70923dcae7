/** Instance administration for instance admins: registration invites (more tabs as their APIs land). */
import type { Api } from "./api.ts";
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

export interface InstanceSettings {
  registrationMode: "open" | "invite_only" | "closed";
  communityCreationMode: "open" | "admin_only";
  maxUploadBytes: number;
  userQuotaBytes: number | null;
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

  settings(): Promise<InstanceSettings> {
    return this.api.get<InstanceSettings>("/api/v1/admin/settings");
  }

  updateSettings(patch: Partial<InstanceSettings>): Promise<InstanceSettings> {
    return this.api.patch<InstanceSettings>("/api/v1/admin/settings", patch);
  }

  async users(q: string): Promise<AdminUser[]> {
    return (await this.api.get<{ users: AdminUser[] }>(`/api/v1/admin/users?limit=100${q ? `&q=${encodeURIComponent(q)}` : ""}`)).users;
  }

  userAction(id: string, action: "suspend" | "unsuspend" | "reset-password" | "promote", body?: unknown): Promise<AdminUser & { recoveryCode?: string }> {
    return this.api.post(`/api/v1/admin/users/${encodeURIComponent(id)}/${action}`, body);
  }

  async revokeInvite(code: string): Promise<void> {
    await this.api.delete(`/api/v1/admin/registration-invites/${encodeURIComponent(code)}`);
    await this.loadInvites();
  }
}
