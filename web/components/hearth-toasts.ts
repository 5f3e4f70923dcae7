import { LitElement, css, html } from "lit";
import { Connect } from "../state/context.ts";
import { icons } from "../styles/icons.ts";
import { shared } from "../styles/shared.ts";

/** The toast stack in the bottom corner; announces each toast politely to screen readers. No inputs or events. */
export class HearthToasts extends LitElement {
  static styles = [
    shared,
    css`
      :host {
        position: fixed;
        right: var(--space-4);
        bottom: var(--space-4);
        z-index: 100;
        display: flex;
        flex-direction: column;
        gap: var(--space-2);
        max-width: min(380px, calc(100vw - 32px));
      }
      .toast {
        display: flex;
        align-items: center;
        gap: var(--space-3);
        padding: var(--space-3) var(--space-3) var(--space-3) var(--space-4);
        background: var(--bg-raised);
        border: 1px solid var(--border);
        border-left: 4px solid var(--link);
        border-radius: var(--radius);
        box-shadow: var(--shadow);
        font-size: 0.92rem;
      }
      .toast.error {
        border-left-color: var(--danger);
      }
      .toast.success {
        border-left-color: var(--success);
      }
      .stack {
        display: flex;
        flex-direction: column;
        gap: var(--space-2);
      }
      .toast span {
        flex: 1;
      }
    `,
  ];
  private ctx = new Connect(this, (app) => [app.ui]);

  render() {
    const ui = this.ctx.app.ui;
    return html`<div class="stack" role="status" aria-live="polite">
      ${ui.toasts.map(
        (t) => html`<div class="toast ${t.kind}"><span>${t.text}</span><button class="icon-btn" aria-label="Dismiss" @click=${() => ui.dismiss(t.id)}>${icons.close()}</button></div>`,
      )}
    </div>`;
  }
}
customElements.define("hearth-toasts", HearthToasts);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-toasts": HearthToasts;
  }
}
