import { LitElement, css, html, nothing } from "lit";
import { PERMISSIONS, permissionsFromString, permissionsToString, PERMISSION_BITS, type Permission } from "../../protocol/permissions.ts";
import type { Role } from "../state/communities.ts";
import { Connect } from "../state/context.ts";
import type { Override } from "../state/moderation.ts";
import type { Async } from "../state/store.ts";
import { describeError } from "../styles/auth-card.ts";
import { shared } from "../styles/shared.ts";
import { permissionLabel } from "./hearth-cs-roles.ts";

type Tri = "deny" | "neutral" | "allow";

/** The tri-state of one permission in an override. */
export function triState(o: { allow: string; deny: string } | undefined, p: Permission): Tri {
  if (!o) return "neutral";
  const bit = PERMISSION_BITS[p];
  if ((permissionsFromString(o.allow) & bit) !== 0n) return "allow";
  if ((permissionsFromString(o.deny) & bit) !== 0n) return "deny";
  return "neutral";
}

/**
 * The permission override grid of one channel or group for one role: every permission as deny / neutral / allow
 * (neutral inherits from roles and the group). Properties: `scope` ("channels" | "groups"), `targetId` (the
 * channel or group id), `roles`. No events.
 */
export class HearthOverrideGrid extends LitElement {
  static styles = [
    shared,
    css`
      :host {
        display: block;
      }
      table {
        width: 100%;
        border-collapse: collapse;
      }
      th {
        text-align: left;
        font-size: 0.72rem;
        text-transform: uppercase;
        color: var(--fg-muted);
        padding: 6px 8px;
      }
      td {
        padding: 4px 8px;
        border-top: 1px solid var(--border);
      }
      .tri {
        display: inline-flex;
        border: 1px solid var(--border);
        border-radius: var(--radius-s);
        overflow: hidden;
      }
      .tri label {
        position: relative;
        display: grid;
        place-items: center;
        width: 34px;
        height: 28px;
        cursor: pointer;
        font-weight: 800;
        color: var(--fg-muted);
        background: var(--bg-input);
      }
      .tri label + label {
        border-left: 1px solid var(--border);
      }
      .tri input {
        position: absolute;
        opacity: 0;
      }
      .tri label:has(input:focus-visible) {
        box-shadow: inset 0 0 0 2px var(--link);
      }
      .tri label.deny:has(input:checked) {
        background: var(--danger);
        color: var(--danger-fg);
      }
      .tri label.neutral:has(input:checked) {
        background: var(--bg-active);
        color: var(--fg);
      }
      .tri label.allow:has(input:checked) {
        background: var(--success);
        color: #06240f;
      }
      .bar {
        display: flex;
        gap: var(--space-3);
        align-items: flex-end;
        margin-bottom: var(--space-3);
        flex-wrap: wrap;
      }
    `,
  ];
  static properties = { scope: {}, targetId: {}, roles: { attribute: false }, roleId: { state: true }, data: { state: true }, draft: { state: true }, busy: { state: true } };
  declare scope: "channels" | "groups";
  declare targetId: string;
  declare roles: Role[];
  declare roleId: string;
  declare data: Async<{ syncWithGroup?: boolean; overrides: Override[] }>;
  declare draft: Record<string, Tri>;
  declare busy: boolean;
  private ctx = new Connect(this);

  constructor() {
    super();
    this.scope = "channels";
    this.targetId = "";
    this.roles = [];
    this.roleId = "";
    this.data = { state: "idle" };
    this.draft = {};
    this.busy = false;
  }

  protected willUpdate(changed: Map<string, unknown>) {
    if (changed.has("roles") && !this.roleId) this.roleId = this.roles.find((r) => r.isEveryone)?.id ?? this.roles[0]?.id ?? "";
    if (changed.has("targetId") || changed.has("scope")) void this.load();
    if (changed.has("roleId") || changed.has("data")) this.resetDraft();
  }

  private async load() {
    this.data = { state: "loading" };
    try {
      this.data = { state: "ready", value: await this.ctx.app.moderation.overrides(this.scope, this.targetId) };
    } catch (e) {
      this.data = { state: "error", error: e as Error };
    }
  }

  private current(): Override | undefined {
    return this.data.state === "ready" ? this.data.value.overrides.find((o) => o.targetType === "role" && o.targetId === this.roleId) : undefined;
  }

  private resetDraft() {
    const o = this.current();
    this.draft = Object.fromEntries(PERMISSIONS.map((p) => [p, triState(o, p)]));
  }

  render() {
    const d = this.data;
    if (d.state === "error") return html`<div class="alert" role="alert">${describeError(d.error)}</div>`;
    if (d.state !== "ready") return html`<span class="spinner" role="status" aria-label="Loading permissions"></span>`;
    const sorted = [...this.roles].sort((a, b) => b.position - a.position);
    return html`<div class="bar">
        <div class="field" style="margin:0;min-width:200px"><label for="role">Role</label>
          <select id="role" @change=${(e: Event) => (this.roleId = (e.target as HTMLSelectElement).value)}>${sorted.map((r) => html`<option value=${r.id} ?selected=${r.id === this.roleId}>${r.isEveryone ? "@everyone" : r.name}</option>`)}</select>
        </div>
        ${d.value.syncWithGroup ? html`<p class="hint">Synced with its group: saving makes this channel's own copy.</p>` : nothing}
      </div>
      <table data-testid="override-grid">
        <thead><tr><th>Permission</th><th><span aria-hidden="true">✕ / ∕ / ✓</span><span class="sr-only">Deny, inherit or allow</span></th></tr></thead>
        <tbody>
          ${PERMISSIONS.map(
            (p) => html`<tr>
              <td id="l-${p}">${permissionLabel(p)}</td>
              <td><div class="tri" role="radiogroup" aria-labelledby="l-${p}">
                ${(["deny", "neutral", "allow"] as Tri[]).map(
                  (t) => html`<label class=${t} title=${t === "neutral" ? "Inherit" : t === "allow" ? "Allow" : "Deny"}><input type="radio" name=${p} .checked=${this.draft[p] === t} @change=${() => (this.draft = { ...this.draft, [p]: t })} aria-label=${t === "neutral" ? "Inherit" : t === "allow" ? "Allow" : "Deny"} />${t === "deny" ? "✕" : t === "allow" ? "✓" : "/"}</label>`,
                )}
              </div></td>
            </tr>`,
          )}
        </tbody>
      </table>
      <div class="row" style="margin-top:var(--space-4)">
        <button class="btn" ?disabled=${this.busy} @click=${this.save}>Save permissions</button>
        <button class="btn ghost" ?disabled=${this.busy} @click=${() => this.resetDraft()}>Reset</button>
      </div>`;
  }

  private save = async () => {
    let allow = 0n;
    let deny = 0n;
    for (const p of PERMISSIONS) {
      if (this.draft[p] === "allow") allow |= PERMISSION_BITS[p];
      if (this.draft[p] === "deny") deny |= PERMISSION_BITS[p];
    }
    this.busy = true;
    try {
      const { moderation, ui } = this.ctx.app;
      if (allow === 0n && deny === 0n) {
        if (this.current()) await moderation.deleteOverride(this.scope, this.targetId, "role", this.roleId);
      } else await moderation.setOverride(this.scope, this.targetId, { targetType: "role", targetId: this.roleId, allow: permissionsToString(allow), deny: permissionsToString(deny) });
      ui.toast("Permissions saved.", "success");
      await this.load();
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
