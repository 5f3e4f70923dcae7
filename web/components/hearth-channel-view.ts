import { LitElement, css, html, nothing } from "lit";
import { highlighterReady, plainExcerpt, type RenderContext } from "../render/markdown.ts";
import { ApiError } from "../state/api.ts";
import { can, type Channel } from "../state/communities.ts";
import { Connect } from "../state/context.ts";
import { StoreController } from "../state/store.ts";
import { describeError } from "../styles/auth-card.ts";
import { icons } from "../styles/icons.ts";
import { pane } from "../styles/pane.ts";
import { shared } from "../styles/shared.ts";
import "./hearth-composer.ts";
import type { HearthComposer } from "./hearth-composer.ts";
import "./hearth-dialog.ts";
import "./hearth-emoji-picker.ts";
import "./hearth-device-notice.ts";
import "./hearth-encryption-panel.ts";
import "./hearth-trust-warning.ts";
import type { MessageCaps } from "./hearth-message.ts";
import "./hearth-message-list.ts";
import type { HearthMessageList, ListHost, TimelineNotice } from "./hearth-message-list.ts";
import "./hearth-pins-panel.ts";
import type { PinsHost } from "./hearth-pins-panel.ts";
import { stamp } from "./hearth-message-list.ts";

/**
 * A text channel or DM: header (name, topic, pins, member list toggle), the message list, the typing line and the
 * composer. Turns the list's and composer's events into actions on the open ChannelSession.
 * Properties: `communityId` (null for DMs), `channelId`. No events of its own.
 */
export class HearthChannelView extends LitElement {
  static styles = [
    shared,
    pane,
    css`
      .typing {
        height: 22px;
        padding: 0 var(--space-4);
        font-size: 0.8rem;
        color: var(--fg-muted);
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      .typing strong {
        color: var(--fg);
      }
      .dots {
        display: inline-flex;
        gap: 3px;
        margin-right: 6px;
        vertical-align: middle;
      }
      .dots i {
        width: 5px;
        height: 5px;
        border-radius: 50%;
        background: var(--fg-muted);
        animation: blink 1.2s infinite;
      }
      .dots i:nth-child(2) {
        animation-delay: 0.2s;
      }
      .dots i:nth-child(3) {
        animation-delay: 0.4s;
      }
      @keyframes blink {
        50% {
          opacity: 0.3;
        }
      }
      .status {
        padding: 4px var(--space-4);
        font-size: 0.8rem;
        background: color-mix(in srgb, var(--warning) 18%, var(--bg-main));
        color: var(--fg);
      }
      .wrap {
        position: relative;
        display: flex;
        flex-direction: column;
        flex: 1;
        min-height: 0;
      }
      .icon-btn[aria-pressed="true"] {
        color: var(--fg);
        background: var(--bg-active);
      }
    `,
  ];
  static properties = {
    communityId: {},
    channelId: {},
    replyTo: { state: true },
    editingId: { state: true },
    confirmDelete: { state: true },
    picker: { state: true },
    showPins: { state: true },
    showCrypto: { state: true },
    reporting: { state: true },
  };
  declare showCrypto: boolean;
  declare reporting: string | null;
  declare communityId: string | null;
  declare channelId: string;
  declare replyTo: string | null;
  declare editingId: string | null;
  declare confirmDelete: string | null;
  declare picker: { messageId: string; x: number; y: number } | null;
  declare showPins: boolean;

  private ctx = new Connect(this, (app) => [app.chat, app.communities, app.members, app.prefs, app.auth, app.ui, app.blocks, app.e2ee, app.pins, app.reactors]);
  private renderCtx: RenderContext | null = null;
  private lastPermissions: string | null = null;
  private dmsReloadedFor = "";

  constructor() {
    super();
    new StoreController(this, () => [highlighterReady]);
    this.communityId = null;
    this.channelId = "";
    this.replyTo = null;
    this.editingId = null;
    this.confirmDelete = null;
    this.picker = null;
    this.showPins = false;
    this.showCrypto = false;
    this.reporting = null;
  }

