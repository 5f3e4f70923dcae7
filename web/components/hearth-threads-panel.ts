import { LitElement, css, html, nothing } from "lit";
import type { ThreadView } from "../../protocol/threads.ts";
import { emit } from "../events.ts";
import { DismissController } from "../render/dismiss.ts";
import type { Async } from "../state/store.ts";
import { threadSummary } from "../state/threads.ts";
import { icons } from "../styles/icons.ts";
import { headerPopover } from "../styles/header-popover.ts";
import { shared } from "../styles/shared.ts";

/**
 * The channel's threads, as a popover under the header's Threads button: active ones, then archived, each with its
 * name, who started it, its message count and last activity; a click opens it. "New thread" starts one without a
 * message (for those allowed).
 * Properties: `threads` (Async list, sorted), `canCreate`, `channelName`, `nameOf` (user id → name). Events:
 * `thread-open` { threadId }, `thread-create-request` { messageId: null }, `threads-retry`, `dialog-close`.
 */
export class HearthThreadsPanel extends LitElement {
  private dismiss = new DismissController(this);
  static styles = [
    shared,
    headerPopover,
    css`
      :host {
        --popover-width: 400px;
      }
      .list {
        overflow-y: auto;
        padding: var(--space-2);
      }
      h3 {
        margin: var(--space-2) var(--space-2) var(--space-1);
        font-size: 0.72rem;
        font-weight: 700;
        text-transform: uppercase;
        letter-spacing: 0.04em;
        color: var(--fg-muted);
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li button {
        display: grid;
        grid-template-columns: 20px minmax(0, 1fr);
        gap: 2px var(--space-2);
        width: 100%;
        padding: var(--space-2);
        border: 0;
        border-radius: var(--radius-s);
        background: none;
        color: var(--fg);
        font: inherit;
        text-align: left;
        cursor: pointer;
      }
      li button:hover {
        background: var(--bg-hover);
      }
      li svg {
        width: 18px;
        height: 18px;
        margin-top: 1px;
        color: var(--fg-faint);
      }
      .name {
        font-weight: 600;
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      .meta {
        grid-column: 2;
        font-size: 0.8rem;
        color: var(--fg-muted);
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      .archived .name {
        color: var(--fg-muted);
      }
      /* .empty and .state come from headerPopover. */
      .empty p + p {
        margin-top: var(--space-1);
      }
    `,
  ];
  static properties = {
    threads: { attribute: false },
    canCreate: { type: Boolean },
    channelName: {},
    nameOf: { attribute: false },
  };
  declare threads: Async<ThreadView[]>;
  declare canCreate: boolean;
  declare channelName: string;
  declare nameOf: (userId: string) => string;

  constructor() {
    super();
    this.threads = { state: "idle" };
    this.canCreate = false;
    this.channelName = "";
    this.nameOf = () => "";
  }

  render() {
    const t = this.threads;
    const list = "value" in t ? t.value : undefined;
    const active = list?.filter((x) => !x.archived) ?? [];
    const archived = list?.filter((x) => x.archived) ?? [];
    return html`<section role="dialog" aria-label="Threads" style="display:contents">
      <header>
        <h2>Threads</h2>
        ${this.canCreate ? html`<button class="btn small" @click=${() => emit(this, "thread-create-request", { messageId: null })}>${icons.plus()} New thread</button>` : nothing}
        <button class="icon-btn" aria-label="Close threads" title="Close" @click=${() => emit(this, "dialog-close", undefined)}>${icons.close()}</button>
      </header>
      <div class="list scroll" data-testid="threads-list">
        ${t.state === "error" && !list
          ? html`<div class="state" role="alert">Couldn't load the threads: ${t.error.message} <button class="link-btn" @click=${() => emit(this, "threads-retry", undefined)}>Try again</button></div>`
          : !list
            ? html`<div class="state"><span class="spinner" role="status" aria-label="Loading threads"></span></div>`
            : list.length === 0
              ? html`<div class="empty">${icons.thread()}<p>There are no threads in #${this.channelName} yet.</p><p class="hint">${this.canCreate ? "Start one from a message's hover menu to talk it over without filling the channel, or with New thread." : "Threads people start here will be listed."}</p></div>`
              : html`${active.length ? html`<h3 id="active">Active</h3><ul aria-labelledby="active">${active.map((x) => this.item(x))}</ul>` : nothing}
                ${archived.length ? html`<h3 id="archived">Archived</h3><ul aria-labelledby="archived">${archived.map((x) => this.item(x))}</ul>` : nothing}`}
      </div>
    </section>`;
  }

  private item(t: ThreadView) {
    const by = t.createdBy ? this.nameOf(t.createdBy) : "";
    return html`<li class=${t.archived ? "archived" : ""} data-testid="thread-row">
      <button @click=${() => emit(this, "thread-open", { threadId: t.id })}>
        ${t.archived ? icons.archive() : icons.thread()}
        <span class="name">${t.name}</span>
        <span class="meta">${by ? `Started by ${by} · ` : ""}${threadSummary(t)}</span>
      </button>
    </li>`;
  }
}
customElements.define("hearth-threads-panel", HearthThreadsPanel);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-threads-panel": HearthThreadsPanel;
  }
}
