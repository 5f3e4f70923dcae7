import { LitElement, html, nothing } from "lit";
import { can, type Role } from "../state/communities.ts";
import { Connect } from "../state/context.ts";
import { describeError } from "../styles/auth-card.ts";
import { settingsSection } from "../styles/settings.ts";
import { shared } from "../styles/shared.ts";
import "./hearth-avatar.ts";

/** Community settings → Members: everyone, with role checkboxes (for role managers) and their timeout state. */
export class HearthCsMembers extends LitElement {
  static styles = [shared, settingsSection];
  static properties = { communityId: {}, filter: { state: true } };
  declare communityId: string;
  declare filter: string;
  private ctx = new Connect(this, (app) => [app.members, app.communities]);

  constructor() {
    super();
    this.communityId = "";
    this.filter = "";
  }

  connectedCallback() {
    super.connectedCallback();
    void this.ctx.app.members.load(this.communityId);
  }

  render() {
    const { members, communities } = this.ctx.app;
    const d = communities.detail.get(this.communityId);
    const detail = d && "value" in d ? d.value : undefined;
    const roles: Role[] = (detail?.roles ?? []).filter((r) => !r.isEveryone).sort((a, b) => b.position - a.position);
    const manage = detail?.me.isOwner || can(detail?.me.permissions, "MANAGE_ROLES") || can(detail?.me.permissions, "ADMINISTRATOR");
    const q = this.filter.toLowerCase();
    const list = members.members(this.communityId).filter((m) => !q || m.user.username.includes(q) || m.user.displayName.toLowerCase().includes(q));
    return html`<h2>Members</h2>
      <p class="intro">${members.members(this.communityId).length} members. ${manage ? "Tick a role to give it; untick to take it away." : ""}</p>
      <div class="field" style="max-width:320px"><label for="f">Search members</label><input id="f" type="search" .value=${this.filter} @input=${(e: Event) => (this.filter = (e.target as HTMLInputElement).value)} /></div>
      <table data-testid="members-table">
        <thead><tr><th>Member</th>${roles.map((r) => html`<th>${r.name}</th>`)}<th>Status</th></tr></thead>
        <tbody>
          ${list.map((m) => {
            const timedOut = m.timedOutUntil && new Date(m.timedOutUntil) > new Date();
            return html`<tr>
              <td><div class="row" style="gap:var(--space-2)"><hearth-avatar .name=${m.user.displayName} .seed=${m.user.id} size="28"></hearth-avatar><div><div>${m.nickname || m.user.displayName}</div><div class="hint">@${m.user.username}</div></div></div></td>
              ${roles.map((r) => html`<td><input type="checkbox" aria-label="${r.name} for ${m.user.displayName}" .checked=${m.roleIds.includes(r.id)} ?disabled=${!manage || detail?.ownerId === m.user.id} @change=${(e: Event) => this.toggle(m.user.id, r, (e.target as HTMLInputElement).checked)} /></td>`)}
              <td>${detail?.ownerId === m.user.id ? html`<span class="tag">Owner</span>` : timedOut ? html`<span class="tag muted">Timed out</span>` : nothing}</td>
            </tr>`;
          })}
        </tbody>
      </table>`;
  }

  private async toggle(userId: string, role: Role, on: boolean) {
    try {
      await this.ctx.app.moderation.assignRole(this.communityId, userId, role.id, on);
      await this.ctx.app.members.load(this.communityId);
      this.ctx.app.ui.toast(on ? `Gave ${role.name}.` : `Removed ${role.name}.`, "success");
    } catch (err) {
      this.ctx.app.ui.toast(describeError(err), "error");
      await this.ctx.app.members.load(this.communityId);
    }
  }
}
customElements.define("hearth-cs-members", HearthCsMembers);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-cs-members": HearthCsMembers;
  }
}
