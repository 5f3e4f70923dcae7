/**
 * Threads in hearth-channel-view. In a community text channel: the header's Threads button and its panel, the
 * "Create thread" dialog (from a message's action, or "New thread" in the panel), the chips under messages (the
 * list's `threads`). In a thread (the view's `thread` is set): the header's "#channel › thread" with the way back,
 * the thread's first message at the top of its history, its options menu (rename, archive, delete, each with its
 * dialog), and the Unarchive notice above the composer of an archived thread.
 * Not an element: the view owns one, and it listens for the thread events its children send on the view itself.
 */
import { html, nothing, type LitElement, type ReactiveController } from "lit";
import { MAX_THREAD_NAME_CHARS, threadNameFrom } from "../../protocol/threads.ts";
import { ApiError } from "../state/api.ts";
import type { AppState } from "../state/app.ts";
import type { MessageView } from "../../protocol/frames.ts";
import type { ChannelSession } from "../state/chat.ts";
import type { ChatMessage } from "../state/message-window.ts";
import { pollWithAnswers } from "../state/polls.ts";
import { can, type Channel } from "../state/communities.ts";
import { canManageThread, threadAsChannel, type ThreadInfo } from "../state/threads.ts";
import { plainExcerpt, type RenderContext } from "../render/markdown.ts";
import { describeError } from "../styles/auth-card.ts";
import { icons } from "../styles/icons.ts";
import type { ListHost } from "./hearth-message-list.ts";
import "./hearth-dialog.ts";
import "./hearth-thread-archived.ts";
import "./hearth-thread-intro.ts";
import "./hearth-thread-menu.ts";
import "./hearth-threads-panel.ts";

export interface ThreadsView {
  app(): AppState;
  session(): ChannelSession | null;
  channelId(): string;
  communityId(): string | null;
  /** The open thread, when the view shows one. */
  thread(): ThreadInfo | null;
  /** The channel as the view shows it (a thread's as a channel, see threadAsChannel). */
  channel(): Channel | undefined;
}

/** The header panels this controller draws; the view keeps them one at a time with its own. */
export type ThreadPanel = "threads" | "thread-menu";

type Dialog = { kind: "create"; messageId: string | null; excerpt: string } | { kind: "rename" } | { kind: "delete" };

export class ThreadActions implements ReactiveController {
  private dialog: Dialog | null = null;
  private name = "";
  private busy = false;
  private error = "";
  /** The deleted thread whose channel's list was fetched again. */
  private goneNoticed = "";
  /** The open thread's permissions when last drawn, to notice a change. */
  private lastPermissions: { threadId: string; permissions: string } | null = null;

  constructor(
    private readonly host: LitElement,
    private readonly view: ThreadsView,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.host.addEventListener("thread-open", this.onOpen);
    this.host.addEventListener("thread-create-request", this.onCreateRequest);
    this.host.addEventListener("threads-retry", this.onRetry);
    this.host.addEventListener("thread-rename-request", this.onRenameRequest);
    this.host.addEventListener("thread-archive-request", this.onArchiveRequest);
    this.host.addEventListener("thread-delete-request", this.onDeleteRequest);
  }

  hostDisconnected(): void {
    this.host.removeEventListener("thread-open", this.onOpen);
    this.host.removeEventListener("thread-create-request", this.onCreateRequest);
    this.host.removeEventListener("threads-retry", this.onRetry);
    this.host.removeEventListener("thread-rename-request", this.onRenameRequest);
    this.host.removeEventListener("thread-archive-request", this.onArchiveRequest);
    this.host.removeEventListener("thread-delete-request", this.onDeleteRequest);
  }

  /**
   * Archiving or unarchiving changes everyone's permissions in the thread, and the room says only that: the thread's
   * details are fetched again so its header and notices say why.
   */
  hostUpdate(): void {
    const t = this.view.thread();
    const session = this.view.session();
    // The thread was deleted (its room closed with 4404): the channel's list, which the sidebar shows, is stale.
    const gone = t && session?.connection === "closed" && (session.closedReason === "4404" || session.closedReason === "404");
    if (gone && this.goneNoticed !== t.thread.id) {
      this.goneNoticed = t.thread.id;
      this.view.app().threads.reload(t.parent.id);
    }
    const permissions = t ? session?.permissions : null;
    if (!t || !permissions) return void (this.lastPermissions = null);
    const last = this.lastPermissions;
    if (last && last.threadId === t.thread.id && last.permissions !== permissions) void this.view.app().threads.loadThread(t.thread.id);
    this.lastPermissions = { threadId: t.thread.id, permissions };
  }

