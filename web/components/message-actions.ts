/**
 * What the person does to one message in hearth-channel-view: edits it in place, deletes it (after a confirmation,
 * unless Shift was held), picks a reaction for it, reports it. Holds which message each is about, renders the emoji
 * picker and the report and delete dialogs, and acts on the open ChannelSession. Not an element: the view owns one
 * and renders `overlays()` into its own shadow root.
 */
import { html, nothing, type LitElement } from "lit";
import { plainExcerpt } from "../render/markdown.ts";
import type { AppState } from "../state/app.ts";
import type { ChannelSession } from "../state/chat.ts";
import { describeError } from "../styles/auth-card.ts";
import type { HearthComposer } from "./hearth-composer.ts";
import "./hearth-dialog.ts";
import "./hearth-emoji-picker.ts";

/** What the actions need of the view that owns them. */
export interface ActionsView {
  app(): AppState;
  /** The open channel's session, when it is this view's channel. */
  session(): ChannelSession | null;
  channelId(): string;
}

export class MessageActions {
  /** The message being edited in place, else null. */
  editingId: string | null = null;
  private confirmDelete: string | null = null;
  private picker: { messageId: string; x: number; y: number } | null = null;
  private reporting: string | null = null;

  constructor(
    private readonly host: LitElement,
    private readonly view: ActionsView,
  ) {}

  /** The channel changed: nothing is being edited, deleted or reacted to any more. */
  reset(): void {
    this.editingId = this.confirmDelete = null;
    this.picker = null;
  }

  edit(messageId: string): void {
    this.editingId = messageId;
    this.host.requestUpdate();
  }

  /** The composer's Up arrow: edit the person's newest message. */
  editLast = () => {
    const s = this.view.session();
    const me = this.view.app().auth.user?.id;
    const last = s?.messages.findLast((m) => m.authorId === me && !m.deletedAt);
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

  report(messageId: string): void {
    this.reporting = messageId;
    this.host.requestUpdate();
  }

  /** The emoji picker, the report dialog and the delete confirmation, each while it is open. */
  overlays() {
    const s = this.view.session();
    return html`${this.picker
        ? html`<hearth-emoji-picker .x=${this.picker.x} .y=${this.picker.y} @emoji-picked=${this.onPicked} @dialog-close=${this.closePicker}></hearth-emoji-picker>`
        : nothing}
      ${this.reporting
        ? html`<hearth-dialog open heading="Report message" confirm-label="Send report" @dialog-confirm=${this.sendReport} @dialog-close=${this.closeReport}>
            <p class="muted" style="margin-bottom:var(--space-3)">The community's moderators will see this message and your reason.</p>
            <div class="field"><label for="rr">What's wrong with it?</label><input id="rr" type="text" maxlength="500" /></div>
            <label class="row" style="gap:6px"><input id="ri" type="checkbox" /> Also tell the instance admins (for illegal or instance-wide problems)</label>
          </hearth-dialog>`
        : nothing}
      <hearth-dialog heading="Delete message" confirm-label="Delete" danger .open=${this.confirmDelete !== null} @dialog-confirm=${this.doDelete} @dialog-close=${this.closeDelete}>
        <p class="muted">Are you sure you want to delete this message? This can't be undone.</p>
        ${this.confirmDelete ? html`<p style="margin-top:var(--space-3);padding:var(--space-3);border-radius:var(--radius-s);background:var(--bg-side)">${plainExcerpt(s?.messages.find((m) => m.id === this.confirmDelete)?.content ?? "", 200)}</p>` : nothing}
        <p class="hint" style="margin-top:var(--space-3)">Tip: hold Shift while clicking delete to skip this.</p>
      </hearth-dialog>`;
  }

  private closePicker = () => {
    this.picker = null;
    this.host.requestUpdate();
  };

  private closeReport = () => {
    this.reporting = null;
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

  private sendReport = async () => {
    const { ui, moderation } = this.view.app();
    const id = this.reporting;
    const reason = (this.host.renderRoot.querySelector("#rr") as HTMLInputElement | null)?.value.trim() ?? "";
    const toInstance = (this.host.renderRoot.querySelector("#ri") as HTMLInputElement | null)?.checked ?? false;
    if (!id || !reason) return ui.toast("Say briefly what's wrong, so moderators can act.", "error");
    try {
      await moderation.reportMessage(this.view.channelId(), id, reason, toInstance);
      this.closeReport();
      ui.toast("Thanks. The moderators will take a look.", "success");
    } catch (err) {
      ui.toast(describeError(err), "error");
    }
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
