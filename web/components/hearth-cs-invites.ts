import { LitElement, css, html, nothing } from "lit";
import { INVITE_EXPIRIES } from "../state/community-admin.ts";
import { can, type CommunityInvite } from "../state/communities.ts";
import { Connect } from "../state/context.ts";
import type { Async } from "../state/store.ts";
import { asyncList, loadInto } from "../render/async-list.ts";
import { describeError } from "../styles/auth-card.ts";
import { icons } from "../styles/icons.ts";
import { manage } from "../styles/manage.ts";
import { settingsSection } from "../styles/settings.ts";
import { shared } from "../styles/shared.ts";
import "./hearth-dialog.ts";

/** "Active", "Expired", "Used up" or "Revoked". */
export function inviteStatus(i: Pick<CommunityInvite, "revokedAt" | "expiresAt" | "maxUses" | "uses">, now = new Date()): "Active" | "Expired" | "Used up" | "Revoked" {
  if (i.revokedAt) return "Revoked";
  if (i.expiresAt && new Date(i.expiresAt) <= now) return "Expired";
  if (i.maxUses !== null && i.uses >= i.maxUses) return "Used up";
  return "Active";
}

const inviteLink = (code: string) => `${location.origin}/invite/${encodeURIComponent(code)}`;

/**
 * Community settings → Invites: make a link (max uses 1–1000 or unlimited; expiry 1 hour to 1 year, or never), copy
 * it, see every invite (all of them with MANAGE_COMMUNITY, else one's own) and revoke. Property: `communityId`.
 */
export class HearthCsInvites extends LitElement {
  static styles = [
    shared,
    settingsSection,
    manage,
    css`
      .created {
        display: flex;
        gap: var(--space-2);
        align-items: center;
        margin-top: var(--space-3);
        max-width: 560px;
      }
      .created input {
        font-family: var(--mono);
      }
      td.code {
        font-family: var(--mono);
        white-space: nowrap;
      }
    `,
  ];
  static properties = { communityId: {}, list: { state: true }, busy: { state: true }, created: { state: true }, revoking: { state: true } };
  declare communityId: string;
  declare list: Async<CommunityInvite[]>;
  declare busy: boolean;
  declare created: CommunityInvite | null;
  declare revoking: CommunityInvite | null;
  private ctx = new Connect(this, (app) => [app.members, app.communities]);

  constructor() {
    super();
    this.communityId = "";
    this.list = { state: "idle" };
    this.busy = false;
    this.created = this.revoking = null;
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
    this.ctx.app.members.ensure(this.communityId);
  }

  private load = () => void loadInto((s) => (this.list = s), this.list, () => this.ctx.app.communityAdmin.invites(this.communityId));

  render() {
    const d = this.ctx.app.communities.detail.get(this.communityId);
    const perms = d && "value" in d ? d.value?.me.permissions : undefined;
    const mayCreate = can(perms, "CREATE_INVITES");
    const seesAll = can(perms, "MANAGE_COMMUNITY");
    return html`<h2>Invites</h2>
      <p class="intro">Links that let people join. ${seesAll ? "You see everyone's invites and can revoke any of them." : "You see the invites you made."}</p>
      ${mayCreate
        ? html`<section>
            <h3>Create an invite</h3>
            <form class="toolbar" style="max-width:none" @submit=${this.create}>
              <div class="field" style="width:150px"><label for="uses">Max uses</label><input id="uses" name="uses" type="number" min="1" max="1000" placeholder="Unlimited" aria-describedby="uses-hint" /></div>
              <div class="field" style="width:150px"><label for="exp">Expires after</label><select id="exp" name="expires">${INVITE_EXPIRIES.map(([l, v]) => html`<option value=${v ?? ""} ?selected=${v === 604800}>${l}</option>`)}</select></div>
              <button class="btn" type="submit" ?disabled=${this.busy}>${icons.link()}Create invite</button>
            </form>
            <p class="hint" id="uses-hint">Leave max uses empty for no limit (1 to 1000 otherwise).</p>
            ${this.created
              ? html`<div class="created"><label class="sr-only" for="new-link">New invite link</label><input id="new-link" type="text" readonly .value=${inviteLink(this.created.code)} data-testid="new-invite-link" @focus=${(e: Event) => (e.target as HTMLInputElement).select()} /><button class="btn secondary" @click=${() => this.copy(this.created!.code)}>${icons.copy()}Copy</button></div>`
              : nothing}
          </section>`
        : nothing}
      <section>
        <h3>All invites</h3>
        ${asyncList(this.list, "No invites yet. Create one above and share the link.", (items) => this.table(items, seesAll), this.load)}
      </section>
      ${this.revoking
        ? html`<hearth-dialog open danger heading="Revoke invite ${this.revoking.code}?" confirm-label="Revoke invite" .busy=${this.busy} @dialog-confirm=${this.revoke} @dialog-close=${() => (this.revoking = null)}>
            <p class="muted">The link stops working at once. People who already joined stay.</p>
          </hearth-dialog>`
        : nothing}`;
  }

