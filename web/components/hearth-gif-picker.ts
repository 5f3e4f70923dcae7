import { LitElement, css, html, nothing } from "lit";
import type { GifView } from "../../protocol/embeds.ts";
import { emit } from "../events.ts";
import { DismissController } from "../render/dismiss.ts";
import { Connect } from "../state/context.ts";
import { icons } from "../styles/icons.ts";
import { shared } from "../styles/shared.ts";

/** Search as the person stops typing, not on every key: each search is a request to the GIF service. */
const SEARCH_DEBOUNCE_MS = 300;
/** Columns of the results grid (arrow keys move by this many going up and down). */
const COLUMNS = 2;

/**
 * The GIF picker's popover (docs/api/embeds.md, GET /gifs through web/state/gifs.ts): a search field (trending while
 * it is empty), the results in a grid of buttons (arrow keys move between them, Up from the first row returns to the
 * field), loading, empty and error states, and the GIPHY attribution. Sits above the composer, over its right edge.
 * Events: gif-picked (a result was chosen), dialog-close (Escape or a pointer down outside).
 */
export class HearthGifPicker extends LitElement {
  static styles = [
    shared,
    css`
      :host {
        position: absolute;
        right: 0;
        bottom: calc(100% + 8px);
        z-index: 6;
      }
      .pop {
        width: min(420px, calc(100vw - 32px));
        display: flex;
        flex-direction: column;
        box-sizing: border-box;
        height: min(440px, 60dvh);
        background: var(--bg-raised);
        border: 1px solid var(--border);
        border-radius: var(--radius);
        box-shadow: var(--shadow);
        padding: var(--space-2);
      }
      input {
        min-height: 36px;
        padding: 6px 10px;
      }
      .heading {
        font-size: 0.72rem;
        font-weight: 700;
        text-transform: uppercase;
        color: var(--fg-muted);
        padding: var(--space-2) 2px 6px;
        overflow: hidden;
        white-space: nowrap;
        text-overflow: ellipsis;
      }
      .results {
        flex: 1;
        min-height: 0;
        overflow-y: auto;
      }
      .grid {
        display: grid;
        grid-template-columns: repeat(${COLUMNS}, minmax(0, 1fr));
        gap: 6px;
      }
      .grid button {
        display: block;
        height: 112px;
        padding: 0;
        border: 0;
        border-radius: var(--radius-s);
        background: var(--bg-input);
        overflow: hidden;
        cursor: pointer;
      }
      .grid button:hover {
        outline: 2px solid var(--accent);
        outline-offset: -2px;
      }
      .grid img {
        display: block;
        width: 100%;
        height: 100%;
        object-fit: cover;
      }
      .state {
        height: 100%;
        display: flex;
        flex-direction: column;
        align-items: center;
        justify-content: center;
        gap: var(--space-2);
        text-align: center;
        color: var(--fg-muted);
        font-size: 0.9rem;
        padding: var(--space-3);
      }
      .state.error {
        color: var(--danger);
      }
      .foot {
        padding-top: 6px;
        font-size: 0.72rem;
        color: var(--fg-muted);
        text-align: right;
      }
      .foot strong {
        letter-spacing: 0.04em;
        color: var(--fg);
      }
    `,
  ];
  static properties = { text: { state: true } };
  /** What is in the search field. */
  declare text: string;
  private ctx = new Connect(this, (app) => [app.gifs]);
  private dismiss = new DismissController(this);
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this.text = "";
  }

  connectedCallback() {
    super.connectedCallback();
    void this.ctx.app.gifs.search("");
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    clearTimeout(this.timer);
  }

  protected firstUpdated() {
    this.field?.focus();
  }

  private get field(): HTMLInputElement | null {
    return this.renderRoot.querySelector("input");
  }

  private tiles(): HTMLButtonElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLButtonElement>(".grid button")];
  }

  render() {
    const { query, results } = this.ctx.app.gifs;
    return html`<div class="pop" role="dialog" aria-label="GIFs">
      <label class="sr-only" for="q">Search GIFs</label>
      <input id="q" type="search" placeholder="Search GIPHY" autocomplete="off" .value=${this.text} @input=${this.onInput} @keydown=${this.onFieldKey} />
      <div class="heading" role="status">${results.state === "ready" ? (query ? `Results for “${query}”` : "Trending") : results.state === "loading" ? "Searching…" : query ? `“${query}”` : "Trending"}</div>
      <div class="results">${this.renderResults(query)}</div>
      <div class="foot">Powered by <strong>GIPHY</strong></div>
    </div>`;
  }

  private renderResults(query: string) {
    const r = this.ctx.app.gifs.results;
    switch (r.state) {
      case "idle":
      case "loading":
        return html`<div class="state" aria-busy="true"><span class="spinner" role="status" aria-label="Loading GIFs"></span></div>`;
      case "error":
        return html`<div class="state error" role="alert">${icons.alert()} ${r.error.message} <button class="btn small secondary" @click=${this.retry}>Try again</button></div>`;
      case "ready":
        if (!r.value.length) return html`<div class="state" data-testid="gif-empty">${query ? `No GIFs found for “${query}”.` : "No trending GIFs right now."}</div>`;
        return html`<div class="grid" role="group" aria-label="GIF results" @keydown=${this.onGridKey}>
          ${r.value.map((g, i) => this.renderTile(g, i))}
        </div>`;
    }
  }

  private renderTile(g: GifView, i: number) {
    const label = g.title.trim() || "GIF";
    return html`<button data-testid="gif-result" tabindex=${i === 0 ? "0" : "-1"} aria-label=${label} title=${label} @click=${() => this.pick(g)}>
      <img src=${g.preview} alt="" loading="lazy" width=${g.width} height=${g.height} />
    </button>`;
  }

  private onInput(e: Event) {
    this.text = (e.target as HTMLInputElement).value;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.ctx.app.gifs.search(this.text), SEARCH_DEBOUNCE_MS);
  }

  /** Enter searches at once; Down goes to the results. */
  private onFieldKey(e: KeyboardEvent) {
    if (e.key === "Enter") {
      e.preventDefault();
      clearTimeout(this.timer);
      void this.ctx.app.gifs.search(this.text);
    } else if (e.key === "ArrowDown" && this.tiles().length) {
      e.preventDefault();
      this.focusTile(0);
    }
  }

  /** Arrow keys move through the grid (one roving tab stop); Up from the first row goes back to the field. */
  private onGridKey(e: KeyboardEvent) {
    const tiles = this.tiles();
    const at = tiles.indexOf(e.target as HTMLButtonElement);
    if (at < 0) return;
    const step: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -COLUMNS, ArrowDown: COLUMNS, Home: -at, End: tiles.length - 1 - at };
    if (!(e.key in step)) return;
    e.preventDefault();
    const next = at + step[e.key];
    if (next < 0) return this.field?.focus();
    this.focusTile(Math.min(next, tiles.length - 1));
  }

  private focusTile(i: number) {
    const tiles = this.tiles();
    tiles.forEach((t, j) => (t.tabIndex = j === i ? 0 : -1));
    tiles[i]?.focus();
  }

  private retry() {
    void this.ctx.app.gifs.search(this.text);
  }

  private pick(g: GifView) {
    emit(this, "gif-picked", { url: g.url });
  }
}
customElements.define("hearth-gif-picker", HearthGifPicker);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-gif-picker": HearthGifPicker;
  }
}
