import { LitElement, css, html, nothing } from "lit";
import { Connect } from "../state/context.ts";
import type { ChatMessage } from "../state/message-window.ts";
import { composerNotice } from "../styles/composer-notice.ts";
import { icons } from "../styles/icons.ts";
import { shared } from "../styles/shared.ts";
import "./hearth-recovery-key-form.ts";

/**
 * In an encrypted conversation with messages this browser can't open, when the account has a key backup this
 * browser doesn't use yet: offers to enter the recovery key right here, and the messages open in place.
 * Properties: `messages` (the loaded ones), `joinedAt` (a group DM's join time: messages before it were never sealed
 * for the reader, so they don't count). No events.
 */
export class HearthBackupPrompt extends LitElement {
  static styles = [
    shared,
    composerNotice,
    css`
      hearth-recovery-key-form {
        margin-top: var(--space-2);
      }
    `,
  ];
  static properties = { messages: { attribute: false }, joinedAt: {}, open: { state: true }, dismissed: { state: true } };
  declare messages: ChatMessage[];
  declare joinedAt: string | null;
  declare open: boolean;
  declare dismissed: boolean;
  private ctx = new Connect(this, (app) => [app.keyBackup]);

  constructor() {
    super();
    this.messages = [];
    this.joinedAt = null;
    this.open = false;
    this.dismissed = false;
  }

  render() {
    const s = this.ctx.app.keyBackup.status;
    const usable = s.state === "ready" && s.value.backup !== null && !s.value.here;
    const locked = this.messages.some((m) => m.e2ee === "locked" && !(this.joinedAt && m.createdAt < this.joinedAt));
    if (!usable || !locked || this.dismissed) return nothing;
    return html`<div class="box" data-testid="backup-prompt">
      <div class="line">
        ${icons.lock()}
        <p>Messages sent before you signed in here are locked. Your key backup can open them.</p>
        ${this.open
          ? nothing
          : html`<button class="btn small" @click=${() => (this.open = true)}>Enter recovery key</button>
              <button class="btn ghost small" @click=${() => (this.dismissed = true)}>Not now</button>`}
      </div>
      ${this.open
        ? html`<hearth-recovery-key-form compact @recovery-key-cancel=${() => (this.open = false)} @recovery-key-recovered=${(e: CustomEvent<{ count: number }>) => this.recovered(e.detail.count)}></hearth-recovery-key-form>`
        : nothing}
    </div>`;
  }

  private recovered(count: number) {
    this.open = false;
    this.ctx.app.ui.toast(`Unlocked: keys of ${count} earlier ${count === 1 ? "device" : "devices"} recovered.`, "success");
  }
}
customElements.define("hearth-backup-prompt", HearthBackupPrompt);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-backup-prompt": HearthBackupPrompt;
  }
}
