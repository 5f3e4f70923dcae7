import { LitElement, css, html } from "lit";
import type { ThreadView } from "../../protocol/threads.ts";
import { emit } from "../events.ts";
import { threadSummary } from "../state/threads.ts";
import { icons } from "../styles/icons.ts";
import { shared } from "../styles/shared.ts";

/**
 * The thread started from a message, under it: the thread icon, its name, how many messages and when the last one
 * came ("Archived" first when it is). The whole chip is one button that opens the thread.
 * Properties: `thread` (ThreadView). Events: `thread-open` { threadId }.
 */
export class HearthThreadChip extends LitElement {
  static styles = [
    shared,
    css`
      :host {
        display: block;
        margin-top: var(--space-1);
        max-width: min(100%, 480px);
      }
      button {
        display: grid;
        grid-template-columns: 18px minmax(0, 1fr) auto;
        align-items: center;
        gap: 2px var(--space-2);
        width: 100%;
        padding: 6px var(--space-3);
        border: 1px solid var(--border);
        border-radius: var(--radius);
        background: var(--bg-side);
        color: var(--fg);
        font: inherit;
        text-align: left;
        cursor: pointer;
      }
      button:hover {
        background: var(--bg-hover);
        border-color: var(--fg-faint);
      }
      svg {
        width: 18px;
        height: 18px;
        color: var(--accent);
      }
      .archived svg {
        color: var(--fg-faint);
      }
      .name {
        font-weight: 600;
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      .meta {
        padding-left: var(--space-2);
        font-size: 0.8rem;
        color: var(--fg-muted);
        white-space: nowrap;
      }
      .archived .name {
        color: var(--fg-muted);
      }
      /* On a phone the count and time go under the name. */
      @media (max-width: 600px) {
        button {
          grid-template-columns: 18px minmax(0, 1fr);
        }
        .meta {
          grid-column: 2;
          padding-left: 0;
        }
      }
    `,
  ];
  static properties = { thread: { attribute: false } };
  declare thread: ThreadView | null;

  constructor() {
    super();
    this.thread = null;
  }

  render() {
    const t = this.thread;
    if (!t) return null;
    const summary = threadSummary(t);
    return html`<button class=${t.archived ? "archived" : ""} data-testid="thread-chip" aria-label="Open thread ${t.name}: ${summary}" title="Open thread" @click=${() => emit(this, "thread-open", { threadId: t.id })}>
      ${t.archived ? icons.archive() : icons.thread()}
      <span class="name">${t.name}</span>
      <span class="meta" data-testid="thread-chip-meta">${summary}</span>
    </button>`;
  }
}
customElements.define("hearth-thread-chip", HearthThreadChip);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-thread-chip": HearthThreadChip;
  }
}
