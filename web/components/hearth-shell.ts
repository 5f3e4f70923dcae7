import { LitElement, css, html } from "lit";
import { Connect } from "../state/context.ts";
import type { Route } from "../state/router.ts";
import { shared } from "../styles/shared.ts";
import { icons } from "../styles/icons.ts";
import { pane } from "../styles/pane.ts";
import "./hearth-announcements.ts";
import "./hearth-channel-view.ts";
import "./hearth-home.ts";
import "./hearth-member-list.ts";
import "./hearth-report-dialog.ts";
import "./hearth-shortcuts.ts";
import "./hearth-switcher.ts";
import "./hearth-thread-view.ts";
import "./hearth-rail.ts";
import "./hearth-sidebar.ts";
import "./hearth-user-panel.ts";
import "./hearth-voice-panel.ts";
import { parseTheme, themeStyle } from "../../protocol/community-theme.ts";

/**
 * The signed-in layout, Discord-shaped: community rail | sidebar (channels or DMs, user panel) | main pane |
 * member list. Below 860px the rail and sidebar become a left drawer and the member list a right drawer.
 * Settings layers cover it. No inputs or events.
 */
export class HearthShell extends LitElement {
  static styles = [
    shared,
    pane,
    css`
      .pane {
        display: flex;
        flex-direction: column;
        height: 100%;
      }
      :host {
        display: flex;
        flex-direction: column;
        height: 100%;
      }
      .shell {
        flex: 1;
        min-height: 0;
        display: grid;
        grid-template-columns: 72px 240px minmax(0, 1fr) auto;
      }
      .nav {
        display: contents;
      }
      hearth-rail {
        background: var(--bg-rail);
      }
      /* The compact layout: no rail; the sidebar's title is a menu of places (hearth-place-picker). */
      .shell[data-sidebar="compact"] {
        grid-template-columns: 240px minmax(0, 1fr) auto;
      }
      .shell[data-sidebar="compact"] hearth-rail {
        display: none;
      }
      /* Text takes --fg where it is drawn, so a community theme that sets it reaches every line. */
      .side,
      .main,
      hearth-member-list {
        color: var(--fg);
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
        .shell,
        .shell[data-sidebar="compact"] {
          grid-template-columns: minmax(0, 1fr);
        }
        hearth-member-list.members {
          position: fixed;
          inset: 0 0 0 auto;
          z-index: 10;
          box-shadow: var(--shadow);
          display: none;
        }
        hearth-member-list.members.open {
          display: block;
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
  private ctx = new Connect(this, (app) => [app.router, app.ui, app.communities, app.prefs]);

  /**
   * The settings layers are big and rarely open, so they load as their own chunks on first use: the first page
   * load carries only the chat. Until the chunk arrives the element is an empty placeholder, upgraded in place.
   */
  protected willUpdate() {
    const r = this.ctx.app.router.route.name;
    if (r === "settings") void import("./hearth-settings.ts");
    if (r === "community-settings") void import("./hearth-community-settings.ts");
  }

  render() {
    const { router, ui } = this.ctx.app;
    const route = router.route;
    const theme = this.theme(route);
    // A settings layer covers the app: the app behind it leaves the tab order and the accessibility tree.
    return html`<hearth-announcements></hearth-announcements>
      <div class="shell" data-drawer=${ui.drawer} data-sidebar=${this.ctx.app.prefs.prefs.sidebarLayout} ?inert=${route.name === "settings" || route.name === "community-settings"}>
        <div class="nav" ?inert=${false}>
          <hearth-rail></hearth-rail>
          <div class="side" style=${theme}>
            <hearth-sidebar></hearth-sidebar>
            <hearth-voice-panel></hearth-voice-panel>
            <hearth-user-panel></hearth-user-panel>
          </div>
        </div>
        <div class="main" style=${theme}>${this.main(route)}</div>
        ${this.members(route, theme)}
        <div class="scrim" @click=${() => ui.setDrawer("none")}></div>
      </div>
      ${route.name === "settings" ? html`<hearth-settings .section=${route.section}></hearth-settings>` : null}
      ${route.name === "community-settings" ? html`<hearth-community-settings .communityId=${route.communityId} .section=${route.section}></hearth-community-settings>` : null}
      <hearth-switcher></hearth-switcher>
      <hearth-shortcuts></hearth-shortcuts>
      <hearth-report-dialog></hearth-report-dialog>`;
  }

  private main(route: Route) {
    switch (route.name) {
      case "community":
      case "community-settings":
        return this.community(route.communityId, route.name === "community" ? route.channelId : undefined);
      case "dm":
        return html`<hearth-channel-view .communityId=${null} .channelId=${route.channelId}></hearth-channel-view>`;
      case "not-found":
        return html`<hearth-home notfound></hearth-home>`;
      default:
        return html`<hearth-home></hearth-home>`;
    }
  }

  private community(communityId: string, channelId: string | undefined) {
    const { communities, router, ui } = this.ctx.app;
    const s = communities.structure.get(communityId);
    if (channelId) {
      const ch = communities.channel(channelId);
      if (ch?.kind === "voice") {
        // Calls are a chunk of their own (the view and the WebRTC session): loaded the first time one is opened.
        void import("./hearth-voice-view.ts");
        return html`<hearth-voice-view .communityId=${communityId} .channelId=${channelId}></hearth-voice-view>`;
      }
      // Until the community's channels arrive, a channel could be a voice one: neither view is drawn yet.
      if (!ch && (!s || s.state === "idle" || (s.state === "loading" && !s.value))) return html`<div class="pane"><div class="empty-state"><span class="spinner" role="status" aria-label="Loading"></span></div></div>`;
      // Threads are not in the channel list: an id that is not a channel is looked up as a thread.
      if (!ch) return html`<hearth-thread-view .communityId=${communityId} .threadId=${channelId}></hearth-thread-view>`;
      return html`<hearth-channel-view .communityId=${communityId} .channelId=${channelId}></hearth-channel-view>`;
    }
    const first = communities.firstChannel(communityId);
    // Opening a community lands in its first text channel, as a redirect so Back skips the bare community URL.
    if (first && router.route.name === "community") queueMicrotask(() => router.navigate(`/c/${communityId}/${first.id}`, { replace: true }));
    const menu = html`<button class="icon-btn menu-btn" aria-label="Open navigation" @click=${() => ui.setDrawer("nav")}>${icons.menu()}</button>`;
    if (s?.state === "ready" && !first) {
      return html`<div class="pane"><header class="bar">${menu}<h1>${communities.community(communityId)?.name ?? ""}</h1></header>
        <div class="empty-state"><div><div class="art">${icons.hash()}</div><h2>No text channels yet</h2><p>Create a channel from the sidebar to get the conversation going.</p></div></div></div>`;
    }
    if (s?.state === "error") return html`<div class="pane"><header class="bar">${menu}</header><div class="empty-state"><div><h2>Community not found</h2><p>You may have left it, or the link is wrong.</p><div class="actions"><a class="btn" href="/">Go home</a></div></div></div></div>`;
    return html`<div class="pane"><div class="empty-state"><span class="spinner" role="status" aria-label="Loading"></span></div></div>`;
  }

  /**
   * The open community's theme (protocol/community-theme.ts) as an inline style for the parts that show the
   * community: its sidebar, the conversation and the member list, not the rail everyone shares. Read again by the
   * same rules the server stored it by; "" when there is none or the person turned community themes off.
   */
  private theme(route: Route): string {
    const { communities, prefs } = this.ctx.app;
    if (route.name !== "community" || !prefs.prefs.communityThemes) return "";
    const css = communities.community(route.communityId)?.themeCss ?? "";
    if (this.themeMemo.css !== css) {
      const parsed = css ? parseTheme(css) : null;
      this.themeMemo = { css, style: parsed?.ok ? themeStyle(parsed.vars) : "" };
    }
    return this.themeMemo.style;
  }
  private themeMemo = { css: "", style: "" };

  private members(route: Route, theme: string) {
    const { ui } = this.ctx.app;
    if (route.name !== "community" || !route.channelId) return null;
    if (this.ctx.app.communities.channel(route.channelId)?.kind === "voice") return null;
    const show = ui.drawer === "members" || ui.membersOpen;
    return show ? html`<hearth-member-list class="members ${ui.drawer === "members" ? "open" : ""}" style=${theme} .communityId=${route.communityId}></hearth-member-list>` : null;
  }
}
customElements.define("hearth-shell", HearthShell);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-shell": HearthShell;
  }
}
