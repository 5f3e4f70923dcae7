import { LitElement, css, html } from "lit";
import { Connect } from "../state/context.ts";
import type { BackupStatus } from "../state/key-backup.ts";
import { ApiError } from "../state/api.ts";
import { describeError } from "../styles/auth-card.ts";
import { icons } from "../styles/icons.ts";
import { settingsSection } from "../styles/settings.ts";
import { shared } from "../styles/shared.ts";
import { shownOnce } from "../styles/shown-once.ts";
import "./hearth-recovery-key-form.ts";

/** What the section is doing besides showing the status: asking for the password, or showing a new recovery key. */
type Step = { step: "status" } | { step: "password"; action: "create" | "delete" } | { step: "key"; key: string; saved: boolean; copied: boolean };

/**
 * Settings → Encryption: the key backup (docs/encryption.md "Key backup"). Set it up (password, then the recovery
 * key shown once, which the person must confirm they saved), open it on this browser with the recovery key, set it
 * up again with a new key, or delete it. No attributes or events.
 */
export class HearthSettingsEncryption extends LitElement {
  static styles = [
    shared,
    settingsSection,
    shownOnce,
    css`
      .code {
        max-width: 560px;
        line-height: 1.7;
        word-break: normal;
      }
      p {
        max-width: 640px;
      }
      .state {
        display: flex;
        align-items: center;
        gap: var(--space-2);
        margin-bottom: var(--space-3);
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: var(--space-2);
      }
    `,
  ];
  static properties = { step: { state: true }, busy: { state: true }, error: { state: true } };
  declare step: Step;
  declare busy: boolean;
  declare error: string;
  private ctx = new Connect(this, (app) => [app.keyBackup]);

  constructor() {
    super();
    this.step = { step: "status" };
    this.busy = false;
    this.error = "";
  }

  connectedCallback() {
    super.connectedCallback();
    void this.ctx.app.keyBackup.load();
  }

  render() {
    const s = this.ctx.app.keyBackup.status;
    return html`<h2>Encryption</h2>
      <p class="intro">Direct messages, group DMs and encrypted channels are sealed for the devices signed in when each message is sent. The server can't read them, and can't give a new device the keys either: that is what the key backup is for.</p>
      <section>
        <h3>Key backup</h3>
        ${this.error ? html`<div class="alert" role="alert">${this.error}</div>` : null}
        ${s.state === "idle" || (s.state === "loading" && !s.value) ? html`<div role="status"><span class="spinner" aria-hidden="true"></span> <span class="muted">Loading…</span></div>` : null}
        ${s.state === "error" && !s.value ? html`<div class="alert" role="alert">${describeError(s.error)} <button class="link-btn" @click=${() => this.ctx.app.keyBackup.load()}>Retry</button></div>` : null}
        ${"value" in s && s.value ? this.body(s.value) : null}
      </section>`;
  }

  private body(status: BackupStatus) {
    const t = this.step;
    if (t.step === "key") return this.showKey(t);
    if (t.step === "password") return this.passwordForm(t.action, status);
    const b = status.backup;
    if (!b) {
      return html`<p class="state" data-testid="backup-state"><span class="tag muted">Off</span></p>
        <p class="muted" style="margin-bottom:var(--space-4)">Without a backup, a device you sign in on later can't read messages sent before it, and signing out of your only device loses them. A backup keeps each device's key, locked with a recovery key only you hold.</p>
        <button class="btn" @click=${() => this.go({ step: "password", action: "create" })}>Set up key backup</button>`;
    }
    const since = new Date(b.createdAt).toLocaleDateString();
    if (status.here) {
      return html`<p class="state" data-testid="backup-state"><span class="tag">On</span> <span>This browser's key is backed up. ${b.keyCount} ${b.keyCount === 1 ? "device" : "devices"} in the backup, set up ${since}.</span></p>
        <p class="muted" style="margin-bottom:var(--space-4)">On a new device, open Settings → Encryption and enter your recovery key to read your earlier messages there.</p>
        <div class="row">
          <button class="btn secondary" @click=${() => this.go({ step: "password", action: "create" })}>Set up again with a new key</button>
          <button class="btn danger" @click=${() => this.go({ step: "password", action: "delete" })}>Delete backup</button>
        </div>`;
    }
    return html`<p class="state" data-testid="backup-state"><span class="tag muted">Not on this browser</span> <span>Your account has a key backup (${b.keyCount} ${b.keyCount === 1 ? "device" : "devices"}, set up ${since}).</span></p>
      <p class="muted" style="margin-bottom:var(--space-3)">Enter your recovery key to read messages sent before you signed in here, and to add this browser to the backup.</p>
      <hearth-recovery-key-form @recovery-key-recovered=${(e: CustomEvent<{ count: number }>) => this.recovered(e.detail.count)}></hearth-recovery-key-form>
      <p class="muted" style="margin-top:var(--space-4)">Lost your recovery key? <button class="link-btn" @click=${() => this.go({ step: "password", action: "create" })}>Set up a new backup</button>: messages only the old one could open stay locked.</p>`;
  }