  /** The channel changed: no dialog stays open. */
  reset(): void {
    this.dialog = null;
    this.busy = false;
    this.error = "";
  }

  private asChannelMemo: { thread: ThreadInfo["thread"]; parent: Channel | undefined; channel: Channel } | null = null;

  /** A thread as the view shows it, a channel (the same object while the thread and its channel are unchanged). */
  asChannel(t: ThreadInfo): Channel {
    const parent = this.view.app().communities.channel(t.parent.id);
    const m = this.asChannelMemo;
    if (m && m.thread === t.thread && m.parent === parent) return m.channel;
    return (this.asChannelMemo = { thread: t.thread, parent, channel: threadAsChannel(t.thread, parent) }).channel;
  }

  /** Whether threads can be started from this conversation's messages. */
  canStart(perms: string | undefined): boolean {
    return this.isThreadable() && can(perms, "SEND_IN_THREADS");
  }

  /** A community text channel (not a DM, a voice channel or a thread). */
  private isThreadable(): boolean {
    return !this.view.thread() && this.view.communityId() !== null && this.view.channel()?.kind === "text";
  }

  /** The bits that decide who manages a thread: the parent channel's (the thread's room has the same ones). */
  private parentPermissions(): string | undefined {
    const t = this.view.thread();
    if (!t) return undefined;
    return this.view.app().communities.channel(t.parent.id)?.permissions ?? this.view.session()?.permissions ?? undefined;
  }

  private canManage(): boolean {
    const t = this.view.thread();
    return !!t && canManageThread(t.thread, this.view.app().auth.user?.id ?? "", this.parentPermissions());
  }

  /** The header's title in a thread: "#channel › thread", the channel a link back to it. Null elsewhere. */
  title() {
    const t = this.view.thread();
    if (!t) return null;
    return html`<a class="crumb" href="/c/${this.view.communityId()}/${t.parent.id}" title="Back to #${t.parent.name}" aria-label="Back to #${t.parent.name}">${icons.hash()}<span>${t.parent.name}</span></a>
      <span class="sep" aria-hidden="true">›</span>
      ${icons.thread()} <span data-testid="channel-title">${t.thread.name}</span>
      ${t.thread.archived ? html`<span class="tag">Archived</span>` : nothing}`;
  }

  /** The Threads button of a text channel, or a thread's options button for those who may use them. */
  headerButton(open: string | null, toggle: (p: ThreadPanel) => void) {
    if (this.view.thread()) {
      if (!this.canManage() && !can(this.parentPermissions(), "MANAGE_MESSAGES")) return nothing;
      return html`<button class="icon-btn" data-popover-toggle data-thread-menu-toggle title="Thread options" aria-label="Thread options" aria-haspopup="menu" aria-expanded=${open === "thread-menu" ? "true" : "false"} @click=${() => toggle("thread-menu")}>${icons.more()}</button>`;
    }
    if (!this.isThreadable()) return nothing;
    return html`<button class="icon-btn" data-popover-toggle title="Threads" aria-label="Threads" aria-pressed=${open === "threads" ? "true" : "false"} @click=${() => toggle("threads")}>${icons.thread()}</button>`;
  }

  /** The open panel, when it is one of these. */
  panel(open: string | null, close: () => void) {
    const app = this.view.app();
    if (open === "threads" && this.isThreadable()) {
      const ch = this.view.channel();
      return html`<hearth-threads-panel
        .threads=${app.threads.channelId === this.view.channelId() ? app.threads.list : { state: "loading" }}
        .canCreate=${this.canStart(this.view.session()?.permissions ?? ch?.permissions)}
        .channelName=${ch?.name ?? ""}
        .nameOf=${(id: string) => app.members.name(id, this.view.communityId())}
        @thread-open=${close}
        @dialog-close=${close}
      ></hearth-threads-panel>`;
    }
    const t = this.view.thread();
    if (open === "thread-menu" && t) {
      return html`<hearth-thread-menu
        .archived=${t.thread.archived}
        .canManage=${this.canManage()}
        .canDelete=${can(this.parentPermissions(), "MANAGE_MESSAGES")}
        @thread-rename-request=${close}
        @thread-archive-request=${close}
        @thread-delete-request=${close}
        @dialog-close=${() => this.closeMenu(close)}
      ></hearth-thread-menu>`;
    }
    return nothing;
  }

