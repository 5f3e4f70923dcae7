import { LitElement, html, nothing } from "lit";
import { COMMUNITY_DESCRIPTION_MAX, COMMUNITY_NAME_MAX } from "../../protocol/limits.ts";
import { can } from "../state/communities.ts";
import { Connect } from "../state/context.ts";
import { describeError } from "../styles/auth-card.ts";
import { settingsSection } from "../styles/settings.ts";
import { shared } from "../styles/shared.ts";
import "./hearth-dialog.ts";

/** Community settings → Overview: name and description; leave, or (owner) delete. Property: `communityId`. */
export class HearthCsOverview extends LitElement {
  static styles = [shared, settingsSection];
  static properties = { communityId: {}, busy: { state: true }, confirm: { state: true }, error: { state: true } };
  declare communityId: string;
  declare busy: boolean;
  declare confirm: "leave" | "delete" | null;
  declare error: string;
  private ctx = new Connect(this, (app) => [app.communities]);

  constructor() {
    super();
    this.communityId = "";
    this.busy = false;
    this.confirm = null;
    this.error = "";
  }

  render() {
    const d = this.ctx.app.communities.detail.get(this.communityId);
    const c = d && "value" in d ? d.value : undefined;
    if (!c) return nothing;
    const mayEdit = c.me.isOwner || can(c.me.permissions, "MANAGE_COMMUNITY") || can(c.me.permissions, "ADMINISTRATOR");
    return html`<h2>Overview</h2>
      <p class="intro">${c.memberCount} ${c.memberCount === 1 ? "member" : "members"} · created ${new Date(c.createdAt).toLocaleDateString()}</p>
      <section>
        <form @submit=${this.save}>
          <div class="field"><label for="n">Community name</label><input id="n" name="name" type="text" maxlength=${COMMUNITY_NAME_MAX} .value=${c.name} ?disabled=${!mayEdit} /></div>
          <div class="field"><label for="d">Description</label><textarea id="d" name="description" rows="3" maxlength=${COMMUNITY_DESCRIPTION_MAX} .value=${c.description} ?disabled=${!mayEdit}></textarea></div>
          ${mayEdit ? html`<button class="btn" type="submit" ?disabled=${this.busy}>Save changes</button>` : nothing}
        </form>
      </section>
      <section>
        ${c.me.isOwner
          ? html`<h3>Delete community</h3><p class="muted" style="margin-bottom:var(--space-3)">Every channel and message goes with it. This can't be undone.</p><button class="btn danger" @click=${() => (this.confirm = "delete")}>Delete community</button>`
          : html`<h3>Leave community</h3><p class="muted" style="margin-bottom:var(--space-3)">You can come back with a new invite.</p><button class="btn danger" @click=${() => (this.confirm = "leave")}>Leave ${c.name}</button>`}
      </section>
      ${this.confirm
        ? html`<hearth-dialog open danger heading=${this.confirm === "delete" ? `Delete ${c.name}?` : `Leave ${c.name}?`} confirm-label=${this.confirm === "delete" ? "Delete community" : "Leave"} .busy=${this.busy} @dialog-confirm=${this.doConfirm} @dialog-close=${() => (this.confirm = null)}>
            ${this.error ? html`<div class="alert" role="alert">${this.error}</div>` : nothing}
            ${this.confirm === "delete" ? html`<div class="field"><label for="cn">Type the community's name to confirm</label><input id="cn" type="text" autocomplete="off" /></div>` : html`<p class="muted">You'll lose access to its channels.</p>`}
          </hearth-dialog>`
        : nothing}`;
  }

  private async save(e: SubmitEvent) {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    this.busy = true;
    try {
      await this.ctx.app.moderation.updateCommunity(this.communityId, { name: String(data.get("name") ?? "").trim(), description: String(data.get("description") ?? "") });
      await Promise.all([this.ctx.app.communities.loadDetail(this.communityId), this.ctx.app.communities.load()]);
      this.ctx.app.ui.toast("Saved.", "success");
    } catch (err) {
      this.ctx.app.ui.toast(describeError(err), "error");
    } finally {
      this.busy = false;
    }
  }

  private doConfirm = async () => {
    const { api, communities, router } = this.ctx.app;
    this.busy = true;
    this.error = "";
    try {
      const id = encodeURIComponent(this.communityId);
      if (this.confirm === "delete") {
        const confirmName = (this.renderRoot.querySelector("#cn") as HTMLInputElement | null)?.value ?? "";
        await api.delete(`/api/v1/communities/${id}`, { confirmName });
      } else await api.post(`/api/v1/communities/${id}/leave`);
      this.confirm = null;
      await communities.load();
      router.navigate("/");
    } catch (err) {
      this.error = describeError(err);
    } finally {
      this.busy = false;
    }
  };
}
customElements.define("hearth-cs-overview", HearthCsOverview);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-cs-overview": HearthCsOverview;
  }
}
