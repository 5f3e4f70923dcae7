import { LitElement, css, html, nothing } from "lit";
import type { Permission } from "../../protocol/permissions.ts";
import { applyTri, canGrantBit, outranks, overrideCounts, rolesTopDown, triState, type Tri } from "../state/community-admin.ts";
import type { CommunityDetail, Role } from "../state/communities.ts";
import { Connect } from "../state/context.ts";
import type { Override } from "../state/moderation.ts";
import { overrideCategories, PERMISSION_INFO } from "../state/permission-info.ts";
import type { Async } from "../state/store.ts";
import { describeError } from "../styles/auth-card.ts";
import { manageIcons } from "../styles/manage-icons.ts";
import { manage } from "../styles/manage.ts";
import { shared } from "../styles/shared.ts";
import "./hearth-dialog.ts";

type Target = { targetType: "role" | "member"; targetId: string };
const TRI_LABEL: Record<Tri, string> = { deny: "Deny", neutral: "Inherit", allow: "Allow" };

/**
 * The permission overrides of one channel or group: who has an override (roles and members, with how many bits each
 * allows and denies), and for the chosen one every permission as deny / inherit / allow. For a channel it shows and
 * explains whether it follows its group, and can make it follow again. Bits the reader does not hold are disabled.
 * Properties: `communityId`, `scope` ("channels" | "groups"), `targetId`, `groupName` (the channel's group, or ""),
 * `myPermissions` (the reader's effective bits in that channel or group). No events.
 */
export class HearthOverrideGrid extends LitElement {
  static styles = [
    shared,
    manage,
    css`
      :host {
        display: block;
      }
      .layout {
        display: grid;
        grid-template-columns: 220px minmax(0, 1fr);
        gap: var(--space-4);
        align-items: start;
      }
      .targets button.t {
        display: flex;
        align-items: center;
        gap: var(--space-2);
        width: 100%;
        padding: 8px 10px;
        margin-bottom: 2px;
        border: 1px solid transparent;
        border-radius: var(--radius-s);
        background: none;
        cursor: pointer;
        text-align: left;
      }
      .targets button.t:hover {
        background: var(--bg-hover);
      }
      .targets button.t[aria-current="true"] {
        background: var(--bg-active);
        border-color: var(--border);
      }
      .targets .name {
        flex: 1;
        min-width: 0;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .targets svg {
        width: 14px;
        height: 14px;
        flex: none;
      }
      .legend {
        display: flex;
        flex-wrap: wrap;
        gap: var(--space-3);
        font-size: 0.82rem;
        color: var(--fg-muted);
        margin-bottom: var(--space-3);
      }
      .legend span {
        display: inline-flex;
        align-items: center;
        gap: 4px;
      }
      .legend svg {
        width: 14px;
        height: 14px;
      }
      @media (max-width: 900px) {
        .layout {
          grid-template-columns: 1fr;
        }
      }
    `,
  ];
  static properties = {
    communityId: {},
    scope: {},
    targetId: {},
    groupName: {},
    myPermissions: {},
    data: { state: true },
    target: { state: true },
    draft: { state: true },
    busy: { state: true },
    confirmSync: { state: true },
  };
  declare communityId: string;
  declare scope: "channels" | "groups";
  declare targetId: string;
  declare groupName: string;
  declare myPermissions: string;
  declare data: Async<{ syncWithGroup?: boolean; overrides: Override[] }>;
  declare target: Target | null;
  declare draft: Partial<Record<Permission, Tri>>;
  declare busy: boolean;
  declare confirmSync: boolean;
  private ctx = new Connect(this, (app) => [app.communities, app.members]);

  constructor() {
    super();
    this.communityId = this.targetId = this.groupName = "";
    this.myPermissions = "0";
    this.scope = "channels";
    this.data = { state: "idle" };
    this.target = null;
    this.draft = {};
    this.busy = false;
    this.confirmSync = false;
  }

  connectedCallback() {
    super.connectedCallback();
    this.ctx.app.members.ensure(this.communityId);
  }

  protected willUpdate(changed: Map<string, unknown>) {
    if (changed.has("targetId") || changed.has("scope")) {
      this.target = null;
      void this.load();
    }
  }

  private get detail(): CommunityDetail | undefined {
    const d = this.ctx.app.communities.detail.get(this.communityId);
    return d && "value" in d ? d.value : undefined;
  }

  private async load() {
    this.data = { state: "loading", value: "value" in this.data ? this.data.value : undefined };
    try {
      this.data = { state: "ready", value: await this.ctx.app.communityAdmin.overrides(this.scope, this.targetId) };
      const everyone = this.detail?.roles.find((r) => r.isEveryone);
      this.pick(this.target ?? (everyone ? { targetType: "role", targetId: everyone.id } : null));
    } catch (e) {
      this.data = { state: "error", error: e as Error };
    }
  }

