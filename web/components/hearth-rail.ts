import { LitElement, css, html } from "lit";
import { Connect } from "../state/context.ts";
import { accentStyle } from "../styles/accent.ts";
import { icons } from "../styles/icons.ts";
import { badges } from "../styles/badges.ts";
import { shared } from "../styles/shared.ts";
import { initials } from "./hearth-avatar.ts";
import "./hearth-add-community.ts";

/**
 * The far-left rail: Home (DMs), one round button per community with an unread pip, and "add a community".
 * Arrow keys move between entries. No inputs or events.
 */
export class HearthRail extends LitElement {
  static styles = [
    shared,
    badges,
    css`
      :host {
        display: block;
        height: 100%;
        overflow-y: auto;
        scrollbar-width: none;
      }
      nav {
        display: flex;
        flex-direction: column;
        align-items: center;
        gap: 8px;
        padding: 12px 0;
      }
      .item {
        position: relative;
        display: flex;
        justify-content: center;
        width: 100%;
      }
      .pill {
        position: absolute;
        left: 0;
        top: 50%;
        width: 4px;
        height: 0;
        border-radius: 0 4px 4px 0;
        background: var(--fg);
        transform: translateY(-50%);
        transition: height var(--transition);
      }
      .item:hover .pill {
        height: 20px;
      }
      .item.unread .pill {
        height: 8px;
      }
      .item.active .pill {
        height: 40px;
      }
      a.icon,
      button.icon {
        display: grid;
        place-items: center;
        width: 48px;
        height: 48px;
        border-radius: 50%;
        background: var(--bg-side);
        color: var(--fg);
        font-weight: 700;
        font-size: 1rem;
        border: 0;
        cursor: pointer;
        transition: border-radius var(--transition), background var(--transition), color var(--transition);
        text-decoration: none;
        overflow: hidden;
      }
      a.icon:hover,
      button.icon:hover,
      .item.active a.icon {
        border-radius: 16px;
        background: var(--accent);
        color: var(--accent-fg);
      }
      /* A community with its own accent and no icon: its initials on its colour, so it stands out at a glance. */
      a.icon.tinted {
        background: var(--accent);
        color: var(--accent-fg);
      }
      .icon svg {
        width: 24px;
        height: 24px;
      }
      .icon img {
        width: 100%;
        height: 100%;
        object-fit: cover;
      }
      button.add {
        color: var(--success);
      }
      button.add:hover {
        background: var(--success);
        color: var(--bg-rail);
      }
      .sep {
        width: 32px;
        height: 2px;
        border-radius: 1px;
        background: var(--border);
      }
      /* The pill sits on the icon's corner, ringed in the rail's colour so it reads as cut out. */
      .badge {
        position: absolute;
        right: 10px;
        bottom: -2px;
        border: 3px solid var(--bg-rail);
        box-sizing: content-box;
      }
    `,
  ];
  static properties = { adding: { state: true } };
  declare adding: boolean;
  private ctx = new Connect(this, (app) => [app.communities, app.router, app.unread, app.prefs]);

  constructor() {
    super();
    this.adding = false;
  }

  render() {
    const { communities, router, unread } = this.ctx.app;
    const route = router.route;
    const activeId = route.name === "community" || route.name === "community-settings" ? route.communityId : null;
    const homeActive = route.name === "home" || route.name === "dm";
    const list = "value" in communities.list ? (communities.list.value ?? []) : [];
    const dmMentions = unread.dmMentionCount();
    return html`<nav aria-label="Communities" @keydown=${this.onKey}>
        <div class="item ${homeActive ? "active" : ""}">
          <span class="pill"></span>
          <a class="icon" href="/" title="Home" aria-label="Home" aria-current=${homeActive ? "page" : "false"}>${icons.flame()}</a>
          ${dmMentions ? html`<span class="badge" aria-label="${dmMentions} unread direct messages">${dmMentions}</span>` : null}
        </div>
        <div class="sep" role="separator"></div>
        ${list.map((c) => {
          const active = c.id === activeId;
          const u = unread.community(c.id);
          // A muted community shows no unread mark; its mentions still count.
          const unreadMark = u.unread && !this.ctx.app.prefs.isMuted(c.id);
          return html`<div class="item ${active ? "active" : ""} ${unreadMark ? "unread" : ""}">
            <span class="pill"></span>
            <a class="icon ${c.accentColor && !c.iconUrl ? "tinted" : ""}" style=${accentStyle(c.accentColor)} href="/c/${c.id}" title=${c.name} aria-current=${active ? "page" : "false"} data-community=${c.id}>${c.iconUrl ? html`<img src=${c.iconUrl} alt="" />` : html`<span aria-hidden="true">${initials(c.name)}</span>`}<span class="sr-only">${c.name}${u.mentions ? `, ${u.mentions} mentions` : unreadMark ? ", unread" : ""}</span></a>
            ${u.mentions ? html`<span class="badge" aria-hidden="true">${u.mentions}</span>` : null}
          </div>`;
        })}
        <div class="item"><button class="icon add" title="Add a community" aria-label="Add a community" @click=${() => (this.adding = true)}>${icons.plus()}</button></div>
      </nav>
      ${this.adding ? html`<hearth-add-community open @dialog-close=${() => (this.adding = false)}></hearth-add-community>` : null}`;
  }

  private onKey(e: KeyboardEvent) {
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    const items = [...this.renderRoot.querySelectorAll<HTMLElement>("a.icon, button.icon")];
    const i = items.indexOf((this.renderRoot as ShadowRoot).activeElement as HTMLElement);
    const next = items[(i + (e.key === "ArrowDown" ? 1 : -1) + items.length) % items.length];
    next?.focus();
    e.preventDefault();
  }
}
customElements.define("hearth-rail", HearthRail);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-rail": HearthRail;
  }
}
