import { LitElement, css, html, nothing } from "lit";
import { REASON_MAX } from "../../protocol/limits.ts";
import type { AdminUserDetail } from "../state/admin.ts";
import { ApiError } from "../state/api.ts";
import { Connect } from "../state/context.ts";
import type { Async } from "../state/store.ts";
import { describeError } from "../styles/auth-card.ts";
import { icons } from "../styles/icons.ts";
import { manage } from "../styles/manage.ts";
import { settingsSection } from "../styles/settings.ts";
import { people } from "../styles/people.ts";
import { shared } from "../styles/shared.ts";
import { userTags } from "./hearth-admin-users.ts";
import "./hearth-avatar.ts";
import "./hearth-dialog.ts";

type Action = "suspend" | "reset" | "promote" | "demote" | "delete";

/**
 * One account, for an instance admin: its facts (joined, 2FA, sessions, communities) and the actions: suspend or
 * unsuspend, reset the password (showing the new recovery code once), promote or demote, delete. An admin never acts
 * on their own account, and demotes another admin before suspending or deleting them. Property: `userId`.
 */
export class HearthAdminUser extends LitElement {
  static styles = [
    shared,
    settingsSection,
    manage,
    people,
    css`
      .tags {
        margin-top: var(--space-2);
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: var(--space-2) var(--space-5);
        margin: 0;
      }
      dt {
        color: var(--fg-muted);
      }
      dd {
        margin: 0;
      }
      .acts {
        display: flex;
        flex-wrap: wrap;
        gap: var(--space-2);
      }
      .code {
        font-family: var(--mono);
        font-size: 1.1rem;
        padding: var(--space-3);
        border-radius: var(--radius-s);
        background: var(--bg-side);
        border: 1px solid var(--border);
        word-break: break-all;
        margin: var(--space-3) 0;
      }
    `,
  ];
  static properties = { userId: {}, data: { state: true }, dialog: { state: true }, busy: { state: true }, error: { state: true }, typed: { state: true }, recovery: { state: true } };
  declare userId: string;
  declare data: Async<AdminUserDetail>;
  declare dialog: Action | null;
  declare busy: boolean;
  declare error: string;
  declare typed: string;
  declare recovery: string | null;
  private ctx = new Connect(this, (app) => [app.auth]);

  constructor() {
    super();
    this.userId = "";
    this.data = { state: "idle" };
    this.dialog = this.recovery = null;
    this.busy = false;
    this.error = this.typed = "";
  }

  protected willUpdate(changed: Map<string, unknown>) {
    if (changed.has("userId") && this.userId) void this.load();
  }

  private async load() {
    this.data = { state: "loading", value: "value" in this.data ? this.data.value : undefined };
    try {
      this.data = { state: "ready", value: await this.ctx.app.admin.user(this.userId) };
    } catch (e) {
      this.data = { state: "error", error: e as Error };
    }
  }

