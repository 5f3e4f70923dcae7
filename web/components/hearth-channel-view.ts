import { LitElement, html, nothing } from "lit";
import { highlighterReady, type RenderContext } from "../render/markdown.ts";
import { can, type Channel } from "../state/communities.ts";
import { Connect } from "../state/context.ts";
import { StoreController } from "../state/store.ts";
import { describeError } from "../styles/auth-card.ts";
import { channelView } from "../styles/channel-view.ts";
import { icons } from "../styles/icons.ts";
import { pane } from "../styles/pane.ts";
import { shared } from "../styles/shared.ts";
import { closedNotice, disabledReason, dmTitle, typingLine } from "./channel-view-text.ts";
import "./hearth-composer.ts";
import "./hearth-backup-prompt.ts";
import "./hearth-trust-warning.ts";
import type { ThreadView } from "../../protocol/threads.ts";
import type { MessageCaps } from "./hearth-message.ts";
import "./hearth-message-list.ts";
import type { HearthMessageList, ListHost, TimelineNotice } from "./hearth-message-list.ts";
import { ChannelPanels } from "./channel-panels.ts";
import type { PinsHost } from "./hearth-pins-panel.ts";
import { stamp } from "./hearth-message-list.ts";
import { ConversationNotices } from "./conversation-notices.ts";
import { ChannelFiles } from "./channel-files.ts";
import { DmActions } from "./dm-actions.ts";
import { MessageActions } from "./message-actions.ts";
import { PollActions } from "./poll-actions.ts";
import { seenLine } from "../state/read-receipts.ts";
import { ForwardAction } from "./forward-action.ts";
import { ThreadActions } from "./thread-actions.ts";
import type { ThreadInfo } from "../state/threads.ts";

/**
 * A text channel or DM: header (name, topic, pins, member list toggle), the message list, the typing line and the
 * composer. Turns the list's and composer's events into actions on the open ChannelSession (what is done to one
 * message, with its dialogs, in message-actions.ts; the view's wording in channel-view-text.ts).
 * A thread is shown as a conversation too (`thread` set, by hearth-thread-view); what is particular to threads,
 * here and in text channels, is in thread-actions.ts.
 * Properties: `communityId` (null for DMs), `channelId`, `thread` (ThreadInfo when the channel is a thread). No events of its own.
 */
export class HearthChannelView extends LitElement {
  static styles = [shared, pane, channelView];
  static properties = {
    communityId: {},
    channelId: {},
    thread: { attribute: false },
    replyTo: { state: true },
  };
  declare communityId: string | null;
  declare channelId: string;
  declare thread: ThreadInfo | null;
  declare replyTo: string | null;

