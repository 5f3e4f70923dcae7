import { LitElement, html } from "lit";
import { settingsSection } from "../styles/settings.ts";
import { shared } from "../styles/shared.ts";
import "./hearth-report-queue.ts";

/** Community settings → Reports: the community's moderation queue. Property: `communityId`. */
export class HearthCsReports extends LitElement {
  static styles = [shared, settingsSection];
  static properties = { communityId: {} };
  declare communityId: string;

  constructor() {
    super();
    this.communityId = "";
  }

  render() {
    return html`<h2>Reports</h2>
      <p class="intro">Messages and people members reported. Resolve when you've acted, dismiss when there's nothing to do, or escalate to the instance admins.</p>
      <hearth-report-queue .communityId=${this.communityId}></hearth-report-queue>`;
  }
}
customElements.define("hearth-cs-reports", HearthCsReports);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-cs-reports": HearthCsReports;
  }
}
