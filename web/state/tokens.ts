/**
 * Where the session's tokens live. Both sit in localStorage so a reload stays signed in and every tab shares one
 * session (the refresh token rotates on each use, so tabs must see each other's rotations).
 */
import type { Session } from "./api.ts";

const KEY = "hearth.session";

export class TokenStore {
  accessToken: string | null = null;
  refreshToken: string | null = null;

  constructor(private readonly storage: Pick<Storage, "getItem" | "setItem" | "removeItem"> = localStorage) {
    this.reload();
  }

  /** Re-reads storage: another tab may have rotated the tokens. */
  reload(): void {
    try {
      const raw = this.storage.getItem(KEY);
      const parsed = raw ? (JSON.parse(raw) as Partial<Session>) : {};
      this.accessToken = typeof parsed.accessToken === "string" ? parsed.accessToken : null;
      this.refreshToken = typeof parsed.refreshToken === "string" ? parsed.refreshToken : null;
    } catch {
      this.accessToken = this.refreshToken = null;
    }
  }

  set(session: Session): void {
    this.accessToken = session.accessToken;
    this.refreshToken = session.refreshToken;
    this.storage.setItem(KEY, JSON.stringify(session));
  }

  clear(): void {
    this.accessToken = this.refreshToken = null;
    this.storage.removeItem(KEY);
  }

  get hasSession(): boolean {
    return this.refreshToken !== null;
  }
}
