/**
 * Profile pictures by user id (docs/api/images.md), for every <hearth-avatar> on the page: filled by the people
 * directory (web/state/members.ts) from whatever user views the app loads. A module-level store so the avatar
 * element, a leaf used everywhere, needs no context; it changes only when someone's picture does.
 */
import { Notifier } from "./store.ts";

export class AvatarDirectory extends Notifier {
  private urls = new Map<string, string>();

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
