import { LitElement, css, html } from "lit";
import type { FeedbackItem } from "../state/admin.ts";
import { Connect } from "../state/context.ts";
import type { Async } from "../state/store.ts";
import { asyncList, loadInto } from "../render/async-list.ts";
import { describeError } from "../styles/auth-card.ts";
import { manage } from "../styles/manage.ts";
import { settingsSection } from "../styles/settings.ts";
import { shared } from "../styles/shared.ts";

const FILTERS: ["open" | "closed" | "all", string][] = [
  ["open", "Open"],
  ["closed", "Closed"],
  ["all", "All"],
];

/** Instance admin → Feedback: what people sent through "Send feedback", newest first; close or reopen. */
export class HearthAdminFeedback extends LitElement {
  static styles = [
    shared,
    settingsSection,
    manage,
    css`
      .body {
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        margin: var(--space-2) 0;
      }
      .item {
        align-items: flex-start;
      }
    `,
  ];
  static properties = { status: { state: true }, list: { state: true }, busy: { state: true } };
  declare status: "open" | "closed" | "all";
  declare list: Async<FeedbackItem[]>;
  declare busy: boolean;
  private ctx = new Connect(this);

  constructor() {
    super();
    this.status = "open";
    this.list = { state: "idle" };
    this.busy = false;
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  private load = () => void loadInto((s) => (this.list = s), this.list, () => this.ctx.app.admin.feedback(this.status));

  render() {
    return html`<h2>Feedback</h2>
      <p class="intro">Bug reports, ideas and other notes people sent from their settings. Close an item once it's handled.</p>
      <div class="tabs" role="tablist" aria-label="Feedback status">
        ${FILTERS.map(([s, label]) => html`<button role="tab" aria-selected=${this.status === s ? "true" : "false"} @click=${() => ((this.status = s), this.load())}>${label}</button>`)}
      </div>
      ${asyncList(
        this.list,
        this.status === "open" ? "Nothing waiting. People's feedback shows up here." : "Nothing here.",
        (items) => html`<div class="list" data-testid="admin-feedback">
          ${items.map(
            (f) => html`<div class="item">
              <div class="main">
                <div><span class="tag ${f.category === "bug" || f.category === "abuse" ? "" : "muted"}">${f.category}</span> <strong>${f.username ? `@${f.username}` : "Deleted user"}</strong> <span class="hint">${new Date(f.createdAt).toLocaleString()}</span></div>
                <div class="body">${f.body}</div>
              </div>
              <button class="btn secondary small" ?disabled=${this.busy} @click=${() => this.toggle(f)}>${f.status === "open" ? "Close" : "Reopen"}</button>
            </div>`,
          )}
        </div>`,
        this.load,
      )}`;
  }

  private async toggle(f: FeedbackItem) {
    this.busy = true;
    try {
      await this.ctx.app.admin.setFeedbackStatus(f.id, f.status === "open" ? "closed" : "open");
      this.load();
    } catch (err) {
      this.ctx.app.ui.toast(describeError(err), "error");
    } finally {
      this.busy = false;
    }
  }
}
customElements.define("hearth-admin-feedback", HearthAdminFeedback);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-admin-feedback": HearthAdminFeedback;
  }
}