  render() {
    const d = this.data;
    if (d.state === "error") return html`<div class="alert" role="alert">${describeError(d.error)} <button class="link-btn" @click=${() => this.load()}>Retry</button></div>`;
    if (!("value" in d) || !d.value) return html`<span class="spinner" role="status" aria-label="Loading the account"></span>`;
    const u = d.value;
    return html`<div class="person-head">
        <hearth-avatar .name=${u.displayName} .seed=${u.id} size="64"></hearth-avatar>
        <div><h2>${u.displayName}</h2><div class="muted">@${u.username}</div><div class="tags">${userTags(u).map((t) => html`<span class="tag ${t.tone}">${t.label}</span>`)}</div></div>
      </div>
      ${u.suspendedAt ? html`<div class="notice warn">${icons.lock()}<div class="grow" data-testid="suspended-state">Suspended ${new Date(u.suspendedAt).toLocaleString()}${u.suspendedReason ? html`: “${u.suspendedReason}”` : ""}. They can't sign in.</div></div>` : nothing}
      <section>
        <dl>
          <dt>Joined</dt><dd>${new Date(u.createdAt).toLocaleString()}</dd>
          <dt>Two-factor</dt><dd>${u.totpEnabled ? "On" : "Off"}</dd>
          <dt>Signed-in devices</dt><dd>${u.activeSessions}</dd>
          ${u.lockedUntil && new Date(u.lockedUntil) > new Date() ? html`<dt>Locked until</dt><dd>${new Date(u.lockedUntil).toLocaleString()} (too many failed sign-ins)</dd>` : nothing}
          <dt>Communities</dt><dd>${u.communities.length ? u.communities.map((c, i) => html`${i ? ", " : ""}${c.name}${c.isOwner ? html` <span class="hint">(owner)</span>` : nothing}`) : html`<span class="muted">None</span>`}</dd>
        </dl>
      </section>
      <section>
        <h3>Actions</h3>
        ${this.actions(u)}
      </section>
      ${this.dialog ? this.renderDialog(this.dialog, u) : nothing}
      ${this.recovery ? this.recoveryDialog(u, this.recovery) : nothing}`;
  }

  private actions(u: AdminUserDetail) {
    if (u.deletedAt) return html`<p class="muted">This account was deleted ${new Date(u.deletedAt).toLocaleDateString()}. Nothing more can be done with it.</p>`;
    if (u.id === this.ctx.app.auth.user?.id) return html`<p class="muted">This is your own account. Change it from your user settings; another admin acts on it here.</p>`;
    const open = (a: Action) => () => ((this.error = ""), (this.typed = ""), (this.dialog = a));
    return html`<div class="acts">
        ${u.suspendedAt
          ? html`<button class="btn secondary" ?disabled=${this.busy} @click=${this.unsuspend}>Unsuspend</button>`
          : html`<button class="btn secondary" ?disabled=${u.isAdmin} @click=${open("suspend")}>Suspend</button>`}
        <button class="btn secondary" @click=${open("reset")}>Reset password</button>
        ${u.isAdmin ? html`<button class="btn secondary" @click=${open("demote")}>Remove admin</button>` : html`<button class="btn secondary" ?disabled=${!!u.suspendedAt} @click=${open("promote")}>Make admin</button>`}
        <button class="btn danger" ?disabled=${u.isAdmin} @click=${open("delete")}>Delete account</button>
      </div>
      ${u.isAdmin ? html`<p class="hint" style="margin-top:var(--space-2)">Remove their admin status before suspending or deleting them.</p>` : nothing}`;
  }

  private renderDialog(a: Action, u: AdminUserDetail) {
    const err = this.error ? html`<div class="alert" role="alert">${this.error}</div>` : nothing;
    const close = () => (this.dialog = null);
    const confirm = () => this.confirm(a, u);
    switch (a) {
      case "suspend":
        return html`<hearth-dialog open danger heading="Suspend ${u.username}?" confirm-label="Suspend" .busy=${this.busy} @dialog-confirm=${confirm} @dialog-close=${close}>
          ${err}<p class="muted" style="margin-bottom:var(--space-3)">They're signed out everywhere at once and can't sign in until you unsuspend them. Their messages stay.</p>
          <div class="field"><label for="reason">Reason <span class="muted">(optional, kept in the audit log)</span></label><textarea id="reason" rows="2" maxlength=${REASON_MAX}></textarea></div>
        </hearth-dialog>`;
      case "reset":
        return html`<hearth-dialog open heading="Reset ${u.username}'s password?" confirm-label="Reset password" .busy=${this.busy} @dialog-confirm=${confirm} @dialog-close=${close}>
          ${err}<p class="muted">Their password stops working and every session ends. You'll get a new recovery code, shown once, to hand to them; they use it to choose a new password.</p>
        </hearth-dialog>`;
      case "promote":
      case "demote":
        return html`<hearth-dialog open heading=${a === "promote" ? `Make ${u.username} an instance admin?` : `Remove ${u.username}'s admin status?`} confirm-label=${a === "promote" ? "Make admin" : "Remove admin"} .busy=${this.busy} @dialog-confirm=${confirm} @dialog-close=${close}>
          ${err}<p class="muted">${a === "promote" ? "They'll manage users, settings, reports and announcements for the whole server." : "They go back to being a regular user."}</p>
        </hearth-dialog>`;
      case "delete":
        return html`<hearth-dialog open danger heading="Delete ${u.username}'s account?" confirm-label="Delete account" .busy=${this.busy} ?confirm-disabled=${this.typed !== u.username} @dialog-confirm=${confirm} @dialog-close=${close}>
          ${err}<p class="muted" style="margin-bottom:var(--space-3)">Their profile, sessions, memberships and settings go. Messages stay, shown as from “Deleted user”. This can't be undone.</p>
          <div class="field"><label for="confirm-user">Type <strong>${u.username}</strong> to confirm</label><input id="confirm-user" type="text" autocomplete="off" .value=${this.typed} @input=${(e: Event) => (this.typed = (e.target as HTMLInputElement).value)} /></div>
        </hearth-dialog>`;
    }
  }

  private recoveryDialog(u: AdminUserDetail, code: string) {
    return html`<hearth-dialog open heading="New recovery code for ${u.username}" confirm-label="I've handed it over" @dialog-confirm=${() => (this.recovery = null)} @dialog-close=${() => (this.recovery = null)}>
      <p class="muted">Give this to ${u.displayName} privately. They open “Forgot password?” on the sign-in page and enter it with a new password. It is shown only now.</p>
      <div class="code" data-testid="admin-recovery-code">${code}</div>
      <button class="btn secondary small" @click=${() => this.copy(code)}>${icons.copy()}Copy code</button>
    </hearth-dialog>`;
  }

  private async copy(code: string) {
    try {
      await navigator.clipboard.writeText(code);
      this.ctx.app.ui.toast("Recovery code copied.", "success");
    } catch {
      this.ctx.app.ui.toast("Copy failed: select the code and copy it by hand.", "error");
    }
  }

  private async confirm(a: Action, u: AdminUserDetail) {
    const { admin, ui } = this.ctx.app;
    this.busy = true;
    this.error = "";
    try {
      if (a === "suspend") {
        const reason = (this.renderRoot.querySelector("#reason") as HTMLTextAreaElement | null)?.value.trim() ?? "";
        await admin.suspend(u.id, reason);
        ui.toast(`${u.username} is suspended.`, "success");
      } else if (a === "reset") {
        this.recovery = (await admin.resetPassword(u.id)).recoveryCode;
      } else if (a === "promote" || a === "demote") {
        await admin.promote(u.id, a === "promote");
        ui.toast(a === "promote" ? `${u.username} is now an admin.` : `${u.username} is no longer an admin.`, "success");
      } else {
        await admin.deleteUser(u.id);
        ui.toast(`${u.username}'s account was deleted.`, "success");
      }
      this.dialog = null;
      await this.load();
    } catch (err) {
      this.error = this.explain(err);
    } finally {
      this.busy = false;
    }
  }

  /** owns_communities names what to do about it; other errors read as the server says. */
  private explain(err: unknown): string {
    if (err instanceof ApiError && err.code === "owns_communities") {
      const list = (err.details.communities as { name?: string }[] | undefined)?.map((c) => c.name).filter(Boolean) ?? [];
      return `They own ${list.length ? list.join(", ") : "communities"}. Ask them to transfer ownership, or remove those communities under Communities first.`;
    }
    return describeError(err);
  }

  private unsuspend = async () => {
    this.busy = true;
    try {
      await this.ctx.app.admin.unsuspend(this.userId);
      this.ctx.app.ui.toast("Unsuspended. They can sign in again.", "success");
      await this.load();
    } catch (err) {
      this.ctx.app.ui.toast(describeError(err), "error");
    } finally {
      this.busy = false;
    }
  };
}
customElements.define("hearth-admin-user", HearthAdminUser);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-admin-user": HearthAdminUser;
  }
}