  private current(t: Target | null = this.target): Override | undefined {
    if (!t || !("value" in this.data) || !this.data.value) return undefined;
    return this.data.value.overrides.find((o) => o.targetType === t.targetType && o.targetId === t.targetId);
  }

  private pick(t: Target | null) {
    this.target = t;
    const o = this.current(t);
    this.draft = Object.fromEntries(overrideCategories().flatMap((c) => c.permissions.map((p) => [p, triState(o, p)])));
  }

  private name(t: Target, roles: Role[]): string {
    if (t.targetType === "role") {
      const r = roles.find((x) => x.id === t.targetId);
      return r ? (r.isEveryone ? "@everyone" : r.name) : "Deleted role";
    }
    return this.ctx.app.members.name(t.targetId, this.communityId);
  }

  render() {
    const d = this.data;
    const detail = this.detail;
    if (d.state === "error") return html`<div class="alert" role="alert">${describeError(d.error)} <button class="link-btn" @click=${() => this.load()}>Retry</button></div>`;
    if (!("value" in d) || !d.value || !detail) return html`<span class="spinner" role="status" aria-label="Loading permissions"></span>`;
    return html`${this.syncNotice(d.value.syncWithGroup ?? false)}
      <div class="layout">${this.targets(d.value.overrides, detail)}<div>${this.target ? this.grid(this.target, detail.roles) : nothing}</div></div>
      ${this.confirmSync
        ? html`<hearth-dialog open heading="Sync with ${this.groupName}?" confirm-label="Sync permissions" .busy=${this.busy} @dialog-confirm=${this.sync} @dialog-close=${() => (this.confirmSync = false)}>
            <p class="muted">The channel's own overrides are set aside and it follows the group's permissions again.</p>
          </hearth-dialog>`
        : nothing}`;
  }

  private syncNotice(synced: boolean) {
    if (this.scope === "groups") return html`<div class="notice" data-testid="sync-state">${manageIcons.info()}<div class="grow">Channels synced with this group follow these permissions. A channel with its own permissions ignores them.</div></div>`;
    if (!this.groupName) return html`<div class="notice" data-testid="sync-state">${manageIcons.info()}<div class="grow">This channel isn't in a group, so only its own permissions below apply.</div></div>`;
    if (synced) {
      return html`<div class="notice" data-testid="sync-state">${manageIcons.sync()}<div class="grow"><strong>Synced with ${this.groupName}.</strong> This channel follows the group's permissions, shown below. Saving a change here gives the channel its own copy and stops the sync.</div></div>`;
    }
    return html`<div class="notice warn" data-testid="sync-state">${manageIcons.sync()}<div class="grow"><strong>Not synced with ${this.groupName}.</strong> This channel has its own permissions; the group's don't apply to it.</div><button class="btn secondary small" ?disabled=${this.busy} @click=${() => (this.confirmSync = true)}>Sync now</button></div>`;
  }

  private targets(overrides: Override[], detail: CommunityDetail) {
    const roles = detail.roles;
    const me = this.ctx.app.auth.user?.id;
    const listed: Target[] = [...overrides.map((o) => ({ targetType: o.targetType, targetId: o.targetId }))];
    if (this.target && !this.current()) listed.push(this.target);
    const rank = (t: Target) => (t.targetType === "role" ? (roles.find((r) => r.id === t.targetId)?.position ?? -1) : -2);
    listed.sort((a, b) => rank(b) - rank(a));
    const has = new Set(listed.map((t) => `${t.targetType}:${t.targetId}`));
    const addRoles = rolesTopDown(roles).filter((r) => !has.has(`role:${r.id}`));
    const addMembers = this.ctx.app.members.members(this.communityId).filter((m) => !has.has(`member:${m.user.id}`) && (m.user.id === me || outranks(detail, me, m)));
    return html`<div class="targets">
      <div class="label" style="margin-bottom:var(--space-2)">Roles and members</div>
      <div role="list" aria-label="Who has overrides">
        ${listed.map((t) => {
          const o = overrides.find((x) => x.targetType === t.targetType && x.targetId === t.targetId);
          const n = o ? overrideCounts(o) : { allow: 0, deny: 0 };
          const role = t.targetType === "role" ? roles.find((r) => r.id === t.targetId) : undefined;
          return html`<div role="listitem"><button class="t" aria-current=${this.target?.targetId === t.targetId ? "true" : "false"} @click=${() => this.pick(t)}>
            ${t.targetType === "role" ? html`<span class="dot" style=${role?.color ? `background:${role.color}` : ""}></span>` : manageIcons.user()}
            <span class="name">${this.name(t, roles)}</span>
            ${n.allow ? html`<span class="count-allow" aria-label="${n.allow} allowed">+${n.allow}</span>` : nothing}
            ${n.deny ? html`<span class="count-deny" aria-label="${n.deny} denied">−${n.deny}</span>` : nothing}
          </button></div>`;
        })}
      </div>
      <div class="field" style="margin-top:var(--space-3)"><label for="add">Add a role or member</label>
        <select id="add" @change=${this.onAdd}>
          <option value="">Choose…</option>
          ${addRoles.length ? html`<optgroup label="Roles">${addRoles.map((r) => html`<option value="role:${r.id}">${r.isEveryone ? "@everyone" : r.name}</option>`)}</optgroup>` : nothing}
          ${addMembers.length ? html`<optgroup label="Members">${addMembers.map((m) => html`<option value="member:${m.user.id}">${m.nickname || m.user.displayName} (@${m.user.username})</option>`)}</optgroup>` : nothing}
        </select>
      </div>
    </div>`;
  }

