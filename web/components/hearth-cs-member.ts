import { LitElement, css, html, nothing } from "lit";
import { NICKNAME_MAX } from "../../protocol/limits.ts";
import { permissionsFromString } from "../../protocol/permissions.ts";
import { canManageRole, outranks, rolesTopDown } from "../state/community-admin.ts";
import { can, type CommunityDetail, type Role } from "../state/communities.ts";
import { Connect } from "../state/context.ts";
import type { Member } from "../state/members.ts";
import { describeError } from "../styles/auth-card.ts";
import { manage } from "../styles/manage.ts";
import { settingsSection } from "../styles/settings.ts";
import { people } from "../styles/people.ts";
import { shared } from "../styles/shared.ts";
import "./hearth-avatar.ts";
import "./hearth-cs-member-moderation.ts";

/** Whether the reader holds every bit of the role (assigning a role grants its bits, so the server requires it). */
function holdsAll(myPermissions: string, role: Role): boolean {
  const mine = permissionsFromString(myPermissions);
  if (can(myPermissions, "ADMINISTRATOR")) return true;
  const bits = permissionsFromString(role.permissions);
  return (mine & bits) === bits;
}

/**
 * One member, managed: who they are, their nickname, their roles (switches; only roles below the reader's highest,
 * and only members the reader outranks or themselves), then the moderation actions. Properties: `communityId`, `userId`.
 */
export class HearthCsMember extends LitElement {
  static styles = [
    shared,
    settingsSection,
    manage,
    people,
    css`
      .nick {
        display: flex;
        gap: var(--space-2);
        align-items: flex-end;
        max-width: 460px;
      }
      .nick .field {
        flex: 1;
        margin: 0;
      }
    `,
  ];
  static properties = { communityId: {}, userId: {}, nickname: { state: true }, busy: { state: true } };
  declare communityId: string;
  declare userId: string;
  declare nickname: string | null;
  declare busy: boolean;
  private ctx = new Connect(this, (app) => [app.members, app.communities, app.auth]);

  constructor() {
    super();
    this.communityId = this.userId = "";
    this.nickname = null;
    this.busy = false;
  }

  private get detail(): CommunityDetail | undefined {
    const d = this.ctx.app.communities.detail.get(this.communityId);
    return d && "value" in d ? d.value : undefined;
  }

  render() {
    const detail = this.detail;
    const m = this.ctx.app.members.members(this.communityId).find((x) => x.user.id === this.userId);
    if (!detail) return nothing;
    if (!m) return html`<div class="empty">They are no longer a member of this community.</div>`;
    const me = this.ctx.app.auth.user?.id;
    const isMe = m.user.id === me;
    const above = outranks(detail, me, m);
    const mayRoles = can(detail.me.permissions, "MANAGE_ROLES") && (above || isMe);
    const mayNick = isMe || (can(detail.me.permissions, "MANAGE_ROLES") && above);
    const nick = this.nickname ?? m.nickname ?? "";
    return html`<div class="person-head">
        <hearth-avatar .name=${m.user.displayName} .seed=${m.user.id} size="64"></hearth-avatar>
        <div><h2>${m.nickname || m.user.displayName}</h2><div class="muted">@${m.user.username} · joined ${new Date(m.joinedAt).toLocaleDateString()}</div>
          ${detail.ownerId === m.user.id ? html`<span class="tag">Owner</span>` : nothing}</div>
      </div>
      <section>
        <h3>Nickname</h3>
        <form class="nick" @submit=${(e: SubmitEvent) => (e.preventDefault(), this.saveNick(m, nick))}>
          <div class="field"><label for="nick" class="sr-only">Nickname</label><input id="nick" type="text" maxlength=${NICKNAME_MAX} placeholder=${m.user.displayName} .value=${nick} ?disabled=${!mayNick} @input=${(e: Event) => (this.nickname = (e.target as HTMLInputElement).value)} /></div>
          ${mayNick ? html`<button class="btn secondary" type="submit" ?disabled=${this.busy || nick === (m.nickname ?? "")}>Save</button>` : nothing}
        </form>
        <p class="hint" style="margin-top:var(--space-2)">${mayNick ? "Shown instead of their display name in this community. Leave empty to clear." : "You can change nicknames only of members below you, with Manage roles."}</p>
      </section>
      <section>
        <h3>Roles</h3>
        ${this.roles(detail, m, mayRoles)}
      </section>
      ${isMe || detail.ownerId === m.user.id ? nothing : html`<hearth-cs-member-moderation .communityId=${this.communityId} .userId=${m.user.id}></hearth-cs-member-moderation>`}`;
  }

  private roles(detail: CommunityDetail, m: Member, mayRoles: boolean) {
    const roles = rolesTopDown(detail.roles).filter((r) => !r.isEveryone);
    if (roles.length === 0) return html`<div class="empty">This community has no roles besides @everyone.</div>`;
    return html`${mayRoles ? nothing : html`<p class="hint" style="margin-bottom:var(--space-3)">You can't change this member's roles${can(detail.me.permissions, "MANAGE_ROLES") ? ": their highest role is at or above yours." : " without Manage roles."}</p>`}
      <div class="perm-list" data-testid="member-roles">
        ${roles.map((r) => {
          const has = m.roleIds.includes(r.id);
          const ok = mayRoles && canManageRole(detail, r) && (has || holdsAll(detail.me.permissions, r));
          const why = !mayRoles ? "" : !canManageRole(detail, r) ? "At or above your highest role." : !ok ? "It has permissions you don't hold." : "";
          return html`<label class="perm">
            <span class="dot" style=${r.color ? `background:${r.color}` : ""}></span>
            <div class="what"><div class="name">${r.name}</div>${why ? html`<div class="hint">${why}</div>` : nothing}</div>
            <span class="switch"><input type="checkbox" role="switch" aria-label=${r.name} .checked=${has} ?disabled=${!ok || this.busy} @change=${(e: Event) => this.toggle(m, r, (e.target as HTMLInputElement).checked)} /><span class="track"></span></span>
          </label>`;
        })}
      </div>`;
  }

  private async toggle(m: Member, role: Role, on: boolean) {
    this.busy = true;
    try {
      await this.ctx.app.moderation.assignRole(this.communityId, m.user.id, role.id, on);
      this.ctx.app.ui.toast(on ? `Gave ${role.name} to ${m.user.displayName}.` : `Took ${role.name} from ${m.user.displayName}.`, "success");
    } catch (err) {
      this.ctx.app.ui.toast(describeError(err), "error");
    } finally {
      await this.ctx.app.members.load(this.communityId);
      if (m.user.id === this.ctx.app.auth.user?.id) void this.ctx.app.communities.loadDetail(this.communityId);
      this.busy = false;
    }
  }

  private async saveNick(m: Member, nick: string) {
    this.busy = true;
    try {
      await this.ctx.app.communityAdmin.setNickname(this.communityId, m.user.id, nick.trim() || null);
      this.ctx.app.ui.toast(nick.trim() ? "Nickname saved." : "Nickname cleared.", "success");
      this.nickname = null;
      await this.ctx.app.members.load(this.communityId);
    } catch (err) {
      this.ctx.app.ui.toast(describeError(err), "error");
    } finally {
      this.busy = false;
    }
  }
}
customElements.define("hearth-cs-member", HearthCsMember);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-cs-member": HearthCsMember;
  }
}
