import { LitElement, html } from "lit";
import { Connect } from "../state/context.ts";
import type { Ban } from "../state/moderation.ts";
import type { Async } from "../state/store.ts";
import { asyncList, loadInto } from "../render/async-list.ts";
import { describeError } from "../styles/auth-card.ts";
import { settingsSection } from "../styles/settings.ts";
import { shared } from "../styles/shared.ts";

/** Community settings → Bans: who is banned, why and until when; unban. Property: `communityId`. */
export class HearthCsBans extends LitElement {
  static styles = [shared, settingsSection];
  static properties = { communityId: {}, list: { state: true } };
  declare communityId: string;
  declare list: Async<Ban[]>;
  private ctx = new Connect(this);

  constructor() {
    super();
    this.communityId = "";
    this.list = { state: "idle" };
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  private load = () => void loadInto((s) => (this.list = s), this.list, () => this.ctx.app.moderation.bans(this.communityId));

  render() {
    return html`<h2>Bans</h2>
      <p class="intro">Banned people can't rejoin, even with an invite. Ban from a member's card in the member list.</p>
      ${asyncList(
        this.list,
        "Nobody is banned. Long may it last.",
        (items) => html`<div class="list">
          ${items.map(
            (b) => html`<div class="item"><div class="main"><strong>${b.user.displayName}</strong> <span class="muted">@${b.user.username}</span><div class="hint">${b.reason ? `“${b.reason}” · ` : ""}${b.expiresAt ? `until ${new Date(b.expiresAt).toLocaleString()}` : "permanent"}</div></div>
              <button class="btn secondary small" @click=${() => this.unban(b)} aria-label="Unban ${b.user.displayName}">Unban</button></div>`,
          )}
        </div>`,
        this.load,
      )}`;
  }

  private async unban(b: Ban) {
    try {
      await this.ctx.app.moderation.unban(this.communityId, b.user.id);
      this.ctx.app.ui.toast(`${b.user.displayName} was unbanned.`, "success");
      this.load();
    } catch (err) {
      this.ctx.app.ui.toast(describeError(err), "error");
    }
  }
}
customElements.define("hearth-cs-bans", HearthCsBans);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-cs-bans": HearthCsBans;
  }
}
