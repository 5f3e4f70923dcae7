import { LitElement, html } from "lit";
import { PASSWORD_MIN } from "../../protocol/limits.ts";
import { ApiError } from "../state/api.ts";
import { Connect } from "../state/context.ts";
import { authCard, brand, describeError } from "../styles/auth-card.ts";
import { shared } from "../styles/shared.ts";
import "./hearth-recovery-code.ts";

/**
 * Forgotten password: username + recovery code + a new password. The old code is spent, so the new one is shown
 * (must be acknowledged) before the way back to login. Every other session of the account is signed out.
 */
export class HearthRecover extends LitElement {
  static styles = [shared, authCard];
  static properties = { busy: { state: true }, error: { state: true }, newCode: { state: true } };
  declare busy: boolean;
  declare error: string;
  declare newCode: string | null;

  private ctx = new Connect(this);

  constructor() {
    super();
    this.busy = false;
    this.error = "";
    this.newCode = null;
  }

  render() {
    if (this.newCode) {
      return html`<hearth-recovery-code .code=${this.newCode} heading="Password reset: here is your new recovery code" @recovery-acknowledged=${() => this.ctx.app.router.navigate("/login")}></hearth-recovery-code>`;
    }
    return html`<main>
      ${brand()}
      <h1>Reset your password</h1>
      <p class="lead">Use the recovery code you saved when you created your account.</p>
      <form @submit=${this.submit} novalidate>
        ${this.error ? html`<div class="alert" role="alert">${this.error}</div>` : null}
        <div class="field"><label for="username">Username</label><input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" /></div>
        <div class="field"><label for="code">Recovery code</label><input id="code" name="recoveryCode" type="text" autocomplete="off" spellcheck="false" class="mono" placeholder="XXXXX-XXXXX-XXXXX-XXXXX-XXXXX" /></div>
        <div class="field"><label for="password">New password</label><input id="password" name="newPassword" type="password" autocomplete="new-password" /><span class="hint">At least ${PASSWORD_MIN} characters.</span></div>
        <div class="actions"><button class="btn block" type="submit" ?disabled=${this.busy}>${this.busy ? html`<span class="spinner" aria-hidden="true"></span>` : null} Reset password</button></div>
      </form>
      <div class="foot"><a href="/login">Back to log in</a></div>
    </main>`;
  }

  private async submit(e: SubmitEvent) {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const username = String(data.get("username") ?? "").trim();
    const recoveryCode = String(data.get("recoveryCode") ?? "").trim().toUpperCase();
    const newPassword = String(data.get("newPassword") ?? "");
    if (!username || !recoveryCode || !newPassword) {
      this.error = "Fill in all three fields.";
      return;
    }
    if (newPassword.length < PASSWORD_MIN) {
      this.error = `The new password needs at least ${PASSWORD_MIN} characters.`;
      return;
    }
    this.busy = true;
    this.error = "";
    try {
      this.newCode = await this.ctx.app.auth.recover({ username, recoveryCode, newPassword });
    } catch (err) {
      this.error = err instanceof ApiError && err.code === "invalid_recovery_code" ? "That username and recovery code don't match." : describeError(err);
    } finally {
      this.busy = false;
    }
  }
}
customElements.define("hearth-recover", HearthRecover);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-recover": HearthRecover;
  }
}
