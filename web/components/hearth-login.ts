import { LitElement, html } from "lit";
import { ApiError } from "../state/api.ts";
import { Connect } from "../state/context.ts";
import { authCard, brand, describeError } from "../styles/auth-card.ts";
import { shared } from "../styles/shared.ts";

/**
 * The sign-in screen: username and password, then (when the account has 2FA) a six-digit code or a backup code.
 * No attributes, events or slots; on success the auth store's change takes the app to where the person was going.
 */
export class HearthLogin extends LitElement {
  static styles = [shared, authCard];
  static properties = {
    step: { state: true },
    useBackup: { state: true },
    busy: { state: true },
    error: { state: true },
  };
  declare step: "password" | "totp";
  declare useBackup: boolean;
  declare busy: boolean;
  declare error: string;

  private ctx = new Connect(this);
  private username = "";
  private password = "";

  constructor() {
    super();
    this.step = "password";
    this.useBackup = false;
    this.busy = false;
    this.error = "";
  }

  render() {
    return html`<main>
      ${brand()}
      ${this.step === "password" ? this.renderPassword() : this.renderTotp()}
    </main>`;
  }

  private renderPassword() {
    return html`<h1>Welcome back</h1>
      <p class="lead">Sign in to pick up where you left off.</p>
      <form @submit=${this.submit} novalidate>
        ${this.error ? html`<div class="alert" role="alert">${this.error}</div>` : null}
        <div class="field">
          <label for="username">Username</label>
          <input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required .value=${this.username} @input=${(e: Event) => (this.username = (e.target as HTMLInputElement).value)} />
        </div>
        <div class="field">
          <label for="password">Password</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required .value=${this.password} @input=${(e: Event) => (this.password = (e.target as HTMLInputElement).value)} />
        </div>
        <div class="actions"><button class="btn block" type="submit" ?disabled=${this.busy}>${this.busy ? html`<span class="spinner" aria-hidden="true"></span>` : null} Log in</button></div>
      </form>
      <div class="foot">
        <a href="/recover">Forgot your password?</a>
        <span>New here? <a href=${this.registerHref()}>Create an account</a></span>
        <span><a href="/terms">Terms</a> · <a href="/privacy">Privacy</a></span>
      </div>`;
  }

  private renderTotp() {
    return html`<h1>Two-factor check</h1>
      <p class="lead">${this.useBackup ? "Enter one of the backup codes you saved when you turned on two-factor authentication." : "Open your authenticator app and enter the 6-digit code for Hearth."}</p>
      <form @submit=${this.submit} novalidate>
        ${this.error ? html`<div class="alert" role="alert">${this.error}</div>` : null}
        ${this.useBackup
          ? html`<div class="field"><label for="backup">Backup code</label><input id="backup" name="backupCode" type="text" autocomplete="off" autocapitalize="none" spellcheck="false" required /></div>`
          : html`<div class="field"><label for="totp">Authentication code</label><input id="totp" name="totpCode" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="8" pattern="[0-9 ]*" required /></div>`}
        <div class="actions"><button class="btn block" type="submit" ?disabled=${this.busy}>${this.busy ? html`<span class="spinner" aria-hidden="true"></span>` : null} Verify</button></div>
      </form>
      <div class="foot">
        <button class="link-btn" type="button" @click=${this.toggleBackup}>${this.useBackup ? "Use an authenticator code" : "Use a backup code instead"}</button>
        <button class="link-btn" type="button" @click=${this.back}>Back</button>
      </div>`;
  }

  private registerHref(): string {
    const route = this.ctx.app.router.route;
    return route.name === "login" && route.next?.startsWith("/register") ? route.next : "/register";
  }

  private toggleBackup() {
    this.useBackup = !this.useBackup;
    this.error = "";
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>("input")?.focus());
  }

  private back() {
    this.step = "password";
    this.error = "";
  }

  protected updated(changed: Map<string, unknown>) {
    if (changed.has("step")) this.renderRoot.querySelector<HTMLInputElement>("input")?.focus();
  }

  private async submit(e: SubmitEvent) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    if (!this.username.trim() || !this.password) {
      this.error = "Enter your username and password.";
      return;
    }
    const totpCode = this.step === "totp" && !this.useBackup ? String(data.get("totpCode") ?? "").replace(/\s/g, "") : undefined;
    const backupCode = this.step === "totp" && this.useBackup ? String(data.get("backupCode") ?? "").trim() : undefined;
    if (this.step === "totp" && !totpCode && !backupCode) {
      this.error = this.useBackup ? "Enter a backup code." : "Enter the 6-digit code.";
      return;
    }
    this.busy = true;
    this.error = "";
    try {
      await this.ctx.app.auth.login({ username: this.username.trim(), password: this.password, totpCode, backupCode });
    } catch (err) {
      if (err instanceof ApiError && err.code === "totp_required") {
        this.step = "totp";
      } else {
        this.error = err instanceof ApiError && err.code === "invalid_totp" ? "That code didn't work. Codes change every 30 seconds: try the current one." : describeError(err);
      }
    } finally {
      this.busy = false;
    }
  }
}
customElements.define("hearth-login", HearthLogin);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-login": HearthLogin;
  }
}
