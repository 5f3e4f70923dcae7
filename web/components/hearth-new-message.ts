import { LitElement, css, html, nothing } from "lit";
import { GROUP_DM_MAX_PARTICIPANTS } from "../../protocol/limits.ts";
import { Connect } from "../state/context.ts";
import type { UserRef } from "../state/members.ts";
import { describeError } from "../styles/auth-card.ts";
import { shared } from "../styles/shared.ts";
import "./hearth-avatar.ts";
import "./hearth-dialog.ts";

/**
 * "New message": pick one person for a DM (the existing one if there is one) or several for a group DM (up to
 * GROUP_DM_MAX_PARTICIPANTS people, oneself included), among the people one shares a community or a conversation
 * with. Opens the conversation once created. With `channel-id` (a group DM), the same picker adds people to it
 * instead: those already in it are not offered, and the limit counts them.
 * Attributes: `open`, `channel-id`. Events: `dialog-close`.
 */
export class HearthNewMessage extends LitElement {
  static styles = [
    shared,
    css`
      .people {
        list-style: none;
        margin: var(--space-2) 0 0;
        padding: 0;
        max-height: 300px;
        overflow-y: auto;
      }
      .people label {
        display: flex;
        align-items: center;
        gap: var(--space-2);
        padding: 6px var(--space-2);
        border-radius: var(--radius-s);
        cursor: pointer;
      }
      .people label:hover {
        background: var(--bg-hover);
      }
      .people input:disabled + hearth-avatar,
      .people input:disabled ~ span {
        opacity: 0.5;
      }
      .who {
        display: flex;
        flex-direction: column;
        line-height: 1.2;
      }
      .who small {
        color: var(--fg-muted);
      }
      .count {
        font-size: 0.8rem;
        color: var(--fg-muted);
        margin-top: var(--space-2);
      }
    `,
  ];
  static properties = { open: { type: Boolean }, channelId: { attribute: "channel-id" }, busy: { state: true }, error: { state: true }, query: { state: true }, picked: { state: true } };
  declare open: boolean;
  /** Adding to this group DM rather than starting a conversation. */
  declare channelId: string;
  declare busy: boolean;
  declare error: string;
  declare query: string;
  declare picked: string[];
  private ctx = new Connect(this, (app) => [app.communities, app.members, app.auth]);

  constructor() {
    super();
    this.open = false;
    this.channelId = "";
    this.busy = false;
    this.error = "";
    this.query = "";
    this.picked = [];
  }

  protected willUpdate() {
    // Member lists of every community one is in (as the list arrives): the people one can write to. Loading
    // notifies the store, so it starts after this render rather than inside it.
    const list = this.ctx.app.communities.list;
    const ids = "value" in list ? (list.value ?? []).map((c) => c.id) : [];
    if (ids.some((id) => (this.ctx.app.members.lists.get(id)?.state ?? "idle") === "idle")) queueMicrotask(() => ids.forEach((id) => this.ctx.app.members.ensure(id)));
  }

  /** Everyone one shares a community or a conversation with, except oneself, by name. */
  private candidates(): UserRef[] {
    const { communities, members, auth } = this.ctx.app;
    const byId = new Map<string, UserRef>();
    const list = "value" in communities.list ? (communities.list.value ?? []) : [];
    for (const c of list) for (const m of members.members(c.id)) byId.set(m.user.id, m.user);
    for (const d of "value" in communities.dms ? (communities.dms.value ?? []) : []) for (const p of d.participants ?? []) byId.set(p.id, p);
    byId.delete(auth.user?.id ?? "");
    for (const p of this.group()?.participants ?? []) byId.delete(p.id);
    return [...byId.values()].sort((a, b) => a.displayName.localeCompare(b.displayName));
  }

  /** The group DM being added to, when adding. */
  private group() {
    return this.channelId ? this.ctx.app.communities.channel(this.channelId) : undefined;
  }

