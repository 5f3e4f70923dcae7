import { LitElement, css, html } from "lit";
import { PASSWORD_MIN } from "../../protocol/limits.ts";
import type { IdentityProof, TotpSetup } from "../state/account.ts";
import { ApiError } from "../state/api.ts";
import { Connect } from "../state/context.ts";
import { describeError } from "../styles/auth-card.ts";
import { settingsSection } from "../styles/settings.ts";
import { shared } from "../styles/shared.ts";

/** The recovery code section: its button, the confirmation form, then the new code, shown once. */
type RecoveryStep = { step: "idle" } | { step: "confirm" } | { step: "shown"; code: string };

type TotpStep = { step: "off" } | { step: "password" } | { step: "scan"; setup: TotpSetup } | { step: "codes"; codes: string[] } | { step: "on" } | { step: "disable" } | { step: "regenerate" };

/**
 * Settings → Password & security: change password, a new recovery code (password, and a code when 2FA is on; shown
 * once), and two-factor authentication (set up with a QR code,
 * confirm with a first code, show the backup codes once; turn off or get new backup codes with password + code).
 */
export class HearthSettingsSecurity extends LitElement {
  static styles = [
    shared,
    settingsSection,
    css`
      .qr {
        display: flex;
        gap: var(--space-5);
        align-items: flex-start;
        flex-wrap: wrap;
        margin-bottom: var(--space-4);
      }
      .qr img {
        width: 180px;
        height: 180px;
        background: #fff;
        border-radius: var(--radius);
        padding: 6px;
      }
      .secret {
        font-family: var(--mono);
        word-break: break-all;
        background: var(--bg-input);
        padding: var(--space-2) var(--space-3);
        border-radius: var(--radius-s);
        user-select: all;
      }
      .codes.one {
        grid-template-columns: max-content;
      }
      .codes {
        display: grid;
        grid-template-columns: repeat(2, max-content);
        gap: var(--space-2) var(--space-5);
        font-family: var(--mono);
        font-size: 1.05rem;
        padding: var(--space-4);
        background: var(--bg-input);
        border-radius: var(--radius);
        margin: var(--space-3) 0 var(--space-4);
        max-width: 460px;
      }
      ol {
        padding-left: 1.2em;
        margin: 0 0 var(--space-3);
        color: var(--fg-muted);
      }
    `,
  ];
  static properties = { totp: { state: true }, recovery: { state: true }, recoveryError: { state: true }, busy: { state: true }, pwError: { state: true }, pwDone: { state: true }, totpError: { state: true } };
  declare totp: TotpStep;
  declare recovery: RecoveryStep;
  declare recoveryError: string;
  declare busy: boolean;
  declare pwError: string;
  declare pwDone: string;
  declare totpError: string;
  private ctx = new Connect(this, (app) => [app.auth]);

  constructor() {
    super();
    this.totp = { step: "off" };
    this.recovery = { step: "idle" };
    this.recoveryError = "";
    this.busy = false;
    this.pwError = "";
    this.pwDone = "";
    this.totpError = "";
  }

  render() {
    return html`<h2>Password &amp; security</h2>
      <p class="intro">Keep your account yours.</p>
      <section>
        <h3>Change password</h3>
        <form @submit=${this.changePassword}>
          ${this.pwError ? html`<div class="alert" role="alert">${this.pwError}</div>` : null}
          ${this.pwDone ? html`<div class="alert ok" role="status">${this.pwDone}</div>` : null}
          <div class="field"><label for="cur">Current password</label><input id="cur" name="current" type="password" autocomplete="current-password" /></div>
          <div class="field"><label for="new">New password</label><input id="new" name="next" type="password" autocomplete="new-password" /><span class="hint">At least ${PASSWORD_MIN} characters. Your other devices will be signed out.</span></div>
          <button class="btn" type="submit" ?disabled=${this.busy}>Change password</button>
        </form>
      </section>
      <section>
        <h3>Two-factor authentication</h3>
        ${this.totpError ? html`<div class="alert" role="alert">${this.totpError}</div>` : null}
        ${this.renderTotp()}
      </section>
      <section>
        <h3>Recovery code</h3>
        ${this.recoveryError ? html`<div class="alert" role="alert">${this.recoveryError}</div>` : null}
        ${this.renderRecovery()}
      </section>`;
  }

