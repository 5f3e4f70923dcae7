import { LitElement, css, html, nothing } from "lit";
import type { CommunityCreationMode, InstanceSettings, RegistrationMode } from "../state/admin.ts";
import { Connect } from "../state/context.ts";
import type { Async } from "../state/store.ts";
import { describeError } from "../styles/auth-card.ts";
import { manage } from "../styles/manage.ts";
import { settingsSection } from "../styles/settings.ts";
import { shared } from "../styles/shared.ts";
import "./hearth-admin-legal.ts";

const MIB = 1024 * 1024;

const REGISTRATION: [RegistrationMode, string, string][] = [
  ["open", "Open", "Anyone who finds this server can create an account."],
  ["invite_only", "Invite only", "New accounts need a registration invite from an admin."],
  ["closed", "Closed", "Nobody new can register (admins' bootstrap invites still work)."],
];
const CREATION: [CommunityCreationMode, string, string][] = [
  ["open", "Anyone", "Every user can create communities."],
  ["admin_only", "Admins only", "Only instance admins create communities; others join by invite."],
];

interface Draft {
  registrationMode: RegistrationMode;
  communityCreationMode: CommunityCreationMode;
  maxUploadMiB: string;
  quotaMiB: string;
}

/** MiB with up to two decimals, as the form shows it. */
function mib(bytes: number | null): string {
  return bytes === null ? "" : String(Math.round((bytes / MIB) * 100) / 100);
}

/**
 * Instance admin → Instance settings: registration mode, who may create communities, the per-file upload limit and
 * the per-user storage quota. Shows what the environment would give, so an admin knows what "reset" returns to.
 * No inputs or events.
 */
export class HearthAdminSettings extends LitElement {
  static styles = [
    shared,
    settingsSection,
    manage,
    css`
      fieldset {
        border: 0;
        padding: 0;
        margin: 0 0 var(--space-5);
      }
      legend {
        font-weight: 700;
        margin-bottom: var(--space-2);
      }
      .choice {
        display: flex;
        gap: var(--space-3);
        align-items: flex-start;
        padding: var(--space-3) var(--space-4);
        border: 1px solid var(--border);
        border-radius: var(--radius);
        margin-bottom: var(--space-2);
        cursor: pointer;
        background: var(--bg-side);
      }
      .choice:has(input:checked) {
        border-color: var(--accent);
        box-shadow: inset 0 0 0 1px var(--accent);
      }
      .choice input {
        margin-top: 3px;
        accent-color: var(--accent);
      }
      .choice .hint {
        margin-top: 2px;
      }
      form {
        max-width: 560px;
      }
      .pair {
        display: flex;
        gap: var(--space-4);
        flex-wrap: wrap;
      }
      .pair .field {
        flex: 1;
        min-width: 200px;
      }
    `,
  ];
  static properties = { data: { state: true }, draft: { state: true }, busy: { state: true } };
  declare data: Async<InstanceSettings>;
  declare draft: Draft | null;
  declare busy: boolean;
  private ctx = new Connect(this);

  constructor() {
    super();
    this.data = { state: "idle" };
    this.draft = null;
    this.busy = false;
  }

  connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  private async load() {
    this.data = { state: "loading" };
    try {
      const value = await this.ctx.app.admin.settings();
      this.data = { state: "ready", value };
      this.reset(value);
    } catch (e) {
      this.data = { state: "error", error: e as Error };
    }
  }

  private reset(v: InstanceSettings) {
    this.draft = { registrationMode: v.registrationMode, communityCreationMode: v.communityCreationMode, maxUploadMiB: mib(v.maxUploadBytes), quotaMiB: mib(v.userQuotaBytes) };
  }

  render() {
    const d = this.data;
    return html`<h2>Instance settings</h2>
      <p class="intro">How people get onto this server and what they may do there. Stored settings win over the environment's defaults.</p>
      ${d.state === "error" ? html`<div class="alert" role="alert">${describeError(d.error)} <button class="link-btn" @click=${() => this.load()}>Retry</button></div>` : nothing}
      ${d.state === "idle" || d.state === "loading" ? html`<span class="spinner" role="status" aria-label="Loading settings"></span>` : nothing}
      ${d.state === "ready" && this.draft ? this.form(d.value, this.draft) : nothing}
      <hearth-admin-legal></hearth-admin-legal>`;
  }

