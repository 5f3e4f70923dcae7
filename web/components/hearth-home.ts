import { LitElement, html } from "lit";
import { Connect } from "../state/context.ts";
import { icons } from "../styles/icons.ts";
import { pane } from "../styles/pane.ts";
import { shared } from "../styles/shared.ts";
import "./hearth-add-community.ts";

/**
 * The main pane at Home: a welcome that points at the next step (create or join a community), or a not-found
 * notice for an unknown URL. Attribute: `notfound` (boolean).
 */
export class HearthHome extends LitElement {
  static styles = [shared, pane];
  static properties = { notfound: { type: Boolean }, adding: { state: true } };
  declare notfound: boolean;
  declare adding: boolean;
  private ctx = new Connect(this, (app) => [app.communities, app.auth]);

  constructor() {
    super();
    this.notfound = false;
    this.adding = false;
  }

  render() {
    const { communities, auth, ui } = this.ctx.app;
    const list = "value" in communities.list ? (communities.list.value ?? []) : [];
    const menu = html`<button class="icon-btn menu-btn" aria-label="Open navigation" @click=${() => ui.setDrawer("nav")}>${icons.menu()}</button>`;
    if (this.notfound) {
      return html`<header class="bar">${menu}<h1>Not found</h1></header>
        <div class="empty-state"><div><div class="art">${icons.alert()}</div><h2>Nothing lives here</h2><p>That link doesn't lead anywhere in Hearth. It may have been mistyped, or the thing it pointed to is gone.</p><div class="actions"><a class="btn" href="/">Go home</a></div></div></div>`;
    }
    return html`<header class="bar">${menu}<h1>${icons.flame()} Home</h1></header>
      <main class="empty-state">
        <div>
          <div class="art">${icons.message()}</div>
          <h2>${list.length ? `Welcome back, ${auth.user?.displayName ?? ""}` : `Welcome to Hearth, ${auth.user?.displayName ?? ""}`}</h2>
          <p>${list.length
            ? "Pick a community on the left, or a conversation from your direct messages. Press Ctrl+K to jump anywhere."
            : "You're not in any community yet. Start one for your friends, or join one with an invite link someone sent you."}</p>
          <div class="actions">
            <button class="btn" @click=${() => (this.adding = true)}>${icons.plus()} Create or join a community</button>
            <a class="btn secondary" href="/settings/appearance">Choose a theme</a>
          </div>
        </div>
      </main>
      ${this.adding ? html`<hearth-add-community open @dialog-close=${() => (this.adding = false)}></hearth-add-community>` : null}`;
  }
}
customElements.define("hearth-home", HearthHome);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-home": HearthHome;
  }
}
