/**
 * What UserHubs hear about a channel's new messages, accumulated between notifications so a busy channel costs
 * each watching hub at most one call per ACTIVITY_INTERVAL_MS (H3), however many messages arrive.
 */
import type { MessageCreatedEvent } from "../../protocol/frames.ts";

/** H3: badges update at most once per channel per second. */
export const ACTIVITY_INTERVAL_MS = 1000;

export interface ChannelActivity {
  channelId: string;
  /** Newest seq at the time of the notification. */
  headSeq: number;
  /** New messages in the window, by author, so a hub can leave its own user's out of the unread count. */
  byAuthor: Record<string, number>;
  /** Messages in the window mentioning each user. */
  mentioned: Record<string, number>;
  /** Messages in the window mentioning everyone. */
  everyone: number;
}

export class ActivityWindow {
  private byAuthor: Record<string, number> = {};
  private mentioned: Record<string, number> = {};
  private everyone = 0;
  private count = 0;

  add(event: MessageCreatedEvent): void {
    const m = event.message;
    this.count++;
    this.byAuthor[m.authorId] = (this.byAuthor[m.authorId] ?? 0) + 1;
    for (const id of m.mentions) if (id !== m.authorId) this.mentioned[id] = (this.mentioned[id] ?? 0) + 1;
    if (m.mentionsEveryone) this.everyone++;
  }

  get isEmpty(): boolean {
    return this.count === 0;
  }

  /** Everything since the last take, then starts a new window; null when nothing happened. */
  take(channelId: string, headSeq: number): ChannelActivity | null {
    if (this.count === 0) return null;
    const out: ChannelActivity = { channelId, headSeq, byAuthor: this.byAuthor, mentioned: this.mentioned, everyone: this.everyone };
    this.byAuthor = {};
    this.mentioned = {};
    this.everyone = 0;
    this.count = 0;
    return out;
  }
}
