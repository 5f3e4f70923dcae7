import { LitElement, css, html, nothing } from "lit";
import { PERMISSIONS, permissionsFromString, permissionsToString, PERMISSION_BITS, type Permission } from "../../protocol/permissions.ts";
import type { Role } from "../state/communities.ts";
import { Connect } from "../state/context.ts";
import type { Async } from "../state/store.ts";
import { describeError } from "../styles/auth-card.ts";
import { settingsSection } from "../styles/settings.ts";
import { shared } from "../styles/shared.ts";

/** "MANAGE_MESSAGES" → "Manage messages". */
export function permissionLabel(p: Permission): string {
  const s = p.toLowerCase().replace(/_/g, " ");
  return s[0].toUpperCase() + s.slice(1);
}

/**
 * Community settings → Roles: the roles from highest to lowest; pick one to rename, recolour and set its
 * permissions; create and delete roles. Property: `communityId`.
 */
export class HearthCsRoles extends LitElement {
  static styles = [
    shared,
    settingsSection,
    css`
      .layout {
        display: grid;
        grid-template-columns: 200px minmax(0, 1fr);
        gap: var(--space-5);
      }
      .roles button {
        display: flex;
        align-items: center;
        gap: var(--space-2);
        width: 100%;
        padding: 7px 10px;
        border: 0;
        border-radius: var(--radius-s);
        background: none;
        cursor: pointer;
        text-align: left;
      }
      .roles button:hover {
        background: var(--bg-hover);
      }
      .roles button[aria-current="true"] {
        background: var(--bg-active);
      }
      .dot {
        width: 12px;
        height: 12px;
        border-radius: 50%;
        flex: none;
        background: var(--fg-faint);
      }
      .perms {
        display: grid;
        grid-template-columns: 1fr;
        border: 1px solid var(--border);
        border-radius: var(--radius);
        overflow: hidden;
      }
      .perms label {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: var(--space-3);
        padding: 10px var(--space-3);
        border-top: 1px solid var(--border);
        cursor: pointer;
      }
      .perms label:first-child {
        border-top: 0;
      }
      .perms input {
        width: 18px;
        height: 18px;
        accent-color: var(--accent);
      }
      input[type="color"] {
        width: 48px;
        height: 36px;
        padding: 2px;
        border: 1px solid var(--border);
        border-radius: var(--radius-s);
        background: var(--bg-input);
      }
      @media (max-width: 760px) {
        .layout {
          grid-template-columns: 1fr;
        }
      }
    `,
  ];
  static properties = { communityId: {}, roles: { state: true }, selected: { state: true }, busy: { state: true } };
  declare communityId: string;
  declare roles: Async<Role[]>;
  declare selected: string | null;
  declare busy: boolean;
  private ctx = new Connect(this);

  constructor() {
    super();
    this.communityId = "";
    this.roles = { state: "idle" };
    this.selected = null;
    this.busy = false;
  }

  connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  private async load() {
    this.roles = { state: "loading" };
    try {
      const roles = await this.ctx.app.moderation.roles(this.communityId);
      this.roles = { state: "ready", value: roles };
      if (!this.selected || !roles.some((r) => r.id === this.selected)) this.selected = [...roles].sort((a, b) => b.position - a.position)[0]?.id ?? null;
    } catch (e) {
      this.roles = { state: "error", error: e as Error };
    }
  }

  render() {
    const r = this.roles;
    return html`<h2>Roles</h2>
      <p class="intro">Roles group permissions. A member gets everything their roles allow; higher roles manage lower ones.</p>
      ${r.state === "error" ? html`<div class="alert" role="alert">${describeError(r.error)}</div>` : nothing}
      ${r.state === "idle" || r.state === "loading" ? html`<span class="spinner" role="status" aria-label="Loading roles"></span>` : nothing}
      ${r.state === "ready" ? this.layout(r.value) : nothing}`;
  }

  private layout(roles: Role[]) {
    const sorted = [...roles].sort((a, b) => b.position - a.position);
    const role = roles.find((x) => x.id === this.selected);
    return html`<div class="layout">
      <div>
        <div class="roles" role="list">
          ${sorted.map((x) => html`<button role="listitem" aria-current=${x.id === this.selected ? "true" : "false"} @click=${() => (this.selected = x.id)}><span class="dot" style=${x.color ? `background:${x.color}` : ""}></span>${x.isEveryone ? "@everyone" : x.name}</button>`)}
        </div>
        <button class="btn secondary small" style="margin-top:var(--space-3)" ?disabled=${this.busy} @click=${this.create}>Create role</button>
      </div>
      <div>${role ? this.editor(role) : html`<p class="empty">Pick a role to edit it.</p>`}</div>
    </div>`;
  }

  private editor(role: Role) {
    const bits = permissionsFromString(role.permissions);
    return html`<form @submit=${(e: SubmitEvent) => this.save(e, role)} style="max-width:none">
      <div class="row" style="align-items:flex-end;margin-bottom:var(--space-4)">
        <div class="field" style="flex:1;margin:0"><label for="rn">Role name</label><input id="rn" name="name" type="text" maxlength="100" .value=${role.isEveryone ? "@everyone" : role.name} ?disabled=${role.isEveryone} /></div>
        <div class="field" style="margin:0"><label for="rc">Colour</label><input id="rc" name="color" type="color" .value=${role.color ?? "#99aab5"} ?disabled=${role.isEveryone} /></div>
      </div>
      <h3>Permissions</h3>
      <div class="perms" data-testid="role-permissions">
        ${PERMISSIONS.map((p) => html`<label><span>${permissionLabel(p)}</span><input type="checkbox" name="perm" value=${p} .checked=${(bits & PERMISSION_BITS[p]) !== 0n} /></label>`)}
      </div>
      <div class="row" style="margin-top:var(--space-4)">
        <button class="btn" type="submit" ?disabled=${this.busy}>Save role</button>
        ${role.isEveryone ? nothing : html`<button class="btn danger" type="button" ?disabled=${this.busy} @click=${() => this.deleteRole(role)}>Delete role</button>`}
      </div>
    </form>`;
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
      const r = await this.ctx.app.moderation.createRole(this.communityId, { name: "new role" });
      this.selected = r.id;
    }, "Role created.");

  private save(e: SubmitEvent, role: Role) {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    let bits = 0n;
    for (const p of data.getAll("perm")) bits |= PERMISSION_BITS[p as Permission] ?? 0n;
    const input = role.isEveryone
      ? { permissions: permissionsToString(bits) }
      : { name: String(data.get("name") ?? "").trim() || role.name, color: String(data.get("color") ?? "") || null, permissions: permissionsToString(bits) };
    void this.run(() => this.ctx.app.moderation.updateRole(this.communityId, role.id, input), "Role saved.");
  }

  private deleteRole(role: Role) {
    void this.run(() => this.ctx.app.moderation.deleteRole(this.communityId, role.id), `Deleted ${role.name}.`);
  }
}
customElements.define("hearth-cs-roles", HearthCsRoles);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-cs-roles": HearthCsRoles;
  }
}
