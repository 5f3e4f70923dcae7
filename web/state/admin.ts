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
    await this.api.delete(`/api/v1/admin/registration-invites/${encodeURIComponent(code)}`);
    await this.loadInvites();
  }
}
