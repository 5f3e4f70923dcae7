/** The client's state, built once at start and handed to elements through context (see context.ts). */
import { AccountStore } from "./account.ts";
import { AdminStore } from "./admin.ts";
import { Api } from "./api.ts";
import { AuthStore } from "./auth.ts";
import { BlocksStore } from "./blocks.ts";
import { CallStore } from "./calls.ts";
import { ChatStore } from "./chat-store.ts";
import { CommunityAdminApi } from "./community-admin.ts";
import { E2eeStore } from "./e2ee.ts";
import { EmbedsStore } from "./embeds.ts";
import { FilesStore } from "./files.ts";
import { GifSearch } from "./gifs.ts";
import { KeyBackupStore } from "./key-backup.ts";
import { MembersStore } from "./members.ts";
import { PinsStore, ReactorsStore, SearchStore } from "./message-lists.ts";
import { ModerationApi } from "./moderation.ts";
import { NoticesStore } from "./notices.ts";
import { CommunitiesStore, sortedChannels } from "./communities.ts";
import { DesktopNotifications } from "./desktop-notifications.ts";
import { PrefsStore } from "./prefs.ts";
import { DmChanges } from "./dm-changes.ts";
import { Router } from "./router.ts";
import { ThreadsStore } from "./threads.ts";
import { CustomEmojiStore } from "./custom-emoji.ts";
import { PushStore } from "./push.ts";
import { TokenStore } from "./tokens.ts";
import { UiStore } from "./ui.ts";
import { UnreadStore } from "./unread.ts";

export class AppState {
  readonly tokens = new TokenStore();
  readonly api = new Api(this.tokens);
  readonly router = new Router();
  readonly prefs = new PrefsStore();
  readonly auth = new AuthStore(this.api, this.tokens);
  readonly account = new AccountStore(this.api, this.auth);
  readonly admin = new AdminStore(this.api);
  readonly ui = new UiStore();
  readonly communities = new CommunitiesStore(this.api);
  readonly unread = new UnreadStore((id) => this.communities.channel(id)?.communityId);
  readonly members = new MembersStore(this.api);
  readonly moderation = new ModerationApi(this.api);
  readonly communityAdmin = new CommunityAdminApi(this.api);
  readonly notices = new NoticesStore(this.api);
  readonly blocks = new BlocksStore(this.api);
  readonly e2ee = new E2eeStore(this.api);
  readonly keyBackup = new KeyBackupStore(this.api, this.e2ee);
  readonly pins = new PinsStore(this.api);
  readonly search = new SearchStore(this.api, this.e2ee);
  readonly dmChanges = new DmChanges(this.api, (users) => this.members.learn(users));
  readonly reactors = new ReactorsStore(this.api);
  readonly threads = new ThreadsStore(this.api);
  readonly customEmoji = new CustomEmojiStore(this.api);
  readonly push = new PushStore(
    this.api,
    async () => (await this.auth.loadInstance()).pushKey ?? null,
    () => this.prefs.prefs.mutedChannels,
  );
  readonly files = new FilesStore(this.api, this.auth);
  readonly embeds = new EmbedsStore(this.api, async () => this.auth.instance ?? this.auth.loadInstance());
  readonly gifs = new GifSearch(this.api);
  readonly calls = new CallStore(this.api, (ids) => this.members.want(ids));
  readonly chat = new ChatStore(this.api, this.auth, this.communities, this.unread, this.members, this.e2ee, { pins: this.pins, reactors: this.reactors, threads: this.threads }, this.dmChanges);
  readonly notifications = new DesktopNotifications(this.prefs, this.communities, this.members, this.router);

