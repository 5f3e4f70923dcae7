import { ContextProvider } from "@lit/context";
import { LitElement, css, html } from "lit";
import { AppState } from "../state/app.ts";
import { appContext } from "../state/context.ts";
import { PUBLIC_ROUTES, type Route } from "../state/router.ts";
import { shared } from "../styles/shared.ts";
import "./hearth-invite.ts";
import "./hearth-legal.ts";
import "./hearth-login.ts";
import "./hearth-recover.ts";
import "./hearth-recovery-code.ts";
import "./hearth-register.ts";
import "./hearth-shell.ts";
import "./hearth-toasts.ts";

/**
 * The root: owns the AppState and provides it to every element, decides between the signed-out screens and the
 * app shell, keeps in-app links from reloading the page, and holds the global shortcuts (Ctrl+K).
 */
export class HearthApp extends LitElement {
  static styles = [
    shared,
    css`
      :host {
        display: block;
        height: 100%;
      }
      .splash {
        display: grid;
        place-items: center;
        height: 100%;
        background: var(--bg-rail);
        color: var(--fg-muted);
      }
    `,
  ];

  private readonly app = new AppState();
  private readonly provider = new ContextProvider(this, { context: appContext, initialValue: this.app });
  private readonly unsubs: (() => void)[] = [];

  connectedCallback() {
    super.connectedCallback();
    void this.provider;
    for (const s of [this.app.auth, this.app.router]) this.unsubs.push(s.subscribe(() => this.onStateChange()));
    this.addEventListener("click", this.onClick);
    window.addEventListener("keydown", this.onKey);
    void this.app.auth.init();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    for (const u of this.unsubs.splice(0)) u();
    this.removeEventListener("click", this.onClick);
    window.removeEventListener("keydown", this.onKey);
  }

  /** Redirects that depend on who is signed in: to /login when signed out, away from the auth screens when in. */
  private onStateChange() {
    const { auth, router } = this.app;
    const route = router.route;
    if (auth.status === "signed_out" && !PUBLIC_ROUTES.has(route.name)) {
      const next = router.currentUrl;
      router.navigate(next === "/" ? "/login" : `/login?next=${encodeURIComponent(next)}`, { replace: true });
    } else if (auth.status === "signed_in" && !auth.pendingRecoveryCode && (route.name === "login" || route.name === "register" || route.name === "recover")) {
      router.navigate(route.name === "login" && route.next ? route.next : "/", { replace: true });
    }
    this.requestUpdate();
  }

  render() {
    const { auth, router } = this.app;
    const route = router.route;
    if (auth.status === "unknown") return html`<div class="splash" role="status"><span class="spinner" aria-hidden="true"></span><span class="sr-only">Loading Hearth</span></div>`;
    if (auth.pendingRecoveryCode) {
      return html`<hearth-recovery-code .code=${auth.pendingRecoveryCode} @recovery-acknowledged=${() => auth.acknowledgeRecoveryCode()}></hearth-recovery-code>${this.toasts()}`;
    }
    return html`${this.screen(route, auth.status === "signed_in")}${this.toasts()}`;
  }

  private screen(route: Route, signedIn: boolean) {
    if (route.name === "invite") return html`<hearth-invite .code=${route.code}></hearth-invite>`;
    if (route.name === "legal") return html`<hearth-legal .doc=${route.doc}></hearth-legal>`;
    if (!signedIn) {
      switch (route.name) {
        case "register":
          return html`<hearth-register></hearth-register>`;
        case "recover":
          return html`<hearth-recover></hearth-recover>`;
        default:
          return html`<hearth-login></hearth-login>`;
      }
    }
    return html`<hearth-shell></hearth-shell>`;
  }

  private toasts() {
    return html`<hearth-toasts></hearth-toasts>`;
  }

  /** Same-origin links navigate inside the app; composedPath() sees anchors inside shadow roots too. */
  private onClick = (e: MouseEvent) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = e.composedPath().find((n): n is HTMLAnchorElement => n instanceof HTMLAnchorElement);
    if (!a || !a.href || a.target || a.hasAttribute("download")) return;
    const url = new URL(a.href);
    if (url.origin !== location.origin || url.pathname.startsWith("/api/")) return;
    e.preventDefault();
    this.app.router.navigate(url.pathname + url.search);
  };

  private onKey = (e: KeyboardEvent) => {
    if (this.app.auth.status !== "signed_in") return;
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "k") {
      e.preventDefault();
      this.app.ui.setSwitcher(!this.app.ui.switcherOpen);
    } else if ((e.ctrlKey || e.metaKey) && e.key === "/") {
      e.preventDefault();
      this.app.ui.setShortcuts(!this.app.ui.shortcutsOpen);
    } else if (e.altKey && (e.key === "ArrowUp" || e.key === "ArrowDown")) {
      // Alt+Up/Down: previous/next channel in the sidebar, from anywhere (as in Discord).
      const url = this.app.adjacentChannelUrl(e.key === "ArrowDown" ? 1 : -1);
      if (url) {
        e.preventDefault();
        this.app.router.navigate(url);
      }
    }
  };
}
customElements.define("hearth-app", HearthApp);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-app": HearthApp;
  }
}
