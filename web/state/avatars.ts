/**
 * How people look, by user id: profile pictures (docs/api/images.md) for every <hearth-avatar> on the page, and
 * which accounts are apps (webhooks, docs/api/webhooks.md) whose messages carry an APP tag. Filled by the people
 * directory (web/state/members.ts) from whatever user views the app loads. A module-level store so leaf elements
 * used everywhere need no context; it changes only when a picture or a mark does.
 */
import { Notifier } from "./store.ts";

export class AvatarDirectory extends Notifier {
  private urls = new Map<string, string>();
  private apps = new Set<string>();

  isApp(id: string): boolean {
    return this.apps.has(id);
  }

  /** Marks app accounts; notifies only when one is new. */
  learnApps(ids: Iterable<string>): void {
    const before = this.apps.size;
    for (const id of ids) this.apps.add(id);
    if (this.apps.size !== before) this.changed();
  }

  get(id: string): string | null {
    return this.urls.get(id) ?? null;
  }

  /** Records pictures (null: initials). Notifies once, and only if one changed. */
  learn(entries: Iterable<readonly [string, string | null]>): void {
    let changed = false;
    for (const [id, url] of entries) {
      if ((this.urls.get(id) ?? null) === url) continue;
      if (url) this.urls.set(id, url);
      else this.urls.delete(id);
      changed = true;
    }
    if (changed) this.changed();
  }
}

export const avatars = new AvatarDirectory();
