/**
 * Which channel is open, and the UserHub socket that keeps badges and lists current while the person is elsewhere.
 * One ChannelSession at a time: switching channels closes the previous room socket.
 */
import type { DmChangedFrame, HubServerFrame, MessageView } from "../../protocol/frames.ts";
import type { Api } from "./api.ts";
import type { AuthStore } from "./auth.ts";
import { ChannelSession } from "./chat.ts";
import type { CommunitiesStore } from "./communities.ts";
import type { DmChanges } from "./dm-changes.ts";
import { Drafts } from "./drafts.ts";
import type { E2eeStore } from "./e2ee.ts";
import { HubSocket, type ConnectionState } from "./realtime.ts";
import { Notifier } from "./store.ts";
import type { MembersStore } from "./members.ts";
import type { PinsStore, ReactorsStore } from "./message-lists.ts";
import type { ThreadsStore } from "./threads.ts";
import type { UnreadStore } from "./unread.ts";

export class ChatStore extends Notifier {
  session: ChannelSession | null = null;
  hubState: ConnectionState = "idle";
  readonly drafts = new Drafts();
  private hub: HubSocket | null = null;
  private unsubSession: (() => void) | null = null;
  /** The signed-in person is no longer in this DM (they left, on this device or another): leave its page. */
  onRemoved: (channelId: string) => void = () => {};
  /** Every hub frame, after this store handled it (desktop notifications follow the counts and DM arrivals). */
  onHubFrame: (f: HubServerFrame) => void = () => {};

  constructor(
    private readonly api: Api,
    private readonly auth: AuthStore,
    private readonly communities: CommunitiesStore,
    private readonly unread: UnreadStore,
    private readonly members: MembersStore,
    private readonly e2ee: E2eeStore,
    private readonly lists: { pins: PinsStore; reactors: ReactorsStore; threads: ThreadsStore },
    private readonly dmChanges: DmChanges,
  ) {
    super();
  }

  /** Signed in: start the hub. Signed out: close everything. */
  useAccount(userId: string | null): void {
    this.drafts.useAccount(userId);
    this.dmChanges.forget();
    this.openChannel(null);
    this.hub?.stop();
    this.hub = null;
    if (!userId) return;
    this.hub = new HubSocket(this.api, (f) => this.onHub(f), (s) => {
      this.hubState = s;
      this.changed();
    });
    this.hub.start();
  }

  /** `isDm` (from the URL) tells a DM from a community channel before either list has loaded. */
  /** A message to send once `channelId` opens (web/state/forward.ts). */
  private forwarding: { channelId: string; content: string } | null = null;

  /** Sends `content` to `channelId`: now if it is open, else as soon as it opens (the caller navigates there). */
  forwardTo(channelId: string, content: string): void {
    if (this.session?.channelId === channelId) this.session.send(content, null);
    else this.forwarding = { channelId, content };
  }

  openChannel(channelId: string | null, isDm = false): void {
    if (this.session?.channelId === channelId) return;
    this.unsubSession?.();
    this.unsubSession = null;
    this.session?.close();
    this.session = null;
    this.unread.view(channelId);
    this.lists.pins.forget();
    this.lists.reactors.clear();
    const user = this.auth.user;
    if (channelId && user) {
      const s = new ChannelSession(this.api, channelId, user.id, {
        onRead: () => this.unread.view(channelId),
        onMessage: (m: MessageView) => this.onMessage(m),
        onPinsChanged: () => this.lists.pins.invalidate(channelId),
        onReaction: (messageId, emoji) => this.lists.reactors.forget(messageId, emoji),
        // The threads list hears of changes only from this socket, and its frames are never replayed.
        onWelcome: () => this.lists.threads.reload(channelId),
        onThreadFrame: (f) => this.lists.threads.heard(channelId, f),
        // History names its authors: people not in any loaded member list (DMs, departed members) get names too.
        onPeople: (ids) => this.members.want(ids),
        onAuthors: (ms) => this.members.learn(ms.flatMap((m) => (m.author ? [{ id: m.author.id, username: m.author.username, displayName: m.author.displayName, avatarUrl: m.author.avatarUrl, isBot: m.author.isBot }] : []))),
      }, this.e2ee, this.isEncrypted(channelId, isDm));
      // Opening an encrypted conversation sets up this device's keys if the last try failed, and compares the
      // conversation's devices with what this browser remembers, so changes since the last visit show at once.
      if (this.isEncrypted(channelId, isDm)) void this.e2ee.prepare(channelId).catch(() => {});
      this.session = s;
      s.conversation = isDm || this.communities.channel(channelId)?.communityId === null;
      // A forward chosen elsewhere goes out here (queued by the outbox until the room is open, sealed if need be).
      if (this.forwarding?.channelId === channelId) {
        s.send(this.forwarding.content, null);
        this.forwarding = null;
      }
      this.unsubSession = s.subscribe(() => this.changed());
      s.open();
    }
    this.changed();
  }

