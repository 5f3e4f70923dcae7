import { LitElement, html } from "lit";
import { PASSWORD_MIN, USERNAME_MAX, USERNAME_MIN, USERNAME_PATTERN, DISPLAY_NAME_MAX } from "../../protocol/limits.ts";
import { ApiError } from "../state/api.ts";
import { Connect } from "../state/context.ts";
import { authCard, brand, describeError } from "../styles/auth-card.ts";
import { shared } from "../styles/shared.ts";

/**
 * Account creation. Asks for an invite code when the instance is invite-only (prefilled from `?invite=`), checks
 * the same limits as the server before sending, and on success leaves the recovery code to <hearth-recovery-code>.
 */
export class HearthRegister extends LitElement {
  static styles = [shared, authCard];
  static properties = { busy: { state: true }, error: { state: true }, fieldErrors: { state: true } };
  declare busy: boolean;
  declare error: string;
  declare fieldErrors: Record<string, string>;

  private ctx = new Connect(this, (app) => [app.auth]);

  constructor() {
    super();
    this.busy = false;
    this.error = "";
    this.fieldErrors = {};
  }

  connectedCallback() {
    super.connectedCallback();
    this.ctx.app.auth.loadInstance().catch(() => {});
  }

  render() {
    const mode = this.ctx.app.auth.instance?.registrationMode;
    const route = this.ctx.app.router.route;
    const invite = route.name === "register" ? (route.invite ?? "") : "";
    const needsInvite = mode !== "open";
    const fe = this.fieldErrors;
    return html`<main>
      ${brand()}
      <h1>Create your account</h1>
      <p class="lead">${mode === "closed" ? "Registration on this instance is closed. An administrator's invite code still works." : mode === "invite_only" ? "This instance is invite-only: you'll need the code someone sent you." : "Pick a username; you can change your display name any time."}</p>
      <form @submit=${this.submit} novalidate>
        ${this.error ? html`<div class="alert" role="alert">${this.error}</div>` : null}
        ${needsInvite || invite
          ? html`<div class="field">
              <label for="invite">Invite code</label>
              <input id="invite" name="inviteCode" type="text" autocomplete="off" spellcheck="false" .value=${invite} aria-invalid=${fe.inviteCode ? "true" : "false"} aria-describedby="invite-err" />
              ${fe.inviteCode ? html`<span class="error" id="invite-err">${fe.inviteCode}</span>` : null}
            </div>`
          : null}
        <div class="field">
          <label for="username">Username</label>
          <input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" minlength=${USERNAME_MIN} maxlength=${USERNAME_MAX} aria-invalid=${fe.username ? "true" : "false"} aria-describedby="username-hint" />
          <span class=${fe.username ? "error" : "hint"} id="username-hint">${fe.username ?? `${USERNAME_MIN}-${USERNAME_MAX} characters: letters, digits, underscore and dot.`}</span>
        </div>
        <div class="field">
          <label for="display">Display name <span class="muted">(optional)</span></label>
          <input id="display" name="displayName" type="text" autocomplete="nickname" maxlength=${DISPLAY_NAME_MAX} />
        </div>
        <div class="field">
          <label for="password">Password</label>
          <input id="password" name="password" type="password" autocomplete="new-password" aria-invalid=${fe.password ? "true" : "false"} aria-describedby="password-hint" />
          <span class=${fe.password ? "error" : "hint"} id="password-hint">${fe.password ?? `At least ${PASSWORD_MIN} characters. A few unrelated words make a strong one.`}</span>
        </div>
        <div class="field">
          <label for="confirm">Confirm password</label>
          <input id="confirm" name="confirm" type="password" autocomplete="new-password" aria-invalid=${fe.confirm ? "true" : "false"} aria-describedby="confirm-err" />
          ${fe.confirm ? html`<span class="error" id="confirm-err">${fe.confirm}</span>` : null}
        </div>
        <div class="actions"><button class="btn block" type="submit" ?disabled=${this.busy}>${this.busy ? html`<span class="spinner" aria-hidden="true"></span>` : null} Create account</button></div>
      </form>
      <div class="foot"><span>Already have an account? <a href="/login">Log in</a></span></div>
      <p class="legal">By creating an account you agree to the <a href="/terms">terms of service</a> and the <a href="/privacy">privacy notice</a>.</p>
    </main>`;
  }

  private async submit(e: SubmitEvent) {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const username = String(data.get("username") ?? "").trim().toLowerCase();
    const password = String(data.get("password") ?? "");
    const confirm = String(data.get("confirm") ?? "");
    const displayName = String(data.get("displayName") ?? "").trim();
    const inviteCode = String(data.get("inviteCode") ?? "").trim();
    const errors: Record<string, string> = {};
    if (username.length < USERNAME_MIN || username.length > USERNAME_MAX) errors.username = `Usernames are ${USERNAME_MIN}-${USERNAME_MAX} characters.`;
    else if (!USERNAME_PATTERN.test(username)) errors.username = "Use only letters, digits, underscore and dot.";
    if (password.length < PASSWORD_MIN) errors.password = `Passwords need at least ${PASSWORD_MIN} characters.`;
    if (password !== confirm) errors.confirm = "The two passwords don't match.";
    // No client-side "code required" check: the instance's admin username registers without one, and only the
    // server knows it (it answers invite_required otherwise, shown beside the field).
    this.fieldErrors = errors;
    this.error = "";
    if (Object.keys(errors).length) {
      this.renderRoot.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    this.busy = true;
    try {
      await this.ctx.app.auth.register({ username, password, displayName: displayName || undefined, inviteCode: inviteCode || undefined });
    } catch (err) {
      if (err instanceof ApiError && err.code === "username_taken") this.fieldErrors = { username: "That username is taken. Try another." };
      else if (err instanceof ApiError && err.code === "weak_password") this.fieldErrors = { password: err.message };
      else if (err instanceof ApiError && (err.code === "invalid_invite" || err.code === "invite_required")) this.fieldErrors = { inviteCode: err.message };
      else this.error = describeError(err);
    } finally {
      this.busy = false;
    }
  }
}
customElements.define("hearth-register", HearthRegister);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-register": HearthRegister;
  }
}
