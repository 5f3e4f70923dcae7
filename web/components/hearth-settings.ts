import { LitElement, html } from "lit";
import { Connect } from "../state/context.ts";
import { LogoutGuard } from "./logout-guard.ts";
import type { SettingsSection } from "../state/router.ts";
import { icons } from "../styles/icons.ts";
import { settingsLayout } from "../styles/settings-layout.ts";
import { shared } from "../styles/shared.ts";
import { ADMIN_SECTIONS, adminBody, isAdminSection } from "./hearth-admin.ts";
import "./hearth-feedback-form.ts";
import "./hearth-settings-account.ts";
import "./hearth-settings-appearance.ts";
import "./hearth-settings-encryption.ts";
import "./hearth-settings-notifications.ts";
import "./hearth-settings-profile.ts";
import "./hearth-settings-security.ts";
import "./hearth-settings-sessions.ts";
import { WindowKeys } from "../render/window-keys.ts";

const USER_SECTIONS: [SettingsSection, string][] = [
  ["profile", "My profile"],
  ["security", "Password & security"],
  ["sessions", "Devices"],
  ["encryption", "Encryption"],
  ["appearance", "Appearance"],
  ["notifications", "Notifications"],
  ["account", "Account"],
  ["feedback", "Send feedback"],
];

/**
 * The full-screen settings layer: a nav of sections and the open section. Escape or the close button goes back to
 * where the person was. Attribute: `section`. No events.
 */
export class HearthSettings extends LitElement {
  static styles = [shared, settingsLayout];
  static properties = { section: {} };
  declare section: SettingsSection;
  private logoutGuard = new LogoutGuard(this, () => this.ctx.app);
  private ctx = new Connect(this, (app) => [app.auth]);

  constructor() {
    super();
    this.section = "profile";
  }

  // Escape closes settings unless a dialog inside is handling it.
  private escape = new WindowKeys(this, (e) => {
    if (e.key === "Escape" && !e.defaultPrevented && !e.composedPath().some((n) => n instanceof HTMLDialogElement)) this.close();
  });

  render() {
    const isAdmin = this.ctx.app.auth.user?.isAdmin ?? false;
    const link = (s: SettingsSection, label: string) => html`<a href="/settings/${s}" aria-current=${this.section === s ? "page" : "false"}>${label}</a>`;
    return html`<nav aria-label="Settings">
        <div>
          <div class="group">User settings</div>
          ${USER_SECTIONS.map(([s, l]) => link(s, l))}
          ${isAdmin ? html`<hr /><div class="group">Instance admin</div>${ADMIN_SECTIONS.map(([s, l]) => link(s, l))}` : null}
          <hr />
          <button @click=${() => void this.logoutGuard.request()}>Log out</button>
          ${this.logoutGuard.dialog()}
        </div>
      </nav>
      <div class="content">
        <div class="body">${this.body(isAdmin)}</div>
        <div class="close"><button class="icon-btn" aria-label="Close settings" @click=${this.close}>${icons.close()}</button><span aria-hidden="true">ESC</span></div>
      </div>`;
  }

  private body(isAdmin: boolean) {
    switch (this.section) {
      case "profile":
        return html`<hearth-settings-profile></hearth-settings-profile>`;
      case "security":
        return html`<hearth-settings-security></hearth-settings-security>`;
      case "sessions":
        return html`<hearth-settings-sessions></hearth-settings-sessions>`;
      case "encryption":
        return html`<hearth-settings-encryption></hearth-settings-encryption>`;
      case "appearance":
        return html`<hearth-settings-appearance></hearth-settings-appearance>`;
      case "notifications":
        return html`<hearth-settings-notifications></hearth-settings-notifications>`;
      case "account":
        return html`<hearth-settings-account></hearth-settings-account>`;
      case "feedback":
        return html`<hearth-feedback-form></hearth-feedback-form>`;
      default:
        if (isAdminSection(this.section)) return isAdmin ? adminBody(this.section) : html`<p class="muted">Only instance admins can see this.</p>`;
        return null;
    }
  }

  private close = () => {
    this.ctx.app.router.navigate(this.ctx.app.ui.lastAppUrl);
  };
}
customElements.define("hearth-settings", HearthSettings);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-settings": HearthSettings;
  }
}
