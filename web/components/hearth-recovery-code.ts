import { LitElement, css, html } from "lit";
import { emit } from "../events.ts";
import { brand, authCard } from "../styles/auth-card.ts";
import { icons } from "../styles/icons.ts";
import { shared } from "../styles/shared.ts";
import { shownOnce } from "../styles/shown-once.ts";

/**
 * Shows a recovery code once and will not let the person go on until they tick "I saved it".
 * Attributes: `code` (the recovery code), `heading` (optional). Events: `recovery-acknowledged` (no detail).
 */
export class HearthRecoveryCode extends LitElement {
  static styles = [
    shared,
    authCard,
    shownOnce,
    css`
      .warn {
        color: var(--fg-muted);
      }
    `,
  ];
  static properties = { code: {}, heading: {}, saved: { state: true }, copied: { state: true } };
  declare code: string;
  declare heading: string;
  declare saved: boolean;
  declare copied: boolean;

  constructor() {
    super();
    this.code = "";
    this.heading = "Save your recovery code";
    this.saved = false;
    this.copied = false;
  }

  render() {
    return html`<main>
      ${brand()}
      <h1>${this.heading}</h1>
      <p class="warn">If you forget your password, this code is the only way back into your account. It is shown <strong>only this once</strong>: store it in a password manager or on paper.</p>
      <div class="code" data-testid="recovery-code">
        <span>${this.code}</span>
        <button class="icon-btn" type="button" title="Copy to clipboard" aria-label="Copy recovery code" @click=${this.copy}>${this.copied ? icons.check() : icons.copy()}</button>
      </div>
      <label class="check"><input type="checkbox" .checked=${this.saved} @change=${(e: Event) => (this.saved = (e.target as HTMLInputElement).checked)} /> <span>I have saved my recovery code somewhere safe.</span></label>
      <div class="actions"><button class="btn block" type="button" ?disabled=${!this.saved} @click=${() => emit(this, "recovery-acknowledged", undefined)}>Continue</button></div>
    </main>`;
  }

  private async copy() {
    try {
      await navigator.clipboard.writeText(this.code);
      this.copied = true;
    } catch {
      /* clipboard refused (permissions): the code is selectable instead */
    }
  }
}
customElements.define("hearth-recovery-code", HearthRecoveryCode);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-recovery-code": HearthRecoveryCode;
  }
}
