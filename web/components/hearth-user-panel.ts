import { LitElement, css, html } from "lit";
import { Connect } from "../state/context.ts";
import { icons } from "../styles/icons.ts";
import { shared } from "../styles/shared.ts";
import "./hearth-avatar.ts";

/** The strip at the foot of the sidebar: who you are, and the way into settings. No inputs or events. */
export class HearthUserPanel extends LitElement {
  static styles = [
    shared,
    css`
      :host {
        display: block;
        background: color-mix(in srgb, var(--bg-rail) 70%, var(--bg-side));
        padding: var(--space-2);
      }
      .who {
        display: flex;
        align-items: center;
        gap: var(--space-2);
        min-width: 0;
        flex: 1;
        padding: 2px 4px;
      }
      .names {
        min-width: 0;
        line-height: 1.2;
      }
      .names strong,
      .names span {
        display: block;
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      .names strong {
        font-size: 0.9rem;
      }
      .names span {
        font-size: 0.78rem;
        color: var(--fg-muted);
      }
    `,
  ];
  private ctx = new Connect(this, (app) => [app.auth]);

  render() {
    const user = this.ctx.app.auth.user;
    if (!user) return null;
    return html`<div class="row">
      <div class="who">
        <hearth-avatar .name=${user.displayName} .seed=${user.id} size="32"></hearth-avatar>
        <div class="names"><strong>${user.displayName}</strong><span>@${user.username}</span></div>
      </div>
      <a class="icon-btn" href="/settings/profile" title="User settings" aria-label="User settings">${icons.settings()}</a>
    </div>`;
  }
}
customElements.define("hearth-user-panel", HearthUserPanel);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-user-panel": HearthUserPanel;
  }
}
