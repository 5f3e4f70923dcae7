import { LitElement, html, nothing } from "lit";
import type { AdminUser } from "../state/admin.ts";
import { Connect } from "../state/context.ts";
import type { Async } from "../state/store.ts";
import { asyncList, loadInto } from "../render/async-list.ts";
import { describeError } from "../styles/auth-card.ts";
import { settingsSection } from "../styles/settings.ts";
import { shared } from "../styles/shared.ts";

/**
 * Instance admin → Users: search; suspend and unsuspend; make or unmake admins; reset a password to a new
 * recovery code (shown once, for the admin to hand over). No inputs or events.
 */
export class HearthAdminUsers extends LitElement {
  static styles = [shared, settingsSection];
  static properties = { list: { state: true }, query: { state: true }, handover: { state: true } };
  declare list: Async<AdminUser[]>;
  declare query: string;
  declare handover: { username: string; code: string } | null;
  private ctx = new Connect(this, (app) => [app.auth]);
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    super();
    this.list = { state: "idle" };
    this.query = "";
    this.handover = null;
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  private load = () => void loadInto((s) => (this.list = s), this.list, () => this.ctx.app.admin.users(this.query.trim()));

  render() {
    const me = this.ctx.app.auth.user?.id;
    return html`<h2>Users</h2>
      <p class="intro">Everyone with an account on this instance.</p>
      <div class="field" style="max-width:320px"><label for="q">Search by name</label><input id="q" type="search" .value=${this.query} @input=${this.onSearch} /></div>
      ${this.handover
        ? html`<div class="alert ok" role="status">New recovery code for <strong>${this.handover.username}</strong>: <span class="mono" data-testid="admin-recovery-code">${this.handover.code}</span>. Give it to them; they reset their password at /recover. It won't be shown again.</div>`
        : nothing}
      ${asyncList(
        this.list,
        "No one matches.",
        (users) => html`<table data-testid="admin-users">
          <thead><tr><th>User</th><th>Status</th><th><span class="sr-only">Actions</span></th></tr></thead>
          <tbody>
            ${users.map(
              (u) => html`<tr>
                <td><div>${u.displayName}</div><div class="hint">@${u.username}</div></td>
                <td>${u.deletedAt ? html`<span class="tag muted">Deleted</span>` : u.suspendedAt ? html`<span class="tag muted">Suspended</span>` : html`<span class="tag">Active</span>`} ${u.isAdmin ? html`<span class="tag">Admin</span>` : nothing}</td>
                <td style="text-align:right;white-space:nowrap">
                  ${u.id === me || u.deletedAt
                    ? nothing
                    : html`${u.suspendedAt
                          ? html`<button class="btn secondary small" @click=${() => this.act(u, "unsuspend")}>Unsuspend</button>`
                          : html`<button class="btn secondary small" ?disabled=${u.isAdmin} @click=${() => this.act(u, "suspend")} aria-label="Suspend ${u.username}">Suspend</button>`}
                        <button class="btn ghost small" @click=${() => this.act(u, "promote", { isAdmin: !u.isAdmin })}>${u.isAdmin ? "Remove admin" : "Make admin"}</button>
                        <button class="btn ghost small" @click=${() => this.act(u, "reset-password")}>Reset password</button>`}
                </td>
              </tr>`,
            )}
          </tbody>
        </table>`,
        this.load,
      )}`;
  }

  private onSearch(e: Event) {
    this.query = (e.target as HTMLInputElement).value;
    if (this.timer) clearTimeout(this.timer);
    // Search as the admin types, without a request per keystroke.
    this.timer = setTimeout(this.load, 250);
  }

  private async act(u: AdminUser, action: "suspend" | "unsuspend" | "reset-password" | "promote", body?: unknown) {
    try {
      const res = await this.ctx.app.admin.userAction(u.id, action, body);
      if (action === "reset-password" && res.recoveryCode) this.handover = { username: u.username, code: res.recoveryCode };
      else this.ctx.app.ui.toast(`${u.username}: ${action === "promote" ? "admin status changed" : `${action}ed`}.`, "success");
      this.load();
    } catch (err) {
      this.ctx.app.ui.toast(describeError(err), "error");
    }
  }
}
customElements.define("hearth-admin-users", HearthAdminUsers);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-admin-users": HearthAdminUsers;
  }
}
