import { LitElement, css, html, nothing } from "lit";
import type { CommunityDetail } from "../state/communities.ts";
import { Connect } from "../state/context.ts";
import { describeError } from "../styles/auth-card.ts";
import { settingsSection } from "../styles/settings.ts";
import { shared } from "../styles/shared.ts";
import "./hearth-dialog.ts";

/**
 * The end of a community's Overview: for the owner, transfer ownership (to a member, confirmed with the password
 * and a second factor when on) and delete (typing the name); for everyone else, leave. Property: `communityId`.
 */
export class HearthCsOwnership extends LitElement {
  static styles = [
    shared,
    settingsSection,
    css`
      .danger {
        border: 1px solid color-mix(in srgb, var(--danger) 55%, var(--border));
        border-radius: var(--radius);
        padding: var(--space-4);
        display: flex;
        flex-direction: column;
        gap: var(--space-4);
      }
      .danger .row {
        flex-wrap: wrap;
      }
      .danger .text {
        flex: 1;
        min-width: 220px;
      }
    `,
  ];
  static properties = { communityId: {}, open: { state: true }, busy: { state: true }, error: { state: true }, typed: { state: true } };
  declare communityId: string;
  declare open: "leave" | "delete" | "transfer" | null;
  declare busy: boolean;
  declare error: string;
  declare typed: string;
  private ctx = new Connect(this, (app) => [app.communities, app.members, app.auth]);

  constructor() {
    super();
    this.communityId = "";
    this.open = null;
    this.busy = false;
    this.error = "";
    this.typed = "";
  }

  private get detail(): CommunityDetail | undefined {
    const d = this.ctx.app.communities.detail.get(this.communityId);
    return d && "value" in d ? d.value : undefined;
  }

  private show(which: "leave" | "delete" | "transfer") {
    this.error = "";
    this.typed = "";
    this.open = which;
    if (which === "transfer") this.ctx.app.members.ensure(this.communityId);
  }

  render() {
    const c = this.detail;
    if (!c) return nothing;
    return html`<section>
        <h3>${c.me.isOwner ? "Danger zone" : "Leave"}</h3>
        <div class="danger">
          ${c.me.isOwner
            ? html`<div class="row"><div class="text"><strong>Transfer ownership</strong><p class="hint">Hand ${c.name} to another member. You keep your roles but lose the owner's powers.</p></div><button class="btn secondary" @click=${() => this.show("transfer")}>Transfer ownership</button></div>
                <div class="row"><div class="text"><strong>Delete this community</strong><p class="hint">Every channel, message, role and invite goes with it. This can't be undone.</p></div><button class="btn danger" @click=${() => this.show("delete")}>Delete community</button></div>`
            : html`<div class="row"><div class="text"><strong>Leave ${c.name}</strong><p class="hint">You lose access to its channels. You can come back with a new invite.</p></div><button class="btn danger" @click=${() => this.show("leave")}>Leave community</button></div>`}
        </div>
      </section>
      ${this.open ? this.dialog(c) : nothing}`;
  }

  private dialog(c: CommunityDetail) {
    const err = this.error ? html`<div class="alert" role="alert">${this.error}</div>` : nothing;
    const close = () => (this.open = null);
    if (this.open === "leave") {
      return html`<hearth-dialog open danger heading="Leave ${c.name}?" confirm-label="Leave community" .busy=${this.busy} @dialog-confirm=${this.leave} @dialog-close=${close}>${err}<p class="muted">You'll lose access to its channels until someone invites you again.</p></hearth-dialog>`;
    }
    if (this.open === "delete") {
      const matches = this.typed === c.name;
      return html`<hearth-dialog open danger heading="Delete ${c.name}?" confirm-label="Delete community" .busy=${this.busy} ?confirm-disabled=${!matches} @dialog-confirm=${() => matches && this.deleteCommunity(c)} @dialog-close=${close}>
        ${err}
        <p class="muted" style="margin-bottom:var(--space-3)">Every channel, message, role and invite is deleted for everyone. This can't be undone.</p>
        <div class="field"><label for="confirm-name">Type <strong>${c.name}</strong> to confirm</label><input id="confirm-name" type="text" autocomplete="off" .value=${this.typed} @input=${(e: Event) => (this.typed = (e.target as HTMLInputElement).value)} /></div>
      </hearth-dialog>`;
    }
    const me = this.ctx.app.auth.user;
    const others = this.ctx.app.members.members(this.communityId).filter((m) => m.user.id !== me?.id);
    return html`<hearth-dialog open heading="Transfer ownership" confirm-label="Transfer" danger .busy=${this.busy} @dialog-confirm=${() => this.transfer(c)} @dialog-close=${close}>
      ${err}
      <p class="muted" style="margin-bottom:var(--space-3)">The new owner gets every power over ${c.name}, including deleting it. Only they can give it back.</p>
      <div class="field"><label for="new-owner">New owner</label><select id="new-owner">${others.length ? others.map((m) => html`<option value=${m.user.id}>${m.nickname || m.user.displayName} (@${m.user.username})</option>`) : html`<option value="">Nobody else is a member yet</option>`}</select></div>
      <div class="field"><label for="pw">Your password</label><input id="pw" type="password" autocomplete="current-password" /></div>
      ${me?.totpEnabled ? html`<div class="field"><label for="totp">Authenticator code</label><input id="totp" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="6" /></div>` : nothing}
    </hearth-dialog>`;
  }

  private async act(fn: () => Promise<unknown>, after: () => Promise<void>) {
    this.busy = true;
    this.error = "";
    try {
      await fn();
      this.open = null;
      await after();
    } catch (err) {
      this.error = describeError(err);
    } finally {
      this.busy = false;
    }
  }

  private leave = () =>
    this.act(
      () => this.ctx.app.communityAdmin.leave(this.communityId),
      async () => {
        await this.ctx.app.communities.load();
        this.ctx.app.router.navigate("/");
      },
    );

  private deleteCommunity(c: CommunityDetail) {
    return this.act(
      () => this.ctx.app.communityAdmin.deleteCommunity(this.communityId, this.typed),
      async () => {
        this.ctx.app.ui.toast(`${c.name} was deleted.`, "success");
        await this.ctx.app.communities.load();
        this.ctx.app.router.navigate("/");
      },
    );
  }

  private transfer(c: CommunityDetail) {
    const root = this.renderRoot;
    const userId = (root.querySelector("#new-owner") as HTMLSelectElement | null)?.value ?? "";
    const password = (root.querySelector("#pw") as HTMLInputElement | null)?.value ?? "";
    const totpCode = (root.querySelector("#totp") as HTMLInputElement | null)?.value.trim();
    if (!userId || !password) {
      this.error = !userId ? "Pick the new owner." : "Enter your password to confirm.";
      return;
    }
    return this.act(
      () => this.ctx.app.communityAdmin.transfer(this.communityId, { userId, password, ...(totpCode ? { totpCode } : {}) }),
      async () => {
        this.ctx.app.ui.toast(`${this.ctx.app.members.name(userId, this.communityId)} now owns ${c.name}.`, "success");
        await this.ctx.app.communities.loadDetail(this.communityId);
      },
    );
  }
}
customElements.define("hearth-cs-ownership", HearthCsOwnership);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-cs-ownership": HearthCsOwnership;
  }
}
