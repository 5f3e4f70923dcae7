import { LitElement, css, html, nothing } from "lit";
import { sortedChannels } from "../state/communities.ts";
import { Connect } from "../state/context.ts";
import { icons } from "../styles/icons.ts";
import { shared } from "../styles/shared.ts";
import { dmTitle } from "./channel-view-text.ts";

interface Target {
  label: string;
  sub: string;
  url: string;
  kind: "channel" | "dm" | "community";
}

/** Ranks a label for a query: prefix beats word-start beats substring; -1 for no match. */
export function matchScore(label: string, query: string): number {
  const l = label.toLowerCase();
  const q = query.toLowerCase().trim();
  if (!q) return 1;
  if (l.startsWith(q)) return 3;
  if (l.split(/[\s\-_.]/).some((w) => w.startsWith(q))) return 2;
  return l.includes(q) ? 1 : -1;
}

/**
 * Ctrl+K quick switcher over channels, DMs and communities. Arrow keys choose, Enter goes, Escape closes.
 * No inputs; opened and closed through the UI store.
 */
export class HearthSwitcher extends LitElement {
  static styles = [
    shared,
    css`
      dialog {
        margin-top: 12vh;
        width: min(560px, calc(100vw - 32px));
        padding: var(--space-4);
        border: 1px solid var(--border);
        border-radius: var(--radius-l);
        background: var(--bg-side);
        color: var(--fg);
        box-shadow: var(--shadow);
      }
      dialog::backdrop {
        background: rgba(0, 0, 0, 0.6);
      }
      h2 {
        font-size: 1rem;
        margin-bottom: var(--space-3);
      }
      input {
        font-size: 1.05rem;
        min-height: 46px;
      }
      ul {
        list-style: none;
        margin: var(--space-3) 0 0;
        padding: 0;
        max-height: 50vh;
        overflow-y: auto;
      }
      li {
        display: flex;
        align-items: center;
        gap: var(--space-2);
        padding: 8px 10px;
        border-radius: var(--radius-s);
        cursor: pointer;
      }
      li[aria-selected="true"] {
        background: var(--bg-active);
      }
      li svg {
        width: 18px;
        height: 18px;
        color: var(--fg-faint);
      }
      .sub {
        margin-left: auto;
        font-size: 0.8rem;
        color: var(--fg-muted);
      }
      .empty {
        padding: var(--space-4);
        color: var(--fg-muted);
        text-align: center;
      }
    `,
  ];
  static properties = { query: { state: true }, active: { state: true } };
  declare query: string;
  declare active: number;
  private ctx = new Connect(this, (app) => [app.ui, app.communities]);

  constructor() {
    super();
    this.query = "";
    this.active = 0;
  }

  protected updated() {
    const d = this.renderRoot.querySelector("dialog");
    const open = this.ctx.app.ui.switcherOpen;
    if (d && open && !d.open) {
      this.query = "";
      this.active = 0;
      const list = this.ctx.app.communities.list;
      // Channels of every community become searchable: load the lists not loaded yet.
      for (const c of "value" in list ? (list.value ?? []) : []) queueMicrotask(() => this.ctx.app.communities.ensure(c.id));
      d.showModal();
      this.renderRoot.querySelector("input")?.focus();
    }
    if (d && !open && d.open) d.close();
  }

  private targets(): Target[] {
    const { communities, auth } = this.ctx.app;
    const out: Target[] = [];
    const list = "value" in communities.list ? (communities.list.value ?? []) : [];
    for (const c of list) {
      out.push({ label: c.name, sub: "Community", url: `/c/${c.id}`, kind: "community" });
      const s = communities.structure.get(c.id);
      if (s && "value" in s && s.value) for (const ch of sortedChannels(s.value)) if (ch.kind === "text") out.push({ label: ch.name, sub: c.name, url: `/c/${c.id}/${ch.id}`, kind: "channel" });
    }
    const dms = "value" in communities.dms ? (communities.dms.value ?? []) : [];
    for (const d of dms) out.push({ label: dmTitle(d, auth.user?.id ?? ""), sub: "Direct message", url: `/dm/${d.id}`, kind: "dm" });
    return out;
  }

  private results(): Target[] {
    return this.targets()
      .map((t) => ({ t, s: matchScore(t.label, this.query) }))
      .filter((x) => x.s > 0)
      .sort((a, b) => b.s - a.s)
      .slice(0, 12)
      .map((x) => x.t);
  }

  render() {
    const results = this.results();
    return html`<dialog aria-label="Quick switcher" @close=${() => this.ctx.app.ui.setSwitcher(false)} @click=${(e: MouseEvent) => e.target === e.currentTarget && this.ctx.app.ui.setSwitcher(false)}>
      <h2>Where to?</h2>
      <label class="sr-only" for="q">Search channels, conversations and communities</label>
      <input id="q" type="search" role="combobox" aria-expanded="true" aria-controls="results" aria-activedescendant=${results.length ? `r-${this.active}` : ""} placeholder="Search channels, DMs and communities" .value=${this.query} @input=${(e: Event) => ((this.query = (e.target as HTMLInputElement).value), (this.active = 0))} @keydown=${(e: KeyboardEvent) => this.onKey(e, results)} autocomplete="off" />
      <ul id="results" role="listbox" aria-label="Results">
        ${results.length === 0 ? html`<li class="empty" role="presentation">Nothing matches “${this.query}”.</li>` : nothing}
        ${results.map(
          (r, i) => html`<li id="r-${i}" role="option" aria-selected=${i === this.active ? "true" : "false"} @click=${() => this.go(r)}>
            ${r.kind === "channel" ? icons.hash() : r.kind === "dm" ? icons.at() : icons.users()}<span>${r.label}</span><span class="sub">${r.sub}</span>
          </li>`,
        )}
      </ul>
    </dialog>`;
  }

  private onKey(e: KeyboardEvent, results: Target[]) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const n = Math.max(1, results.length);
      this.active = (this.active + (e.key === "ArrowDown" ? 1 : n - 1)) % n;
    } else if (e.key === "Enter" && results[this.active]) {
      e.preventDefault();
      this.go(results[this.active]);
    }
  }

  private go(t: Target) {
    this.ctx.app.ui.setSwitcher(false);
    this.ctx.app.router.navigate(t.url);
  }
}
customElements.define("hearth-switcher", HearthSwitcher);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-switcher": HearthSwitcher;
  }
}
