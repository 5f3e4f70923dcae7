import { LitElement, css, html, nothing } from "lit";
import { Connect } from "../state/context.ts";
import { icons } from "../styles/icons.ts";
import { manageIcons } from "../styles/manage-icons.ts";
import { shared } from "../styles/shared.ts";

/** Instance announcements as a dismissible banner above the app (GET /announcements). No inputs or events. */
export class HearthAnnouncements extends LitElement {
  static styles = [
    shared,
    css`
      .banner {
        display: flex;
        align-items: center;
        gap: var(--space-3);
        padding: 8px var(--space-4);
        background: var(--accent);
        color: var(--accent-fg);
        font-size: 0.9rem;
      }
      .banner p {
        flex: 1;
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
      .banner > svg {
        width: 18px;
        height: 18px;
        flex: none;
      }
      .more {
        font-size: 0.8rem;
        opacity: 0.9;
        white-space: nowrap;
      }
      .banner .icon-btn {
        color: inherit;
        width: 26px;
        height: 26px;
      }
    `,
  ];
  private ctx = new Connect(this, (app) => [app.notices]);

  render() {
    const list = this.ctx.app.notices.announcements;
    const a = list[0];
    if (!a) return nothing;
    return html`<div class="banner" role="region" aria-label="Announcement">
      ${manageIcons.megaphone()}
      <p><strong>${a.title}</strong> ${a.body}</p>
      ${list.length > 1 ? html`<span class="more">${list.length - 1} more</span>` : nothing}
      <button class="icon-btn" aria-label="Dismiss announcement" @click=${() => this.ctx.app.notices.dismiss(a.id)}>${icons.close()}</button>
    </div>`;
  }

}
customElements.define("hearth-announcements", HearthAnnouncements);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-announcements": HearthAnnouncements;
  }
}
