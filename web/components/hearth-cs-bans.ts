import { LitElement, html, nothing } from "lit";
import { Connect } from "../state/context.ts";
import type { Ban } from "../state/moderation.ts";
import type { Async } from "../state/store.ts";
import { asyncList, loadInto } from "../render/async-list.ts";
import { describeError } from "../styles/auth-card.ts";
import { manage } from "../styles/manage.ts";
import { settingsSection } from "../styles/settings.ts";
import { shared } from "../styles/shared.ts";
import "./hearth-avatar.ts";
import "./hearth-dialog.ts";

/** Community settings → Bans: who is banned, why, by whom and until when; search; unban. Property: `communityId`. */
export class HearthCsBans extends LitElement {
  static styles = [shared, settingsSection, manage];
  static properties = { communityId: {}, list: { state: true }, filter: { state: true }, unbanning: { state: true }, busy: { state: true } };
  declare communityId: string;
  declare list: Async<Ban[]>;
  declare filter: string;
  declare unbanning: Ban | null;
  declare busy: boolean;
  private ctx = new Connect(this, (app) => [app.members]);

  constructor() {
    super();
    this.communityId = this.filter = "";
    this.list = { state: "idle" };
    this.unbanning = null;
    this.busy = false;
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  private load = () => void loadInto((s) => (this.list = s), this.list, () => this.ctx.app.moderation.bans(this.communityId));

  render() {
    const q = this.filter.trim().toLowerCase();
    const filtered: Async<Ban[]> = "value" in this.list && this.list.value && q ? { ...this.list, value: this.list.value.filter((b) => b.user.username.toLowerCase().includes(q) || b.user.displayName.toLowerCase().includes(q)) } : this.list;
    return html`<h2>Bans</h2>
      <p class="intro">Banned people can't rejoin, even with an invite, until the ban ends or you lift it. Ban someone from their page under Members.</p>
      <div class="toolbar"><div class="field" style="flex:1;max-width:320px"><label for="bf">Search bans</label><input id="bf" type="search" placeholder="Name or username" .value=${this.filter} @input=${(e: Event) => (this.filter = (e.target as HTMLInputElement).value)} /></div></div>
      ${asyncList(
        filtered,
        q ? "No ban matches that search." : "Nobody is banned. Long may it last.",
        (items) => html`<div class="list" data-testid="bans">
          ${items.map((b) => {
            const ended = b.expiresAt !== null && new Date(b.expiresAt) <= new Date();
            return html`<div class="item" data-ban=${b.user.username}>
              <hearth-avatar .name=${b.user.displayName} .seed=${b.user.id} size="36"></hearth-avatar>
              <div class="main"><div><strong>${b.user.displayName}</strong> <span class="muted">@${b.user.username}</span> ${ended ? html`<span class="tag muted">Ended</span>` : nothing}</div>
                <div class="hint">${b.reason ? html`“${b.reason}” · ` : "No reason given · "}${b.bannedBy ? `by ${this.ctx.app.members.name(b.bannedBy, this.communityId)} · ` : ""}${new Date(b.createdAt).toLocaleDateString()} · ${b.expiresAt ? `until ${new Date(b.expiresAt).toLocaleString()}` : "permanent"}</div></div>
              <button class="btn secondary small" @click=${() => (this.unbanning = b)} aria-label="Unban ${b.user.displayName}">Unban</button>
            </div>`;
          })}
        </div>`,
        this.load,
      )}
      ${this.unbanning
        ? html`<hearth-dialog open heading="Unban ${this.unbanning.user.displayName}?" confirm-label="Unban" .busy=${this.busy} @dialog-confirm=${this.unban} @dialog-close=${() => (this.unbanning = null)}>
            <p class="muted">They can join again with an invite. Their old roles don't come back.</p>
          </hearth-dialog>`
        : nothing}`;
  }

  private unban = async () => {
    const b = this.unbanning;
    if (!b) return;
    this.busy = true;
    try {
      await this.ctx.app.moderation.unban(this.communityId, b.user.id);
      this.ctx.app.ui.toast(`${b.user.displayName} was unbanned.`, "success");
      this.unbanning = null;
      this.load();
    } catch (err) {
      this.ctx.app.ui.toast(describeError(err), "error");
    } finally {
      this.busy = false;
    }
  };
}
customElements.define("hearth-cs-bans", HearthCsBans);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-cs-bans": HearthCsBans;
  }
}
