import { LitElement, css, html, nothing } from "lit";
import { asyncList, loadInto } from "../render/async-list.ts";
import type { WebhookInfo } from "../state/community-admin.ts";
import { can, type Channel } from "../state/communities.ts";
import { Connect } from "../state/context.ts";
import type { Async } from "../state/store.ts";
import { describeError } from "../styles/auth-card.ts";
import { icons } from "../styles/icons.ts";
import { manage } from "../styles/manage.ts";
import { settingsSection } from "../styles/settings.ts";
import { shared } from "../styles/shared.ts";
import "./hearth-dialog.ts";

/**
 * Community settings → Webhooks (docs/api/webhooks.md): make a webhook for a text channel, copy its URL (shown once;
 * "New URL" replaces it and ends the old one), see every webhook of the channels one manages, delete.
 * Property: `communityId`.
 */
export class HearthCsWebhooks extends LitElement {
  static styles = [
    shared,
    settingsSection,
    manage,
    css`
      .secret {
        display: flex;
        gap: var(--space-2);
        align-items: center;
        margin-top: var(--space-3);
        max-width: 640px;
      }
      .secret input {
        font-family: var(--mono);
      }
    `,
  ];
  static properties = { communityId: {}, list: { state: true }, busy: { state: true }, secret: { state: true }, deleting: { state: true } };
  declare communityId: string;
  declare list: Async<WebhookInfo[]>;
  declare busy: boolean;
  /** The URL just made or replaced, for the webhook named: shown until the next action. */
  declare secret: { name: string; url: string } | null;
  declare deleting: WebhookInfo | null;
  private ctx = new Connect(this, (app) => [app.communities, app.members]);

  constructor() {
    super();
    this.communityId = "";
    this.list = { state: "idle" };
    this.busy = false;
    this.secret = this.deleting = null;
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
    this.ctx.app.members.ensure(this.communityId);
  }

  private load = () => void loadInto((s) => (this.list = s), this.list, () => this.ctx.app.communityAdmin.webhooks(this.communityId));

  /** Text channels one may add webhooks to: plain ones (an encrypted channel takes no plain text) with MANAGE_WEBHOOKS. */
  private channels(): Channel[] {
    const s = this.ctx.app.communities.structure.get(this.communityId);
    const list = s && "value" in s ? (s.value?.channels ?? []) : [];
    return list.filter((c) => c.kind === "text" && !c.encrypted && can(c.permissions, "MANAGE_WEBHOOKS"));
  }

  render() {
    const channels = this.channels();
    const names = new Map((this.ctx.app.communities.structure.get(this.communityId) as { value?: { channels: Channel[] } } | undefined)?.value?.channels.map((c) => [c.id, c.name]) ?? []);
    return html`<h2>Webhooks</h2>
      <p class="intro">A webhook is a secret address other programs post messages to (a build server, a monitor, a feed). Its messages appear under its name, marked App. Anyone with the address can post, so keep it like a password.</p>
      <section>
        <h3>Create a webhook</h3>
        ${channels.length
          ? html`<form class="toolbar" style="max-width:none" @submit=${this.create}>
              <div class="field" style="width:220px"><label for="wh-name">Name</label><input id="wh-name" name="name" type="text" maxlength="80" required placeholder="Build bot" /></div>
              <div class="field" style="width:220px"><label for="wh-channel">Channel</label><select id="wh-channel" name="channel">${channels.map((c) => html`<option value=${c.id}>#${c.name}</option>`)}</select></div>
              <button class="btn" type="submit" ?disabled=${this.busy}>${icons.link()}Create webhook</button>
            </form>`
          : html`<p class="hint">There is no text channel here you can add a webhook to (end-to-end-encrypted channels take none).</p>`}
        ${this.secret
          ? html`<div class="secret"><label class="sr-only" for="wh-url">Address of ${this.secret.name}</label><input id="wh-url" type="text" readonly .value=${this.secret.url} data-testid="webhook-url" @focus=${(e: Event) => (e.target as HTMLInputElement).select()} /><button class="btn secondary" @click=${() => this.copy(this.secret!.url)}>${icons.copy()}Copy</button></div>
              <p class="hint">This is the only time the address is shown. Post JSON <code>{"content": "…"}</code> to it.</p>`
          : nothing}
      </section>
      <section>
        <h3>Webhooks</h3>
        ${asyncList(this.list, "No webhooks yet.", (items) => this.table(items, names), this.load)}
      </section>
      ${this.deleting
        ? html`<hearth-dialog open danger heading="Delete webhook ${this.deleting.name}?" confirm-label="Delete webhook" .busy=${this.busy} @dialog-confirm=${this.deleteChosen} @dialog-close=${() => (this.deleting = null)}>
            <p class="muted">Its address stops working at once. Messages it posted stay.</p>
          </hearth-dialog>`
        : nothing}`;
  }

  private table(items: WebhookInfo[], names: Map<string, string>) {
    return html`<div class="table-wrap"><table data-testid="webhooks-table">
      <thead><tr><th>Name</th><th>Channel</th><th>Made by</th><th>Last used</th><th><span class="sr-only">Actions</span></th></tr></thead>
      <tbody>
        ${items.map(
          (w) => html`<tr data-webhook=${w.id}>
            <td>${w.name}</td>
            <td>#${names.get(w.channelId) ?? "?"}</td>
            <td>${w.createdBy ? this.ctx.app.members.name(w.createdBy, this.communityId) : "—"}</td>
            <td>${w.lastUsedAt ? new Date(w.lastUsedAt).toLocaleString() : "Never"}</td>
            <td><div class="actions">
              <button class="btn ghost small" aria-label="New URL for ${w.name}" ?disabled=${this.busy} @click=${() => this.renew(w)}>New URL</button>
              <button class="btn secondary small" aria-label="Delete webhook ${w.name}" @click=${() => (this.deleting = w)}>Delete</button>
            </div></td>
          </tr>`,
        )}
      </tbody>
    </table></div>`;
  }

  private async act(fn: () => Promise<void>) {
    this.busy = true;
    try {
      await fn();
    } catch (err) {
      this.ctx.app.ui.toast(describeError(err), "error");
    } finally {
      this.busy = false;
    }
  }

  private create = (e: SubmitEvent) => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const name = String(data.get("name") ?? "").trim();
    const channelId = String(data.get("channel") ?? "");
    if (!name) return;
    void this.act(async () => {
      const made = await this.ctx.app.communityAdmin.createWebhook(channelId, name);
      this.secret = { name: made.webhook.name, url: made.url };
      form.reset();
      this.ctx.app.ui.toast("Webhook created. Copy its address now.", "success");
      this.load();
    });
  };

  private renew(w: WebhookInfo) {
    void this.act(async () => {
      this.secret = { name: w.name, url: await this.ctx.app.communityAdmin.newWebhookUrl(w.id) };
      this.ctx.app.ui.toast("New address made; the old one no longer works.", "success");
    });
  }

  private deleteChosen = () => {
    const w = this.deleting;
    if (!w) return;
    void this.act(async () => {
      await this.ctx.app.communityAdmin.deleteWebhook(w.id);
      this.deleting = null;
      this.secret = null;
      this.ctx.app.ui.toast("Webhook deleted.", "success");
      this.load();
    });
  };

  private async copy(url: string) {
    try {
      await navigator.clipboard.writeText(url);
      this.ctx.app.ui.toast("Address copied.", "success");
    } catch {
      this.ctx.app.ui.toast(url);
    }
  }
}
customElements.define("hearth-cs-webhooks", HearthCsWebhooks);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-cs-webhooks": HearthCsWebhooks;
  }
}
