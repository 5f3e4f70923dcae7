import { LitElement, css, html, nothing } from "lit";
import { repeat } from "lit/directives/repeat.js";
import type { Role } from "../state/communities.ts";
import { Connect } from "../state/context.ts";
import type { Member } from "../state/members.ts";
import { shared } from "../styles/shared.ts";
import "./hearth-avatar.ts";
import "./hearth-user-card.ts";

/**
 * The member list of a community, grouped under each member's highest coloured role, with a card (message,
 * moderate) on click. Property: `communityId`. No events.
 */
export class HearthMemberList extends LitElement {
  static styles = [
    shared,
    css`
      :host {
        display: block;
        width: 240px;
        height: 100%;
        background: var(--bg-side);
        overflow-y: auto;
        padding: var(--space-2) var(--space-2) var(--space-5);
      }
      h2 {
        font-size: 0.74rem;
        text-transform: uppercase;
        letter-spacing: 0.04em;
        color: var(--fg-muted);
        padding: var(--space-4) var(--space-2) var(--space-1);
      }
      button.member {
        display: flex;
        align-items: center;
        gap: var(--space-2);
        width: 100%;
        padding: 5px var(--space-2);
        border: 0;
        background: none;
        border-radius: var(--radius-s);
        cursor: pointer;
        text-align: left;
        color: var(--fg-muted);
      }
      button.member:hover {
        background: var(--bg-hover);
        color: var(--fg);
      }
      .name {
        flex: 1;
        min-width: 0;
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
        font-weight: 500;
      }
      .dot {
        width: 8px;
        height: 8px;
        border-radius: 50%;
        flex: none;
      }
      .presence {
        position: relative;
        display: inline-flex;
      }
      .presence::after {
        content: "";
        position: absolute;
        right: -2px;
        bottom: -2px;
        width: 10px;
        height: 10px;
        border-radius: 50%;
        border: 3px solid var(--bg-side);
        background: var(--fg-faint);
      }
      .presence.online::after {
        background: var(--success);
      }
      button.member.offline .name {
        color: var(--fg-faint);
      }
      button.member.offline hearth-avatar {
        filter: grayscale(1);
      }
      .to {
        font-size: 0.7rem;
        color: var(--warning);
      }
    `,
  ];
  static properties = { communityId: {}, card: { state: true } };
  declare communityId: string;
  declare card: { userId: string; x: number; y: number } | null;
  private ctx = new Connect(this, (app) => [app.members, app.communities, app.chat]);
  private hubOpen = false;

  constructor() {
    super();
    this.communityId = "";
    this.card = null;
  }

  protected willUpdate(changed: Map<string, unknown>) {
    // Presence arrives as presence_changed frames (docs/protocol.md H6), which are lost while the hub is away; and
    // the person's own hub socket makes them online. So the list is fetched again whenever the hub (re)opens.
    const open = this.ctx.app.chat.hubState === "open";
    if (open && !this.hubOpen && this.communityId) queueMicrotask(() => void this.ctx.app.members.load(this.communityId));
    this.hubOpen = open;
    if (changed.has("communityId") && this.communityId) queueMicrotask(() => this.ctx.app.members.ensure(this.communityId));
  }

  render() {
    const { members, communities } = this.ctx.app;
    const list = members.lists.get(this.communityId);
    const detail = communities.detail.get(this.communityId);
    const roles: Role[] = detail && "value" in detail ? (detail.value?.roles ?? []) : [];
    const byRole = new Map<string, Member[]>();
    const plain: Member[] = [];
    const ranked = [...roles].filter((r) => !r.isEveryone).sort((a, b) => b.position - a.position);
    for (const m of members.members(this.communityId)) {
      const top = ranked.find((r) => m.roleIds.includes(r.id));
      if (top) byRole.set(top.id, [...(byRole.get(top.id) ?? []), m]);
      else plain.push(m);
    }
    const name = (m: Member) => m.nickname || m.user.displayName;
    // Online people first, as in every member list; then by name.
    const sort = (a: Member, b: Member) => Number(b.online === true) - Number(a.online === true) || name(a).localeCompare(name(b));
    return html`<nav aria-label="Members" data-testid="member-list">
        ${!list || list.state === "idle" || (list.state === "loading" && !list.value) ? html`<span class="spinner" role="status" aria-label="Loading members"></span>` : nothing}
        ${list?.state === "error" ? html`<p class="error" role="alert">Couldn't load members.</p>` : nothing}
        ${ranked
          .filter((r) => byRole.has(r.id))
          .map((r) => html`<h2>${r.name} — ${byRole.get(r.id)!.length}</h2>${repeat(byRole.get(r.id)!.sort(sort), (m) => m.user.id, (m) => this.member(m, r.color))}`)}
        ${plain.length ? html`<h2>Members — ${plain.length}</h2>${repeat(plain.sort(sort), (m) => m.user.id, (m) => this.member(m, null))}` : nothing}
      </nav>
      ${this.card
        ? html`<hearth-user-card .communityId=${this.communityId} .userId=${this.card.userId} .x=${this.card.x} .y=${this.card.y} @dialog-close=${() => (this.card = null)}></hearth-user-card>`
        : nothing}`;
  }

  private member(m: Member, color: string | null) {
    const timedOut = m.timedOutUntil && new Date(m.timedOutUntil) > new Date();
    const presence = m.online === true ? "online" : m.online === false ? "offline" : "";
    return html`<button class="member ${presence}" data-user=${m.user.username} @click=${(e: MouseEvent) => this.open(m, e)}>
      <span class="presence ${presence}"><hearth-avatar .name=${m.user.displayName} .seed=${m.user.id} size="32"></hearth-avatar></span>
      <span class="name">${m.nickname || m.user.displayName}${presence ? html`<span class="sr-only">, ${presence}</span>` : nothing}</span>
      ${color ? html`<span class="dot" style="background:${color}" aria-hidden="true"></span>` : nothing}
      ${timedOut ? html`<span class="to" title="Timed out until ${new Date(m.timedOutUntil!).toLocaleString()}">timed out</span>` : nothing}
    </button>`;
  }

  private open(m: Member, e: MouseEvent) {
    const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
    this.card = { userId: m.user.id, x: r.left - 8, y: r.top };
  }
}
customElements.define("hearth-member-list", HearthMemberList);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-member-list": HearthMemberList;
  }
}