  private passwordForm(action: "create" | "delete", status: BackupStatus) {
    const replacing = action === "create" && status.backup;
    const text =
      action === "delete"
        ? "Deleting the backup throws away every device key in it: devices you sign in on later won't read your earlier messages."
        : replacing
          ? "A new recovery key replaces the old one, which stops working. Keys stored under the old one are thrown away; this browser's key goes into the new backup."
          : "You'll get a recovery key to keep somewhere safe. This browser's key goes into the backup at once.";
    return html`<form @submit=${(e: SubmitEvent) => this.confirm(e, action)}>
      <p class="muted" style="margin-bottom:var(--space-3)">${text}</p>
      <div class="field"><label for="bp">Your password</label><input id="bp" name="password" type="password" autocomplete="current-password" /></div>
      <div class="row">
        <button class="btn ${action === "delete" ? "danger" : ""}" type="submit" ?disabled=${this.busy}>${action === "delete" ? "Delete backup" : replacing ? "Make a new recovery key" : "Continue"}</button>
        <button class="btn ghost" type="button" @click=${() => this.go({ step: "status" })}>Cancel</button>
      </div>
    </form>`;
  }

  private showKey(t: Extract<Step, { step: "key" }>) {
    return html`<p><strong>Your recovery key.</strong> It is shown only this once. Keep it in a password manager or on paper, away from this device: anyone with it and your account can read your encrypted messages, and without it nobody can, us included.</p>
      <div class="code" data-testid="recovery-key">
        <span>${t.key}</span>
        <button class="icon-btn" type="button" aria-label="Copy recovery key" title="Copy to clipboard" @click=${() => this.copy(t)}>${t.copied ? icons.check() : icons.copy()}</button>
      </div>
      <label class="check" style="margin-bottom:var(--space-4)"><input type="checkbox" .checked=${t.saved} @change=${(e: Event) => (this.step = { ...t, saved: (e.target as HTMLInputElement).checked })} /> <span>I have saved my recovery key somewhere safe.</span></label>
      <button class="btn" ?disabled=${!t.saved} @click=${() => this.go({ step: "status" })}>Done</button>`;
  }

  private go(step: Step) {
    this.step = step;
    this.error = "";
  }

  private async copy(t: Extract<Step, { step: "key" }>) {
    try {
      await navigator.clipboard.writeText(t.key);
      this.step = { ...t, copied: true };
    } catch {
      this.ctx.app.ui.toast("Couldn't copy: select the key and copy it by hand.", "error");
    }
  }

  private recovered(count: number) {
    this.ctx.app.ui.toast(count === 0 ? "This browser now uses your key backup." : `Unlocked: keys of ${count} earlier ${count === 1 ? "device" : "devices"} recovered.`, "success");
  }

  private async confirm(e: SubmitEvent, action: "create" | "delete") {
    e.preventDefault();
    const password = String(new FormData(e.target as HTMLFormElement).get("password") ?? "");
    if (!password) {
      this.error = "Enter your password.";
      return;
    }
    this.busy = true;
    this.error = "";
    try {
      if (action === "delete") {
        await this.ctx.app.keyBackup.remove(password);
        this.step = { step: "status" };
        this.ctx.app.ui.toast("Key backup deleted.", "success");
      } else {
        this.step = { step: "key", key: await this.ctx.app.keyBackup.create(password), saved: false, copied: false };
      }
    } catch (err) {
      this.error = err instanceof ApiError && err.code === "invalid_credentials" ? "That password is wrong." : describeError(err);
    } finally {
      this.busy = false;
    }
  }
}
customElements.define("hearth-settings-encryption", HearthSettingsEncryption);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-settings-encryption": HearthSettingsEncryption;
  }
}
