import { LitElement, css, html } from "lit";
import { emit } from "../events.ts";
import { icons } from "../styles/icons.ts";
import { shared } from "../styles/shared.ts";

/**
 * An image shown whole over the app, on the native modal <dialog> (focus kept inside, the page behind inert).
 * Closes with Escape, the close button, or a click anywhere but the buttons; Download saves it under its name.
 * Properties: `src` (an object URL), `name`, `open`. Events: dialog-close.
 */
export class HearthLightbox extends LitElement {
  static styles = [
    shared,
    css`
      dialog {
        border: 0;
        padding: 0;
        margin: 0;
        width: 100vw;
        height: 100dvh;
        max-width: none;
        max-height: none;
        background: transparent;
        color: #fff;
      }
      dialog::backdrop {
        background: rgba(0, 0, 0, 0.85);
      }
      .stage {
        position: relative;
        width: 100%;
        height: 100%;
        display: flex;
        align-items: center;
        justify-content: center;
        padding: 56px var(--space-4) var(--space-4);
        box-sizing: border-box;
      }
      img {
        max-width: 100%;
        max-height: 100%;
        object-fit: contain;
        border-radius: var(--radius-s);
        box-shadow: var(--shadow);
      }
      .bar {
        position: absolute;
        top: 0;
        left: 0;
        right: 0;
        display: flex;
        align-items: center;
        gap: var(--space-2);
        padding: var(--space-2) var(--space-3);
      }
      .name {
        flex: 1;
        min-width: 0;
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
        font-weight: 600;
        color: #fff;
      }
      /* Fixed colours: the backdrop is black in every theme, so theme tokens would not keep the contrast. */
      .bar a,
      .bar button {
        display: inline-flex;
        align-items: center;
        gap: 6px;
        height: 36px;
        padding: 0 12px;
        border-radius: var(--radius-s);
        border: 1px solid rgba(255, 255, 255, 0.35);
        background: rgba(0, 0, 0, 0.6);
        color: #fff;
        font: inherit;
        font-size: 0.9rem;
        text-decoration: none;
        cursor: pointer;
      }
      .bar a:hover,
      .bar button:hover {
        background: rgba(255, 255, 255, 0.18);
      }
      .bar svg {
        width: 18px;
        height: 18px;
      }
    `,
  ];
  static properties = { src: {}, name: {}, open: { type: Boolean, reflect: true } };
  declare src: string;
  declare name: string;
  declare open: boolean;

  constructor() {
    super();
    this.src = "";
    this.name = "";
    this.open = false;
  }

  protected updated(changed: Map<string, unknown>) {
    if (!changed.has("open")) return;
    const d = this.renderRoot.querySelector("dialog");
    if (!d) return;
    if (this.open && !d.open) {
      d.showModal();
      this.renderRoot.querySelector<HTMLElement>(".close")?.focus();
    }
    if (!this.open && d.open) d.close();
  }

  render() {
    return html`<dialog aria-label=${this.name || "Image"} data-testid="lightbox" @close=${this.onClose} @click=${this.onClick}>
      <div class="stage">
        <div class="bar">
          <span class="name">${this.name}</span>
          <a href=${this.src} download=${this.name} data-testid="lightbox-download">${icons.download()} Download</a>
          <button class="close" aria-label="Close" title="Close (Escape)" @click=${() => (this.open = false)}>${icons.close()}</button>
        </div>
        <img src=${this.src} alt=${this.name} />
      </div>
    </dialog>`;
  }

  private onClose() {
    if (this.open) this.open = false;
    emit(this, "dialog-close", undefined);
  }

  /** A click on the image or around it closes, as in other chat apps; the buttons do their own thing. */
  private onClick(e: MouseEvent) {
    if ((e.target as Element).closest?.("a, button")) return;
    this.open = false;
  }
}
customElements.define("hearth-lightbox", HearthLightbox);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-lightbox": HearthLightbox;
  }
}