  private renderRecovery() {
    const r = this.recovery;
    if (r.step === "shown") {
      return html`<p>Your new recovery code. Keep it somewhere safe: with your username it resets your password. It won't be shown again, and the old one no longer works.</p>
        <div class="codes one" data-testid="new-recovery-code">${r.code}</div>
        <button class="btn" @click=${() => (this.recovery = { step: "idle" })}>I saved it</button>`;
    }
    if (r.step === "confirm") {
      const totp = this.ctx.app.auth.user?.totpEnabled ?? false;
      return html`<form @submit=${this.regenerateRecovery}>
        <p class="muted" style="margin-bottom:var(--space-3)">Confirm to replace your recovery code. The old one stops working at once.</p>
        <div class="field"><label for="rp">Password</label><input id="rp" name="password" type="password" autocomplete="current-password" /></div>
        ${totp ? html`<div class="field"><label for="rc">Authentication code or backup code</label><input id="rc" name="code" type="text" autocomplete="one-time-code" /></div>` : null}
        <div class="row">
          <button class="btn" type="submit" ?disabled=${this.busy}>Generate new code</button>
          <button class="btn ghost" type="button" @click=${() => (this.recovery = { step: "idle" })}>Cancel</button>
        </div>
      </form>`;
    }
    return html`<p class="muted" style="margin-bottom:var(--space-3)">Lost the code you saved when you signed up, or think someone saw it? Generate a new one.</p>
      <button class="btn secondary" @click=${() => ((this.recovery = { step: "confirm" }), (this.recoveryError = ""))}>New recovery code</button>`;
  }