  protected willUpdate(changed: Map<string, unknown>) {
    if (changed.has("channelId")) {
      this.replyTo = this.editingId = this.confirmDelete = null;
      this.picker = null;
      // The store dropped the previous channel's pins when the channel changed.
      this.showPins = this.showCrypto = false;
    }
    const s = this.ctx.app.chat.session;
    // A permissions change (timeout, role edit) may come with a new timeout end: refresh the community's view of me.
    if (s && this.communityId && s.permissions !== this.lastPermissions) {
      if (this.lastPermissions !== null) void this.ctx.app.communities.loadDetail(this.communityId);
      this.lastPermissions = s.permissions;
    }
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

  private channel(): Channel | undefined {
    return this.ctx.app.communities.channel(this.channelId);
  }

  private nameOf = (id: string) => this.ctx.app.members.name(id, this.communityId);

  private host: ListHost = {
    nameOf: (id) => this.nameOf(id),
    timeOf: (d) => this.ctx.app.prefs.time(d),
    reactorsOf: (messageId) => this.ctx.app.reactors.forMessage(messageId),
  };

  private pinsHost: PinsHost = {
    nameOf: (id) => this.nameOf(id),
    stamp: (d) => stamp(d, this.ctx.app.prefs.time(d)),
  };

  render() {
    const { auth, ui, communities } = this.ctx.app;
    const me = auth.user?.id ?? "";
    const ch = this.channel();
    const s = this.session;
    const isDm = this.communityId === null;
    const title = isDm ? dmTitle(ch, me) : (ch?.name ?? "");
    this.renderCtx ??= { me, nameOf: (id) => this.nameOf(id) };
    const perms = s?.permissions ?? ch?.permissions;
    const caps = this.capsFor(perms);
    const replyMsg = this.replyTo ? s?.messages.find((m) => m.id === this.replyTo) : undefined;
    const detail = this.communityId ? communities.detail.get(this.communityId) : undefined;
    const encrypted = !!(ch?.encrypted || s?.encrypted || (isDm && !ch));
    const members = encrypted ? this.cryptoMembers() : [];
    const unverified = encrypted ? this.ctx.app.e2ee.unverifiedChanges(members) : [];
    return html`<header class="bar">
        <button class="icon-btn menu-btn" aria-label="Open navigation" @click=${() => ui.setDrawer("nav")}>${icons.menu()}</button>
        <h1>${isDm ? icons.at() : icons.hash()} <span data-testid="channel-title">${title}</span></h1>
        ${ch?.topic ? html`<span class="topic" title=${ch.topic}>${ch.topic}</span>` : nothing}
        <span class="spacer"></span>
        ${encrypted
          ? html`<button class="icon-btn" title="End-to-end encrypted: see devices and their codes" aria-label="Encryption" aria-pressed=${this.showCrypto ? "true" : "false"} @click=${this.toggleCrypto}>${icons.lock()}</button>`
          : nothing}
        <button class="icon-btn" data-popover-toggle title="Pinned messages" aria-label="Pinned messages" aria-pressed=${this.showPins ? "true" : "false"} @click=${this.togglePins}>${icons.pin()}</button>
        ${!isDm ? html`<button class="icon-btn" title="Member list" aria-label="Member list" aria-pressed=${(matchMedia("(max-width: 860px)").matches ? ui.drawer === "members" : ui.membersOpen) ? "true" : "false"} @click=${() => ui.toggleMembers()}>${icons.users()}</button>` : nothing}
      </header>
      <div class="wrap" data-connection=${s?.connection ?? "idle"} @trust-review=${this.review}>
        ${this.showPins
          ? html`<hearth-pins-panel
              .pins=${this.ctx.app.pins.state}
              .loadingMore=${this.ctx.app.pins.loadingMore}
              .canPin=${caps.canPin}
              .host=${this.pinsHost}
              @pin-jump=${(e: CustomEvent<{ messageId: string; seq: number }>) => void this.jump(e.detail.messageId, e.detail.seq)}
              @message-pin=${(e: CustomEvent<{ messageId: string; pin: boolean }>) => s?.pin(e.detail.messageId, e.detail.pin)}
              @pins-more=${() => void this.ctx.app.pins.loadMore()}
              @pins-retry=${() => void this.ctx.app.pins.load(this.channelId)}
              @dialog-close=${this.closePins}
            ></hearth-pins-panel>`
          : nothing}
        ${this.showCrypto ? html`<hearth-encryption-panel .people=${[...members.filter((id) => id !== me), ...members.filter((id) => id === me)].map((id) => ({ id, name: this.nameOf(id) }))}></hearth-encryption-panel>` : nothing}
        ${s?.connection === "reconnecting" ? html`<div class="status" role="status">Connection lost. Reconnecting…</div>` : nothing}
        ${s?.connection === "closed" && s.closedReason
          ? html`<div class="status" role="status">${closedNotice(s.closedReason)}</div>`
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
                .editingId=${this.editingId}
                .host=${this.host}
                .blocked=${this.ctx.app.blocks.ids}
                .notices=${encrypted ? this.deviceNotices(members, ch?.createdAt) : NO_NOTICES}
                .ctx=${this.renderCtx}
                .channelName=${title}
                .isDm=${isDm}
                .avatarSize=${this.ctx.app.prefs.prefs.density === "compact" ? 32 : 40}
                .epoch=${highlighterReady.version + this.ctx.app.members.version + this.ctx.app.reactors.version}
                @load-older=${() => s.loadOlder()}
                @load-newer=${() => s.loadNewer()}
                @jump-present=${() => void s.jumpToPresent()}
                @reaction-who=${(e: CustomEvent<{ messageId: string; emoji: string; count: number }>) => this.ctx.app.reactors.load(this.channelId, e.detail.messageId, e.detail.emoji, e.detail.count)}
                @at-bottom=${() => this.onAtBottom()}
                @message-reply=${(e: CustomEvent<{ messageId: string }>) => (this.replyTo = e.detail.messageId)}
                @message-edit=${(e: CustomEvent<{ messageId: string }>) => (this.editingId = e.detail.messageId)}
                @message-edit-cancel=${() => this.stopEditing()}
                @message-edit-save=${this.onEditSave}
                @message-delete-request=${this.onDeleteRequest}
                @message-react=${(e: CustomEvent<{ messageId: string; emoji: string; add: boolean }>) => s.react(e.detail.messageId, e.detail.emoji, e.detail.add)}
                @message-pin=${(e: CustomEvent<{ messageId: string; pin: boolean }>) => s.pin(e.detail.messageId, e.detail.pin)}
                @message-jump=${(e: CustomEvent<{ messageId: string }>) => this.jump(e.detail.messageId)}
                @message-pick-reaction=${(e: CustomEvent<{ messageId: string; anchor: DOMRect }>) => (this.picker = { messageId: e.detail.messageId, x: e.detail.anchor.right, y: e.detail.anchor.bottom + 4 })}
                @message-report=${(e: CustomEvent<{ messageId: string }>) => (this.reporting = e.detail.messageId)}
                @pending-retry=${(e: CustomEvent<{ nonce: string }>) => s.retry(e.detail.nonce)}
                @pending-discard=${(e: CustomEvent<{ nonce: string }>) => s.discard(e.detail.nonce)}
              ></hearth-message-list>`}
        <div class="typing" aria-live="polite">${this.typingLine()}</div>
        ${unverified.length
          ? html`<hearth-trust-warning
              .names=${unverified.map((id) => (id === me ? "You" : this.nameOf(id)))}
              .held=${s?.pending.filter((p) => p.held).length ?? 0}
              @trust-send-anyway=${() => this.sendAnyway(unverified)}
            ></hearth-trust-warning>`
          : nothing}
        <hearth-composer
          .draft=${this.ctx.app.chat.drafts.get(this.channelId)}
          .placeholder=${`Message ${isDm ? "@" : "#"}${title}`}
          .disabledReason=${this.disabledReason(caps, ch, s?.timedOutUntil ?? (detail && "value" in detail ? detail.value?.me.timedOutUntil : null))}
          .replyName=${replyMsg ? this.nameOf(replyMsg.authorId) : null}
          .people=${this.people()}
          @composer-send=${(e: CustomEvent<{ content: string }>) => this.send(e.detail.content)}
          @composer-typing=${() => s?.typingNow()}
          @composer-edit-last=${this.editLast}
          @composer-cancel-reply=${() => (this.replyTo = null)}
          @composer-draft=${(e: CustomEvent<{ text: string }>) => this.ctx.app.chat.drafts.set(this.channelId, e.detail.text)}
        ></hearth-composer>
      </div>
      ${this.picker
        ? html`<hearth-emoji-picker .x=${this.picker.x} .y=${this.picker.y} @emoji-picked=${this.onPicked} @dialog-close=${() => (this.picker = null)}></hearth-emoji-picker>`
        : nothing}
      ${this.reporting
        ? html`<hearth-dialog open heading="Report message" confirm-label="Send report" @dialog-confirm=${this.sendReport} @dialog-close=${() => (this.reporting = null)}>
            <p class="muted" style="margin-bottom:var(--space-3)">The community's moderators will see this message and your reason.</p>
            <div class="field"><label for="rr">What's wrong with it?</label><input id="rr" type="text" maxlength="500" /></div>
            <label class="row" style="gap:6px"><input id="ri" type="checkbox" /> Also tell the instance admins (for illegal or instance-wide problems)</label>
          </hearth-dialog>`
        : nothing}
      <hearth-dialog heading="Delete message" confirm-label="Delete" danger .open=${this.confirmDelete !== null} @dialog-confirm=${this.doDelete} @dialog-close=${() => (this.confirmDelete = null)}>
        <p class="muted">Are you sure you want to delete this message? This can't be undone.</p>
        ${this.confirmDelete ? html`<p style="margin-top:var(--space-3);padding:var(--space-3);border-radius:var(--radius-s);background:var(--bg-side)">${plainExcerpt(s?.messages.find((m) => m.id === this.confirmDelete)?.content ?? "", 200)}</p>` : nothing}
        <p class="hint" style="margin-top:var(--space-3)">Tip: hold Shift while clicking delete to skip this.</p>
      </hearth-dialog>`;
  }

  private lastCaps: MessageCaps | null = null;

  /** The same object while the rights are unchanged, so message rows skip re-rendering when nothing changed. */
  private capsFor(perms: string | undefined): MessageCaps {
    const next: MessageCaps = {
      canReply: can(perms, "SEND_MESSAGES"),
      canReact: can(perms, "ADD_REACTIONS"),
      canManage: can(perms, "MANAGE_MESSAGES"),
      canPin: can(perms, "PIN_MESSAGES"),
    };
    const l = this.lastCaps;
    if (l && l.canReply === next.canReply && l.canReact === next.canReact && l.canManage === next.canManage && l.canPin === next.canPin) return l;
    return (this.lastCaps = next);
  }

  private reopen = () => {
    this.ctx.app.chat.openChannel(null);
    this.ctx.app.chat.openChannel(this.channelId);
  };

  private toggleCrypto = () => {
    if (this.showPins) this.closePins();
    this.showCrypto = !this.showCrypto;
  };

  private togglePins = () => {
    if (this.showPins) return this.closePins();
    this.showCrypto = false;
    this.showPins = true;
    void this.ctx.app.pins.load(this.channelId);
  };

  private closePins = () => {
    this.showPins = false;
    this.ctx.app.pins.forget();
  };

  private typingLine() {
    const s = this.session;
    if (!s || s.typing.size === 0) return nothing;
    const names = [...s.typing.keys()].map((id) => this.nameOf(id));
    const text = names.length === 1 ? html`<strong>${names[0]}</strong> is typing…` : names.length <= 3 ? html`<strong>${names.join(", ")}</strong> are typing…` : html`Several people are typing…`;
    return html`<span class="dots" aria-hidden="true"><i></i><i></i><i></i></span>${text}`;
  }

  private disabledReason(caps: MessageCaps, ch: Channel | undefined, timedOutUntil: string | null | undefined): string | null {
    if (timedOutUntil && new Date(timedOutUntil) > new Date()) {
      return `You're timed out until ${new Date(timedOutUntil).toLocaleString()}. You can read, but not send or react.`;
    }
    if (ch?.archived) return "This channel is archived: it's read-only.";
    const s = this.session;
    const device = this.ctx.app.e2ee.device;
    // Offline is not a setup failure: sends queue and seal once the network is back.
    if ((ch?.encrypted || s?.encrypted) && device.state === "error" && !(device.error instanceof ApiError && device.error.code === "network_error")) {
      return `End-to-end encryption couldn't be set up on this device: ${device.error.message}`;
    }
    if ((s?.permissions ?? ch?.permissions) && !caps.canReply) return "You don't have permission to send messages here.";
    return null;
  }

  /** Who an encrypted conversation is sealed for: its device list's members once fetched, else the DM's people. */
  private cryptoMembers(): string[] {
    return this.ctx.app.e2ee.membersOf(this.channelId) ?? this.people().map((p) => p.id);
  }

  private noticeCache: { key: string; value: TimelineNotice[] } = { key: "", value: [] };

  /** The conversation's device and member changes (web/state/e2ee.ts) as timeline rows, the same array while unchanged. */
  private deviceNotices(members: string[], since: string | undefined): TimelineNotice[] {
    const me = this.ctx.app.auth.user?.id;
    const events = this.ctx.app.e2ee.conversationChanges(this.channelId, members, since, this.communityId === null);
    const key = `${this.ctx.app.members.version}|${events.map((e) => e.id).join(",")}`;
    if (key === this.noticeCache.key) return this.noticeCache.value;
    const value = events.map((e) => ({
      key: e.id,
      at: e.at,
      tpl: html`<hearth-device-notice .notice=${{ kind: e.kind, name: this.nameOf(e.userId), self: e.userId === me, fingerprint: e.fingerprint, at: e.at }} .timeText=${this.ctx.app.prefs.time(new Date(e.at))}></hearth-device-notice>`,
    }));
    this.noticeCache = { key, value };
    return value;
  }

  /** A notice's "verify it" or the warning's "Review devices": open the encryption panel. */
  private review = () => {
    this.showCrypto = true;
    this.showPins = false;
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

  private send(content: string) {
    const s = this.session;
    if (!s) return;
    s.send(content, this.replyTo);
    this.replyTo = null;
    // Reading far back: the sent message shows once the newest page is back.
    if (s.hasNewer) void s.jumpToPresent();
    else this.list?.jumpToPresent();
  }

  private onAtBottom() {
    const s = this.session;
    if (!s || document.visibilityState !== "visible") return;
    s.markRead();
    s.trim();
  }

  private editLast = () => {
    const s = this.session;
    const me = this.ctx.app.auth.user?.id;
    const last = s?.messages.findLast((m) => m.authorId === me && !m.deletedAt);
    if (last) this.editingId = last.id;
  };

  private stopEditing() {
    this.editingId = null;
    void this.updateComplete.then(() => (this.renderRoot.querySelector("hearth-composer") as HearthComposer | null)?.focus());
  }

  private onEditSave = (e: CustomEvent<{ messageId: string; content: string }>) => {
    const s = this.session;
    if (!s) return;
    const { messageId, content } = e.detail;
    if (!content) {
      this.confirmDelete = messageId;
      return this.stopEditing();
    }
    const current = s.messages.find((m) => m.id === messageId);
    if (current && current.content !== content) s.edit(messageId, content);
    this.stopEditing();
  };

  private onDeleteRequest = (e: CustomEvent<{ messageId: string; skipConfirm: boolean }>) => {
    if (e.detail.skipConfirm) this.session?.remove(e.detail.messageId);
    else this.confirmDelete = e.detail.messageId;
  };

  private doDelete = () => {
    if (this.confirmDelete) this.session?.remove(this.confirmDelete);
    this.confirmDelete = null;
  };

  private sendReport = async () => {
    const id = this.reporting;
    const reason = (this.renderRoot.querySelector("#rr") as HTMLInputElement | null)?.value.trim() ?? "";
    const toInstance = (this.renderRoot.querySelector("#ri") as HTMLInputElement | null)?.checked ?? false;
    if (!id || !reason) return this.ctx.app.ui.toast("Say briefly what's wrong, so moderators can act.", "error");
    try {
      await this.ctx.app.moderation.reportMessage(this.channelId, id, reason, toInstance);
      this.reporting = null;
      this.ctx.app.ui.toast("Thanks. The moderators will take a look.", "success");
    } catch (err) {
      this.ctx.app.ui.toast(describeError(err), "error");
    }
  };

  private onPicked = (e: CustomEvent<{ emoji: string }>) => {
    const p = this.picker;
    const s = this.session;
    if (!p || !s) return;
    const has = s.messages.find((m) => m.id === p.messageId)?.reactions?.find((r) => r.emoji === e.detail.emoji)?.me;
    s.react(p.messageId, e.detail.emoji, !has);
    this.picker = null;
  };

  /**
   * Scrolls to a message, loading the history around it first when it is not loaded. Without its `seq` (a reply's
   * original), the message is looked up by id.
   */
  private async jump(messageId: string, seq?: number) {
    if (this.showPins) this.closePins();
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

/** Why live updates stopped, in words (close codes and ticket refusals from docs/protocol.md). */
function closedNotice(reason: string): string {
  if (reason === "4409") return "Hearth was updated. Reload the page to keep chatting.";
  if (reason === "4403" || reason === "403") return "You no longer have access to this channel.";
  if (reason === "4404" || reason === "404") return "This channel no longer exists, or you can no longer see it.";
  return "Live updates stopped for this channel. Reload to reconnect.";
}

/** A DM's title: the other people's names. */
export function dmTitle(ch: Channel | undefined, me: string): string {
  const others = (ch?.participants ?? []).filter((p) => p.id !== me);
  return others.map((p) => p.displayName).join(", ") || ch?.name || "Direct message";
}
customElements.define("hearth-channel-view", HearthChannelView);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-channel-view": HearthChannelView;
  }
}
