/**
 * Unread and mention counts per channel, as the UserHub reports them (docs/protocol.md H2-H3). Opening a channel
 * clears its counts locally at once; the room's mark_read makes it true on every device. Communities and the Home
 * button sum their channels.
 */
import { Notifier } from "./store.ts";

interface Counts {
  unread: number;
  mentions: number;
  /** null: a DM or group DM; undefined: not known yet (its community's channel list has not loaded). */
  communityId: string | null | undefined;
  /** For a thread: its text channel, which places it in a community and shows its mentions. */
  parentId?: string;
}

export class UnreadStore extends Notifier {
  private channels = new Map<string, Counts>();
  /** The channel on screen: its counts stay at zero while the person is looking at it. */
  private viewing: string | null = null;

  constructor(private readonly communityOf: (channelId: string) => string | null | undefined) {
    super();
  }

  reset(): void {
    this.channels.clear();
    this.changed();
  }

  /**
   * A count from the hub (hub_welcome entries and unread_updated); `parentId` for a thread; `community` as the hub
   * says it (null: a DM), else looked up in the channel lists loaded.
   */
  set(channelId: string, unread: number, mentions: number, parentId?: string, community?: string | null): void {
    if (channelId === this.viewing && document.visibilityState === "visible") unread = mentions = 0;
    // Unknown stays unknown: counting a community channel as a DM would light the Home badge for it.
    const communityId = community !== undefined ? community : this.communityOf(parentId ?? channelId);
    if (unread === 0 && mentions === 0) this.channels.delete(channelId);
    else this.channels.set(channelId, parentId ? { unread, mentions, communityId, parentId } : { unread, mentions, communityId });
    this.changed();
  }

  /** The person opened (or is looking at) a channel. */
  view(channelId: string | null): void {
    this.viewing = channelId;
    if (channelId && this.channels.delete(channelId)) this.changed();
  }

  /** Re-attributes channels to communities once the channel lists have loaded. */
  refreshCommunities(): void {
    for (const [id, c] of this.channels) {
      if (c.communityId !== undefined) continue;
      const known = this.communityOf(c.parentId ?? id);
      if (known !== undefined) c.communityId = known;
    }
    this.changed();
  }

  channel(channelId: string): { unread: boolean; mentions: number } {
    const c = this.channels.get(channelId);
    return { unread: !!c && c.unread > 0, mentions: c?.mentions ?? 0 };
  }

  /** Mentions waiting in a channel's threads (shown on the channel, whose threads may not be listed). */
  threadMentions(parentId: string): number {
    let n = 0;
    for (const c of this.channels.values()) if (c.parentId === parentId) n += c.mentions;
    return n;
  }

  community(communityId: string): { unread: boolean; mentions: number } {
    let unread = false;
    let mentions = 0;
    for (const c of this.channels.values()) {
      if (c.communityId !== communityId) continue;
      if (c.unread > 0) unread = true;
      mentions += c.mentions;
    }
    return { unread, mentions };
  }

  /** Unread DMs count like mentions, as in every chat app: each is addressed to you. */
  dmMentionCount(): number {
    let n = 0;
    for (const c of this.channels.values()) if (c.communityId === null && c.unread > 0) n += c.unread;
    return n;
  }
}
