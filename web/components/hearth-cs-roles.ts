import { LitElement, css, html, nothing } from "lit";
import { PERMISSION_BITS, permissionsFromString, permissionsToString } from "../../protocol/permissions.ts";
import { ROLE_NAME_MAX } from "../../protocol/limits.ts";
import { canGrantBit, canManageRole, moveItem, roleMovePayload, rolesTopDown } from "../state/community-admin.ts";
import type { CommunityDetail, Role } from "../state/communities.ts";
import { Connect } from "../state/context.ts";
import { PERMISSION_CATEGORIES, PERMISSION_INFO } from "../state/permission-info.ts";
import type { Async } from "../state/store.ts";
import { describeError } from "../styles/auth-card.ts";
import { icons } from "../styles/icons.ts";
import { manageIcons } from "../styles/manage-icons.ts";
import { ROLE_COLORS, manage } from "../styles/manage.ts";
import { settingsSection } from "../styles/settings.ts";
import { shared } from "../styles/shared.ts";
import "./hearth-dialog.ts";

interface Draft {
  name: string;
  color: string | null;
  permissions: bigint;
}

/**
 * Community settings → Roles: the roles from highest to lowest, reordered by drag and drop or the move buttons
 * (only below the reader's own highest role); pick one to rename, recolour and switch its permissions on and off;
 * create and delete roles. Controls the reader may not use are disabled with the reason shown. Property: `communityId`.
 */