  private form(v: InstanceSettings, f: Draft) {
    const set = (p: Partial<Draft>) => (this.draft = { ...f, ...p });
    const dirty = f.registrationMode !== v.registrationMode || f.communityCreationMode !== v.communityCreationMode || f.maxUploadMiB !== mib(v.maxUploadBytes) || f.quotaMiB !== mib(v.userQuotaBytes);
    const defaultLabel = (list: [string, string, string][], value: string) => list.find(([x]) => x === value)?.[1] ?? value;
    return html`<form @submit=${(e: SubmitEvent) => (e.preventDefault(), this.save(v, f))}>
      <fieldset>
        <legend>Registration</legend>
        ${REGISTRATION.map(([m, label, hint]) => html`<label class="choice"><input type="radio" name="reg" .checked=${f.registrationMode === m} @change=${() => set({ registrationMode: m })} /><div><div>${label}</div><div class="hint">${hint}</div></div></label>`)}
        <p class="hint">Environment default: ${defaultLabel(REGISTRATION, v.defaults.registrationMode)}.</p>
      </fieldset>
      <fieldset>
        <legend>Who can create communities</legend>
        ${CREATION.map(([m, label, hint]) => html`<label class="choice"><input type="radio" name="cc" .checked=${f.communityCreationMode === m} @change=${() => set({ communityCreationMode: m })} /><div><div>${label}</div><div class="hint">${hint}</div></div></label>`)}
        <p class="hint">Environment default: ${defaultLabel(CREATION, v.defaults.communityCreationMode)}.</p>
      </fieldset>
      <fieldset>
        <legend>Uploads</legend>
        <div class="pair">
          <div class="field"><label for="max">Largest file (MiB)</label><input id="max" type="number" min="0.001" max="1024" step="any" required .value=${f.maxUploadMiB} @input=${(e: Event) => set({ maxUploadMiB: (e.target as HTMLInputElement).value })} /><span class="hint">1 KiB to 1 GiB per file.</span></div>
          <div class="field"><label for="quota">Storage per user (MiB)</label><input id="quota" type="number" min="1" step="any" placeholder="No limit" .value=${f.quotaMiB} @input=${(e: Event) => set({ quotaMiB: (e.target as HTMLInputElement).value })} /><span class="hint">Empty for no limit.</span></div>
        </div>
      </fieldset>
      ${dirty
        ? html`<div class="savebar" role="region" aria-label="Unsaved changes"><span class="msg">You have unsaved changes.</span><button class="btn ghost small" type="button" ?disabled=${this.busy} @click=${() => this.reset(v)}>Reset</button><button class="btn small" type="submit" ?disabled=${this.busy}>Save changes</button></div>`
        : nothing}
    </form>`;
  }

  private async save(v: InstanceSettings, f: Draft) {
    const patch: Parameters<typeof this.ctx.app.admin.updateSettings>[0] = {};
    if (f.registrationMode !== v.registrationMode) patch.registrationMode = f.registrationMode;
    if (f.communityCreationMode !== v.communityCreationMode) patch.communityCreationMode = f.communityCreationMode;
    if (f.maxUploadMiB !== mib(v.maxUploadBytes)) patch.maxUploadBytes = Math.round(Number(f.maxUploadMiB) * MIB);
    if (f.quotaMiB !== mib(v.userQuotaBytes)) patch.userQuotaBytes = f.quotaMiB.trim() ? Math.round(Number(f.quotaMiB) * MIB) : null;
    this.busy = true;
    try {
      const value = await this.ctx.app.admin.updateSettings(patch);
      this.data = { state: "ready", value: { ...v, ...value } };
      this.reset(this.data.value);
      this.ctx.app.ui.toast("Instance settings saved.", "success");
    } catch (err) {
      this.ctx.app.ui.toast(describeError(err), "error");
    } finally {
      this.busy = false;
    }
  }
}
customElements.define("hearth-admin-settings", HearthAdminSettings);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-admin-settings": HearthAdminSettings;
  }
}
