import { LitElement, html, nothing } from "lit";
import type { InstanceSettings } from "../state/admin.ts";
import { Connect } from "../state/context.ts";
import type { Async } from "../state/store.ts";
import { describeError } from "../styles/auth-card.ts";
import { settingsSection } from "../styles/settings.ts";
import { shared } from "../styles/shared.ts";

/** Instance admin → Instance settings: who may register and who may create communities. No inputs or events. */
export class HearthAdminSettings extends LitElement {
  static styles = [shared, settingsSection];
  static properties = { data: { state: true }, busy: { state: true } };
  declare data: Async<InstanceSettings>;
  declare busy: boolean;
  private ctx = new Connect(this);

  constructor() {
    super();
    this.data = { state: "idle" };
    this.busy = false;
  }

  connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  private async load() {
    this.data = { state: "loading" };
    try {
      this.data = { state: "ready", value: await this.ctx.app.admin.settings() };
    } catch (e) {
      this.data = { state: "error", error: e as Error };
    }
  }

  render() {
    const d = this.data;
    return html`<h2>Instance settings</h2>
      <p class="intro">How people get onto this Hearth, and what they may do there.</p>
      ${d.state === "error" ? html`<div class="alert" role="alert">${describeError(d.error)}</div>` : nothing}
      ${d.state === "idle" || d.state === "loading" ? html`<span class="spinner" role="status" aria-label="Loading settings"></span>` : nothing}
      ${d.state === "ready"
        ? html`<section>
            <form @submit=${this.save}>
              <div class="field">
                <label for="reg">Registration</label>
                <select id="reg" name="registrationMode">
                  ${(["open", "invite_only", "closed"] as const).map((m) => html`<option value=${m} ?selected=${d.value.registrationMode === m}>${{ open: "Open: anyone can register", invite_only: "Invite only: a registration invite is needed", closed: "Closed: nobody new" }[m]}</option>`)}
                </select>
              </div>
              <div class="field">
                <label for="cc">Community creation</label>
                <select id="cc" name="communityCreationMode">
                  ${(["open", "admin_only"] as const).map((m) => html`<option value=${m} ?selected=${d.value.communityCreationMode === m}>${m === "open" ? "Anyone can create communities" : "Only instance admins"}</option>`)}
                </select>
              </div>
              <button class="btn" type="submit" ?disabled=${this.busy}>Save settings</button>
            </form>
          </section>`
        : nothing}`;
  }

  private async save(e: SubmitEvent) {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    this.busy = true;
    try {
      const value = await this.ctx.app.admin.updateSettings({
        registrationMode: f.get("registrationMode") as InstanceSettings["registrationMode"],
        communityCreationMode: f.get("communityCreationMode") as InstanceSettings["communityCreationMode"],
      });
      this.data = { state: "ready", value: { ...(this.data.state === "ready" ? this.data.value : value), ...value } };
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
