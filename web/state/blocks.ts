/**
 * The people the signed-in person has blocked (under /users/me/blocks). Blocking stops DMs between the two on the
 * server; here it also collapses the blocked person's messages for the blocker. `ids` is a new set on each change,
 * so elements handed it as a property re-render.
 */
import type { Api } from "./api.ts";
import { Notifier } from "./store.ts";

export interface BlockedUser {
  user: { id: string; username: string; displayName: string };
  createdAt: string;
}

const path = (userId?: string) => `/api/v1/users/me/blocks${userId ? `/${encodeURIComponent(userId)}` : ""}`;

export class BlocksStore extends Notifier {
  ids: ReadonlySet<string> = new Set();

  constructor(private readonly api: Api) {
    super();
  }

  has(userId: string): boolean {
    return this.ids.has(userId);
  }

  /** Fetches the list; a failure keeps what we had (nothing is hidden that was not before). */
  async load(): Promise<void> {
    try {
      const { blocks } = await this.api.get<{ blocks: BlockedUser[] }>(path());
      this.set(new Set(blocks.map((b) => b.user.id)));
    } catch {
      /* keep what we had */
    }
  }

  async block(userId: string): Promise<void> {
    await this.api.put(path(userId));
    this.set(new Set([...this.ids, userId]));
  }

  async unblock(userId: string): Promise<void> {
    await this.api.delete(path(userId));
    this.set(new Set([...this.ids].filter((id) => id !== userId)));
  }

  forget(): void {
    this.set(new Set());
  }

  private set(ids: ReadonlySet<string>): void {
    this.ids = ids;
    this.changed();
  }
}