  render() {
    const q = this.query.trim().toLowerCase();
    const all = this.candidates();
    const shown = q ? all.filter((u) => u.displayName.toLowerCase().includes(q) || u.username.toLowerCase().includes(q)) : all;
    const adding = !!this.channelId;
    const max = GROUP_DM_MAX_PARTICIPANTS - (adding ? (this.group()?.participants?.length ?? 1) : 1);
    const full = this.picked.length >= max;
    const loading = [...this.ctx.app.members.lists.values()].some((l) => l.state === "loading");
    const label = adding ? (this.picked.length > 1 ? `Add ${this.picked.length} people` : "Add") : this.picked.length > 1 ? "Start group conversation" : "Start conversation";
    return html`<hearth-dialog heading=${adding ? "Add people" : "New message"} confirm-label=${label} .open=${this.open} .busy=${this.busy} ?confirm-disabled=${this.picked.length === 0} @dialog-confirm=${this.start}>
      ${this.error ? html`<div class="alert" role="alert">${this.error}</div>` : nothing}
      ${adding
        ? html`<p class="muted">${max > 0 ? html`Add up to ${max} more. They'll read messages sent from now on; earlier ones stay encrypted for the people who were here.` : html`This group is full: it holds at most ${GROUP_DM_MAX_PARTICIPANTS} people.`}</p>`
        : html`<p class="muted">Pick one person for a direct message, or up to ${max} for a group. Either way it's end-to-end encrypted.</p>`}
      <div class="field" style="margin-top:var(--space-3)">
        <label for="nm-q">Find people</label>
        <input id="nm-q" type="search" autocomplete="off" placeholder="Name or username" .value=${this.query} @input=${(e: Event) => (this.query = (e.target as HTMLInputElement).value)} />
      </div>
      ${all.length === 0
        ? loading
          ? html`<span class="spinner" role="status" aria-label="Loading people"></span>`
          : html`<p class="muted">${adding ? "Everyone you share a community or conversation with is already here." : "Nobody to message yet: people appear here once you share a community with them."}</p>`
        : html`<ul class="people" aria-label="People">
            ${shown.map((u) => {
              const on = this.picked.includes(u.id);
              return html`<li>
                <label>
                  <input type="checkbox" .checked=${on} ?disabled=${!on && full} @change=${() => this.toggle(u.id)} aria-label=${`${u.displayName} (@${u.username})`} />
                  <hearth-avatar .name=${u.displayName} .seed=${u.id} size="28"></hearth-avatar>
                  <span class="who"><span>${u.displayName}</span><small>@${u.username}</small></span>
                </label>
              </li>`;
            })}
            ${shown.length === 0 ? html`<li class="muted">Nobody matches "${this.query}".</li>` : nothing}
          </ul>`}
      ${max > 0 ? html`<p class="count" aria-live="polite">${this.picked.length} of ${max} picked${full ? ": a group holds at most " + GROUP_DM_MAX_PARTICIPANTS + " people, you included" : ""}.</p>` : nothing}
    </hearth-dialog>`;
  }

  private toggle(id: string) {
    this.picked = this.picked.includes(id) ? this.picked.filter((x) => x !== id) : [...this.picked, id];
  }

  private start = async () => {
    if (this.picked.length === 0) return;
    this.busy = true;
    this.error = "";
    try {
      if (this.channelId) {
        await this.ctx.app.communities.addToGroup(this.channelId, this.picked);
        this.renderRoot.querySelector("hearth-dialog")?.close();
        return;
      }
      const ch = await this.ctx.app.communities.openConversation(this.picked);
      this.renderRoot.querySelector("hearth-dialog")?.close();
      this.ctx.app.router.navigate(`/dm/${ch.id}`);
    } catch (err) {
      this.error = describeError(err);
    } finally {
      this.busy = false;
    }
  };
}
customElements.define("hearth-new-message", HearthNewMessage);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-new-message": HearthNewMessage;
  }
}
