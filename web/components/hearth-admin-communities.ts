import { LitElement, css, html, nothing } from "lit";
import { REASON_MAX } from "../../protocol/limits.ts";
import type { AdminCommunity } from "../state/admin.ts";
import { Connect } from "../state/context.ts";
import { describeError } from "../styles/auth-card.ts";
import { manage } from "../styles/manage.ts";
import { settingsSection } from "../styles/settings.ts";
import { shared } from "../styles/shared.ts";
import "./hearth-dialog.ts";

/**
 * Instance admin → Communities: every community on the server with its size; remove one that breaks the server's
 * rules (a reason is required and kept in the audit log). No inputs or events.
 */
export class HearthAdminCommunities extends LitElement {
  static styles = [
    shared,
    settingsSection,
    manage,
    css`
      .more {
        display: flex;
        justify-content: center;
        margin-top: var(--space-4);
      }
    `,
  ];
  static properties = { items: { state: true }, nextAfter: { state: true }, state: { state: true }, error: { state: true }, removing: { state: true }, busy: { state: true }, dialogError: { state: true } };
  declare items: AdminCommunity[];
  declare nextAfter: string | null;
  declare state: "idle" | "loading" | "ready" | "error";
  declare error: unknown;
  declare removing: AdminCommunity | null;
  declare busy: boolean;
  declare dialogError: string;
  private ctx = new Connect(this);

  constructor() {
    super();
    this.items = [];
    this.nextAfter = this.removing = null;
    this.state = "idle";
    this.error = null;
    this.busy = false;
    this.dialogError = "";
  }

  connectedCallback() {
    super.connectedCallback();
    void this.load(false);
  }

  private async load(more: boolean) {
    this.state = "loading";
    try {
      const page = await this.ctx.app.admin.communities(more ? this.nextAfter : null);
      this.items = more ? [...this.items, ...page.communities] : page.communities;
      this.nextAfter = page.nextAfter;
      this.state = "ready";
    } catch (err) {
      this.error = err;
      this.state = "error";
    }
  }

  render() {
    return html`<h2>Communities</h2>
      <p class="intro">Every community on this server. Instance admins have no powers inside communities; removing one that breaks the server's rules is the one thing you can do here.</p>
      ${this.state === "error" ? html`<div class="alert" role="alert">${describeError(this.error)} <button class="link-btn" @click=${() => this.load(false)}>Retry</button></div>` : nothing}
      ${this.state === "loading" && this.items.length === 0 ? html`<span class="spinner" role="status" aria-label="Loading communities"></span>` : nothing}
      ${this.state === "ready" && this.items.length === 0 ? html`<div class="empty">No communities yet.</div>` : nothing}
      ${this.items.length
        ? html`<div class="table-wrap"><table data-testid="admin-communities">
            <thead><tr><th>Community</th><th>Members</th><th>Created</th><th><span class="sr-only">Actions</span></th></tr></thead>
            <tbody>${this.items.map(
              (c) => html`<tr><td><strong>${c.name}</strong>${c.description ? html`<div class="hint">${c.description.slice(0, 120)}</div>` : nothing}</td><td>${c.memberCount}</td><td style="white-space:nowrap">${new Date(c.createdAt).toLocaleDateString()}</td>
                <td><div class="actions"><button class="btn secondary small" aria-label="Remove ${c.name}" @click=${() => ((this.dialogError = ""), (this.removing = c))}>Remove</button></div></td></tr>`,
            )}</tbody>
          </table></div>`
        : nothing}
      ${this.nextAfter ? html`<div class="more"><button class="btn secondary" ?disabled=${this.state === "loading"} @click=${() => this.load(true)}>Load more</button></div>` : nothing}
      ${this.removing
        ? html`<hearth-dialog open danger heading="Remove ${this.removing.name}?" confirm-label="Remove community" .busy=${this.busy} @dialog-confirm=${this.removeCommunity} @dialog-close=${() => (this.removing = null)}>
            ${this.dialogError ? html`<div class="alert" role="alert">${this.dialogError}</div>` : nothing}
            <p class="muted" style="margin-bottom:var(--space-3)">Every channel, message, role and invite in it is deleted for all ${this.removing.memberCount} members. This can't be undone.</p>
            <div class="field"><label for="why">Reason (required)</label><textarea id="why" rows="2" maxlength=${REASON_MAX}></textarea></div>
          </hearth-dialog>`
        : nothing}`;
  }

  private removeCommunity = async () => {
    const c = this.removing;
    const reason = (this.renderRoot.querySelector("#why") as HTMLTextAreaElement | null)?.value.trim() ?? "";
    if (!c) return;
    if (!reason) {
      this.dialogError = "Say why it's being removed; the reason goes in the audit log.";
      return;
    }
    this.busy = true;
    try {
      await this.ctx.app.admin.deleteCommunity(c.id, reason);
      this.removing = null;
      this.ctx.app.ui.toast(`${c.name} was removed.`, "success");
      await this.load(false);
      void this.ctx.app.communities.load();
    } catch (err) {
      this.dialogError = describeError(err);
    } finally {
      this.busy = false;
    }
  };
}
customElements.define("hearth-admin-communities", HearthAdminCommunities);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-admin-communities": HearthAdminCommunities;
  }
}
