import { LitElement, css, html } from "lit";
import { emit } from "../events.ts";
import { Connect } from "../state/context.ts";
import { describeError } from "../styles/auth-card.ts";
import { shared } from "../styles/shared.ts";

/**
 * Where a person types their recovery key to open the key backup on this browser (web/state/key-backup.ts). Used by
 * Settings → Encryption and by the prompt in encrypted conversations. Attribute: `compact` (one row, no label text
 * above). Events: `recovery-key-recovered` ({ count }: devices whose keys came back), `recovery-key-cancel`
 * (compact only).
 */
export class HearthRecoveryKeyForm extends LitElement {
  static styles = [
    shared,
    css`
      :host {
        display: block;
      }
      form {
        display: flex;
        flex-wrap: wrap;
        gap: var(--space-2);
        align-items: flex-end;
      }
      .field {
        flex: 1 1 320px;
        margin: 0;
      }
      input {
        font-family: var(--mono);
        letter-spacing: 0.02em;
      }
      .alert {
        flex-basis: 100%;
        margin: 0;
      }
    `,
  ];
  static properties = { compact: { type: Boolean }, busy: { state: true }, error: { state: true } };
  declare compact: boolean;
  declare busy: boolean;
  declare error: string;
  private ctx = new Connect(this, () => []);

  constructor() {
    super();
    this.compact = false;
    this.busy = false;
    this.error = "";
  }

  render() {
    return html`<form @submit=${this.submit}>
      ${this.error ? html`<div class="alert" role="alert">${this.error}</div>` : null}
      <div class="field">
        <label for="rk" class=${this.compact ? "sr-only" : ""}>Recovery key</label>
        <input id="rk" name="key" type="text" autocomplete="off" autocapitalize="characters" spellcheck="false" placeholder="XXXX XXXX XXXX …" data-testid="recovery-key-input" />
      </div>
      <button class="btn" type="submit" ?disabled=${this.busy}>${this.busy ? "Unlocking…" : "Unlock"}</button>
      ${this.compact ? html`<button class="btn ghost" type="button" @click=${() => emit(this, "recovery-key-cancel", undefined)}>Cancel</button>` : null}
    </form>`;
  }

  private async submit(e: SubmitEvent) {
    e.preventDefault();
    const key = String(new FormData(e.target as HTMLFormElement).get("key") ?? "");
    if (!key.trim()) {
      this.error = "Enter your recovery key.";
      return;
    }
    this.busy = true;
    this.error = "";
    try {
      const count = await this.ctx.app.keyBackup.restore(key);
      emit(this, "recovery-key-recovered", { count });
    } catch (err) {
      this.error = describeError(err);
    } finally {
      this.busy = false;
    }
  }
}
customElements.define("hearth-recovery-key-form", HearthRecoveryKeyForm);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-recovery-key-form": HearthRecoveryKeyForm;
  }
}
