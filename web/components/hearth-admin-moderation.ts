import { LitElement, html, nothing } from "lit";
import { Connect } from "../state/context.ts";
import type { Async } from "../state/store.ts";
import type { AdminWebhook } from "../state/admin.ts";
import { loadInto } from "../render/async-list.ts";
import { describeError } from "../styles/auth-card.ts";
import { manage } from "../styles/manage.ts";
import { settingsSection } from "../styles/settings.ts";
import { shared } from "../styles/shared.ts";
import "./hearth-audit-log.ts";
import "./hearth-report-queue.ts";

/**
 * Instance admin → Reports, Audit log or Webhooks (attribute `view`): the instance report queue (DMs, escalations,
 * reports sent straight to the admins), the whole server's audit log with IP addresses, and the webhooks overview.
 */
export class HearthAdminModeration extends LitElement {
  static styles = [shared, settingsSection, manage];
  static properties = { view: {}, hooks: { state: true } };
  declare view: "reports" | "audit" | "webhooks";
  declare hooks: Async<{ webhooks: AdminWebhook[]; available: boolean }>;
  private ctx = new Connect(this);

  constructor() {
    super();
    this.view = "reports";
    this.hooks = { state: "idle" };
  }

  protected willUpdate(changed: Map<string, unknown>) {
    if (changed.has("view") && this.view === "webhooks") void loadInto((s) => (this.hooks = s), this.hooks, () => this.ctx.app.admin.webhooks());
  }

  render() {
    switch (this.view) {
      case "reports":
        return html`<h2>Reports</h2>
          <p class="intro">Reports for the people who run this server: about DMs, about people outside any community, sent straight to the admins, or escalated by a community's moderators.</p>
          <hearth-report-queue .communityId=${null}></hearth-report-queue>`;
      case "audit":
        return html`<h2>Audit log</h2>
          <p class="intro">Everything recorded on this server: sign-ins, account changes, administration and every community's moderation, with the IP address it came from.</p>
          <hearth-audit-log .communityId=${null}></hearth-audit-log>`;
      case "webhooks":
        return html`<h2>Webhooks</h2>
          <p class="intro">Webhooks let other programs post into channels. This lists every webhook on the server.</p>
          ${this.webhooks()}`;
    }
  }

  private webhooks() {
    const h = this.hooks;
    if (h.state === "error") return html`<div class="alert" role="alert">${describeError(h.error)}</div>`;
    if (!("value" in h) || !h.value) return html`<span class="spinner" role="status" aria-label="Loading webhooks"></span>`;
    if (h.value.webhooks.length === 0) return html`<div class="empty" data-testid="webhooks-empty">No community has made a webhook yet. Community managers make them in community settings → Webhooks.</div>`;
    return html`<div class="table-wrap"><table data-testid="admin-webhooks">
      <thead><tr><th>Webhook</th><th>Community</th><th>Channel</th><th>Made by</th><th>Made</th><th>Last used</th></tr></thead>
      <tbody>${h.value.webhooks.map(
        (w) => html`<tr><td>${w.name}</td><td><a href="/c/${w.communityId}">${w.communityName}</a></td><td>#${w.channelName}</td><td>${w.createdByUsername ? `@${w.createdByUsername}` : "—"}</td><td>${new Date(w.createdAt).toLocaleDateString()}</td><td>${w.lastUsedAt ? new Date(w.lastUsedAt).toLocaleString() : "Never"}</td></tr>`,
      )}</tbody>
    </table></div>`;
  }
}
customElements.define("hearth-admin-moderation", HearthAdminModeration);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-admin-moderation": HearthAdminModeration;
  }
}