  private grid(t: Target, roles: Role[]) {
    const o = this.current(t);
    const dirty = overrideCategories().some((c) => c.permissions.some((p) => this.draft[p] !== triState(o, p)));
    const allNeutral = Object.values(this.draft).every((v) => v === "neutral");
    return html`<h3 style="margin-bottom:var(--space-2)">Permissions for ${this.name(t, roles)}</h3>
      <div class="legend" aria-hidden="true"><span>${manageIcons.deny()} Deny</span><span>${manageIcons.neutral()} Inherit from roles${this.scope === "channels" && this.groupName ? " and the group" : ""}</span><span>${manageIcons.allow()} Allow</span></div>
      <div data-testid="override-grid">
        ${overrideCategories().map(
          (cat) => html`<div class="perm-list">
            <div class="perm-cat">${cat.name}</div>
            ${cat.permissions.map((p) => {
              const may = canGrantBit(this.myPermissions, p);
              return html`<div class="perm">
                <div class="what"><div class="name">${PERMISSION_INFO[p].label}</div><div class="hint">${PERMISSION_INFO[p].description}${may ? "" : " You don't hold this permission here, so you can't change it."}</div></div>
                <div class="tri" role="radiogroup" aria-label=${PERMISSION_INFO[p].label}>
                  ${(["deny", "neutral", "allow"] as Tri[]).map(
                    (v) => html`<label class=${v} title=${TRI_LABEL[v]}><input type="radio" name="o-${p}" aria-label=${TRI_LABEL[v]} .checked=${this.draft[p] === v} ?disabled=${!may} @change=${() => (this.draft = { ...this.draft, [p]: v })} />${manageIcons[v]()}</label>`,
                  )}
                </div>
              </div>`;
            })}
          </div>`,
        )}
      </div>
      <div class="row"><button class="btn secondary small" ?disabled=${this.busy || allNeutral} @click=${() => (this.draft = Object.fromEntries(Object.keys(this.draft).map((p) => [p, "neutral"])))}>Set all to inherit</button></div>
      ${dirty
        ? html`<div class="savebar" role="region" aria-label="Unsaved changes"><span class="msg">You have unsaved changes.</span><button class="btn ghost small" ?disabled=${this.busy} @click=${() => this.pick(t)}>Reset</button><button class="btn small" ?disabled=${this.busy} @click=${() => this.save(t)}>Save changes</button></div>`
        : nothing}`;
  }

  private onAdd = (e: Event) => {
    const sel = e.target as HTMLSelectElement;
    const [type, id] = sel.value.split(":");
    sel.value = "";
    if (id) this.pick({ targetType: type as Target["targetType"], targetId: id });
  };

  private async save(t: Target) {
    const o = this.current(t);
    const next = applyTri(o, this.draft);
    const { communityAdmin, ui } = this.ctx.app;
    this.busy = true;
    try {
      if (next.allow === "0" && next.deny === "0") {
        if (o) await communityAdmin.deleteOverride(this.scope, this.targetId, t.targetType, t.targetId);
      } else await communityAdmin.setOverride(this.scope, this.targetId, { ...t, ...next });
      ui.toast("Permissions saved.", "success");
      await this.load();
      // Saving can change what the reader sees (and ends a channel's sync).
      void this.ctx.app.communities.loadStructure(this.communityId);
    } catch (err) {
      ui.toast(describeError(err), "error");
    } finally {
      this.busy = false;
    }
  }

  private sync = async () => {
    this.busy = true;
    try {
      await this.ctx.app.communityAdmin.updateChannel(this.targetId, { syncWithGroup: true });
      this.confirmSync = false;
      this.ctx.app.ui.toast(`Synced with ${this.groupName}.`, "success");
      await this.load();
      void this.ctx.app.communities.loadStructure(this.communityId);
    } catch (err) {
      this.ctx.app.ui.toast(describeError(err), "error");
    } finally {
      this.busy = false;
    }
  };
}
customElements.define("hearth-override-grid", HearthOverrideGrid);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-override-grid": HearthOverrideGrid;
  }
}