export class HearthCsRoles extends LitElement {
  static styles = [
    shared,
    settingsSection,
    manage,
    css`
      .layout {
        display: grid;
        grid-template-columns: 240px minmax(0, 1fr);
        gap: var(--space-5);
        align-items: start;
      }
      .sort-row {
        cursor: pointer;
      }
      .sort-row[aria-current="true"] {
        border-color: var(--accent);
        background: var(--bg-active);
      }
      .sort-row .count {
        font-size: 0.78rem;
        color: var(--fg-muted);
      }
      .sort-row button.pick {
        flex: 1;
        min-width: 0;
        display: flex;
        align-items: center;
        gap: var(--space-2);
        border: 0;
        background: none;
        padding: 0;
        cursor: pointer;
        text-align: left;
      }
      .locked svg {
        width: 14px;
        height: 14px;
        color: var(--fg-faint);
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
    roles: { state: true },
    selected: { state: true },
    draft: { state: true },
    busy: { state: true },
    confirmDelete: { state: true },
    dragId: { state: true },
    overId: { state: true },
  };
  declare communityId: string;
  declare roles: Async<Role[]>;
  declare selected: string | null;
  declare draft: Draft | null;
  declare busy: boolean;
  declare confirmDelete: Role | null;
  declare dragId: string | null;
  declare overId: string | null;
  private ctx = new Connect(this, (app) => [app.communities, app.members]);

  constructor() {
    super();
    this.communityId = "";
    this.roles = { state: "idle" };
    this.selected = null;
    this.draft = null;
    this.busy = false;
    this.confirmDelete = null;
    this.dragId = this.overId = null;
  }

  connectedCallback() {
    super.connectedCallback();
    void this.load();
    this.ctx.app.members.ensure(this.communityId);
  }

  private async load() {
    this.roles = { state: "loading", value: "value" in this.roles ? this.roles.value : undefined };
    try {
      const roles = await this.ctx.app.moderation.roles(this.communityId);
      this.roles = { state: "ready", value: roles };
      const keep = roles.find((r) => r.id === this.selected);
      this.select(keep ?? rolesTopDown(roles)[0]);
    } catch (e) {
      this.roles = { state: "error", error: e as Error };
    }
  }

  private select(role: Role | undefined) {
    this.selected = role?.id ?? null;
    this.draft = role ? { name: role.name, color: role.color, permissions: permissionsFromString(role.permissions) } : null;
  }

  private get detail(): CommunityDetail | undefined {
    const d = this.ctx.app.communities.detail.get(this.communityId);
    return d && "value" in d ? d.value : undefined;
  }

  render() {
    const r = this.roles;
    return html`<h2>Roles</h2>
      <p class="intro">Roles group permissions. A member gets everything their roles allow. You can only edit, move and hand out roles below your own highest role.</p>
      ${r.state === "error" ? html`<div class="alert" role="alert">${describeError(r.error)} <button class="link-btn" @click=${() => this.load()}>Retry</button></div>` : nothing}
      ${(r.state === "idle" || r.state === "loading") && !("value" in r && r.value) ? html`<span class="spinner" role="status" aria-label="Loading roles"></span>` : nothing}
      ${"value" in r && r.value && this.detail ? this.layout(r.value, this.detail) : nothing}
      ${this.confirmDelete
        ? html`<hearth-dialog open danger heading="Delete the role ${this.confirmDelete.name}?" confirm-label="Delete role" .busy=${this.busy} @dialog-confirm=${this.doDelete} @dialog-close=${() => (this.confirmDelete = null)}>
            <p class="muted">Everyone who has it loses it, and its channel permission overrides go too. This can't be undone.</p>
          </hearth-dialog>`
        : nothing}`;
  }

  private layout(roles: Role[], detail: CommunityDetail) {
    const d = { ...detail, roles };
    const ordered = rolesTopDown(roles);
    const movable = ordered.filter((x) => !x.isEveryone);
    const counts = new Map<string, number>();
    for (const m of this.ctx.app.members.members(this.communityId)) for (const id of m.roleIds) counts.set(id, (counts.get(id) ?? 0) + 1);
    const role = roles.find((x) => x.id === this.selected);
    return html`<div class="layout">
      <div>
        <div class="row" style="margin-bottom:var(--space-3)"><span class="label" style="flex:1">Roles — ${roles.length}</span><button class="btn small" ?disabled=${this.busy} @click=${this.create}>${icons.plus()}Create role</button></div>
        <div role="list" aria-label="Roles, highest first" data-testid="role-list">
          ${ordered.map((x) => {
            const i = movable.indexOf(x);
            const may = !x.isEveryone && canManageRole(d, x);
            const up = may && i > 0 && roleMovePayload(d, x.id, i - 1) !== null;
            const down = may && i < movable.length - 1;
            return html`<div
              role="listitem"
              class="sort-row ${this.dragId === x.id ? "dragging" : ""} ${this.overId === x.id ? "over" : ""}"
              aria-current=${x.id === this.selected ? "true" : "false"}
              draggable=${may ? "true" : "false"}
              @dragstart=${(e: DragEvent) => this.onDragStart(e, x.id)}
              @dragend=${() => (this.dragId = this.overId = null)}
              @dragover=${(e: DragEvent) => this.onDragOver(e, x, d)}
              @drop=${(e: DragEvent) => this.onDrop(e, i, d)}
            >
              ${may ? html`<span class="grip" aria-hidden="true">${icons.grip()}</span>` : html`<span class="grip locked" title=${x.isEveryone ? "@everyone is always last" : "At or above your highest role"}>${icons.lock()}</span>`}
              <button class="pick" @click=${() => this.select(x)}><span class="dot" style=${x.color ? `background:${x.color}` : ""}></span><span class="name">${x.isEveryone ? "@everyone" : x.name}</span></button>
              ${x.isEveryone ? nothing : html`<span class="count" title="Members with this role">${counts.get(x.id) ?? 0}</span>`}
              ${x.isEveryone
                ? nothing
                : html`<button class="icon-btn small" data-role=${x.id} aria-label="Move ${x.name} up" ?disabled=${!up || this.busy} @click=${() => this.move(d, x.id, i - 1)}>${manageIcons.up()}</button>
                    <button class="icon-btn small" data-role=${x.id} aria-label="Move ${x.name} down" ?disabled=${!down || this.busy} @click=${() => this.move(d, x.id, i + 1)}>${manageIcons.down()}</button>`}
            </div>`;
          })}
        </div>
      </div>
      <div>${role && this.draft ? this.editor(role, d, this.draft) : html`<div class="empty">Pick a role to edit it.</div>`}</div>
    </div>`;
  }

  private editor(role: Role, d: CommunityDetail, draft: Draft) {
    const may = canManageRole(d, role);
    const dirty = draft.name !== role.name || draft.color !== role.color || draft.permissions !== permissionsFromString(role.permissions);
    const set = (patch: Partial<Draft>) => (this.draft = { ...draft, ...patch });
    return html`<section aria-label="Edit ${role.isEveryone ? "@everyone" : role.name}">
      <h3>${role.isEveryone ? "@everyone" : `Edit role — ${role.name}`}</h3>
      ${!may ? html`<div class="notice warn">${icons.lock()}<div class="grow">${role.isEveryone ? "Only members with a role can change @everyone." : "This role is at or above your highest role, so you can look but not change it."}</div></div>` : nothing}
      ${role.isEveryone
        ? html`<p class="hint" style="margin-bottom:var(--space-4)">What every member can do before any other role. Changes here reach everyone.</p>`
        : html`<div class="field"><label for="rn">Role name</label><input id="rn" type="text" maxlength=${ROLE_NAME_MAX} .value=${draft.name} ?disabled=${!may} @input=${(e: Event) => set({ name: (e.target as HTMLInputElement).value })} /></div>
            <div class="field"><span class="label">Role colour</span>
              <div class="swatches" role="group" aria-label="Role colour">
                <button class="swatch" style="background:var(--fg-faint)" aria-label="No colour" aria-pressed=${draft.color === null ? "true" : "false"} ?disabled=${!may} @click=${() => set({ color: null })}></button>
                ${ROLE_COLORS.map((c) => html`<button class="swatch" style="background:${c}" aria-label="Colour ${c}" aria-pressed=${draft.color?.toLowerCase() === c ? "true" : "false"} ?disabled=${!may} @click=${() => set({ color: c })}></button>`)}
                <input type="color" aria-label="Custom colour" .value=${draft.color ?? "#99aab5"} ?disabled=${!may} @input=${(e: Event) => set({ color: (e.target as HTMLInputElement).value })} />
              </div>
            </div>`}
      <h3 style="margin-top:var(--space-5)">Permissions</h3>
      <div data-testid="role-permissions">
        ${PERMISSION_CATEGORIES.map(
          (cat) => html`<div class="perm-list">
            <div class="perm-cat">${cat.name}</div>
            ${cat.permissions.map((p) => {
              const on = (draft.permissions & PERMISSION_BITS[p]) !== 0n;
              const grantable = canGrantBit(d.me.permissions, p);
              return html`<label class="perm">
                <div class="what"><div class="name">${PERMISSION_INFO[p].label}</div><div class="hint">${PERMISSION_INFO[p].description}${may && !grantable ? " You don't hold this permission, so you can't change it." : ""}</div></div>
                <span class="switch"><input type="checkbox" role="switch" aria-label=${PERMISSION_INFO[p].label} .checked=${on} ?disabled=${!may || !grantable} @change=${(e: Event) => set({ permissions: (e.target as HTMLInputElement).checked ? draft.permissions | PERMISSION_BITS[p] : draft.permissions & ~PERMISSION_BITS[p] })} /><span class="track"></span></span>
              </label>`;
            })}
          </div>`,
        )}
      </div>
      ${may && !role.isEveryone ? html`<div class="row"><button class="btn danger" ?disabled=${this.busy} @click=${() => (this.confirmDelete = role)}>${icons.trash()}Delete role</button></div>` : nothing}
      ${dirty
        ? html`<div class="savebar" role="region" aria-label="Unsaved changes"><span class="msg">You have unsaved changes.</span><button class="btn ghost small" ?disabled=${this.busy} @click=${() => this.select(role)}>Reset</button><button class="btn small" ?disabled=${this.busy || !draft.name.trim()} @click=${() => this.save(role, draft)}>Save changes</button></div>`
        : nothing}
    </section>`;
  }

  private async run(fn: () => Promise<unknown>, done: string) {
    this.busy = true;
    try {
      await fn();
      this.ctx.app.ui.toast(done, "success");
      await this.load();
      void this.ctx.app.communities.loadDetail(this.communityId);
    } catch (err) {
      this.ctx.app.ui.toast(describeError(err), "error");
    } finally {
      this.busy = false;
    }
  }

  private create = () =>
    this.run(async () => {
      const r = await this.ctx.app.moderation.createRole(this.communityId, { name: "New role" });
      this.selected = r.id;
    }, "Role created. Name it and pick its permissions.");

  private save(role: Role, draft: Draft) {
    const permissions = permissionsToString(draft.permissions);
    const input = role.isEveryone ? { permissions } : { name: draft.name.trim(), color: draft.color, permissions };
    void this.run(() => this.ctx.app.moderation.updateRole(this.communityId, role.id, input), "Role saved.");
  }

  private doDelete = () => {
    const role = this.confirmDelete;
    if (!role) return;
    void this.run(() => this.ctx.app.moderation.deleteRole(this.communityId, role.id), `Deleted ${role.name}.`).then(() => (this.confirmDelete = null));
  };

  private move(d: CommunityDetail, id: string, toIndex: number) {
    const payload = roleMovePayload(d, id, toIndex);
    if (!payload) return;
    // Show the new order at once; the reload after saving confirms it (or puts it back on error).
    if (this.roles.state === "ready") {
      const movable = rolesTopDown(this.roles.value).filter((r) => !r.isEveryone);
      const next = moveItem(movable, id, toIndex);
      const positions = new Map(next.map((r, i) => [r.id, next.length - i]));
      this.roles = { state: "ready", value: this.roles.value.map((r) => (r.isEveryone ? r : { ...r, position: positions.get(r.id) ?? r.position })) };
    }
    void this.run(() => this.ctx.app.communityAdmin.reorderRoles(this.communityId, payload), "Role order saved.").then(() => {
      // Keep focus on the moved role's button after the list re-renders, for keyboard users.
      this.renderRoot.querySelector<HTMLElement>(`button[data-role="${id}"]:not([disabled])`)?.focus();
    });
  }

  private onDragStart(e: DragEvent, id: string) {
    this.dragId = id;
    e.dataTransfer?.setData("text/plain", id);
    if (e.dataTransfer) e.dataTransfer.effectAllowed = "move";
  }

  private onDragOver(e: DragEvent, over: Role, d: CommunityDetail) {
    if (!this.dragId || over.isEveryone || !canManageRole(d, over)) return;
    e.preventDefault();
    this.overId = over.id;
  }

  private onDrop(e: DragEvent, toIndex: number, d: CommunityDetail) {
    e.preventDefault();
    const id = this.dragId;
    this.dragId = this.overId = null;
    if (id && toIndex >= 0) this.move(d, id, toIndex);
  }
}
customElements.define("hearth-cs-roles", HearthCsRoles);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-cs-roles": HearthCsRoles;
  }
}