  private table(items: CommunityInvite[], seesAll: boolean) {
    const me = this.ctx.app.auth.user?.id;
    return html`<div class="table-wrap"><table data-testid="invites-table">
      <thead><tr><th>Code</th><th>Made by</th><th>Uses</th><th>Expires</th><th>Status</th><th><span class="sr-only">Actions</span></th></tr></thead>
      <tbody>
        ${items.map((i) => {
          const status = inviteStatus(i);
          return html`<tr data-invite=${i.code}>
            <td class="code">${i.code}</td>
            <td>${this.ctx.app.members.name(i.creatorId, this.communityId)}</td>
            <td>${i.uses}${i.maxUses !== null ? ` / ${i.maxUses}` : ""}</td>
            <td>${i.expiresAt ? new Date(i.expiresAt).toLocaleString() : "Never"}</td>
            <td><span class="tag ${status === "Active" ? "" : "muted"}">${status}</span></td>
            <td><div class="actions">${status === "Active"
              ? html`<button class="btn ghost small" aria-label="Copy link of invite ${i.code}" @click=${() => this.copy(i.code)}>Copy link</button>
                  ${seesAll || i.creatorId === me ? html`<button class="btn secondary small" aria-label="Revoke invite ${i.code}" @click=${() => (this.revoking = i)}>Revoke</button>` : nothing}`
              : nothing}</div></td>
          </tr>`;
        })}
      </tbody>
    </table></div>`;
  }

  private create = async (e: SubmitEvent) => {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const uses = String(data.get("uses") ?? "").trim();
    const exp = String(data.get("expires") ?? "");
    const maxUses = uses ? Number(uses) : null;
    if (maxUses !== null && (!Number.isInteger(maxUses) || maxUses < 1 || maxUses > 1000)) {
      this.ctx.app.ui.toast("Max uses is a whole number from 1 to 1000, or empty for no limit.", "error");
      return;
    }
    this.busy = true;
    try {
      this.created = await this.ctx.app.communityAdmin.createInvite(this.communityId, { maxUses, expiresInSeconds: exp ? Number(exp) : null });
      this.ctx.app.ui.toast("Invite created.", "success");
      this.load();
    } catch (err) {
      this.ctx.app.ui.toast(describeError(err), "error");
    } finally {
      this.busy = false;
    }
  };

  private async copy(code: string) {
    try {
      await navigator.clipboard.writeText(inviteLink(code));
      this.ctx.app.ui.toast("Invite link copied.", "success");
    } catch {
      this.ctx.app.ui.toast(inviteLink(code));
    }
  }

  private revoke = async () => {
    const i = this.revoking;
    if (!i) return;
    this.busy = true;
    try {
      await this.ctx.app.communityAdmin.revokeInvite(i.code);
      this.ctx.app.ui.toast("Invite revoked.", "success");
      if (this.created?.code === i.code) this.created = null;
      this.revoking = null;
      this.load();
    } catch (err) {
      this.ctx.app.ui.toast(describeError(err), "error");
    } finally {
      this.busy = false;
    }
  };
}
customElements.define("hearth-cs-invites", HearthCsInvites);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-cs-invites": HearthCsInvites;
  }
}
