import { LitElement, html, nothing } from "lit";
import type { RegistrationInvite } from "../state/admin.ts";
import { Connect } from "../state/context.ts";
import { describeError } from "../styles/auth-card.ts";
import { settingsSection } from "../styles/settings.ts";
import { manage } from "../styles/manage.ts";
import { shared } from "../styles/shared.ts";
import "./hearth-dialog.ts";

const EXPIRY_CHOICES: [label: string, seconds: number | null][] = [
  ["Never", null],
  ["1 hour", 3600],
  ["1 day", 86400],
  ["7 days", 7 * 86400],
  ["30 days", 30 * 86400],
  ["1 year", 365 * 86400],
];

/** Instance admin → Registration invites: create (uses, expiry), list with status, revoke. */
export class HearthAdminInvites extends LitElement {
  static styles = [shared, settingsSection, manage];
  static properties = { busy: { state: true }, revoking: { state: true } };
  declare busy: boolean;
  declare revoking: string | null;
  private ctx = new Connect(this, (app) => [app.admin, app.prefs]);

  constructor() {
    super();
    this.busy = false;
    this.revoking = null;
  }

  connectedCallback() {
    super.connectedCallback();
    void this.ctx.app.admin.loadInvites();
  }

  render() {
    const s = this.ctx.app.admin.invites;
    return html`<h2>Registration invites</h2>
      <p class="intro">Codes that let new people create an account while registration is invite-only. Share the link; it fills the code in.</p>
      <section>
        <form class="row" style="max-width:none;flex-wrap:wrap;align-items:flex-end" @submit=${this.create}>
          <div class="field" style="margin:0;width:140px"><label for="uses">Max uses</label><input id="uses" name="maxUses" type="number" min="1" max="10000" placeholder="No limit" /></div>
          <div class="field" style="margin:0;width:160px"><label for="exp">Expires after</label><select id="exp" name="expires">${EXPIRY_CHOICES.map(([l, v]) => html`<option value=${v ?? ""}>${l}</option>`)}</select></div>
          <button class="btn" type="submit" ?disabled=${this.busy}>Create invite</button>
        </form>
      </section>
      <section>
        ${s.state === "error" ? html`<div class="alert" role="alert">${describeError(s.error)}</div>` : null}
        ${s.state === "idle" || (s.state === "loading" && !s.value) ? html`<span class="spinner" role="status" aria-label="Loading"></span>` : null}
        ${"value" in s && s.value ? (s.value.length === 0 ? html`<div class="empty">No invites yet. Create one above and send the link to someone.</div>` : this.table(s.value)) : null}
      </section>
      ${this.revoking
        ? html`<hearth-dialog open danger heading="Revoke invite ${this.revoking}?" confirm-label="Revoke invite" .busy=${this.busy} @dialog-confirm=${this.revoke} @dialog-close=${() => (this.revoking = null)}>
            <p class="muted">The code stops working at once. Accounts already made with it stay.</p>
          </hearth-dialog>`
        : nothing}`;
  }

  private table(invites: RegistrationInvite[]) {
    return html`<div class="table-wrap"><table data-testid="admin-invites">
      <thead><tr><th>Code</th><th>Uses</th><th>Expires</th><th>Status</th><th><span class="sr-only">Actions</span></th></tr></thead>
      <tbody>
        ${invites.map((i) => {
          const expired = i.expiresAt !== null && new Date(i.expiresAt) < new Date();
          const usedUp = i.maxUses !== null && i.uses >= i.maxUses;
          const status = i.revokedAt ? "Revoked" : expired ? "Expired" : usedUp ? "Used up" : "Active";
          return html`<tr>
            <td class="mono">${i.code}${i.grantsAdmin ? html` <span class="tag">admin</span>` : null}</td>
            <td>${i.uses}${i.maxUses !== null ? ` / ${i.maxUses}` : ""}</td>
            <td>${i.expiresAt ? new Date(i.expiresAt).toLocaleString() : "Never"}</td>
            <td><span class="tag ${status === "Active" ? "" : "muted"}">${status}</span></td>
            <td style="text-align:right;white-space:nowrap">
              ${status === "Active"
                ? html`<button class="btn ghost small" @click=${() => this.copy(i.code)}>Copy link</button><button class="btn secondary small" @click=${() => (this.revoking = i.code)} aria-label="Revoke invite ${i.code}">Revoke</button>`
                : null}
            </td>
          </tr>`;
        })}
      </tbody>
    </table></div>`;
  }

  private async create(e: SubmitEvent) {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const uses = String(data.get("maxUses") ?? "");
    const exp = String(data.get("expires") ?? "");
    this.busy = true;
    try {
      const invite = await this.ctx.app.admin.createInvite({ maxUses: uses ? Number(uses) : null, expiresInSeconds: exp ? Number(exp) : null });
      this.ctx.app.ui.toast(`Invite ${invite.code} created.`, "success");
    } catch (err) {
      this.ctx.app.ui.toast(describeError(err), "error");
    } finally {
      this.busy = false;
    }
  }

  private async copy(code: string) {
    const link = `${location.origin}/register?invite=${encodeURIComponent(code)}`;
    try {
      await navigator.clipboard.writeText(link);
      this.ctx.app.ui.toast("Invite link copied.", "success");
    } catch {
      this.ctx.app.ui.toast(link);
    }
  }

  private revoke = async () => {
    const code = this.revoking;
    if (!code) return;
    this.busy = true;
    try {
      await this.ctx.app.admin.revokeInvite(code);
      this.revoking = null;
    } catch (err) {
      this.ctx.app.ui.toast(describeError(err), "error");
    } finally {
      this.busy = false;
    }
  };
}
customElements.define("hearth-admin-invites", HearthAdminInvites);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-admin-invites": HearthAdminInvites;
  }
}
