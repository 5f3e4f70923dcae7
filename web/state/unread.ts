/**
 * Unread and mention counts per channel. What was read is remembered per account in localStorage (the highest
 * seq seen in each channel); what exists arrives from message loads and realtime events. Communities and the
 * Home button sum their channels.
 */
import { Notifier } from "./store.ts";

interface ChannelCounts {
  latestSeq: number;
  readSeq: number;
  mentions: number;
  communityId: string | null;
}

export class UnreadStore extends Notifier {
  private channels = new Map<string, ChannelCounts>();
  private userId: string | null = null;

  constructor(private readonly storage: Pick<Storage, "getItem" | "setItem"> = localStorage) {
    super();
  }

  useAccount(userId: string | null): void {
    this.userId = userId;
    this.channels.clear();
    if (userId) {
      try {
        const saved = JSON.parse(this.storage.getItem(`hearth.read.${userId}`) ?? "{}") as Record<string, number>;
        for (const [id, seq] of Object.entries(saved)) if (typeof seq === "number") this.channels.set(id, { latestSeq: seq, readSeq: seq, mentions: 0, communityId: null });
      } catch {
        /* a broken record only costs the read markers */
      }
    }
    this.changed();
  }

  /** A message exists at `seq` in a channel; `mentionsMe` when it names the person. */
  noteMessage(channelId: string, communityId: string | null, seq: number, mentionsMe: boolean, isOwn: boolean): void {
    const c = this.entry(channelId, communityId);
    if (seq <= c.latestSeq) return;
    c.latestSeq = seq;
    if (isOwn) {
      c.readSeq = seq;
      c.mentions = 0;
      this.persist();
    } else if (mentionsMe && seq > c.readSeq) c.mentions++;
    this.changed();
  }

  /** The newest seq the server reports for a channel (e.g. from a channel list), without counting mentions. */
  noteLatest(channelId: string, communityId: string | null, seq: number): void {
    const c = this.entry(channelId, communityId);
    if (seq > c.latestSeq) {
      c.latestSeq = seq;
      this.changed();
    }
  }

  markRead(channelId: string, seq: number): void {
    const c = this.channels.get(channelId);
    if (!c || (c.readSeq >= seq && c.mentions === 0)) return;
    c.readSeq = Math.max(c.readSeq, seq);
    c.latestSeq = Math.max(c.latestSeq, seq);
    c.mentions = 0;
    this.persist();
    this.changed();
  }

  /** The seq the person had read up to in a channel when they last looked (0 when never). */
  readSeq(channelId: string): number {
    return this.channels.get(channelId)?.readSeq ?? 0;
  }

  channel(channelId: string): { unread: boolean; mentions: number } {
    const c = this.channels.get(channelId);
    return { unread: !!c && c.latestSeq > c.readSeq, mentions: c?.mentions ?? 0 };
  }

  community(communityId: string): { unread: boolean; mentions: number } {
    let unread = false;
    let mentions = 0;
    for (const c of this.channels.values()) {
      if (c.communityId !== communityId) continue;
      if (c.latestSeq > c.readSeq) unread = true;
      mentions += c.mentions;
    }
    return { unread, mentions };
  }

  /** Unread DMs count as mentions, as in every chat app: each is addressed to you. */
  dmMentionCount(): number {
    let n = 0;
    for (const c of this.channels.values()) if (c.communityId === null && c.latestSeq > c.readSeq) n += Math.max(1, c.mentions);
    return n;
  }

  private entry(channelId: string, communityId: string | null): ChannelCounts {
    let c = this.channels.get(channelId);
    if (!c) {
      // First sight of a channel this browser never read: start from here rather than flag its whole history.
      c = { latestSeq: 0, readSeq: 0, mentions: 0, communityId };
      this.channels.set(channelId, c);
    }
    c.communityId = communityId;
    return c;
  }

  private persist(): void {
    if (!this.userId) return;
    const out: Record<string, number> = {};
    for (const [id, c] of this.channels) out[id] = c.readSeq;
    this.storage.setItem(`hearth.read.${this.userId}`, JSON.stringify(out));
  }
}
