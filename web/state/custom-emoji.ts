/**
 * Each community's own emoji (docs/api/emoji.md), loaded when the community is first shown and after one's own
 * changes: for the composer (`:name:` autocomplete and the token on send), the emoji picker and settings.
 */
import type { CustomEmoji } from "../../protocol/emoji.ts";
import type { Api } from "./api.ts";
import { preparePicture } from "./image-prep.ts";
import { Notifier, track, type Async } from "./store.ts";

const e = encodeURIComponent;

export class CustomEmojiStore extends Notifier {
  readonly lists = new Map<string, Async<CustomEmoji[]>>();

  constructor(private readonly api: Api) {
    super();
  }

  /** The community's emoji as loaded (empty until then); starts loading the first time it is asked for. */
  of(communityId: string | null): CustomEmoji[] {
    if (!communityId) return [];
    const cur = this.lists.get(communityId);
    if (!cur) queueMicrotask(() => void this.load(communityId));
    return cur && "value" in cur ? (cur.value ?? []) : [];
  }

  load(communityId: string): Promise<unknown> {
    const cur = this.lists.get(communityId) ?? { state: "idle" };
    if (cur.state === "loading") return Promise.resolve();
    return track(cur, (s) => (this.lists.set(communityId, s), this.changed()), async () => (await this.api.get<{ emoji: CustomEmoji[] }>(`/api/v1/communities/${e(communityId)}/emoji`)).emoji);
  }

  /** Uploads a picture under `name` (squared and scaled like an avatar; a GIF as it is). */
  async add(communityId: string, name: string, file: Blob): Promise<CustomEmoji> {
    const picture = await preparePicture(file, "square", 128);
    const { emoji } = await this.api.upload<{ emoji: CustomEmoji }>(`/api/v1/communities/${e(communityId)}/emoji?name=${e(name)}`, picture, { contentType: picture.type || "application/octet-stream" });
    await this.load(communityId);
    return emoji;
  }

  async rename(emoji: CustomEmoji, name: string): Promise<void> {
    await this.api.patch(`/api/v1/emoji/${e(emoji.id)}`, { name });
    await this.load(emoji.communityId);
  }

  async remove(emoji: CustomEmoji): Promise<void> {
    await this.api.delete(`/api/v1/emoji/${e(emoji.id)}`);
    await this.load(emoji.communityId);
  }

  /** Signed out: nothing is kept. */
  forget(): void {
    this.lists.clear();
    this.changed();
  }
}
