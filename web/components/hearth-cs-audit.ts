import { LitElement, html } from "lit";
import { Connect } from "../state/context.ts";
import type { AuditEntry } from "../state/moderation.ts";
import type { Async } from "../state/store.ts";
import { asyncList, loadInto } from "../render/async-list.ts";
import { settingsSection } from "../styles/settings.ts";
import { shared } from "../styles/shared.ts";

/** "member.timeout" → "Member timeout". */
function actionLabel(a: string): string {
  const s = a.replace(/[._]/g, " ");
  return s[0].toUpperCase() + s.slice(1);
}

/** Community settings → Audit log: who did what to whom, newest first. Property: `communityId`. */
export class HearthCsAudit extends LitElement {
  static styles = [shared, settingsSection];
  static properties = { communityId: {}, list: { state: true } };
  declare communityId: string;
  declare list: Async<AuditEntry[]>;
  private ctx = new Connect(this, (app) => [app.members, app.prefs]);

  constructor() {
    super();
    this.communityId = "";
    this.list = { state: "idle" };
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  private load = () => void loadInto((s) => (this.list = s), this.list, () => this.ctx.app.moderation.audit(this.communityId));

  render() {
    return html`<h2>Audit log</h2>
      <p class="intro">Every moderation and configuration change in this community.</p>
      ${asyncList(
        this.list,
        "Nothing recorded yet.",
        (items) => html`<table data-testid="audit-table">
          <thead><tr><th>When</th><th>Who</th><th>What</th><th>Target</th><th>Reason</th></tr></thead>
          <tbody>
            ${items.map((e) => {
              const when = new Date(e.createdAt);
              const target = e.targetType === "user" && e.targetId ? this.ctx.app.members.name(e.targetId, this.communityId) : (e.targetType ?? "");
              return html`<tr><td style="white-space:nowrap">${when.toLocaleDateString()} ${this.ctx.app.prefs.time(when)}</td><td>${e.actor?.displayName ?? "System"}</td><td>${actionLabel(e.action)}</td><td>${target}</td><td>${e.reason ?? ""}</td></tr>`;
            })}
          </tbody>
        </table>`,
        this.load,
      )}`;
  }
}
customElements.define("hearth-cs-audit", HearthCsAudit);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-cs-audit": HearthCsAudit;
  }
}
