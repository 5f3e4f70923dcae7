/** The signed-in person's own account: profile, password, sessions, two-factor setup, deletion. */
import type { Api } from "./api.ts";
import type { AuthStore, User } from "./auth.ts";
import { avatars } from "./avatars.ts";
import { preparePicture } from "./image-prep.ts";
import { Notifier, track, type Async } from "./store.ts";

export interface SessionInfo {
  id: string;
  deviceName: string | null;
  ip: string | null;
  userAgent: string | null;
  createdAt: string;
  lastUsedAt: string;
  current: boolean;
}

export interface TotpSetup {
  secret: string;
  otpauthUri: string;
  qrSvg: string;
}

/** Password plus, when 2FA is on, a code: what dangerous actions ask for. */
export interface IdentityProof {
  password: string;
  totpCode?: string;
  backupCode?: string;
}

export class AccountStore extends Notifier {
  sessions: Async<SessionInfo[]> = { state: "idle" };

  constructor(
    private readonly api: Api,
    private readonly auth: AuthStore,
  ) {
    super();
  }

  async updateProfile(displayName: string): Promise<void> {
    this.auth.setUser(await this.api.patch<User>("/api/v1/users/me", { displayName }));
  }

  /** Read receipts in DMs and group DMs, both ways. */
  async setReadReceipts(on: boolean): Promise<void> {
    this.auth.setUser(await this.api.patch<User>("/api/v1/users/me", { readReceipts: on }));
  }

  /** A new profile picture (cropped and scaled first, web/state/image-prep.ts); everyone sees it at once. */
  async setAvatar(file: Blob): Promise<void> {
    const picture = await preparePicture(file, "square");
    const { avatarUrl } = await this.api.upload<{ avatarUrl: string }>("/api/v1/users/me/avatar", picture, { contentType: picture.type || "application/octet-stream", method: "PUT" });
    this.pictureChanged(avatarUrl);
  }

  async removeAvatar(): Promise<void> {
    await this.api.delete("/api/v1/users/me/avatar");
    this.pictureChanged(null);
  }

  async setBanner(file: Blob): Promise<void> {
    const picture = await preparePicture(file, "banner");
    const { bannerUrl } = await this.api.upload<{ bannerUrl: string }>("/api/v1/users/me/banner", picture, { contentType: picture.type || "application/octet-stream", method: "PUT" });
    this.bannerChanged(bannerUrl);
  }

  async removeBanner(): Promise<void> {
    await this.api.delete("/api/v1/users/me/banner");
    this.bannerChanged(null);
  }

  private bannerChanged(bannerUrl: string | null): void {
    const user = this.auth.user;
    if (user) this.auth.setUser({ ...user, bannerUrl });
  }

  private pictureChanged(avatarUrl: string | null): void {
    const user = this.auth.user;
    if (!user) return;
    avatars.learn([[user.id, avatarUrl]]);
    this.auth.setUser({ ...user, avatarUrl });
  }

  /** Changes the password; the server signs out every other session. Returns how many. */
  async changePassword(currentPassword: string, newPassword: string): Promise<number> {
    const res = await this.api.post<{ revokedSessions: number }>("/api/v1/users/me/password", { currentPassword, newPassword });
    void this.loadSessions();
    return res.revokedSessions;
  }

  /** Everything the server holds about the person, as a zip to save. */
  exportData(): Promise<Blob> {
    return this.api.blob("/api/v1/users/me/export");
  }

  async deleteAccount(proof: IdentityProof): Promise<void> {
    await this.api.delete("/api/v1/users/me", proof);
    this.auth.signedOut();
  }

  loadSessions(): Promise<unknown> {
    return track(this.sessions, (s) => ((this.sessions = s), this.changed()), async () => (await this.api.get<{ sessions: SessionInfo[] }>("/api/v1/users/me/sessions")).sessions);
  }

  async revokeSession(id: string): Promise<void> {
    await this.api.delete(`/api/v1/users/me/sessions/${encodeURIComponent(id)}`);
    await this.loadSessions();
  }

  async revokeOtherSessions(): Promise<number> {
    const res = await this.api.post<{ revokedSessions: number }>("/api/v1/users/me/sessions/revoke-others");
    await this.loadSessions();
    return res.revokedSessions;
  }

  startTotp(password: string): Promise<TotpSetup> {
    return this.api.post<TotpSetup>("/api/v1/users/me/totp/setup", { password });
  }

  async enableTotp(code: string): Promise<string[]> {
    const res = await this.api.post<{ backupCodes: string[] }>("/api/v1/users/me/totp/enable", { code });
    if (this.auth.user) this.auth.setUser({ ...this.auth.user, totpEnabled: true });
    return res.backupCodes;
  }

  async disableTotp(proof: IdentityProof): Promise<void> {
    await this.api.post("/api/v1/users/me/totp/disable", proof);
    if (this.auth.user) this.auth.setUser({ ...this.auth.user, totpEnabled: false });
  }

  async regenerateBackupCodes(proof: IdentityProof): Promise<string[]> {
    return (await this.api.post<{ backupCodes: string[] }>("/api/v1/users/me/totp/backup-codes", proof)).backupCodes;
  }

  /** A new recovery code (shown once); the old one stops working. */
  async regenerateRecoveryCode(proof: IdentityProof): Promise<string> {
    return (await this.api.post<{ recoveryCode: string }>("/api/v1/users/me/recovery-code", proof)).recoveryCode;
  }
}
