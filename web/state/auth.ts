/**
 * Who is signed in. Holds the current user and the instance facts the sign-in screens need; login, register,
 * recovery and logout go through here so the token store and the UI never disagree.
 */
import { Api, ApiError } from "./api.ts";
import type { TokenStore } from "./tokens.ts";
import { Notifier } from "./store.ts";

export interface User {
  id: string;
  username: string;
  displayName: string;
  /** The profile picture (docs/api/images.md), or null for initials. */
  avatarUrl?: string | null;
  /** The wide picture atop one's profile card, or null for one's colour. */
  bannerUrl?: string | null;
  /** Whether others in DMs see how far one has read, and one sees theirs (docs/api/messages.md). */
  readReceipts?: boolean;
  isAdmin: boolean;
  totpEnabled: boolean;
  createdAt: string;
}

export interface InstanceInfo {
  name: string;
  registrationMode: "open" | "invite_only" | "closed";
  /** Largest file one upload may be (bytes); absent from servers without attachments. */
  maxUploadBytes?: number;
  /** Link previews and GIF search (docs/api/embeds.md); absent from servers without them. */
  linkPreviews?: boolean;
  gifSearch?: boolean;
  /** The key browsers subscribe to Web Push with (docs/api/push.md); null or absent: no pushes. */
  pushKey?: string | null;
}

export type AuthStatus = "unknown" | "signed_out" | "signed_in";

interface AuthAnswer {
  user: User;
  accessToken: string;
  refreshToken: string;
}

function deviceName(): string {
  const ua = navigator.userAgent;
  const browser = /Firefox\//.test(ua) ? "Firefox" : /Edg\//.test(ua) ? "Edge" : /Chrom(e|ium)\//.test(ua) ? "Chromium" : /Safari\//.test(ua) ? "Safari" : "Browser";
  const os = /Android/.test(ua) ? "Android" : /iPhone|iPad/.test(ua) ? "iOS" : /Mac OS X/.test(ua) ? "macOS" : /Windows/.test(ua) ? "Windows" : /Linux/.test(ua) ? "Linux" : "";
  return os ? `${browser} on ${os}` : browser;
}

export class AuthStore extends Notifier {
  status: AuthStatus = "unknown";
  user: User | null = null;
  instance: InstanceInfo | null = null;
  /** The recovery code from registration or recovery, until the person confirms they saved it. Memory only. */
  pendingRecoveryCode: string | null = null;

  constructor(
    private readonly api: Api,
    private readonly tokens: TokenStore,
  ) {
    super();
    api.onSignedOut = () => this.signedOut();
  }

  /** On start: resume the stored session if there is one. */
  async init(): Promise<void> {
    if (!this.tokens.hasSession) return this.signedOut();
    try {
      this.user = await this.api.get<User>("/api/v1/users/me");
      this.status = "signed_in";
      this.changed();
    } catch (e) {
      // Offline with a stored session: stay signed in with what we can show; otherwise the session is over.
      if (e instanceof ApiError && e.code === "network_error") {
        this.status = "signed_out";
        this.changed();
        return;
      }
      this.signedOut();
    }
  }

  async loadInstance(): Promise<InstanceInfo> {
    this.instance ??= await this.api.get<InstanceInfo>("/api/v1/instance", { auth: false });
    this.changed();
    return this.instance;
  }

  /** Throws ApiError; `totp_required` means: ask for a code and call again with it. */
  async login(input: { username: string; password: string; totpCode?: string; backupCode?: string }): Promise<void> {
    const res = await this.api.post<AuthAnswer>("/api/v1/auth/login", { ...input, deviceName: deviceName() }, { auth: false });
    this.signedIn(res);
  }

  async register(input: { username: string; password: string; displayName?: string; inviteCode?: string }): Promise<void> {
    const res = await this.api.post<AuthAnswer & { recoveryCode: string }>("/api/v1/auth/register", { ...input, deviceName: deviceName() }, { auth: false });
    this.pendingRecoveryCode = res.recoveryCode;
    this.signedIn(res);
  }

  /** Resets the password; the answer is the next recovery code, which replaces the one just used. */
  async recover(input: { username: string; recoveryCode: string; newPassword: string }): Promise<string> {
    const res = await this.api.post<{ recoveryCode: string }>("/api/v1/auth/recover", input, { auth: false });
    return res.recoveryCode;
  }

  acknowledgeRecoveryCode(): void {
    this.pendingRecoveryCode = null;
    this.changed();
  }

  /** Runs when the person signs out on purpose (not when a session ends elsewhere): drops this browser's keys. */
  onLogout: (userId: string) => Promise<void> = async () => {};

  async logout(): Promise<void> {
    if (this.user) await this.onLogout(this.user.id);
    try {
      await this.api.post("/api/v1/auth/logout");
    } catch {
      /* the session may already be gone; signing out locally is what matters */
    }
    this.tokens.clear();
    this.signedOut();
  }

  setUser(user: User): void {
    this.user = user;
    this.changed();
  }

  /** The server ended this session (deleted account, revoked elsewhere): forget it locally. */
  signedOut(): void {
    this.user = null;
    this.status = "signed_out";
    this.changed();
  }

  private signedIn(res: AuthAnswer): void {
    this.tokens.set({ accessToken: res.accessToken, refreshToken: res.refreshToken });
    this.user = res.user;
    this.status = "signed_in";
    this.changed();
  }
}
