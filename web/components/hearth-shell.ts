import { LitElement, css, html } from "lit";
import { Connect } from "../state/context.ts";
import type { Route } from "../state/router.ts";
import { shared } from "../styles/shared.ts";
import "./hearth-home.ts";
import "./hearth-rail.ts";
import "./hearth-settings.ts";
import "./hearth-sidebar.ts";
import "./hearth-user-panel.ts";

/**
 * The signed-in layout, Discord-shaped: community rail | sidebar (channels or DMs, user panel) | main pane |
 * member list. Below 860px the rail and sidebar become a left drawer and the member list a right drawer.
 * Settings layers cover it. No inputs or events.
 */
export class HearthShell extends LitElement {
  static styles = [
    shared,
    css`
      :host {
        display: block;
        height: 100%;
      }
      .shell {
        display: grid;
        grid-template-columns: 72px 240px minmax(0, 1fr);
        height: 100%;
      }
      .nav {
        display: contents;
      }
      hearth-rail {
        background: var(--bg-rail);
      }
      .side {
        display: flex;
        flex-direction: column;
        min-height: 0;
        background: var(--bg-side);
      }
      hearth-sidebar {
        flex: 1;
        min-height: 0;
      }
      .main {
        display: flex;
        min-width: 0;
        min-height: 0;
        background: var(--bg-main);
      }
      .main > * {
        flex: 1;
        min-width: 0;
      }
      .scrim {
        display: none;
      }
      @media (max-width: 860px) {
        .shell {
          grid-template-columns: minmax(0, 1fr);
        }
        .nav {
          display: flex;
          position: fixed;
          inset: 0 auto 0 0;
          width: min(312px, 88vw);
          z-index: 10;
          transform: translateX(-100%);
          transition: transform 180ms ease;
          box-shadow: var(--shadow);
          visibility: hidden;
        }
        .nav hearth-rail {
          width: 72px;
          flex: none;
        }
        .nav .side {
          flex: 1;
          min-width: 0;
        }
        .shell[data-drawer="nav"] .nav {
          transform: none;
          visibility: visible;
        }
        .shell[data-drawer="nav"] .scrim,
        .shell[data-drawer="members"] .scrim {
          display: block;
          position: fixed;
          inset: 0;
          z-index: 9;
          background: rgba(0, 0, 0, 0.5);
        }
      }
    `,
  ];
  private ctx = new Connect(this, (app) => [app.router, app.ui]);

  render() {
    const { router, ui } = this.ctx.app;
    const route = router.route;
    return html`<div class="shell" data-drawer=${ui.drawer}>
        <div class="nav" ?inert=${false}>
          <hearth-rail></hearth-rail>
          <div class="side">
            <hearth-sidebar></hearth-sidebar>
            <hearth-user-panel></hearth-user-panel>
          </div>
        </div>
        <div class="main">${this.main(route)}</div>
        <div class="scrim" @click=${() => ui.setDrawer("none")}></div>
      </div>
      ${route.name === "settings" ? html`<hearth-settings .section=${route.section}></hearth-settings>` : null}`;
  }

  private main(route: Route) {
    switch (route.name) {
      case "not-found":
        return html`<hearth-home notfound></hearth-home>`;
      default:
        return html`<hearth-home></hearth-home>`;
    }
  }
}
customElements.define("hearth-shell", HearthShell);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-shell": HearthShell;
  }
}