  constructor() {
    this.e2ee.nameOf = (id) => this.members.user(id)?.displayName;
    this.auth.onLogout = (id) => this.e2ee.forgetThisDevice(id);
    this.chat.onHubFrame = (f) => this.notifications.onHub(f);
    this.e2ee.onKeysRestored = () => this.chat.session?.reopenLocked();
    this.chat.onRemoved = (channelId) => {
      const r = this.router.route;
      if (r.name === "dm" && r.channelId === channelId) this.router.navigate({ name: "home" }, { replace: true });
    };
    let userId: string | null = null;
    this.auth.subscribe(() => {
      if (this.auth.user) this.members.learn([this.auth.user]);
      const next = this.auth.user?.id ?? null;
      if (next === userId) return;
      userId = next;
      this.prefs.useAccount(next);
      this.unread.reset();
      this.notifications.reset();
      this.communities.forget();
      this.threads.forget();
      this.customEmoji.forget();
      this.members.forget();
      this.e2ee.useAccount(next);
      this.keyBackup.useAccount(next);
      this.chat.useAccount(next);
      this.notices.forget();
      this.blocks.forget();
      this.files.forget();
      this.embeds.forget();
      this.gifs.forget();
      this.calls.forget();
      if (next) {
        // Registering this browser's encryption keys early means people can write to it before it first sends.
        // The device first, then the backup, which stores this device's secret when this browser uses it.
        void this.e2ee.ensureDevice().then(() => this.keyBackup.load(), () => {});
        void this.communities.load();
        void this.communities.loadDms();
        void this.notices.load();
        void this.blocks.load();
      }
      this.syncChannel();
    });
    // Channel lists arriving let the unread store attribute counts to communities; DM participants name people.
    this.communities.subscribe(() => {
      this.unread.refreshCommunities();
      const dms = this.communities.dms;
      if ("value" in dms && dms.value) this.members.learn(dms.value.flatMap((d) => d.participants ?? []));
      // A voice channel's id in the URL is known as one only once its community's channels arrive.
      const open = this.chat.session?.channelId;
      if (open && this.communities.channel(open)?.kind === "voice") this.syncChannel();
      this.watchCalls();
      this.watchThreads();
    });
    // Muting a conversation reaches this browser's push subscription, so it stops pushing while no tab is open.
    let muted = this.prefs.prefs.mutedChannels;
    this.prefs.subscribe(() => {
      if (this.prefs.prefs.mutedChannels === muted) return;
      muted = this.prefs.prefs.mutedChannels;
      void this.push.syncMutes();
    });
    // A thread opened by URL names its channel once fetched: that channel's threads are then listed (the sidebar).
    this.threads.subscribe(() => this.watchThreads());
    this.router.subscribe(() => {
      const r = this.router.route.name;
      if (r !== "settings" && r !== "community-settings") this.ui.lastAppUrl = this.router.currentUrl;
      if (this.ui.drawer !== "none") this.ui.setDrawer("none");
      this.syncChannel();
      this.watchCalls();
      this.watchThreads();
    });
  }

  /** The URL of the channel `delta` places away in the sidebar (Alt+Up/Down), or null at the ends. */
  adjacentChannelUrl(delta: number): string | null {
    const r = this.router.route;
    let urls: string[] = [];
    let current = "";
    if (r.name === "community") {
      const s = this.communities.structure.get(r.communityId);
      const list = s && "value" in s && s.value ? sortedChannels(s.value).filter((c) => c.kind === "text") : [];
      urls = list.map((c) => `/c/${r.communityId}/${c.id}`);
      // From a thread, the next channel is the one after its parent.
      const at = r.channelId ? (this.threads.parentOf(r.channelId) ?? r.channelId) : "";
      current = at ? `/c/${r.communityId}/${at}` : "";
    } else if (r.name === "dm" || r.name === "home") {
      const dms = "value" in this.communities.dms ? (this.communities.dms.value ?? []) : [];
      urls = dms.map((d) => `/dm/${d.id}`);
      current = r.name === "dm" ? `/dm/${r.channelId}` : "";
    }
    const i = urls.indexOf(current);
    const next = i < 0 ? (delta > 0 ? 0 : urls.length - 1) : i + delta;
    return urls[next] ?? null;
  }

  /** The channel in the URL is the one whose room socket is open. */
  private syncChannel(): void {
    const r = this.router.route;
    // Settings layers cover the chat without closing it.
    if (this.auth.user && (r.name === "settings" || r.name === "community-settings")) return;
    let id = this.auth.user ? (r.name === "community" ? (r.channelId ?? null) : r.name === "dm" ? r.channelId : null) : null;
    // A voice channel has a call (CallStore), not a room.
    if (id && this.communities.channel(id)?.kind === "voice") id = null;
    this.chat.openChannel(id, r.name === "dm");
  }

  /**
   * Whose threads are listed: the open text channel's, or the open thread's channel's once the thread is known.
   * Settings layers keep the list of the chat behind them.
   */
  private watchThreads(): void {
    const r = this.router.route;
    if (this.auth.user && (r.name === "settings" || r.name === "community-settings")) return;
    const id = this.auth.user && r.name === "community" ? r.channelId : undefined;
    const ch = id ? this.communities.channel(id) : undefined;
    this.threads.watch(!id ? null : ch ? (ch.kind === "text" ? ch.id : null) : (this.threads.parentOf(id) ?? null));
  }

  /** Who is in each voice channel of the open community, for the sidebar (polled while it is open). */
  private watchCalls(): void {
    const r = this.router.route;
    const communityId = this.auth.user && (r.name === "community" || r.name === "community-settings") ? r.communityId : null;
    const s = communityId ? this.communities.structure.get(communityId) : undefined;
    const voice = s && "value" in s && s.value ? s.value.channels.filter((c) => c.kind === "voice").map((c) => c.id) : [];
    this.calls.watch(voice);
  }
}
