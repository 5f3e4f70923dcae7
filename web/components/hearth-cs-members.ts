import { LitElement, css, html, nothing } from "lit";
import { rolesTopDown } from "../state/community-admin.ts";
import type { CommunityDetail } from "../state/communities.ts";
import { Connect } from "../state/context.ts";
import type { Member } from "../state/members.ts";
import { describeError } from "../styles/auth-card.ts";
import { icons } from "../styles/icons.ts";
import { manage } from "../styles/manage.ts";
import { settingsSection } from "../styles/settings.ts";
import { people } from "../styles/people.ts";
import { shared } from "../styles/shared.ts";
import "./hearth-avatar.ts";
import "./hearth-cs-member.ts";

/**
 * Community settings → Members: everyone, searchable and filterable by role, with their roles and state; open one
 * to manage their roles and nickname, or to time out, warn, kick or ban them. Property: `communityId`.
 */
export class HearthCsMembers extends LitElement {
  static styles = [
    shared,
    settingsSection,
    manage,
    people,
    css`
      .who .names {
        min-width: 0;
      }
      .who .names div {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      @media (max-width: 600px) {
        .hide-phone {
          display: none;
        }
      }
    `,
  ];
  static properties = { communityId: {}, filter: { state: true }, roleFilter: { state: true }, open: { state: true } };
  declare communityId: string;
  declare filter: string;
  declare roleFilter: string;
  declare open: string | null;
  private ctx = new Connect(this, (app) => [app.members, app.communities]);

  constructor() {
    super();
    this.communityId = "";
    this.filter = this.roleFilter = "";
    this.open = null;
  }

  connectedCallback() {
    super.connectedCallback();
    void this.ctx.app.members.load(this.communityId);
  }

  render() {
    const { members, communities } = this.ctx.app;
    const d = communities.detail.get(this.communityId);
    const detail = d && "value" in d ? d.value : undefined;
    const s = members.lists.get(this.communityId);
    if (this.open && detail) {
      return html`<button class="link-btn back" @click=${() => (this.open = null)}>${icons.back()}All members</button>
        <hearth-cs-member .communityId=${this.communityId} .userId=${this.open}></hearth-cs-member>`;
    }
    const all = members.members(this.communityId);
    return html`<h2>Members</h2>
      <p class="intro">${all.length} ${all.length === 1 ? "member" : "members"}. Open someone to change their roles and nickname, or to moderate them.</p>
      <div class="toolbar">
        <div class="field" style="flex:1;min-width:200px;max-width:320px"><label for="f">Search</label><input id="f" type="search" placeholder="Name or username" .value=${this.filter} @input=${(e: Event) => (this.filter = (e.target as HTMLInputElement).value)} /></div>
        ${detail
          ? html`<div class="field" style="min-width:160px"><label for="rf">Role</label><select id="rf" @change=${(e: Event) => (this.roleFilter = (e.target as HTMLSelectElement).value)}>
              <option value="">Any role</option>
              ${rolesTopDown(detail.roles).filter((r) => !r.isEveryone).map((r) => html`<option value=${r.id} ?selected=${this.roleFilter === r.id}>${r.name}</option>`)}
            </select></div>`
          : nothing}
      </div>
      ${s?.state === "error" ? html`<div class="alert" role="alert">${describeError(s.error)} <button class="link-btn" @click=${() => members.load(this.communityId)}>Retry</button></div>` : nothing}
      ${!s || (s.state !== "ready" && all.length === 0 && s.state !== "error") || !detail ? html`<span class="spinner" role="status" aria-label="Loading members"></span>` : this.table(this.visible(all), detail)}`;
  }

  private visible(all: Member[]): Member[] {
    const q = this.filter.trim().toLowerCase();
    return all
      .filter((m) => !q || m.user.username.toLowerCase().includes(q) || m.user.displayName.toLowerCase().includes(q) || (m.nickname ?? "").toLowerCase().includes(q))
      .filter((m) => !this.roleFilter || m.roleIds.includes(this.roleFilter))
      .sort((a, b) => (a.nickname || a.user.displayName).localeCompare(b.nickname || b.user.displayName));
  }

  private table(list: Member[], detail: CommunityDetail) {
    if (list.length === 0) return html`<div class="empty">Nobody matches that search.</div>`;
    const roles = rolesTopDown(detail.roles).filter((r) => !r.isEveryone);
    const now = new Date();
    return html`<div class="table-wrap"><table data-testid="members-table">
      <thead><tr><th>Member</th><th class="hide-phone">Roles</th><th class="hide-phone">Joined</th><th><span class="sr-only">Actions</span></th></tr></thead>
      <tbody>
        ${list.map((m) => {
          const timedOut = m.timedOutUntil && new Date(m.timedOutUntil) > now;
          return html`<tr data-member=${m.user.username}>
            <td><div class="who"><hearth-avatar .name=${m.user.displayName} .seed=${m.user.id} size="32"></hearth-avatar>
              <div class="names"><div>${m.nickname || m.user.displayName} ${detail.ownerId === m.user.id ? html`<span class="tag">Owner</span>` : nothing} ${timedOut ? html`<span class="tag warn">Timed out</span>` : nothing}</div><div class="hint">@${m.user.username}</div></div></div></td>
            <td class="hide-phone"><div class="tags">${roles.filter((r) => m.roleIds.includes(r.id)).map((r) => html`<span class="chip"><span class="dot" style=${r.color ? `background:${r.color}` : ""}></span>${r.name}</span>`)}</div></td>
            <td class="hide-phone" style="white-space:nowrap">${new Date(m.joinedAt).toLocaleDateString()}</td>
            <td><div class="actions"><button class="btn secondary small" aria-label="Manage ${m.nickname || m.user.displayName}" @click=${() => (this.open = m.user.id)}>Manage</button></div></td>
          </tr>`;
        })}
      </tbody>
    </table></div>`;
  }
}
customElements.define("hearth-cs-members", HearthCsMembers);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-cs-members": HearthCsMembers;
  }
}