  /** Escape or a click elsewhere closed the menu: focus goes back to its button unless the click put it somewhere. */
  private closeMenu(close: () => void) {
    close();
    void this.host.updateComplete.then(() => {
      const active = document.activeElement;
      if (active === document.body || active === null || active === this.host) this.host.renderRoot.querySelector<HTMLElement>("[data-thread-menu-toggle]")?.focus();
    });
  }

  /** In a thread, the start of its history: its name, who started it, and the message it started from. */
  intro(host: ListHost, ctx: RenderContext, avatarSize: number) {
    const t = this.view.thread();
    if (!t) return null;
    const root = this.openedRoot(t);
    // The same template while nothing it shows changed, so the message list does not redraw for it.
    const key = [t, root, ctx, avatarSize, this.view.app().members.version];
    if (this.introMemo?.key.every((k, i) => k === key[i])) return this.introMemo.tpl;
    const tpl = html`<hearth-thread-intro
      .info=${t}
      .root=${root}
      .communityId=${this.view.communityId() ?? ""}
      .nameOf=${host.nameOf}
      .timeOf=${host.timeOf}
      .files=${host.files}
      .ctx=${ctx}
      .me=${this.view.app().auth.user?.id ?? ""}
      .avatarSize=${avatarSize}
    ></hearth-thread-intro>`;
    this.introMemo = { key, tpl };
    return tpl;
  }
  private introMemo: { key: unknown[]; tpl: unknown } | null = null;

  /**
   * The thread's first message as the intro shows it. In an encrypted channel it is an envelope: this browser opens
   * it as the channel would (pending until then), with its text, files and poll answers once opened.
   */
  private openedRoot(t: ThreadInfo): ChatMessage | null {
    const root = t.rootMessage;
    if (!root?.envelope || root.deletedAt) return root;
    const o = this.rootOpening;
    if (o?.source === root) return o.view;
    const opening = { source: root, view: { ...root, content: null, e2ee: "pending" } as ChatMessage };
    this.rootOpening = opening;
    void this.view
      .app()
      .e2ee.open(root)
      .then((r) => {
        if (this.rootOpening !== opening) return;
        opening.view = r.ok
          ? { ...root, content: r.payload.content, sealedFiles: r.payload.attachments ?? [], poll: pollWithAnswers(root.poll, r.payload.poll), e2ee: "ok" }
          : { ...root, content: null, e2ee: r.reason === "offline" ? "waiting" : "locked" };
        this.host.requestUpdate();
      });
    return opening.view;
  }
  private rootOpening: { source: MessageView; view: ChatMessage } | null = null;

  /** Above the composer of an archived thread: the way to unarchive it, for those who may. */
  composerNotice() {
    const t = this.view.thread();
    if (!t?.thread.archived || !this.canManage()) return nothing;
    return html`<hearth-thread-archived .busy=${this.busy && !this.dialog}></hearth-thread-archived>`;
  }

  private onOpen = (e: CustomEvent<{ threadId: string }>) => {
    const community = this.view.communityId();
    if (community) this.view.app().router.navigate(`/c/${community}/${e.detail.threadId}`);
  };

  private onRetry = () => {
    const app = this.view.app();
    app.threads.reload(this.view.channelId());
  };

  private onCreateRequest = (e: CustomEvent<{ messageId: string | null }>) => {
    const { messageId } = e.detail;
    const m = messageId ? this.view.session()?.messages.find((x) => x.id === messageId) : undefined;
    // An encrypted message's text is known here once opened (content is its plaintext then); never before.
    const text = m && !m.deletedAt && (!m.envelope || m.e2ee === "ok") ? (m.content ?? "") : "";
    this.open({ kind: "create", messageId, excerpt: text ? plainExcerpt(text, 160) : "" }, threadNameFrom(text));
  };

  private onRenameRequest = () => {
    const t = this.view.thread();
    if (t) this.open({ kind: "rename" }, t.thread.name);
  };

  private onDeleteRequest = () => this.open({ kind: "delete" }, "");

  private onArchiveRequest = async (e: CustomEvent<{ archived: boolean }>) => {
    const t = this.view.thread();
    if (!t || this.busy) return;
    const app = this.view.app();
    this.busy = true;
    this.host.requestUpdate();
    try {
      await app.threads.update(t.thread.id, { archived: e.detail.archived });
      app.ui.toast(e.detail.archived ? "Thread archived: it's read-only until someone unarchives it." : "Thread unarchived.", "success");
    } catch (err) {
      app.ui.toast(describeError(err), "error");
    } finally {
      this.busy = false;
      this.host.requestUpdate();
    }
  };

