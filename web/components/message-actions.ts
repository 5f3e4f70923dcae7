/**
 * What the person does to one message in hearth-channel-view: edits it in place, deletes it (after a confirmation,
 * unless Shift was held), picks a reaction for it, reports it. Holds which message each is about, renders the emoji
 * picker and the delete dialog, and acts on the open ChannelSession. Not an element: the view owns one and renders
 * `overlays()` into its own shadow root. Reports go through the shell's hearth-report-dialog, which is the one report
 * dialog for messages and people; this only opens it, and closes it again when the person leaves the channel.
 */
import { html, nothing, type LitElement, type ReactiveController } from "lit";
import { plainExcerpt } from "../render/markdown.ts";
import type { AppState } from "../state/app.ts";
import { can } from "../state/communities.ts";
import type { ChannelSession } from "../state/chat.ts";
import type { ReportTarget } from "../state/notices.ts";
import type { HearthComposer } from "./hearth-composer.ts";
import "./hearth-dialog.ts";
import "./hearth-emoji-picker.ts";

/** What the actions need of the view that owns them. */
export interface ActionsView {
  app(): AppState;
  /** The open channel's session, when it is this view's channel. */
  session(): ChannelSession | null;
  channelId(): string;
  /** The channel's community, null for a DM (whose reports go to the instance admins). */
  communityId(): string | null;
}

export class MessageActions implements ReactiveController {
  /** The message being edited in place, else null. */
  editingId: string | null = null;
  private confirmDelete: string | null = null;
  private picker: { messageId: string; x: number; y: number } | null = null;
  /**
   * The report this view opened, while it may still be open. The dialog belongs to the shell and outlives the channel,
   * so the view closes it itself; keeping the very object means it never closes a report opened elsewhere (a user card).
   */
  private reported: ReportTarget | null = null;

  constructor(
    private readonly host: LitElement,
    private readonly view: ActionsView,
  ) {
    host.addController(this);
  }

  /** The channel changed: nothing is being edited, deleted, reacted to or reported any more. */
  reset(): void {
    this.editingId = this.confirmDelete = null;
    this.picker = null;
    this.closeReport();
  }

  /** The view left the page (Home, another community, the browser's Back): its report goes with it. */
  hostDisconnected(): void {
    this.closeReport();
  }

  edit(messageId: string): void {
    this.editingId = messageId;
    this.host.requestUpdate();
  }

  /** The composer's Up arrow: edit the person's newest message. */
  editLast = () => {
    const s = this.view.session();
    const me = this.view.app().auth.user?.id;
    // A poll cannot be edited (docs/api/polls.md): the newest other message is.
    const last = s?.messages.findLast((m) => m.authorId === me && !m.deletedAt && !m.poll);
    if (last) this.edit(last.id);
  };

  stopEditing(): void {
    this.editingId = null;
    this.host.requestUpdate();
    void this.host.updateComplete.then(() => (this.host.renderRoot.querySelector("hearth-composer") as HearthComposer | null)?.focus());
  }

  onEditSave = (e: CustomEvent<{ messageId: string; content: string }>) => {
    const s = this.view.session();
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

  onDeleteRequest = (e: CustomEvent<{ messageId: string; skipConfirm: boolean }>) => {
    if (e.detail.skipConfirm) this.view.session()?.remove(e.detail.messageId);
    else {
      this.confirmDelete = e.detail.messageId;
      this.host.requestUpdate();
    }
  };

  /** Opens the emoji picker for a message, under the button that asked (`anchor`). */
  pickReaction(messageId: string, anchor: DOMRect): void {
    this.picker = { messageId, x: anchor.right, y: anchor.bottom + 4 };
    this.host.requestUpdate();
  }

  /** Opens the report dialog for a message of this channel; the target is fixed now, whatever the view shows later. */
  report(messageId: string): void {
    const message = this.view.session()?.messages.find((m) => m.id === messageId);
    const label = plainExcerpt(message?.content ?? "", 200);
    this.reported = { targetType: "message", channelId: this.view.channelId(), messageId, communityId: this.view.communityId(), label, isEncrypted: Boolean(message?.envelope) };
    this.view.app().notices.openReport(this.reported);
  }

  private closeReport(): void {
    if (!this.reported) return;
    const { notices } = this.view.app();
    if (notices.reporting === this.reported) notices.openReport(null);
    this.reported = null;
  }

  /** The emoji picker and the delete confirmation, each while it is open. */
  overlays() {
    const s = this.view.session();
    return html`${this.picker
        ? html`<hearth-emoji-picker .x=${this.picker.x} .y=${this.picker.y} .custom=${this.customEmoji()} @emoji-picked=${this.onPicked} @dialog-close=${this.closePicker}></hearth-emoji-picker>`
        : nothing}
      <hearth-dialog heading="Delete message" confirm-label="Delete" danger .open=${this.confirmDelete !== null} @dialog-confirm=${this.doDelete} @dialog-close=${this.closeDelete}>
        <p class="muted">Are you sure you want to delete this message? This can't be undone.</p>
        ${this.confirmDelete ? html`<p style="margin-top:var(--space-3);padding:var(--space-3);border-radius:var(--radius-s);background:var(--bg-side)">${plainExcerpt(s?.messages.find((m) => m.id === this.confirmDelete)?.content ?? "", 200)}</p>` : nothing}
        <p class="hint" style="margin-top:var(--space-3)">Tip: hold Shift while clicking delete to skip this.</p>
      </hearth-dialog>`;
  }

  /** The community's own emoji, for those who may use them (USE_CUSTOM_EMOJI). */
  private customEmoji() {
    const permissions = this.view.session()?.permissions;
    return can(permissions ?? undefined, "USE_CUSTOM_EMOJI") ? this.view.app().customEmoji.of(this.view.communityId()) : [];
  }

  private closePicker = () => {
    this.picker = null;
    this.host.requestUpdate();
  };

  private closeDelete = () => {
    this.confirmDelete = null;
    this.host.requestUpdate();
  };

  private doDelete = () => {
    if (this.confirmDelete) this.view.session()?.remove(this.confirmDelete);
    this.closeDelete();
  };

  private onPicked = (e: CustomEvent<{ emoji: string }>) => {
    const p = this.picker;
    const s = this.view.session();
    if (!p || !s) return;
    const has = s.messages.find((m) => m.id === p.messageId)?.reactions?.find((r) => r.emoji === e.detail.emoji)?.me;
    s.react(p.messageId, e.detail.emoji, !has);
    this.closePicker();
  };
}
