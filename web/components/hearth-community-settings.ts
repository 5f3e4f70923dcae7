import { LitElement, css, html, nothing } from "lit";
import { can, canCreateChannels, type Group } from "../state/communities.ts";
import { Connect } from "../state/context.ts";
import type { CommunitySettingsSection } from "../state/router.ts";
import { icons } from "../styles/icons.ts";
import { settingsLayout } from "../styles/settings-layout.ts";
import { shared } from "../styles/shared.ts";
import "./hearth-cs-audit.ts";
import "./hearth-cs-bans.ts";
import "./hearth-cs-channels.ts";
import "./hearth-cs-invites.ts";
import "./hearth-cs-members.ts";
import "./hearth-cs-overview.ts";
import "./hearth-cs-reports.ts";
import "./hearth-cs-roles.ts";
import "./hearth-cs-webhooks.ts";
import "./hearth-cs-emoji.ts";

/** Each section, and who sees it: from the community-wide permissions, and the groups for Channels (personal groups). */
const SECTIONS: [CommunitySettingsSection, string, (perms: string | undefined, groups: readonly Group[]) => boolean][] = [
  ["overview", "Overview", () => true],
  ["roles", "Roles", (p) => can(p, "MANAGE_ROLES")],
  ["channels", "Channels", (p, groups) => canCreateChannels(p, groups) || can(p, "MANAGE_GROUPS")],
  ["members", "Members", () => true],
  ["invites", "Invites", (p) => can(p, "CREATE_INVITES") || can(p, "MANAGE_COMMUNITY")],
  ["emoji", "Emoji", () => true],
  ["webhooks", "Webhooks", (p) => can(p, "MANAGE_WEBHOOKS")],
  ["bans", "Bans", (p) => can(p, "BAN_MEMBERS")],
  ["reports", "Reports", (p) => can(p, "KICK_MEMBERS") || can(p, "BAN_MEMBERS") || can(p, "MANAGE_MESSAGES") || can(p, "TIMEOUT_MEMBERS")],
  ["audit", "Audit log", (p) => can(p, "VIEW_AUDIT_LOG")],
];

/**
 * A community's settings layer: the sections the reader's permissions allow. Escape or close returns to the
 * community. Properties: `communityId`, `section`. No events.
 */
export class HearthCommunitySettings extends LitElement {
  static styles = [
    shared,
    settingsLayout,
    css`
      /* Roles and permission grids are two columns wide: give them more room than the user settings. */
      .content > .body {
        max-width: 920px;
      }
    `,
  ];
  static properties = { communityId: {}, section: {} };
  declare communityId: string;
  declare section: CommunitySettingsSection;
  private ctx = new Connect(this, (app) => [app.communities]);

  constructor() {
    super();
    this.communityId = "";
    this.section = "overview";
  }

  connectedCallback() {
    super.connectedCallback();
    window.addEventListener("keydown", this.onKey);
    queueMicrotask(() => this.ctx.app.communities.ensure(this.communityId));
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    window.removeEventListener("keydown", this.onKey);
  }

  private onKey = (e: KeyboardEvent) => {
    if (e.key === "Escape" && !e.defaultPrevented && !e.composedPath().some((n) => n instanceof HTMLDialogElement)) this.close();
  };

  render() {
    const { communities } = this.ctx.app;
    const d = communities.detail.get(this.communityId);
    const detail = d && "value" in d ? d.value : undefined;
    const perms = detail?.me.isOwner ? undefined : detail?.me.permissions;
    const s = communities.structure.get(this.communityId);
    const groups = (s && "value" in s ? s.value?.groups : undefined) ?? [];
    const allowed = (fn: (p: string | undefined, g: readonly Group[]) => boolean) => detail?.me.isOwner || can(perms, "ADMINISTRATOR") || fn(perms, groups);
    const visible = SECTIONS.filter(([, , fn]) => allowed(fn));
    return html`<nav aria-label="Community settings">
        <div>
          <div class="group">${detail?.name ?? communities.community(this.communityId)?.name ?? "Community"}</div>
          ${visible.map(([s, label]) => html`<a href="/c/${this.communityId}/settings/${s}" aria-current=${this.section === s ? "page" : "false"}>${label}</a>`)}
        </div>
      </nav>
      <div class="content">
        <div class="body">${detail ? this.body(visible.some(([s]) => s === this.section)) : html`<span class="spinner" role="status" aria-label="Loading"></span>`}</div>
        <div class="close"><button class="icon-btn" aria-label="Close community settings" @click=${this.close}>${icons.close()}</button><span aria-hidden="true">ESC</span></div>
      </div>`;
  }

  private body(allowed: boolean) {
    if (!allowed) return html`<p class="muted">You don't have permission to change this part of the community.</p>`;
    const id = this.communityId;
    switch (this.section) {
      case "overview":
        return html`<hearth-cs-overview .communityId=${id}></hearth-cs-overview>`;
      case "roles":
        return html`<hearth-cs-roles .communityId=${id}></hearth-cs-roles>`;
      case "channels":
        return html`<hearth-cs-channels .communityId=${id}></hearth-cs-channels>`;
      case "members":
        return html`<hearth-cs-members .communityId=${id}></hearth-cs-members>`;
      case "invites":
        return html`<hearth-cs-invites .communityId=${id}></hearth-cs-invites>`;
      case "emoji":
        return html`<hearth-cs-emoji .communityId=${id}></hearth-cs-emoji>`;
      case "webhooks":
        return html`<hearth-cs-webhooks .communityId=${id}></hearth-cs-webhooks>`;
      case "bans":
        return html`<hearth-cs-bans .communityId=${id}></hearth-cs-bans>`;
      case "reports":
        return html`<hearth-cs-reports .communityId=${id}></hearth-cs-reports>`;
      case "audit":
        return html`<hearth-cs-audit .communityId=${id}></hearth-cs-audit>`;
      default:
        return nothing;
    }
  }

  private close = () => {
    const last = this.ctx.app.ui.lastAppUrl;
    this.ctx.app.router.navigate(last.startsWith(`/c/${this.communityId}`) ? last : `/c/${this.communityId}`);
  };
}
customElements.define("hearth-community-settings", HearthCommunitySettings);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-community-settings": HearthCommunitySettings;
  }
}
