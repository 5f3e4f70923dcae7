import { LitElement, css, html } from "lit";
import { emit } from "../events.ts";
import { shared } from "../styles/shared.ts";

/**
 * A modal dialog on the native <dialog> (focus trap, Escape and inert background for free).
 * Attributes: `heading`, `open` (boolean), `confirm-label`, `danger` (boolean: red confirm), `busy` (boolean),
 * `hide-actions` (boolean), `confirm-disabled` (boolean: the input is not acceptable yet). Events: `dialog-confirm`, `dialog-close`. Slots: default (body).
 */
export class HearthDialog extends LitElement {
  static styles = [
    shared,
    css`
      dialog {
        border: 1px solid var(--border);
        border-radius: var(--radius-l);
        padding: 0;
        width: min(460px, calc(100vw - 32px));
        background: var(--bg-main);
        color: var(--fg);
        box-shadow: var(--shadow);
      }
      dialog::backdrop {
        background: rgba(0, 0, 0, 0.6);
      }
      .body {
        padding: var(--space-5);
      }
      h2 {
        font-size: 1.2rem;
        margin-bottom: var(--space-3);
      }
      footer {
        display: flex;
        justify-content: flex-end;
        gap: var(--space-2);
        padding: var(--space-4) var(--space-5);
        background: var(--bg-side);
        border-top: 1px solid var(--border);
      }
    `,
  ];
  static properties = {
    heading: {},
    open: { type: Boolean, reflect: true },
    confirmLabel: { attribute: "confirm-label" },
    danger: { type: Boolean },
    busy: { type: Boolean },
    hideActions: { type: Boolean, attribute: "hide-actions" },
    confirmDisabled: { type: Boolean, attribute: "confirm-disabled" },
  };
  declare heading: string;
  declare open: boolean;
  declare confirmLabel: string;
  declare danger: boolean;
  declare busy: boolean;
  declare hideActions: boolean;
  declare confirmDisabled: boolean;

  constructor() {
    super();
    this.heading = "";
    this.open = false;
    this.confirmLabel = "Confirm";
    this.danger = false;
    this.busy = false;
    this.hideActions = false;
    this.confirmDisabled = false;
  }

  protected updated(changed: Map<string, unknown>) {
    if (!changed.has("open")) return;
    const d = this.renderRoot.querySelector("dialog");
    if (!d) return;
    if (this.open && !d.open) d.showModal();
    if (!this.open && d.open) d.close();
  }

  render() {
    return html`<dialog aria-labelledby="title" @close=${this.onClose} @click=${this.onBackdrop} @keydown=${this.onKeydown}>
      <form method="dialog" @submit=${this.onSubmit}>
        <div class="body">
          <h2 id="title">${this.heading}</h2>
          <slot></slot>
        </div>
        ${this.hideActions
          ? null
          : html`<footer>
              <button class="btn ghost" type="button" @click=${() => this.close()}>Cancel</button>
              <button class="btn ${this.danger ? "danger" : ""}" type="submit" ?disabled=${this.busy || this.confirmDisabled}>${this.busy ? html`<span class="spinner" aria-hidden="true"></span>` : null}${this.confirmLabel}</button>
            </footer>`}
      </form>
    </dialog>`;
  }

  close() {
    this.open = false;
  }

  private onSubmit(e: SubmitEvent) {
    e.preventDefault();
    emit(this, "dialog-confirm", undefined);
  }

  /** Enter in a slotted input confirms: slotted fields are not part of the shadow <form>, so it would not submit. */
  private onKeydown(e: KeyboardEvent) {
    const t = e.composedPath()[0];
    if (e.key === "Enter" && t instanceof HTMLInputElement && t.type !== "checkbox" && !this.hideActions && !this.confirmDisabled && !this.busy) {
      e.preventDefault();
      emit(this, "dialog-confirm", undefined);
    }
  }

  private onClose() {
    if (this.open) this.open = false;
    emit(this, "dialog-close", undefined);
  }

  private onBackdrop(e: MouseEvent) {
    if (e.target === e.currentTarget) this.close();
  }
}
customElements.define("hearth-dialog", HearthDialog);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-dialog": HearthDialog;
  }
}
