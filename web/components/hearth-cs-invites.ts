import { LitElement, html } from "lit";
import type { CommunityInvite } from "../state/communities.ts";
import { Connect } from "../state/context.ts";
import type { Async } from "../state/store.ts";
import { asyncList, loadInto } from "../render/async-list.ts";
import { describeError } from "../styles/auth-card.ts";
import { settingsSection } from "../styles/settings.ts";
import { shared } from "../styles/shared.ts";

/** Community settings → Invites: every invite with its uses and expiry; revoke. Property: `communityId`. */
export class HearthCsInvites extends LitElement {
  static styles = [shared, settingsSection];
  static properties = { communityId: {}, list: { state: true } };
  declare communityId: string;
  declare list: Async<CommunityInvite[]>;
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

  private load = () => void loadInto((s) => (this.list = s), this.list, () => this.ctx.app.moderation.invites(this.communityId));

  render() {
    return html`<h2>Invites</h2>
      <p class="intro">Links that let people join. Revoke one to stop it working at once.</p>
      ${asyncList(
        this.list,
        "No invites yet. Use “Invite people” in the channel sidebar to make one.",
        (items) => html`<table data-testid="invites-table">
          <thead><tr><th>Code</th><th>Made by</th><th>Uses</th><th>Expires</th><th><span class="sr-only">Actions</span></th></tr></thead>
          <tbody>
            ${items.map(
              (i) => html`<tr>
                <td class="mono">${i.code}</td>
                <td>${this.ctx.app.members.name(i.creatorId, this.communityId)}</td>
                <td>${i.uses}${i.maxUses ? ` / ${i.maxUses}` : ""}</td>
                <td>${i.revokedAt ? "Revoked" : i.expiresAt ? new Date(i.expiresAt).toLocaleString() : "Never"}</td>
                <td style="text-align:right">${i.revokedAt ? "" : html`<button class="btn secondary small" @click=${() => this.revoke(i)} aria-label="Revoke invite ${i.code}">Revoke</button>`}</td>
              </tr>`,
            )}
          </tbody>
        </table>`,
        this.load,
      )}`;
  }

  private async revoke(i: CommunityInvite) {
    try {
      await this.ctx.app.moderation.revokeInvite(i.code);
      this.ctx.app.ui.toast("Invite revoked.", "success");
      this.load();
    } catch (err) {
      this.ctx.app.ui.toast(describeError(err), "error");
    }
  }
}
customElements.define("hearth-cs-invites", HearthCsInvites);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-cs-invites": HearthCsInvites;
  }
}
