/** Unsent composer text per channel, kept per account in localStorage so a reload or a channel switch loses nothing. */
export class Drafts {
  private map: Record<string, string> = {};
  private key: string | null = null;

  useAccount(userId: string | null): void {
    this.key = userId ? `hearth.drafts.${userId}` : null;
    try {
      this.map = this.key ? (JSON.parse(localStorage.getItem(this.key) ?? "{}") as Record<string, string>) : {};
    } catch {
      this.map = {};
    }
  }

  get(channelId: string): string {
    return this.map[channelId] ?? "";
  }

  set(channelId: string, text: string): void {
    if (text) this.map[channelId] = text;
    else delete this.map[channelId];
    if (this.key) localStorage.setItem(this.key, JSON.stringify(this.map));
  }
}
