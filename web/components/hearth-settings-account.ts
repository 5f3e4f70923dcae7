import { LitElement, html } from "lit";
import { ApiError } from "../state/api.ts";
import { Connect } from "../state/context.ts";
import { LogoutGuard } from "./logout-guard.ts";
import { describeError } from "../styles/auth-card.ts";
import { settingsSection } from "../styles/settings.ts";
import { shared } from "../styles/shared.ts";
import "./hearth-dialog.ts";

/** Settings → Account: sign out, and delete the account (password, plus a code when 2FA is on, in a dialog). */
export class HearthSettingsAccount extends LitElement {
  static styles = [shared, settingsSection];
  static properties = { confirming: { state: true }, busy: { state: true }, error: { state: true } };
  declare confirming: boolean;
  declare busy: boolean;
  declare error: string;
  private logoutGuard = new LogoutGuard(this, () => this.ctx.app);
  private ctx = new Connect(this, (app) => [app.auth]);

  constructor() {
    super();
    this.confirming = false;
    this.busy = false;
    this.error = "";
  }

  render() {
    const totp = this.ctx.app.auth.user?.totpEnabled ?? false;
    return html`<h2>Account</h2>
      <p class="intro">Sign out, or leave Hearth for good.</p>
      <section>
        <h3>Sign out</h3>
        <p class="muted" style="margin-bottom:var(--space-3)">Ends this session on this device.</p>
        <button class="btn secondary" @click=${() => void this.logoutGuard.request()}>Log out</button>
          ${this.logoutGuard.dialog()}
      </section>
      <section>
        <h3>Your data</h3>
        <p class="muted" style="margin-bottom:var(--space-3)">Download everything Hearth stores about you (profile, memberships, messages) as a zip of JSON files.</p>
        <button class="btn secondary" @click=${this.download}>Download my data</button>
      </section>
      <section>
        <h3>Delete account</h3>
        <p class="muted" style="margin-bottom:var(--space-3)">Your profile and sessions are removed. Messages you wrote stay, shown as from "Deleted user". This can't be undone.</p>
        <button class="btn danger" @click=${() => ((this.confirming = true), (this.error = ""))}>Delete account</button>
      </section>
      <hearth-dialog heading="Delete your account?" confirm-label="Delete account" danger .open=${this.confirming} .busy=${this.busy} @dialog-confirm=${this.delete} @dialog-close=${() => (this.confirming = false)}>
        <p class="muted" style="margin-bottom:var(--space-4)">Enter your password${totp ? " and a two-factor code" : ""} to confirm.</p>
        ${this.error ? html`<div class="alert" role="alert">${this.error}</div>` : null}
        <div class="field"><label for="dp">Password</label><input id="dp" type="password" autocomplete="current-password" /></div>
        ${totp ? html`<div class="field"><label for="dc">Authentication code or backup code</label><input id="dc" type="text" autocomplete="one-time-code" /></div>` : null}
      </hearth-dialog>`;
  }

  private download = async () => {
    try {
      const blob = await this.ctx.app.account.exportData();
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = `hearth-${this.ctx.app.auth.user?.username ?? "export"}.zip`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      this.ctx.app.ui.toast(describeError(err), "error");
    }
  };

  private async delete() {
    const password = this.renderRoot.querySelector<HTMLInputElement>("#dp")?.value ?? "";
    const code = (this.renderRoot.querySelector<HTMLInputElement>("#dc")?.value ?? "").replace(/\s/g, "");
    if (!password) {
      this.error = "Enter your password.";
      return;
    }
    this.busy = true;
    this.error = "";
    try {
      await this.ctx.app.account.deleteAccount({ password, ...(code ? (/^\d{6,8}$/.test(code) ? { totpCode: code } : { backupCode: code }) : {}) });
      this.ctx.app.tokens.clear();
    } catch (err) {
      this.error = err instanceof ApiError && err.code === "invalid_credentials" ? "That password is wrong." : err instanceof ApiError && err.code === "totp_required" ? "Enter a two-factor code too." : describeError(err);
    } finally {
      this.busy = false;
    }
  }
}
customElements.define("hearth-settings-account", HearthSettingsAccount);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-settings-account": HearthSettingsAccount;
  }
}