  private renderTotp() {
    const enabled = this.ctx.app.auth.user?.totpEnabled ?? false;
    const t = this.totp;
    if (t.step === "codes") {
      return html`<p>Two-factor authentication is <strong>on</strong>. Save these backup codes: each works once if you lose your phone. They won't be shown again.</p>
        <div class="codes" data-testid="backup-codes">${t.codes.map((c) => html`<span>${c}</span>`)}</div>
        <button class="btn" @click=${() => (this.totp = { step: "on" })}>I saved them</button>`;
    }
    if (enabled && (t.step === "disable" || t.step === "regenerate")) {
      return html`<form @submit=${this.confirmDangerous}>
        <p class="muted" style="margin-bottom:var(--space-3)">${t.step === "disable" ? "Confirm with your password and a current code to turn two-factor authentication off." : "Confirm to replace your backup codes with new ones."}</p>
        <div class="field"><label for="tp">Password</label><input id="tp" name="password" type="password" autocomplete="current-password" /></div>
        <div class="field"><label for="tc">Authentication code or backup code</label><input id="tc" name="code" type="text" autocomplete="one-time-code" /></div>
        <div class="row">
          <button class="btn ${t.step === "disable" ? "danger" : ""}" type="submit" ?disabled=${this.busy}>${t.step === "disable" ? "Turn off" : "Get new codes"}</button>
          <button class="btn ghost" type="button" @click=${() => (this.totp = { step: "on" })}>Cancel</button>
        </div>
      </form>`;
    }
    if (enabled) {
      return html`<p style="margin-bottom:var(--space-3)"><span class="tag">On</span> Signing in asks for a code from your authenticator app.</p>
        <div class="row"><button class="btn secondary" @click=${() => (this.totp = { step: "regenerate" })}>New backup codes</button><button class="btn danger" @click=${() => (this.totp = { step: "disable" })}>Turn off</button></div>`;
    }
    if (t.step === "password") {
      return html`<form @submit=${this.startSetup}>
        <div class="field"><label for="sp">Confirm your password</label><input id="sp" name="password" type="password" autocomplete="current-password" /></div>
        <div class="row"><button class="btn" type="submit" ?disabled=${this.busy}>Continue</button><button class="btn ghost" type="button" @click=${() => (this.totp = { step: "off" })}>Cancel</button></div>
      </form>`;
    }
    if (t.step === "scan") {
      // The server's SVG goes in an <img> as a data: URL: an image document cannot run script, whatever it holds.
      const src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(t.setup.qrSvg)}`;
      return html`<ol><li>Scan this code with an authenticator app (or type the key).</li><li>Enter the 6-digit code it shows.</li></ol>
        <div class="qr">
          <img src=${src} alt="QR code for your authenticator app" data-testid="totp-qr" />
          <div style="flex:1;min-width:200px">
            <div class="label" style="margin-bottom:6px">Setup key</div>
            <div class="secret" data-testid="totp-secret">${t.setup.secret}</div>
          </div>
        </div>
        <form @submit=${this.enable}>
          <div class="field"><label for="code">Code from the app</label><input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="8" /></div>
          <div class="row"><button class="btn" type="submit" ?disabled=${this.busy}>Turn on</button><button class="btn ghost" type="button" @click=${() => (this.totp = { step: "off" })}>Cancel</button></div>
        </form>`;
    }
    return html`<p class="muted" style="margin-bottom:var(--space-3)">Add a second step to signing in: a code from an app on your phone.</p>
      <button class="btn" @click=${() => (this.totp = { step: "password" })}>Set up two-factor authentication</button>`;
  }

  private async changePassword(e: SubmitEvent) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const current = String(data.get("current") ?? "");
    const next = String(data.get("next") ?? "");
    this.pwDone = "";
    if (!current || next.length < PASSWORD_MIN) {
      this.pwError = !current ? "Enter your current password." : `The new password needs at least ${PASSWORD_MIN} characters.`;
      return;
    }
    await this.run(async () => {
      const n = await this.ctx.app.account.changePassword(current, next);
      form.reset();
      this.pwError = "";
      this.pwDone = n > 0 ? `Password changed. ${n} other ${n === 1 ? "session was" : "sessions were"} signed out.` : "Password changed.";
    }, (m) => (this.pwError = m));
  }

  private async startSetup(e: SubmitEvent) {
    e.preventDefault();
    const password = String(new FormData(e.target as HTMLFormElement).get("password") ?? "");
    await this.run(async () => {
      this.totp = { step: "scan", setup: await this.ctx.app.account.startTotp(password) };
    }, (m) => (this.totpError = m));
  }

  private async enable(e: SubmitEvent) {
    e.preventDefault();
    const code = String(new FormData(e.target as HTMLFormElement).get("code") ?? "").replace(/\s/g, "");
    await this.run(async () => {
      this.totp = { step: "codes", codes: await this.ctx.app.account.enableTotp(code) };
    }, (m) => (this.totpError = m));
  }

  private async regenerateRecovery(e: SubmitEvent) {
    e.preventDefault();
    const proof = proofFrom(new FormData(e.target as HTMLFormElement));
    this.recoveryError = "";
    await this.run(async () => {
      this.recovery = { step: "shown", code: await this.ctx.app.account.regenerateRecoveryCode(proof) };
    }, (m) => (this.recoveryError = m));
  }

  private async confirmDangerous(e: SubmitEvent) {
    e.preventDefault();
    const proof = proofFrom(new FormData(e.target as HTMLFormElement));
    const step = this.totp.step;
    await this.run(async () => {
      if (step === "disable") {
        await this.ctx.app.account.disableTotp(proof);
        this.totp = { step: "off" };
        this.ctx.app.ui.toast("Two-factor authentication is off.", "success");
      } else {
        this.totp = { step: "codes", codes: await this.ctx.app.account.regenerateBackupCodes(proof) };
      }
    }, (m) => (this.totpError = m));
  }

  private async run(fn: () => Promise<void>, onError: (m: string) => void) {
    this.busy = true;
    this.totpError = "";
    try {
      await fn();
    } catch (err) {
      onError(err instanceof ApiError && err.code === "invalid_credentials" ? "That password is wrong." : describeError(err));
    } finally {
      this.busy = false;
    }
  }
}
customElements.define("hearth-settings-security", HearthSettingsSecurity);

/** Password and, when given, a second factor from a confirmation form: 6-8 digits are a TOTP code, else a backup code. */
function proofFrom(data: FormData): IdentityProof {
  const password = String(data.get("password") ?? "");
  const code = String(data.get("code") ?? "").trim();
  if (!code) return { password };
  return /^\d{6,8}$/.test(code.replace(/\s/g, "")) ? { password, totpCode: code.replace(/\s/g, "") } : { password, backupCode: code };
}

declare global {
  interface HTMLElementTagNameMap {
    "hearth-settings-security": HearthSettingsSecurity;
  }
}
