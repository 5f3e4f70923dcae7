import { LitElement, css, html, nothing } from "lit";
import type { AdminUser } from "../state/admin.ts";
import { Connect } from "../state/context.ts";
import { describeError } from "../styles/auth-card.ts";
import { icons } from "../styles/icons.ts";
import { manage } from "../styles/manage.ts";
import { settingsSection } from "../styles/settings.ts";
import { people } from "../styles/people.ts";
import { shared } from "../styles/shared.ts";
import "./hearth-admin-user.ts";
import "./hearth-avatar.ts";

/** The state tags of an account, most important first. */
export function userTags(u: AdminUser, now = new Date()): { label: string; tone: "" | "muted" | "warn" | "danger" }[] {
  const tags: { label: string; tone: "" | "muted" | "warn" | "danger" }[] = [];
  if (u.deletedAt) tags.push({ label: "Deleted", tone: "muted" });
  if (u.suspendedAt) tags.push({ label: "Suspended", tone: "danger" });
  if (u.lockedUntil && new Date(u.lockedUntil) > now) tags.push({ label: "Locked", tone: "warn" });
  if (tags.length === 0) tags.push({ label: "Active", tone: "muted" });
  if (u.isAdmin) tags.push({ label: "Admin", tone: "" });
  if (u.totpEnabled) tags.push({ label: "2FA", tone: "muted" });
  return tags;
}

/**
 * Instance admin → Users: search everyone with an account (by username or display name, as you type), page through
 * them, and open one to suspend, reset their password, promote or delete. No inputs or events.
 */
export class HearthAdminUsers extends LitElement {
  static styles = [
    shared,
    settingsSection,
    manage,
    people,
    css`
      .more {
        display: flex;
        justify-content: center;
        margin-top: var(--space-4);
      }
      @media (max-width: 600px) {
        .hide-phone {
          display: none;
        }
      }
    `,
  ];
  static properties = { query: { state: true }, users: { state: true }, nextAfter: { state: true }, state: { state: true }, error: { state: true }, open: { state: true } };
  declare query: string;
  declare users: AdminUser[];
  declare nextAfter: string | null;
  declare state: "idle" | "loading" | "ready" | "error";
  declare error: unknown;
  declare open: string | null;
  private ctx = new Connect(this, (app) => [app.auth]);
  private timer: ReturnType<typeof setTimeout> | null = null;
  private seq = 0;

  constructor() {
    super();
    this.query = "";
    this.users = [];
    this.nextAfter = null;
    this.state = "idle";
    this.error = null;
    this.open = null;
  }

  connectedCallback() {
    super.connectedCallback();
    void this.load(false);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    if (this.timer) clearTimeout(this.timer);
  }

  private async load(more: boolean) {
    // Answers to an older search arriving late must not replace a newer one.
    const seq = ++this.seq;
    this.state = "loading";
    try {
      const page = await this.ctx.app.admin.searchUsers(this.query, more ? this.nextAfter : null);
      if (seq !== this.seq) return;
      this.users = more ? [...this.users, ...page.users] : page.users;
      this.nextAfter = page.nextAfter;
      this.state = "ready";
    } catch (err) {
      if (seq !== this.seq) return;
      this.error = err;
      this.state = "error";
    }
  }

  render() {
    if (this.open) {
      return html`<button class="link-btn back" @click=${() => ((this.open = null), void this.load(false))}>${icons.back()}All users</button>
        <hearth-admin-user .userId=${this.open}></hearth-admin-user>`;
    }
    return html`<h2>Users</h2>
      <p class="intro">Everyone with an account on this server. Open someone to suspend them, reset their password, make them an admin or delete the account.</p>
      <div class="toolbar"><div class="field" style="flex:1;max-width:360px"><label for="q">Search users</label><input id="q" type="search" placeholder="Username or display name" .value=${this.query} @input=${this.onSearch} /></div></div>
      ${this.state === "error" ? html`<div class="alert" role="alert">${describeError(this.error)} <button class="link-btn" @click=${() => this.load(false)}>Retry</button></div>` : nothing}
      ${this.state === "loading" && this.users.length === 0 ? html`<span class="spinner" role="status" aria-label="Loading users"></span>` : nothing}
      ${this.state === "ready" && this.users.length === 0 ? html`<div class="empty">${this.query ? "Nobody matches that search." : "No accounts yet."}</div>` : nothing}
      ${this.users.length ? this.table() : nothing}
      ${this.nextAfter ? html`<div class="more"><button class="btn secondary" ?disabled=${this.state === "loading"} @click=${() => this.load(true)}>Load more</button></div>` : nothing}`;
  }

  private table() {
    const me = this.ctx.app.auth.user?.id;
    return html`<div class="table-wrap"><table data-testid="admin-users">
      <thead><tr><th>User</th><th>Status</th><th class="hide-phone">Joined</th><th><span class="sr-only">Actions</span></th></tr></thead>
      <tbody>
        ${this.users.map(
          (u) => html`<tr data-user=${u.username}>
            <td><div class="who"><hearth-avatar .name=${u.displayName} .seed=${u.id} size="32"></hearth-avatar><div><div>${u.displayName}${u.id === me ? html` <span class="hint">(you)</span>` : nothing}</div><div class="hint">@${u.username}</div></div></div></td>
            <td><div class="tags">${userTags(u).map((t) => html`<span class="tag ${t.tone}">${t.label}</span>`)}</div></td>
            <td class="hide-phone" style="white-space:nowrap">${new Date(u.createdAt).toLocaleDateString()}</td>
            <td><div class="actions"><button class="btn secondary small" aria-label="Open ${u.username}" @click=${() => (this.open = u.id)}>Open</button></div></td>
          </tr>`,
        )}
      </tbody>
    </table></div>`;
  }

  private onSearch = (e: Event) => {
    this.query = (e.target as HTMLInputElement).value;
    if (this.timer) clearTimeout(this.timer);
    // Search as the admin types, without a request per keystroke.
    this.timer = setTimeout(() => void this.load(false), 250);
  };
}
customElements.define("hearth-admin-users", HearthAdminUsers);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-admin-users": HearthAdminUsers;
  }
}
