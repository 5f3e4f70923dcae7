import { LitElement, css, html } from "lit";
import { emit } from "../events.ts";
import { DismissController } from "../render/dismiss.ts";
import type { CustomEmoji } from "../../protocol/emoji.ts";
import { emojiToken } from "../../protocol/emoji.ts";
import { QUICK_REACTIONS, loadEmoji, searchEmoji, type EmojiEntry } from "../render/emoji.ts";
import { shared } from "../styles/shared.ts";

/**
 * A small emoji picker in a popover: the community's own emoji and quick reactions, then a search over both
 * (shortcode data loaded on first open). A community emoji is picked as its token (`<:name:id>`).
 * Properties: `x`, `y` (viewport position of its anchor), `custom` (the community's emoji one may use).
 * Events: `emoji-picked`, `dialog-close`.
 */
export class HearthEmojiPicker extends LitElement {
  // Outside pointer down or Escape closes the popover.
  private dismiss = new DismissController(this);
  static styles = [
    shared,
    css`
      :host {
        position: fixed;
        z-index: 30;
        width: 300px;
        background: var(--bg-raised);
        border: 1px solid var(--border);
        border-radius: var(--radius);
        box-shadow: var(--shadow);
        padding: var(--space-2);
      }
      .grid {
        display: grid;
        grid-template-columns: repeat(8, 1fr);
        gap: 2px;
        margin-top: var(--space-2);
        max-height: 200px;
        overflow-y: auto;
      }
      .grid button {
        border: 0;
        background: none;
        font-size: 1.3rem;
        height: 34px;
        border-radius: var(--radius-s);
        cursor: pointer;
      }
      .grid img {
        height: 24px;
        width: 24px;
        object-fit: contain;
        vertical-align: middle;
      }
      .grid button:hover,
      .grid button:focus-visible {
        background: var(--bg-active);
      }
      input {
        min-height: 34px;
        padding: 6px 10px;
      }
    `,
  ];
  static properties = { x: { type: Number }, y: { type: Number }, custom: { attribute: false }, results: { state: true }, query: { state: true } };
  declare x: number;
  declare y: number;
  declare custom: CustomEmoji[];
  declare results: EmojiEntry[];
  declare query: string;

  constructor() {
    super();
    this.x = 0;
    this.y = 0;
    this.results = [];
    this.custom = [];
    this.query = "";
  }

  connectedCallback() {
    super.connectedCallback();
    void loadEmoji();
  }

  protected firstUpdated() {
    this.renderRoot.querySelector("input")?.focus();
  }

  render() {
    const left = Math.max(8, Math.min(this.x - 300, window.innerWidth - 308));
    const top = Math.max(8, Math.min(this.y, window.innerHeight - 300));
    this.style.left = `${left}px`;
    this.style.top = `${top}px`;
    const list = this.results.length || this.query ? this.results.map((r) => ({ emoji: r.emoji, label: r.code })) : QUICK_REACTIONS.map((e) => ({ emoji: e, label: e }));
    const own = this.custom.filter((c) => !this.query || c.name.includes(this.query));
    return html`<div role="dialog" aria-label="Pick a reaction">
      <label class="sr-only" for="q">Search emoji</label>
      <input id="q" type="search" placeholder="Search emoji" @input=${this.onSearch} />
      <div class="grid">
        ${own.map((c) => html`<button title=${`:${c.name}:`} aria-label=${c.name} @click=${() => emit(this, "emoji-picked", { emoji: emojiToken(c) })}><img src=${c.url} alt="" /></button>`)}
        ${list.map((e) => html`<button title=${`:${e.label}:`} aria-label=${e.label} @click=${() => emit(this, "emoji-picked", { emoji: e.emoji })}>${e.emoji}</button>`)}
      </div>
    </div>`;
  }

  private onSearch(e: Event) {
    const q = (e.target as HTMLInputElement).value.trim().replace(/:/g, "").toLowerCase();
    this.query = q;
    this.results = q ? searchEmoji(q, 48) : [];
  }
}
customElements.define("hearth-emoji-picker", HearthEmojiPicker);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-emoji-picker": HearthEmojiPicker;
  }
}
