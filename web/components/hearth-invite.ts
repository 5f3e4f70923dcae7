import { LitElement, html, nothing } from "lit";
import type { InvitePreview } from "../state/communities.ts";
import { Connect } from "../state/context.ts";
import type { Async } from "../state/store.ts";
import { authCard, brand, describeError } from "../styles/auth-card.ts";
import { shared } from "../styles/shared.ts";
import { initials } from "./hearth-avatar.ts";

/**
 * /invite/CODE: shows which community the link leads to and joins it. Signed out, it offers to log in or register
 * and comes back here afterwards. Property: `code`. No events.
 */
export class HearthInvite extends LitElement {
  static styles = [shared, authCard];
  static properties = { code: {}, preview: { state: true }, busy: { state: true }, error: { state: true } };
  declare code: string;
  declare preview: Async<InvitePreview>;
  declare busy: boolean;
  declare error: string;
  private ctx = new Connect(this, (app) => [app.auth]);

  constructor() {
    super();
    this.code = "";
    this.preview = { state: "idle" };
    this.busy = false;
    this.error = "";
  }

  protected willUpdate(changed: Map<string, unknown>) {
    if (changed.has("code") && this.code) void this.load();
  }

  private async load() {
    this.preview = { state: "loading" };
    try {
      this.preview = { state: "ready", value: await this.ctx.app.communities.previewInvite(this.code) };
    } catch (e) {
      this.preview = { state: "error", error: e as Error };
    }
  }

  render() {
    const p = this.preview;
    const signedIn = this.ctx.app.auth.status === "signed_in";
    const here = `/invite/${encodeURIComponent(this.code)}`;
    return html`<main>
      ${brand()}
      ${p.state === "idle" || p.state === "loading" ? html`<span class="spinner" role="status" aria-label="Loading invite"></span>` : nothing}
      ${p.state === "error"
        ? html`<h1>This invite doesn't work</h1><p class="lead">It may have expired, been used up or revoked. Ask for a new link.</p><a class="btn" href="/">Go home</a>`
        : nothing}
      ${p.state === "ready"
        ? html`<p class="lead" style="margin-bottom:var(--space-2)">You've been invited to join</p>
            <div class="row" style="margin-bottom:var(--space-4)">
              <span style="display:grid;place-items:center;width:56px;height:56px;border-radius:16px;background:var(--accent);color:var(--accent-fg);font-weight:800;font-size:1.2rem">${initials(p.value.community.name)}</span>
              <div><h1 data-testid="invite-community">${p.value.community.name}</h1><div class="muted">${p.value.community.memberCount} ${p.value.community.memberCount === 1 ? "member" : "members"}</div></div>
            </div>
            ${p.value.community.description ? html`<p style="margin-bottom:var(--space-4)">${p.value.community.description}</p>` : nothing}
            ${this.error ? html`<div class="alert" role="alert">${this.error}</div>` : nothing}
            ${signedIn
              ? html`<button class="btn block" ?disabled=${this.busy} @click=${this.join}>Accept invite</button>`
              : html`<a class="btn block" href="/login?next=${encodeURIComponent(here)}">Log in to join</a>
                  <div class="foot"><span>No account? <a href="/register">Create one</a>, then open this link again.</span></div>`}`
        : nothing}
    </main>`;
  }

  private join = async () => {
    this.busy = true;
    this.error = "";
    try {
      const id = await this.ctx.app.communities.acceptInvite(this.code);
      this.ctx.app.router.navigate(`/c/${id}`, { replace: true });
    } catch (e) {
      this.error = describeError(e);
    } finally {
      this.busy = false;
    }
  };
}
customElements.define("hearth-invite", HearthInvite);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-invite": HearthInvite;
  }
}
