import { LitElement, css, html, nothing } from "lit";
import { emit } from "../events.ts";
import { DismissController } from "../render/dismiss.ts";
import { markMatches } from "../render/mark-matches.ts";
import { plainExcerpt } from "../render/markdown.ts";
import type { SearchPage } from "../../protocol/message-lists.ts";
import type { SearchResult } from "../state/message-lists.ts";
import type { Async } from "../state/store.ts";
import { icons } from "../styles/icons.ts";
import { headerPopover, messageCards } from "../styles/header-popover.ts";
import { shared } from "../styles/shared.ts";
import type { PinsHost } from "./hearth-pins-panel.ts";
import { messageCard } from "./message-card.ts";

/** How long typing pauses before the query runs (Enter runs it at once). */
const TYPING_PAUSE_MS = 300;

/**
 * Searching the open channel, as a popover under the header's search button: a field (runs as you pause typing or
 * on Enter; Ctrl+F from the channel focuses it), then the matching messages, newest first, each with author, time, the excerpt with the matched words
 * marked and "Jump". Properties: `results` (Async page), `query`, `loadingMore`, `local` (searched in the browser), `host`. Events: `search-query`
 * { q }, `search-jump` { messageId, seq }, `search-more`, `dialog-close` (outside click, Escape, ×).
 */
export class HearthSearchPanel extends LitElement {
  private dismiss = new DismissController(this);
  static styles = [
    shared,
    headerPopover,
    messageCards,
    css`
      form {
        padding: var(--space-2) var(--space-3);
        border-bottom: 1px solid var(--border);
      }
      input {
        width: 100%;
      }
      mark {
        background: color-mix(in srgb, var(--accent) 28%, transparent);
        color: inherit;
        border-radius: 2px;
      }
      .count {
        padding: var(--space-2) var(--space-4) 0;
        font-size: 0.8rem;
        color: var(--fg-muted);
      }
    `,
  ];
  static properties = {
    results: { attribute: false },
    query: { type: String },
    loadingMore: { type: Boolean },
    local: { type: Boolean },
    host: { attribute: false },
  };
  declare results: Async<SearchPage>;
  declare query: string;
  declare loadingMore: boolean;
  /** An encrypted conversation: the browser searches what it decrypts (web/state/local-search.ts). */
  declare local: boolean;
  declare host: PinsHost;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    super();
    this.results = { state: "idle" };
    this.query = "";
    this.loadingMore = false;
    this.local = false;
  }

  firstUpdated() {
    this.focusField();
  }

  focusField() {
    const input = this.renderRoot.querySelector("input");
    input?.focus();
    input?.select();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    if (this.timer) clearTimeout(this.timer);
  }

  private run(q: string) {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    emit(this, "search-query", { q });
  }

  private onInput = (e: Event) => {
    const q = (e.target as HTMLInputElement).value;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.run(q), TYPING_PAUSE_MS);
  };

  private onSubmit = (e: Event) => {
    e.preventDefault();
    this.run((this.renderRoot.querySelector("input") as HTMLInputElement).value);
  };

  render() {
    const r = this.results;
    const value = "value" in r ? r.value : undefined;
    return html`<section role="dialog" aria-label="Search this channel" style="display:contents">
      <header>
        <h2>Search</h2>
        <button class="icon-btn" aria-label="Close search" title="Close" @click=${() => emit(this, "dialog-close", undefined)}>${icons.close()}</button>
      </header>
      <form role="search" @submit=${this.onSubmit}>
        <input type="search" aria-label="Search messages in this channel" placeholder="Search messages" maxlength="200" .value=${this.query} @input=${this.onInput} />
      </form>
      <div class="list scroll" data-testid="search-results" aria-live="polite">
        ${r.state === "idle"
          ? html`<div class="empty">${icons.search()}<p>Find messages in this channel by their words.</p><p class="hint">Every word must appear; the start of a word is enough ("deplo" finds "deploying"). Add <code>from:name</code> for one person's messages.</p>${this.local ? html`<p class="hint" data-testid="search-local">This conversation is end-to-end encrypted: it is searched here, in your browser, as it decrypts the history. Nothing you type is sent to the server.</p>` : nothing}</div>`
          : r.state === "error" && !value
            ? html`<div class="state" role="alert">Couldn't search: ${r.error.message}</div>`
            : !value
              ? html`<div class="state"><span class="spinner" role="status" aria-label="Searching"></span></div>`
              : value.results.length === 0
                ? html`<div class="empty">${icons.search()}<p>${value.nextBeforeSeq === null ? html`No messages match “${this.query}”.` : html`No recent messages match “${this.query}”.`}</p></div>`
                : value.results.map((m) => this.item(m))}
        ${value && value.nextBeforeSeq !== null
          ? html`<button class="btn secondary more" ?disabled=${this.loadingMore} @click=${() => emit(this, "search-more", undefined)}>${this.loadingMore ? (this.local ? "Decrypting and searching…" : "Searching…") : value.results.length ? "Show more" : "Search older messages"}</button>`
          : nothing}
      </div>
    </section>`;
  }

  private item(m: SearchResult) {
    const name = m.author?.displayName ?? this.host.nameOf(m.authorId);
    const parts = markMatches(plainExcerpt(m.content ?? "", 200), this.query);
    return messageCard({
      testId: "search-result",
      label: `Message from ${name}`,
      authorId: m.authorId,
      name,
      createdAt: m.createdAt,
      stamp: this.host.stamp(new Date(m.createdAt)),
      excerpt: parts.map((p) => (p.match ? html`<mark>${p.text}</mark>` : p.text)),
      actions: html`<button class="link-btn" @click=${() => emit(this, "search-jump", { messageId: m.id, seq: m.seq })}>Jump</button>`,
    });
  }
}
customElements.define("hearth-search-panel", HearthSearchPanel);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-search-panel": HearthSearchPanel;
  }
}
