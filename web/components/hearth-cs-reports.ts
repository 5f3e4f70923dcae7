import { LitElement, html } from "lit";
import { Connect } from "../state/context.ts";
import type { Report } from "../state/moderation.ts";
import type { Async } from "../state/store.ts";
import { asyncList, loadInto } from "../render/async-list.ts";
import { describeError } from "../styles/auth-card.ts";
import { settingsSection } from "../styles/settings.ts";
import { shared } from "../styles/shared.ts";

/** Community settings → Reports: the moderation queue; resolve or dismiss. Property: `communityId`. */
export class HearthCsReports extends LitElement {
  static styles = [shared, settingsSection];
  static properties = { communityId: {}, list: { state: true } };
  declare communityId: string;
  declare list: Async<Report[]>;
  private ctx = new Connect(this, (app) => [app.members]);

  constructor() {
    super();
    this.communityId = "";
    this.list = { state: "idle" };
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  private load = () => void loadInto((s) => (this.list = s), this.list, () => this.ctx.app.moderation.reports(this.communityId));

  render() {
    return html`<h2>Reports</h2>
      <p class="intro">Messages and people that members reported. Resolve when you've acted, dismiss when there's nothing to do.</p>
      ${asyncList(
        this.list,
        "The queue is empty. Nothing needs your attention.",
        (items) => html`<div class="list">
          ${items.map(
            (r) => html`<div class="item"><div class="main"><div><span class="tag ${r.status === "open" ? "" : "muted"}">${r.status}</span> ${r.targetType} reported by ${this.ctx.app.members.name(r.reporterId, this.communityId)}</div><div class="hint">“${r.reason}” · ${new Date(r.createdAt).toLocaleString()}</div></div>
              ${r.status === "open" ? html`<button class="btn small" @click=${() => this.resolve(r, "resolved")}>Resolve</button><button class="btn ghost small" @click=${() => this.resolve(r, "dismissed")}>Dismiss</button>` : ""}</div>`,
          )}
        </div>`,
        this.load,
      )}`;
  }

  private async resolve(r: Report, how: "resolved" | "dismissed") {
    try {
      await this.ctx.app.moderation.resolveReport(this.communityId, r.id, how);
      this.load();
    } catch (err) {
      this.ctx.app.ui.toast(describeError(err), "error");
    }
  }
}
customElements.define("hearth-cs-reports", HearthCsReports);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-cs-reports": HearthCsReports;
  }
}
