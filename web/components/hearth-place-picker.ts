import { LitElement, css, html, nothing } from "lit";
import { Connect } from "../state/context.ts";
import { DismissController } from "../render/dismiss.ts";
import { accentStyle } from "../styles/accent.ts";
import { icons } from "../styles/icons.ts";
import { menuStyles, moveMenuFocus } from "../styles/menu.ts";
import { shared } from "../styles/shared.ts";
import { initials } from "./hearth-avatar.ts";
import "./hearth-add-community.ts";

/**
 * The compact sidebar's way between places (Settings → Appearance → Community list → Menu): the place one is in as
 * the sidebar's title, opening a menu of Direct messages and every community (with their unread and mention marks)
 * and "Add a community". It stands in for the rail, which the compact layout hides.
 * Property: `communityId` (null: Direct messages). No events.
 */
export class HearthPlacePicker extends LitElement {
  static styles = [
    shared,
    css`
      :host {
        position: relative;
        flex: 1;
        min-width: 0;
      }
      .current {
        display: flex;
        align-items: center;
        gap: var(--space-2);
        width: 100%;
        padding: 4px 6px;
        border: 0;
        border-radius: var(--radius-s);
        background: none;
        color: var(--fg);
        font: inherit;
        font-weight: 700;
        cursor: pointer;
        text-align: left;
      }
      .current:hover,
      .current[aria-expanded="true"] {
        background: var(--bg-hover);
      }
      .current .place {
        flex: 1;
        min-width: 0;
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      .current > svg {
        width: 14px;
        height: 14px;
        flex: none;
      }
      .pic {
        display: grid;
        place-items: center;
        width: 24px;
        height: 24px;
        flex: none;
        border-radius: 8px;
        overflow: hidden;
        background: var(--bg-input);
        font-size: 0.65rem;
        font-weight: 700;
      }
      .pic.tinted {
        background: var(--accent);
        color: var(--accent-fg);
      }
      .pic img {
        width: 100%;
        height: 100%;
        object-fit: cover;
      }
      .pic svg {
        width: 16px;
        height: 16px;
      }
      .menu {
        position: absolute;
        left: 0;
        top: calc(100% + 4px);
        z-index: 8;
        width: 232px;
        max-height: min(70vh, 520px);
        overflow-y: auto;
        background: var(--bg-raised);
        border: 1px solid var(--border);
        border-radius: var(--radius);
        box-shadow: var(--shadow);
      }
      [role="menuitem"][aria-current="page"] {
        background: var(--bg-active);
      }
      .mark {
        min-width: 18px;
        padding: 0 5px;
        border-radius: 9px;
        background: var(--danger);
        color: #fff;
        font-size: 0.7rem;
        font-weight: 700;
        text-align: center;
      }
      .dot {
        width: 8px;
        height: 8px;
        border-radius: 50%;
        background: var(--fg);
        flex: none;
      }
      hr {
        border: 0;
        border-top: 1px solid var(--border);
        margin: var(--space-1) 0;
      }
    `,
    menuStyles,
    css`
      :host {
        padding: 0;
      }
    `,
  ];
  static properties = { communityId: {}, open: { state: true }, adding: { state: true } };
  declare communityId: string | null;
  declare open: boolean;
  declare adding: boolean;
  private ctx = new Connect(this, (app) => [app.communities, app.unread, app.prefs]);

  constructor() {
    super();
    this.communityId = null;
    this.open = false;
    this.adding = false;
    new DismissController(this);
    this.addEventListener("dialog-close", (e) => {
      // Escape or a click outside: the menu closes (the add dialog closes itself).
      if (e.target === this) this.open = false;
    });
  }

  private pic(c: { id: string; name: string; iconUrl: string | null; accentColor: string | null } | null) {
    if (!c) return html`<span class="pic">${icons.flame()}</span>`;
    if (c.iconUrl) return html`<span class="pic"><img src=${c.iconUrl} alt="" /></span>`;
    return html`<span class="pic ${c.accentColor ? "tinted" : ""}" style=${accentStyle(c.accentColor)} aria-hidden="true">${initials(c.name)}</span>`;
  }

  render() {
    const { communities, unread, prefs } = this.ctx.app;
    const list = "value" in communities.list ? (communities.list.value ?? []) : [];
    const current = this.communityId ? (communities.community(this.communityId) ?? null) : null;
    const label = this.communityId ? (current?.name ?? "…") : "Direct messages";
    const dmMentions = unread.dmMentionCount();
    const go = (href: string) => {
      this.open = false;
      this.ctx.app.router.navigate(href);
    };
    return html`<button class="current" data-popover-toggle aria-haspopup="menu" aria-expanded=${this.open ? "true" : "false"} title=${`${label}: switch community`} @click=${() => (this.open = !this.open)}>
        ${this.pic(current)}<span class="place">${label}</span>${icons.chevron()}
      </button>
      ${this.open
        ? html`<div class="menu" role="menu" aria-label="Communities" @keydown=${(e: KeyboardEvent) => moveMenuFocus(this.renderRoot as ShadowRoot, e)}>
            <button role="menuitem" aria-current=${this.communityId ? "false" : "page"} @click=${() => go("/")}>
              ${this.pic(null)}<span>Direct messages</span>${dmMentions ? html`<span class="mark" aria-label="${dmMentions} unread">${dmMentions}</span>` : nothing}
            </button>
            ${list.map((c) => {
              const u = unread.community(c.id);
              const quiet = prefs.isMuted(c.id);
              return html`<button role="menuitem" aria-current=${c.id === this.communityId ? "page" : "false"} data-community=${c.id} @click=${() => go(`/c/${c.id}`)}>
                ${this.pic(c)}<span>${c.name}</span>
                ${u.mentions ? html`<span class="mark" aria-label="${u.mentions} mentions">${u.mentions}</span>` : u.unread && !quiet ? html`<span class="dot" aria-label="unread"></span>` : nothing}
              </button>`;
            })}
            <hr />
            <button role="menuitem" @click=${() => ((this.open = false), (this.adding = true))}>${icons.plus()}<span>Add a community</span></button>
          </div>`
        : nothing}
      ${this.adding ? html`<hearth-add-community open @dialog-close=${() => (this.adding = false)}></hearth-add-community>` : nothing}`;
  }

  protected updated(changed: Map<string, unknown>) {
    if (changed.has("open") && this.open) this.renderRoot.querySelector<HTMLElement>('[role="menuitem"][aria-current="page"], [role="menuitem"]')?.focus();
  }
}
customElements.define("hearth-place-picker", HearthPlacePicker);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-place-picker": HearthPlacePicker;
  }
}
