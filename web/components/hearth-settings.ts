import { LitElement, css, html } from "lit";
import { Connect } from "../state/context.ts";
import type { SettingsSection } from "../state/router.ts";
import { icons } from "../styles/icons.ts";
import { shared } from "../styles/shared.ts";
import "./hearth-admin-invites.ts";
import "./hearth-settings-account.ts";
import "./hearth-settings-appearance.ts";
import "./hearth-settings-profile.ts";
import "./hearth-settings-security.ts";
import "./hearth-settings-sessions.ts";

const USER_SECTIONS: [SettingsSection, string][] = [
  ["profile", "My profile"],
  ["security", "Password & security"],
  ["sessions", "Devices"],
  ["appearance", "Appearance"],
  ["account", "Account"],
];

/**
 * The full-screen settings layer: a nav of sections and the open section. Escape or the close button goes back to
 * where the person was. Attribute: `section`. No events.
 */
export class HearthSettings extends LitElement {
  static styles = [
    shared,
    css`
      :host {
        position: fixed;
        inset: 0;
        z-index: 20;
        display: flex;
        background: var(--bg-main);
      }
      nav {
        flex: 1 0 220px;
        display: flex;
        justify-content: flex-end;
        background: var(--bg-side);
        padding: var(--space-6) var(--space-2) var(--space-4) var(--space-4);
        overflow-y: auto;
      }
      nav > div {
        width: 220px;
      }
      .group {
        font-size: 0.72rem;
        font-weight: 700;
        text-transform: uppercase;
        letter-spacing: 0.04em;
        color: var(--fg-muted);
        padding: var(--space-4) var(--space-3) var(--space-2);
      }
      nav a,
      nav button {
        display: block;
        width: 100%;
        text-align: left;
        padding: 7px var(--space-3);
        margin-bottom: 2px;
        border-radius: var(--radius-s);
        color: var(--fg-muted);
        font-weight: 500;
        background: none;
        border: 0;
        cursor: pointer;
        font-size: 0.95rem;
        text-decoration: none;
      }
      nav a:hover,
      nav button:hover {
        background: var(--bg-hover);
        color: var(--fg);
        text-decoration: none;
      }
      nav a[aria-current="page"] {
        background: var(--bg-active);
        color: var(--fg);
      }
      hr {
        border: 0;
        border-top: 1px solid var(--border);
        margin: var(--space-2) var(--space-3);
      }
      .content {
        flex: 1 1 800px;
        display: flex;
        overflow-y: auto;
        padding: var(--space-6) var(--space-5) var(--space-6) var(--space-6);
      }
      .content > .body {
        width: 100%;
        max-width: 740px;
      }
      .close {
        flex: none;
        margin-left: var(--space-4);
        display: flex;
        flex-direction: column;
        align-items: center;
        gap: 4px;
        color: var(--fg-muted);
        font-size: 0.75rem;
        font-weight: 600;
      }
      .close .icon-btn {
        width: 36px;
        height: 36px;
        border: 2px solid var(--fg-faint);
        border-radius: 50%;
      }
      @media (max-width: 760px) {
        :host {
          flex-direction: column;
        }
        nav {
          flex: none;
          display: block;
          padding: var(--space-2);
          overflow-x: auto;
        }
        nav > div {
          width: auto;
          display: flex;
          gap: 4px;
        }
        .group,
        hr {
          display: none;
        }
        nav a,
        nav button {
          white-space: nowrap;
          width: auto;
        }
        .content {
          padding: var(--space-4);
        }
        .close {
          position: absolute;
          top: 8px;
          right: 8px;
        }
        .close span {
          display: none;
        }
      }
    `,
  ];
  static properties = { section: {} };
  declare section: SettingsSection;
  private ctx = new Connect(this, (app) => [app.auth]);

  constructor() {
    super();
    this.section = "profile";
  }

  connectedCallback() {
    super.connectedCallback();
    window.addEventListener("keydown", this.onKey);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    window.removeEventListener("keydown", this.onKey);
  }

  private onKey = (e: KeyboardEvent) => {
    // Escape closes settings unless a dialog inside is handling it.
    if (e.key === "Escape" && !e.defaultPrevented && !e.composedPath().some((n) => n instanceof HTMLDialogElement)) this.close();
  };

  render() {
    const isAdmin = this.ctx.app.auth.user?.isAdmin ?? false;
    const link = (s: SettingsSection, label: string) => html`<a href="/settings/${s}" aria-current=${this.section === s ? "page" : "false"}>${label}</a>`;
    return html`<nav aria-label="Settings">
        <div>
          <div class="group">User settings</div>
          ${USER_SECTIONS.map(([s, l]) => link(s, l))}
          ${isAdmin ? html`<hr /><div class="group">Instance admin</div>${link("admin", "Registration invites")}` : null}
          <hr />
          <button @click=${() => this.ctx.app.auth.logout()}>Log out</button>
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
      case "appearance":
        return html`<hearth-settings-appearance></hearth-settings-appearance>`;
      case "account":
        return html`<hearth-settings-account></hearth-settings-account>`;
      case "admin":
        return isAdmin ? html`<hearth-admin-invites></hearth-admin-invites>` : html`<p class="muted">Only instance admins can see this.</p>`;
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