  private ctx = new Connect(this, (app) => [app.chat, app.communities, app.members, app.prefs, app.auth, app.ui, app.blocks, app.e2ee, app.pins, app.reactors, app.dmChanges, app.search, app.files, app.threads, app.customEmoji]);
  private renderCtx: RenderContext | null = null;
  private lastPermissions: string | null = null;
  private dmsReloadedFor = "";
  /** Editing, deleting, reacting to and reporting one message, with their dialogs. */
  private actions = new MessageActions(this, { app: () => this.ctx.app, session: () => this.session, channelId: () => this.channelId, communityId: () => this.communityId });
  /** Threads: the Threads panel and "Create thread" in a channel; a thread's header, first message and options. */
  private threads = new ThreadActions(this, { app: () => this.ctx.app, session: () => this.session, channelId: () => this.channelId, communityId: () => this.communityId, thread: () => this.thread, channel: () => this.channel() });
  /** Polls: the composer's "Create a poll" dialog, votes, and ending one early. */
  private polls = new PollActions(this, { session: () => this.session, channelId: () => this.channelId, encrypted: () => this.isEncrypted(), sent: () => this.showNewest() });
  /** A group DM's people popover, and adding, renaming and leaving. */
  /** An encrypted conversation's device, member and group-DM changes, as timeline rows. */
  private notices = new ConversationNotices({ app: () => this.ctx.app, channelId: () => this.channelId, communityId: () => this.communityId, nameOf: (id) => this.nameOf(id) });
  private dm = new DmActions(this, { app: () => this.ctx.app, channel: () => this.channel(), title: () => dmTitle(this.channel(), this.ctx.app.auth.user?.id ?? "") });
  /** "Forward": the destination dialog, then the quote in the chosen conversation. */
  private forward = new ForwardAction(this, { app: () => this.ctx.app, session: () => this.session, nameOf: (id) => this.nameOf(id), where: () => (this.communityId === null ? "a direct message" : `#${this.channel()?.name ?? ""}`) });
  /** The header's pins, search and encryption panels (one at a time with the threads' and the DM people popover). */
  private panels = new ChannelPanels(this, {
    app: () => this.ctx.app,
    channelId: () => this.channelId,
    session: () => this.session,
    isEncrypted: () => this.isEncrypted(),
    closeOthers: () => this.dm.close(),
    people: () => this.people(),
    pinsHost: () => this.pinsHost,
    jump: (messageId, seq) => void this.jump(messageId, seq),
  });
  /** Files dropped on the conversation or chosen in the composer, into the channel's upload tray. */
  private files = new ChannelFiles(this, {
    app: () => this.ctx.app,
    channelId: () => this.channelId,
    title: () => (this.communityId === null ? dmTitle(this.channel(), this.ctx.app.auth.user?.id ?? "") : `#${this.channel()?.name ?? ""}`),
    refusal: () => this.attachRefusal(),
    encrypted: () => this.isEncrypted(),
  });

  constructor() {
    super();
    new StoreController(this, () => [highlighterReady]);
    this.communityId = null;
    this.channelId = "";
    this.thread = null;
    this.replyTo = null;
  }

  protected willUpdate(changed: Map<string, unknown>) {
    if (changed.has("channelId")) {
      this.replyTo = null;
      this.actions.reset();
      this.threads.reset();
      this.dm.reset();
      this.files.reset();
      // Pins, a search and the device list belong to their channel.
      this.panels.set(null);
    }
    const s = this.ctx.app.chat.session;
    // A permissions change (timeout, role edit) may come with a new timeout end: refresh the community's view of me.
    if (s && this.communityId && s.permissions !== this.lastPermissions) {
      if (this.lastPermissions !== null) void this.ctx.app.communities.loadDetail(this.communityId);
      this.lastPermissions = s.permissions;
    }
    // A group DM's stored renames, additions and departures, for the timeline rows that name who made them.
    if (this.channel()?.kind === "group_dm") void this.ctx.app.dmChanges.ensure(this.channelId);
    // The device list names someone the DM list does not (they joined since it loaded): reload it for their name.
    const listed = this.communityId ? null : this.ctx.app.e2ee.membersOf(this.channelId);
    const parts = this.channel()?.participants;
    const stale = `${this.channelId}:${listed?.join(",")}`;
    if (listed && parts && listed.some((id) => !parts.some((p) => p.id === id)) && this.dmsReloadedFor !== stale) {
      this.dmsReloadedFor = stale;
      queueMicrotask(() => void this.ctx.app.communities.loadDms());
    }
    if (s?.lastError) {
      this.ctx.app.ui.toast(s.lastError, "error");
      s.clearError();
    }
  }

  private get session() {
    const s = this.ctx.app.chat.session;
    return s && s.channelId === this.channelId ? s : null;
  }

  private get list(): HearthMessageList | null {
    return this.renderRoot.querySelector("hearth-message-list");
  }

  /** The channel as shown (a thread as a channel). */
  private channel(): Channel | undefined {
    return this.thread ? this.threads.asChannel(this.thread) : this.ctx.app.communities.channel(this.channelId);
  }

  private nameOf = (id: string) => this.ctx.app.members.name(id, this.communityId);

