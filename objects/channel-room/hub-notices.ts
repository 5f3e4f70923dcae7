/**
 * What a room tells UserHubs: DM participants hear of every message from someone else (H4); hubs watching the
 * channel get its activity coalesced to one notice per ACTIVITY_INTERVAL_MS (H3); a user's read position goes to
 * their hub (H3). All notices are fire-and-forget: a hub that is slow or gone never holds up the room.
 */
import type { ChannelEvent, DmReceivedFrame } from "../../protocol/frames.ts";
import { ACTIVITY_INTERVAL_MS, ActivityWindow, type ChannelActivity } from "./activity.ts";
import { excerptOf } from "./views.ts";

/** The hub methods a room calls (UserHub implements them). */
export interface HubPort {
  dmReceived(notice: Omit<DmReceivedFrame, "type">): Promise<void>;
  channelActivity(activity: ChannelActivity): Promise<boolean>;
  readChanged(channelId: string, seq: number): Promise<void>;
}

/** Watching hubs, kept in the room's storage so they survive hibernation and restarts. */
interface WatcherRecord {
  version: 1;
  users: string[];
}

const WATCHERS_KEY = "watchers";

function logFailure(what: string) {
  return (err: Error) => console.error(`channel room: hub ${what} failed:`, err.message);
}

export class HubNotices {
  private readonly activity = new ActivityWindow();
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** The stored list, read once per instance: only this object writes it. */
  private watching: string[] | null = null;

  constructor(
    private readonly kv: SyncKvStorage,
    private readonly hubOf: (userId: string) => HubPort,
  ) {}

  private watchers(): string[] {
    return (this.watching ??= this.kv.get<WatcherRecord>(WATCHERS_KEY)?.users ?? []);
  }

  private setWatchers(users: string[]): void {
    this.watching = users;
    this.kv.put(WATCHERS_KEY, { version: 1, users } satisfies WatcherRecord);
  }

  /** A hub with devices online asks for activity notices. */
  watch(userId: string): void {
    const users = this.watchers();
    if (!users.includes(userId)) this.setWatchers([...users, userId]);
  }

  private unwatch(userId: string): void {
    this.setWatchers(this.watchers().filter((u) => u !== userId));
  }

  /** After each flush. `participants` is non-empty for DMs and group DMs only. */
  flushed(channelId: string, events: ChannelEvent[], participants: readonly string[], headSeq: () => number): void {
    for (const e of events) {
      if (e.type !== "message_created") continue;
      this.activity.add(e);
      for (const userId of participants) {
        if (userId === e.message.authorId) continue;
        const notice = { channelId, messageId: e.message.id, authorId: e.message.authorId, seq: e.seq, excerpt: excerptOf(e.message.content) };
        this.hubOf(userId).dmReceived(notice).catch(logFailure("dmReceived"));
      }
    }
    if (!this.activity.isEmpty && this.timer === null) {
      this.timer = setTimeout(() => this.sendActivity(channelId, headSeq()), ACTIVITY_INTERVAL_MS);
    }
  }

  private sendActivity(channelId: string, headSeq: number): void {
    this.timer = null;
    const watching = this.watchers();
    const activity = this.activity.take(channelId, headSeq);
    if (!activity || watching.length === 0) return;
    for (const userId of watching) {
      this.hubOf(userId)
        .channelActivity(activity)
        .then((stillWatching) => {
          if (!stillWatching) this.unwatch(userId);
        })
        .catch(logFailure("channelActivity"));
    }
  }

  /** The user's read position moved here; their hub updates every device. */
  readChanged(userId: string, channelId: string, seq: number): void {
    this.hubOf(userId).readChanged(channelId, seq).catch(logFailure("readChanged"));
  }
}