  /** What the lists say before the room's welcome does: DMs always are; a community channel says so itself; a thread is as its channel. */
  private isEncrypted(channelId: string, isDm: boolean): boolean {
    const ch = this.communities.channel(channelId) ?? this.communities.channel(this.lists.threads.parentOf(channelId) ?? "");
    return ch ? ch.encrypted : isDm;
  }

  private onMessage(_m: MessageView): void {
    // The open channel's counts stay at zero while it is on screen.
    if (this.session) this.unread.view(this.session.channelId);
  }

  /**
   * H8: a group DM was renamed or someone joined or left. The DM list is fetched again (names, participants); a
   * membership change also drops the conversation's cached device list, so the next message is sealed for exactly
   * the people now in it, and refetches it now when the conversation is open (its member notice shows at once).
   */
  private onDmChanged(f: DmChangedFrame): void {
    const { type: _, ...change } = f;
    this.dmChanges.record(change);
    void this.communities.loadDms();
    if (f.change === "renamed") return;
    const isOpen = this.session?.channelId === f.channelId;
    if (f.change === "participant_left" && f.userId === this.auth.user?.id) {
      this.e2ee.membersChanged(f.channelId, false);
      if (isOpen) this.openChannel(null);
      this.onRemoved(f.channelId);
      return;
    }
    this.e2ee.membersChanged(f.channelId, isOpen);
  }

  private onHub(f: HubServerFrame): void {
    this.handleHub(f);
    this.onHubFrame(f);
  }

  private handleHub(f: HubServerFrame): void {
    switch (f.type) {
      case "hub_welcome":
        this.hub?.markOpen();
        this.e2ee.hubConnected();
        this.dmChanges.hubConnected();
        for (const u of f.unread) this.unread.set(u.channelId, u.unread, u.mentions, u.parentId, u.communityId);
        break;
      case "unread_updated":
        this.unread.set(f.channelId, f.unread, f.mentions, f.parentId, f.communityId);
        break;
      case "dm_received":
        if (!this.communities.channel(f.channelId)) void this.communities.loadDms();
        break;
      case "membership_changed":
        if (f.change === "channels_changed") {
          if (f.communityId) void this.communities.loadStructure(f.communityId);
          break;
        }
        if (f.change === "members_changed") {
          if (f.communityId) this.members.refresh(f.communityId);
          break;
        }
        void this.communities.load();
        if (f.communityId) {
          void this.communities.loadStructure(f.communityId);
          void this.communities.loadDetail(f.communityId);
          if (this.members.lists.has(f.communityId)) void this.members.load(f.communityId);
        }
        break;
      case "devices_changed":
        this.e2ee.devicesChanged(f.userId);
        break;
      case "presence_changed":
        this.members.setOnline(f.userId, f.online);
        break;
      case "dm_changed":
        this.onDmChanged(f);
        break;
      case "error":
      case "pong":
        break;
    }
  }
}