  private host: ListHost = {
    nameOf: (id) => this.nameOf(id),
    timeOf: (d) => this.ctx.app.prefs.time(d),
    reactorsOf: (messageId) => this.ctx.app.reactors.forMessage(messageId),
    files: {
      acquire: (fileId, sealed) => this.ctx.app.files.blobs.acquire(fileId, sealed),
      release: (fileId, sealed) => this.ctx.app.files.blobs.release(fileId, sealed),
    },
    // Asking for a link's preview would tell the server the link: none in an end-to-end encrypted conversation.
    previews: () => (this.isEncrypted() ? null : this.ctx.app.embeds),
  };

  private pinsHost: PinsHost = {
    nameOf: (id) => this.nameOf(id),
    stamp: (d) => stamp(d, this.ctx.app.prefs.time(d)),
  };

  render() {
    const { auth, ui } = this.ctx.app;
    const me = auth.user?.id ?? "";
    const ch = this.channel();
    const s = this.session;
    const isDm = this.communityId === null;
    const title = isDm ? dmTitle(ch, me) : (ch?.name ?? "");
    this.renderCtx ??= { me, nameOf: (id) => this.nameOf(id) };
    const perms = s?.permissions ?? ch?.permissions;
    const caps = this.capsFor(perms);
    const replyMsg = this.replyTo ? s?.messages.find((m) => m.id === this.replyTo) : undefined;
    const encrypted = this.isEncrypted();
    const joinedAt = ch?.kind === "group_dm" ? (ch.participants?.find((p) => p.id === me)?.joinedAt ?? null) : null;
    const members = encrypted ? this.cryptoMembers() : [];
    const unverified = encrypted ? this.ctx.app.e2ee.unverifiedChanges(members) : [];
    return html`<header class="bar">
        <button class="icon-btn menu-btn" aria-label="Open navigation" @click=${() => ui.setDrawer("nav")}>${icons.menu()}</button>
        <h1>${this.threads.title() ?? html`${isDm ? icons.at() : icons.hash()} <span data-testid="channel-title">${title}</span>`}</h1>
        ${ch?.topic ? html`<span class="topic" title=${ch.topic}>${ch.topic}</span>` : nothing}
        <span class="spacer"></span>
        ${this.panels.buttons(ch?.id)}
        ${this.threads.headerButton(this.panels.open, (p) => this.panels.toggle(p))}
        ${ch?.kind === "group_dm"
          ? html`<button class="icon-btn" data-popover-toggle data-people-toggle title="People" aria-label="People" aria-haspopup="dialog" aria-expanded=${this.dm.isOpen ? "true" : "false"} @click=${this.togglePeople}>${icons.users()}</button>`
          : nothing}
        ${!isDm ? html`<button class="icon-btn" title="Member list" aria-label="Member list" aria-pressed=${(matchMedia("(max-width: 860px)").matches ? ui.drawer === "members" : ui.membersOpen) ? "true" : "false"} @click=${() => ui.toggleMembers()}>${icons.users()}</button>` : nothing}
      </header>
      <div class="wrap" data-connection=${s?.connection ?? "idle"} @trust-review=${this.review} @dragover=${this.files.onDragOver} @drop=${this.files.onDrop}>
        ${this.files.overlay()}
        ${this.panels.panel(caps.canPin, () => [...members.filter((id) => id !== me), ...members.filter((id) => id === me)].map((id) => ({ id, name: this.nameOf(id) })))}
        ${this.threads.panel(this.panels.open, this.panels.close)}
        ${this.dm.panel()}
        ${s?.connection === "reconnecting" ? html`<div class="status" role="status">Connection lost. Reconnecting…</div>` : nothing}
        ${s?.connection === "closed" && s.closedReason
          ? html`<div class="status" role="status">${closedNotice(s.closedReason, this.thread ? "thread" : "channel")}</div>`
          : nothing}
        ${!s || s.history.state === "loading" || s.history.state === "idle"
          ? html`<div class="empty-state"><span class="spinner" role="status" aria-label="Loading messages"></span></div>`
          : s.history.state === "error"
            ? html`<div class="empty-state"><div><h2>Couldn't load this channel</h2><p>${s.history.error.message}</p><div class="actions"><button class="btn" @click=${this.reopen}>Try again</button></div></div></div>`
            : html`<hearth-message-list
                .messages=${s.messages}
                .pending=${s.pending}
                .me=${me}
                .readSeq=${s.readSeqAtOpen}
                .hasOlder=${s.hasOlder}
                .loadingOlder=${s.loadingOlder}
                .hasNewer=${s.hasNewer}
                .loadingNewer=${s.loadingNewer}
                .caps=${caps}
                .editingId=${this.actions.editingId}
                .host=${this.host}
                .blocked=${this.ctx.app.blocks.ids}
                .notices=${encrypted ? this.notices.rows(members, ch?.createdAt) : NO_NOTICES}
                .threads=${this.ctx.app.threads.channelId === this.channelId ? this.ctx.app.threads.byRoot : NO_THREADS}
                .intro=${this.threads.intro(this.host, this.renderCtx, this.ctx.app.prefs.prefs.density === "compact" ? 32 : 40)}
                .seen=${isDm && ch?.participants ? seenLine(s.messages, me, s.receipts.seqs, ch.participants.map((p) => p.id).filter((id) => id !== me), this.nameOf) : null}
                .ctx=${this.renderCtx}
                .channelName=${title}
                .isDm=${isDm}
                .joinedAt=${joinedAt}
                .avatarSize=${this.ctx.app.prefs.prefs.density === "compact" ? 32 : 40}
                .epoch=${highlighterReady.version + this.ctx.app.members.version + this.ctx.app.reactors.version}
                @load-older=${() => s.loadOlder()}
                @load-newer=${() => s.loadNewer()}
                @jump-present=${() => void s.jumpToPresent()}
                @reaction-who=${(e: CustomEvent<{ messageId: string; emoji: string; count: number }>) => this.ctx.app.reactors.load(this.channelId, e.detail.messageId, e.detail.emoji, e.detail.count)}
                @at-bottom=${() => this.onAtBottom()}
                @message-reply=${(e: CustomEvent<{ messageId: string }>) => (this.replyTo = e.detail.messageId)}
                @message-forward=${this.forward.open}
                @message-edit=${(e: CustomEvent<{ messageId: string }>) => this.actions.edit(e.detail.messageId)}
                @message-edit-cancel=${() => this.actions.stopEditing()}
                @message-edit-save=${this.actions.onEditSave}
                @message-delete-request=${this.actions.onDeleteRequest}
                @message-react=${(e: CustomEvent<{ messageId: string; emoji: string; add: boolean }>) => s.react(e.detail.messageId, e.detail.emoji, e.detail.add)}
                @message-pin=${(e: CustomEvent<{ messageId: string; pin: boolean }>) => s.pin(e.detail.messageId, e.detail.pin)}
                @message-jump=${(e: CustomEvent<{ messageId: string }>) => this.jump(e.detail.messageId)}
                @message-pick-reaction=${(e: CustomEvent<{ messageId: string; anchor: DOMRect }>) => this.actions.pickReaction(e.detail.messageId, e.detail.anchor)}
                @message-report=${(e: CustomEvent<{ messageId: string }>) => this.actions.report(e.detail.messageId)}
                @pending-retry=${(e: CustomEvent<{ nonce: string }>) => s.retry(e.detail.nonce)}
                @pending-discard=${(e: CustomEvent<{ nonce: string }>) => s.discard(e.detail.nonce)}
              ></hearth-message-list>`}
        <div class="typing" aria-live="polite">${typingLine(s ? [...s.typing.keys()].map((id) => this.nameOf(id)) : [])}</div>
        ${encrypted && s ? html`<hearth-backup-prompt .messages=${s.messages} .joinedAt=${joinedAt}></hearth-backup-prompt>` : nothing}
        ${unverified.length
          ? html`<hearth-trust-warning
              .names=${unverified.map((id) => (id === me ? "You" : this.nameOf(id)))}
              .held=${s?.pending.filter((p) => p.held).length ?? 0}
              @trust-send-anyway=${() => this.sendAnyway(unverified)}
            ></hearth-trust-warning>`
          : nothing}
        ${this.threads.composerNotice()}
        <hearth-composer
          .draft=${this.ctx.app.chat.drafts.get(this.channelId)}
          .placeholder=${`Message ${isDm ? "@" : this.thread ? "" : "#"}${title}`}
          .disabledReason=${this.disabledReason()}
          .replyName=${replyMsg ? this.nameOf(replyMsg.authorId) : null}
          .people=${this.people()}
          .customEmoji=${can(perms, "USE_CUSTOM_EMOJI") ? this.ctx.app.customEmoji.of(this.communityId) : []}
          .uploads=${this.ctx.app.files.uploads(this.channelId)}
          .canAttach=${!this.attachRefusal()}
          .canPoll=${!this.disabledReason()}
          .canGif=${!encrypted && can(perms, "EMBED_LINKS")}
          @gif-picked=${(e: CustomEvent<{ url: string }>) => this.sendGif(e.detail.url)}
          @composer-attach=${(e: CustomEvent<{ files: File[] }>) => this.files.attach(e.detail.files)}
          @upload-remove=${(e: CustomEvent<{ key: string }>) => this.ctx.app.files.remove(this.channelId, e.detail.key)}
          @upload-retry=${(e: CustomEvent<{ key: string }>) => this.ctx.app.files.retry(this.channelId, e.detail.key)}
          @composer-send=${(e: CustomEvent<{ content: string }>) => this.send(e.detail.content)}
          @composer-typing=${() => s?.typingNow()}
          @composer-edit-last=${this.actions.editLast}
          @composer-cancel-reply=${() => (this.replyTo = null)}
          @composer-draft=${(e: CustomEvent<{ text: string }>) => this.ctx.app.chat.drafts.set(this.channelId, e.detail.text)}
        ></hearth-composer>
      </div>
      ${this.actions.overlays()} ${this.dm.overlays()} ${this.threads.overlays()} ${this.polls.overlays()} ${this.forward.overlay()}`;
  }

  private lastCaps: MessageCaps | null = null;

  /** The same object while the rights are unchanged, so message rows skip re-rendering when nothing changed. */
  private capsFor(perms: string | undefined): MessageCaps {
    const next: MessageCaps = {
      canReply: can(perms, "SEND_MESSAGES"),
      canReact: can(perms, "ADD_REACTIONS"),
      canManage: can(perms, "MANAGE_MESSAGES"),
      canPin: can(perms, "PIN_MESSAGES"),
      canThread: this.threads.canStart(perms),
    };
    const l = this.lastCaps;
    if (l && (Object.keys(next) as (keyof MessageCaps)[]).every((k) => l[k] === next[k])) return l;
    return (this.lastCaps = next);
  }

  private reopen = () => {
    this.ctx.app.chat.openChannel(null);
    this.ctx.app.chat.openChannel(this.channelId);
  };

  private isEncrypted(): boolean {
    const ch = this.channel();
    return !!(ch?.encrypted || this.session?.encrypted || (this.communityId === null && !ch));
  }

  private togglePeople = () => {
    this.panels.set(null);
    this.dm.toggle();
  };

  /** Who an encrypted conversation is sealed for: its device list's members once fetched, else the DM's people. */
  private cryptoMembers(): string[] {
    return this.ctx.app.e2ee.membersOf(this.channelId) ?? this.people().map((p) => p.id);
  }

  /** A notice's "verify it" or the warning's "Review devices": open the encryption panel. */
  private review = () => {
    this.panels.set("crypto");
  };

  /** Send anyway: the current devices of these people stop holding sends back, and what was held goes out. */
  private sendAnyway(userIds: string[]) {
    this.ctx.app.e2ee.sendAnyway(userIds);
    this.session?.retryHeld();
  }

  private people() {
    if (this.communityId) return this.ctx.app.members.members(this.communityId).map((m) => m.user);
    return this.channel()?.participants ?? [];
  }

  /** Why the composer cannot send now (timed out, archived, no permission…), else null. */
  private disabledReason(): string | null {
    const s = this.session;
    const ch = this.channel();
    const perms = s?.permissions ?? ch?.permissions;
    const detail = this.communityId ? this.ctx.app.communities.detail.get(this.communityId) : undefined;
    return disabledReason({
      timedOutUntil: s?.timedOutUntil ?? (detail && "value" in detail ? detail.value?.me.timedOutUntil : null),
      channel: ch,
      encrypted: s?.encrypted,
      device: this.ctx.app.e2ee.device,
      permissions: perms,
      canReply: can(perms, "SEND_MESSAGES"),
      noun: this.thread ? "thread" : "channel",
    });
  }

  /**
   * Why files cannot be attached here now, or null. In an end-to-end encrypted conversation they can: the tray
   * encrypts each one before upload (web/state/files.ts).
   */
  private attachRefusal(): string | null {
    const disabled = this.disabledReason();
    if (disabled) return disabled;
    const perms = this.session?.permissions ?? this.channel()?.permissions;
    if (perms && !can(perms, "ATTACH_FILES")) return "You don't have permission to attach files here.";
    return null;
  }

  private send(content: string) {
    const s = this.session;
    if (!s) return;
    const { files, sealed } = this.ctx.app.files.take(this.channelId);
    s.send(content, this.replyTo, files, sealed);
    this.replyTo = null;
    this.showNewest();
  }

  /** A GIF from the picker goes as a message of its own (the tray's files stay for the next send), as a reply when replying. */
  private sendGif(url: string) {
    this.session?.send(url, this.replyTo);
    this.replyTo = null;
    this.showNewest();
    this.renderRoot.querySelector("hearth-composer")?.focus();
  }

  /** After a send: reading far back, the sent message shows once the newest page is back. */
  private showNewest() {
    const s = this.session;
    if (s?.hasNewer) void s.jumpToPresent();
    else this.list?.jumpToPresent();
  }

  private onAtBottom() {
    const s = this.session;
    if (!s || document.visibilityState !== "visible") return;
    s.markRead();
    s.trim();
  }

  /**
   * Scrolls to a message, loading the history around it first when it is not loaded. Without its `seq` (a reply's
   * original), the message is looked up by id.
   */
  private async jump(messageId: string, seq?: number) {
    if (this.panels.open === "pins") this.panels.set(null);
    // On a wide screen the search stays open beside the list (the next result is a click away); on a phone it covers
    // the message, so it closes.
    if (this.panels.open === "search" && matchMedia("(max-width: 860px)").matches) this.panels.set(null);
    if (this.list?.jumpTo(messageId)) return;
    const s = this.session;
    if (!s) return;
    try {
      const at = seq ?? (await s.seqOf(messageId));
      const found = at !== null && (await s.loadAround(at, messageId));
      await this.updateComplete;
      await this.list?.updateComplete;
      if (!found || !this.list?.jumpTo(messageId)) this.ctx.app.ui.toast("That message was deleted.");
    } catch (err) {
      this.ctx.app.ui.toast(describeError(err), "error");
    }
  }
}

const NO_NOTICES: TimelineNotice[] = [];
const NO_THREADS: ReadonlyMap<string, ThreadView> = new Map();

customElements.define("hearth-channel-view", HearthChannelView);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-channel-view": HearthChannelView;
  }
}
