import { LitElement, css, html, nothing, svg } from "lit";
import { Connect } from "../state/context.ts";
import { shared } from "../styles/shared.ts";

/** "GIF" in a rounded box, drawn (not text, so the button's name is its label alone), on the icons' 24 px grid. */
const GIF_ICON = html`<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">
  ${svg`<rect x="1.5" y="5" width="21" height="14" rx="3"/><path d="M9.5 9.5h-2a1.5 1.5 0 0 0-1.5 1.5v2a1.5 1.5 0 0 0 1.5 1.5h2v-2.2H8.4"/><line x1="12.5" y1="9.5" x2="12.5" y2="14.5"/><path d="M18.5 9.5h-3v5M15.5 12h2.4"/>`}
</svg>`;

/**
 * The composer's GIF button and its picker (hearth-gif-picker), shown only when the server has GIF search
 * (`gifSearch` in GET /instance). The picker closes on a pick, Escape, a click outside or the button, and focus
 * comes back to the button unless a GIF was picked (the conversation then takes it back to the composer).
 * Events: gif-picked bubbles from the picker.
 */
export class HearthGifButton extends LitElement {
  static styles = [
    shared,
    css`
      :host {
        display: block;
      }
    `,
  ];
  static properties = { open: { state: true } };
  declare open: boolean;
  private ctx = new Connect(this, (app) => [app.auth]);

  constructor() {
    super();
    this.open = false;
  }

  connectedCallback() {
    super.connectedCallback();
    const auth = this.ctx.app.auth;
    if (!auth.instance) void auth.loadInstance().catch(() => {});
  }

  render() {
    if (!this.ctx.app.auth.instance?.gifSearch) return nothing;
    return html`<button class="icon-btn" data-popover-toggle aria-label="GIFs" title="GIFs" aria-haspopup="dialog" aria-expanded=${this.open ? "true" : "false"} @click=${() => void this.toggle()}>
        ${GIF_ICON}
      </button>
      ${this.open ? html`<hearth-gif-picker @dialog-close=${this.onClose} @gif-picked=${() => (this.open = false)}></hearth-gif-picker>` : nothing}`;
  }

  /** The picker's code is loaded on first use: most people send few GIFs, and never before the app is up. */
  private async toggle() {
    if (!this.open) await import("./hearth-gif-picker.ts");
    this.open = !this.open;
  }

  private onClose = (e: Event) => {
    e.stopPropagation();
    this.open = false;
    this.renderRoot.querySelector("button")?.focus();
  };
}
customElements.define("hearth-gif-button", HearthGifButton);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-gif-button": HearthGifButton;
  }
}
