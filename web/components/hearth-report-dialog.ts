import { LitElement, css, html, nothing } from "lit";
import { REASON_MAX } from "../../protocol/limits.ts";
import { Connect } from "../state/context.ts";
import type { ReportTarget } from "../state/notices.ts";
import { describeError } from "../styles/auth-card.ts";
import { shared } from "../styles/shared.ts";
import "./hearth-dialog.ts";

/**
 * The report dialog for a person or a message, opened anywhere with `app.notices.openReport(target)`: the message
 * quoted, a reason, and whether the instance admins should see it too (always, when there is no community to send it
 * to). The one report dialog of the app, mounted once by the shell, so it outlives whatever opened it: the opener
 * closes it with `openReport(null)` when its subject goes away (the channel view does on a channel switch).
 * No inputs or events.
 */
export class HearthReportDialog extends LitElement {
  static styles = [
    shared,
    css`
      .excerpt {
        margin: 0 0 var(--space-3);
        padding: var(--space-3);
        border-radius: var(--radius-s);
        background: var(--bg-side);
        overflow-wrap: anywhere;
      }
    `,
  ];
  static properties = { busy: { state: true }, error: { state: true } };
  declare busy: boolean;
  declare error: string;
  private ctx = new Connect(this, (app) => [app.notices]);
  /** The subject the dialog last rendered, to tell when it changes. */
  private shown: ReportTarget | null = null;

  constructor() {
    super();
    this.busy = false;
    this.error = "";
  }

  protected willUpdate() {
    // A new subject, or none: an error about the last one no longer applies, even when something else closed it
    // (a channel switch closes a message's report without the dialog's own close).
    const t = this.ctx.app.notices.reporting;
    if (t !== this.shown) {
      this.shown = t;
      this.error = "";
    }
  }

  render() {
    const t = this.ctx.app.notices.reporting;
    if (!t) return nothing;
    const toWho = t.communityId ? "The community's moderators" : "The admins of this server";
    return html`<hearth-dialog open heading=${t.targetType === "user" ? `Report ${t.label}` : "Report message"} confirm-label="Send report" .busy=${this.busy} @dialog-confirm=${() => this.send(t)} @dialog-close=${this.close}>
      ${this.error ? html`<div class="alert" role="alert">${this.error}</div>` : nothing}
      <p class="muted" style="margin-bottom:var(--space-3)">${t.targetType === "message" && t.isEncrypted
        ? `This message is end-to-end encrypted, so ${toWho.charAt(0).toLowerCase() + toWho.slice(1)} will not see its text: only who sent it, when, and your reason. Quote what matters in your reason if you want them to read it.`
        : `${toWho} will see ${t.targetType === "user" ? "who you reported" : "the message"} and your reason.`} The person you report is not told who reported them.</p>
      ${t.targetType === "message" && t.label ? html`<blockquote class="excerpt" data-testid="report-excerpt">${t.label}</blockquote>` : nothing}
      <div class="field"><label for="report-reason">What's wrong?</label><textarea id="report-reason" rows="3" maxlength=${REASON_MAX} @input=${this.clearError}></textarea></div>
      ${t.communityId ? html`<label class="row" style="gap:8px"><input id="report-instance" type="checkbox" /> Also tell the server's admins (for illegal content or problems beyond this community)</label>` : nothing}
    </hearth-dialog>`;
  }

  /** An error is about what was sent: once the person edits the reason it no longer applies. */
  private clearError = () => {
    if (this.error) this.error = "";
  };

  private close = () => {
    this.ctx.app.notices.openReport(null);
  };

  private async send(t: ReportTarget) {
    const reason = (this.renderRoot.querySelector("#report-reason") as HTMLTextAreaElement | null)?.value.trim() ?? "";
    const toInstance = (this.renderRoot.querySelector("#report-instance") as HTMLInputElement | null)?.checked ?? false;
    if (!reason) {
      this.error = "Say briefly what's wrong, so it can be acted on.";
      return;
    }
    this.busy = true;
    this.error = "";
    try {
      const base = { reason, ...(toInstance ? { toInstance } : {}) };
      await this.ctx.app.notices.report(
        t.targetType === "user"
          ? { targetType: "user", userId: t.userId, ...(t.communityId ? { communityId: t.communityId } : {}), ...base }
          : { targetType: "message", channelId: t.channelId, messageId: t.messageId, ...base },
      );
      // Sent for `t` whatever happened meanwhile; close only if the dialog still shows it.
      if (this.ctx.app.notices.reporting === t) this.ctx.app.notices.openReport(null);
      this.ctx.app.ui.toast("Thanks. Your report was sent.", "success");
    } catch (err) {
      this.error = describeError(err);
    } finally {
      this.busy = false;
    }
  }
}
customElements.define("hearth-report-dialog", HearthReportDialog);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-report-dialog": HearthReportDialog;
  }
}