  private open(dialog: Dialog, name: string) {
    this.dialog = dialog;
    this.name = name;
    this.error = "";
    this.busy = false;
    this.host.requestUpdate();
    void this.host.updateComplete.then(() => {
      const input = this.host.renderRoot.querySelector<HTMLInputElement>("#thread-name");
      input?.focus();
      input?.select();
    });
  }

  private closeDialog = () => {
    this.dialog = null;
    this.busy = false;
    this.host.requestUpdate();
  };

  /** The create, rename and delete dialogs, each while it is open. */
  overlays() {
    const d = this.dialog;
    if (!d) return nothing;
    const alert = this.error ? html`<div class="alert" role="alert">${this.error}</div>` : nothing;
    if (d.kind === "delete") {
      const t = this.view.thread();
      return html`<hearth-dialog open heading="Delete thread" confirm-label="Delete thread" danger .busy=${this.busy} @dialog-confirm=${this.remove} @dialog-close=${this.closeDialog}>
        ${alert}
        <p>Delete <strong>${t?.thread.name}</strong> and everything in it?</p>
        <p class="muted" style="margin-top:var(--space-2)">Its messages are deleted for everyone. This can't be undone.</p>
      </hearth-dialog>`;
    }
    const encrypted = !!this.view.channel()?.encrypted;
    const trimmed = this.name.trim();
    return html`<hearth-dialog open heading=${d.kind === "create" ? "Create thread" : "Rename thread"} confirm-label=${d.kind === "create" ? "Create thread" : "Save"} .busy=${this.busy} ?confirm-disabled=${!trimmed} @dialog-confirm=${this.confirm} @dialog-close=${this.closeDialog}>
      ${alert}
      ${d.kind === "create" && d.excerpt ? html`<p class="muted" style="margin-bottom:var(--space-3);padding:var(--space-2) var(--space-3);border-left:3px solid var(--border);overflow-wrap:anywhere">${d.excerpt}</p>` : nothing}
      <div class="field">
        <label for="thread-name">Thread name</label>
        <input id="thread-name" type="text" required maxlength=${MAX_THREAD_NAME_CHARS} autocomplete="off" .value=${this.name} @input=${this.onName} aria-describedby="thread-name-hint" />
      </div>
      <p class="hint" id="thread-name-hint">${encrypted ? "Messages in the thread are end-to-end encrypted like the channel's; its name is not: the server can read it." : d.kind === "create" ? (d.messageId ? "Everyone who can see this channel can read and join the thread." : "A thread for a topic of its own, listed under Threads.") : "Everyone sees the new name."}</p>
    </hearth-dialog>`;
  }

  private onName = (e: Event) => {
    this.name = (e.target as HTMLInputElement).value;
    this.host.requestUpdate();
  };

  private confirm = () => {
    const d = this.dialog;
    const name = this.name.trim();
    if (!d || !name || this.busy) return;
    const app = this.view.app();
    if (d.kind === "create") {
      const channelId = this.view.channelId();
      void this.run(async () => {
        const thread = await app.threads.create(channelId, { name, ...(d.messageId ? { messageId: d.messageId } : {}) });
        app.router.navigate(`/c/${thread.communityId}/${thread.id}`);
      });
    } else {
      const t = this.view.thread();
      if (t) void this.run(() => app.threads.update(t.thread.id, { name }));
    }
  };

  private remove = () => {
    const t = this.view.thread();
    if (!t) return;
    const app = this.view.app();
    void this.run(async () => {
      await app.threads.remove(t.thread.id);
      app.ui.toast(`Thread “${t.thread.name}” deleted.`);
      app.router.navigate(`/c/${t.thread.communityId}/${t.parent.id}`, { replace: true });
    });
  };

  /** Runs an action with the dialog busy; closes it on success, shows the error in it otherwise. */
  private async run(action: () => Promise<unknown>): Promise<void> {
    this.busy = true;
    this.error = "";
    this.host.requestUpdate();
    try {
      await action();
      this.closeDialog();
    } catch (err) {
      this.error = err instanceof ApiError && err.code === "thread_exists" ? "This message already has a thread: open it from the message." : describeError(err);
      this.busy = false;
      this.host.requestUpdate();
      if (err instanceof ApiError && err.code === "thread_exists") this.view.app().threads.reload(this.view.channelId());
    }
  }
}
