import { LitElement, html } from "lit";
import { settingsSection } from "../styles/settings.ts";
import { shared } from "../styles/shared.ts";
import "./hearth-audit-log.ts";

/** Community settings → Audit log: every moderation and configuration change here. Property: `communityId`. */
export class HearthCsAudit extends LitElement {
  static styles = [shared, settingsSection];
  static properties = { communityId: {} };
  declare communityId: string;

  constructor() {
    super();
    this.communityId = "";
  }

  render() {
    return html`<h2>Audit log</h2>
      <p class="intro">Every moderation and configuration change in this community: who did it, to whom, when and why.</p>
      <hearth-audit-log .communityId=${this.communityId}></hearth-audit-log>`;
  }
}
customElements.define("hearth-cs-audit", HearthCsAudit);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-cs-audit": HearthCsAudit;
  }
}
