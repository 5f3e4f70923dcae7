import { LitElement, css, html } from "lit";
import { can, sortedChannels, type Channel, type Structure } from "../state/communities.ts";
import { Connect } from "../state/context.ts";
import { accentStyle } from "../styles/accent.ts";
import { icons } from "../styles/icons.ts";
import { badges } from "../styles/badges.ts";
import { shared } from "../styles/shared.ts";
import { callIcons } from "../styles/call-icons.ts";
import { dmTitle } from "./channel-view-text.ts";
import "./hearth-avatar.ts";
import "./hearth-create-channel.ts";
import "./hearth-notify-menu.ts";
import "./hearth-place-picker.ts";
import type { NotifyChoice } from "./hearth-notify-menu.ts";
import "./hearth-invite-dialog.ts";

/**
 * The channel sidebar. In a community: its name (with settings and invite actions), then groups of channels,
 * collapsible, with unread and mention badges; under the open channel, its active threads (a thread open keeps its
 * channel highlighted and is highlighted itself). At Home: the DM list and "New message" (a DM or group DM).
 * No inputs or events.
 */
export class HearthSidebar extends LitElement {
  static styles = [
    shared,
    badges,
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-height: 0;
      }
      .banner {
        flex: none;
        height: 84px;
        overflow: hidden;
      }
      .banner img {
        width: 100%;
        height: 100%;
        object-fit: cover;
        display: block;
      }
      /* The community's accent, as a line across the top where it has no banner. */
      header.accented {
        box-shadow: inset 0 3px 0 var(--accent);
      }
      header {
        flex: none;
        display: flex;
        align-items: center;
        gap: var(--space-1);
        height: 48px;
        padding: 0 var(--space-2) 0 var(--space-4);
        border-bottom: 1px solid var(--border);
        font-weight: 700;
      }
      header h2 {
        flex: 1;
        font-size: 1rem;
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      .list {
        flex: 1;
        padding: var(--space-2) var(--space-2) var(--space-4);
      }
      .group {
        display: flex;
        align-items: center;
        gap: 2px;
        width: 100%;
        margin-top: var(--space-4);
        padding: 4px 4px;
        border: 0;
        background: none;
        color: var(--fg-muted);
        font-size: 0.74rem;
        font-weight: 700;
        text-transform: uppercase;
        letter-spacing: 0.04em;
        cursor: pointer;
        text-align: left;
      }
      .group:hover {
        color: var(--fg);
      }
      .group svg {
        width: 12px;
        height: 12px;
        transition: transform var(--transition);
      }
      /* A group's own marks (its editor in Community settings → Channels): an emoji, and a colour bar. */
      .group .gicon {
        font-size: 0.9rem;
        margin-right: 2px;
      }
      .group.marked {
        box-shadow: inset 3px 0 0 var(--group-color);
        border-radius: 0 var(--radius-s) var(--radius-s) 0;
        padding-left: 8px;
      }
      .group[aria-expanded="false"] svg {
        transform: rotate(-90deg);
      }
      a.ch {
        position: relative;
        display: flex;
        align-items: center;
        gap: 6px;
        padding: 6px 8px;
        margin: 1px 0;
        border-radius: var(--radius-s);
        color: var(--fg-muted);
        font-weight: 500;
        text-decoration: none;
      }
      a.ch svg {
        width: 18px;
        height: 18px;
        flex: none;
        color: var(--fg-faint);
      }
      a.ch .e2ee {
        display: contents;
      }
      a.ch.muted {
        opacity: 0.55;
      }
      .notify-anchor {
        position: relative;
        --popover-top: 0;
        --popover-right: var(--space-2);
      }
      a.ch .e2ee svg {
        width: 13px;
        height: 13px;
      }
      a.ch span.name {
        flex: 1;
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      a.ch:hover {
        background: var(--bg-hover);
        color: var(--fg);
      }
      a.ch[aria-current="page"],
      a.ch[aria-current="true"] {
        background: var(--bg-active);
        color: var(--fg);
      }
      a.ch.unread {
        color: var(--fg);
        font-weight: 700;
      }
      a.ch.unread::before {
        content: "";
        position: absolute;
        left: -8px;
        width: 4px;
        height: 8px;
        border-radius: 0 4px 4px 0;
        background: var(--fg);
      }
      .voice-roster {
        list-style: none;
        margin: 0 0 var(--space-1);
        padding: 0 0 0 30px;
      }
      .voice-roster li {
        display: flex;
        align-items: center;
        gap: 6px;
        padding: 2px 4px;
        color: var(--fg-muted);
        font-size: 0.85rem;
      }
      .voice-roster hearth-avatar {
        border-radius: 50%;
        box-shadow: 0 0 0 2px transparent;
      }
      .voice-roster li.speaking hearth-avatar {
        box-shadow: 0 0 0 2px var(--success);
      }
      .voice-roster .name {
        flex: 1;
        min-width: 0;
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      .voice-roster .state svg {
        width: 14px;
        height: 14px;
        display: block;
      }
      .threads {
        list-style: none;
        margin: 0 0 var(--space-1);
        padding: 0 0 0 22px;
      }
      .threads a.ch {
        padding: 4px 8px;
        font-size: 0.9rem;
      }
      /* The curve from the channel to each of its threads, as in Discord. */
      .threads a.ch::after {
        content: "";
        position: absolute;
        left: -12px;
        top: -6px;
        width: 10px;
        height: 18px;
        border-left: 1.5px solid var(--fg-faint);
        border-bottom: 1.5px solid var(--fg-faint);
        border-bottom-left-radius: 8px;
      }
      .empty {
        padding: var(--space-4) var(--space-3);
        color: var(--fg-muted);
        font-size: 0.9rem;
      }
      .find {
        margin: var(--space-2) var(--space-2) 0;
        width: calc(100% - 16px);
        justify-content: flex-start;
        color: var(--fg-muted);
        font-weight: 500;
        background: var(--bg-rail);
        min-height: 30px;
        font-size: 0.85rem;
      }
      .find svg {
        width: 14px;
        height: 14px;
      }
      .find kbd {
        margin-left: auto;
        font-family: var(--font);
        font-size: 0.72rem;
      }
    `,
  ];
  static properties = { collapsed: { state: true }, inviting: { state: true }, creating: { state: true }, composing: { state: true }, notifyOpen: { state: true } };
  declare composing: boolean;
  declare collapsed: Set<string>;
  declare inviting: boolean;
  /** The community's notification menu, under its header's bell. */
  declare notifyOpen: boolean;
  declare creating: string | null | false;
  private ctx = new Connect(this, (app) => [app.router, app.communities, app.unread, app.calls, app.members, app.threads, app.prefs]);

  constructor() {
    super();
    this.collapsed = new Set();
    this.inviting = false;
    this.notifyOpen = false;
    this.creating = false;
    this.composing = false;
  }

  render() {
    const route = this.ctx.app.router.route;
    if (route.name === "community" || route.name === "community-settings") return this.community(route.communityId, route.name === "community" ? route.channelId : undefined);
    return this.home(route.name === "dm" ? route.channelId : undefined);
  }

  private home(activeId?: string) {
    const { communities, unread, auth, ui } = this.ctx.app;
    const dms = "value" in communities.dms ? (communities.dms.value ?? []) : [];
    return html`<header>${this.placeTitle(null, "Direct messages")}<button class="icon-btn" title="New message" aria-label="New message" @click=${this.compose}>${icons.plus()}</button></header>
      <button class="btn ghost find" @click=${() => ui.setSwitcher(true)}>${icons.search()} Find a conversation <kbd>Ctrl K</kbd></button>
      <nav class="list scroll" aria-label="Direct messages">
        ${communities.dms.state === "loading" && dms.length === 0 ? html`<div class="empty"><span class="spinner" role="status" aria-label="Loading"></span></div>` : null}
        ${communities.dms.state === "ready" && dms.length === 0 ? html`<p class="empty">No conversations yet. Start one with <button class="link-btn" @click=${this.compose}>New message</button>, or from someone's profile in a community's member list.</p>` : null}
        ${dms.map((d) => {
          const others = (d.participants ?? []).filter((p) => p.id !== auth.user?.id);
          const name = dmTitle(d, auth.user?.id ?? "");
          const u = unread.channel(d.id);
          return html`<a class="ch ${u.unread ? "unread" : ""}" href="/dm/${d.id}" aria-current=${d.id === activeId ? "page" : "false"}>
            <hearth-avatar .name=${name} .seed=${others[0]?.id ?? d.id} size="28"></hearth-avatar>
            <span class="name">${name}</span>
            ${u.unread ? html`<span class="badge" aria-label="unread">${Math.max(1, u.mentions)}</span>` : null}
          </a>`;
        })}
      </nav>
      ${this.composing ? html`<hearth-new-message open @dialog-close=${() => (this.composing = false)}></hearth-new-message>` : null}`;
  }

  /** The picker is loaded on first use: most visits to Home never open it. */
  private compose = () => {
    void import("./hearth-new-message.ts");
    this.composing = true;
  };

  private community(communityId: string, openId?: string) {
    const { communities, threads } = this.ctx.app;
    // A thread is shown under its channel, which stays highlighted.
    const activeId = openId ? (threads.parentOf(openId) ?? openId) : undefined;
    // Loading notifies the store, so it runs after this render rather than inside it.
    queueMicrotask(() => communities.ensure(communityId));
    const community = communities.community(communityId);
    const detail = communities.detail.get(communityId);
    const perms = detail && "value" in detail ? detail.value?.me.permissions : undefined;
    const s = communities.structure.get(communityId);
    const manage = can(perms, "MANAGE_CHANNELS") || can(perms, "ADMINISTRATOR");
    const mayInvite = can(perms, "CREATE_INVITES") || can(perms, "ADMINISTRATOR");
    return html`${community?.bannerUrl ? html`<div class="banner"><img src=${community.bannerUrl} alt="" /></div>` : null}
      <header class=${community?.accentColor && !community.bannerUrl ? "accented" : ""} style=${accentStyle(community?.accentColor)}>
        ${this.placeTitle(communityId, community?.name ?? "…")}
        ${this.bell(communityId)}
        ${mayInvite ? html`<button class="icon-btn" title="Invite people" aria-label="Invite people" @click=${() => (this.inviting = true)}>${icons.users()}</button>` : null}
        <a class="icon-btn" href="/c/${communityId}/settings/overview" title="Community settings" aria-label="Community settings">${icons.settings()}</a>
      </header>
      ${this.notifyOpen ? this.notifyMenu(communityId, community?.name ?? "this community") : null}
      <nav class="list scroll" aria-label="Channels">
        ${s?.state === "error" ? html`<p class="empty" role="alert">Couldn't load channels. <button class="link-btn" @click=${() => communities.loadStructure(communityId)}>Retry</button></p>` : null}
        ${!s || s.state === "idle" || (s.state === "loading" && !s.value) ? html`<div class="empty"><span class="spinner" role="status" aria-label="Loading channels"></span></div>` : null}
        ${s && "value" in s && s.value ? this.channels(communityId, s.value, activeId, manage, openId) : null}
      </nav>
      ${this.inviting ? html`<hearth-invite-dialog .communityId=${communityId} open @dialog-close=${() => (this.inviting = false)}></hearth-invite-dialog>` : null}
      ${this.creating !== false ? html`<hearth-create-channel .communityId=${communityId} .groupId=${this.creating || null} open @dialog-close=${() => (this.creating = false)}></hearth-create-channel>` : null}`;
  }

  private channels(communityId: string, s: Structure, activeId: string | undefined, manage: boolean, openId: string | undefined) {
    const sorted = sortedChannels(s);
    const ungrouped = sorted.filter((c) => !c.groupId || !s.groups.some((g) => g.id === c.groupId));
    const groups = [...s.groups].sort((a, b) => a.position - b.position);
    if (sorted.length === 0 && groups.length === 0) {
      return html`<p class="empty">No channels yet.${manage ? html` <button class="link-btn" @click=${() => (this.creating = null)}>Create the first one</button>.` : ""}</p>`;
    }
    return html`${ungrouped.map((c) => this.channel(communityId, c, activeId, openId))}
      ${groups.map((g) => {
        const open = !this.collapsed.has(g.id);
        const inGroup = sorted.filter((c) => c.groupId === g.id);
        return html`<div class="row" style="gap:0">
            <button class="group ${g.accentColor ? "marked" : ""}" style=${g.accentColor ? `--group-color:${g.accentColor}` : ""} aria-expanded=${open ? "true" : "false"} @click=${() => this.toggle(g.id)}>${icons.chevron()} ${g.icon ? html`<span class="gicon" aria-hidden="true">${g.icon}</span>` : null}${g.name}</button>
            ${manage || can(g.permissions, "MANAGE_CHANNELS") ? html`<button class="icon-btn" style="width:24px;height:24px;margin-top:var(--space-4)" title="Create channel" aria-label="Create channel in ${g.name}" @click=${() => (this.creating = g.id)}>${icons.plus()}</button>` : null}
          </div>
          ${inGroup.filter((c) => open || c.id === activeId || this.ctx.app.unread.channel(c.id).mentions > 0).map((c) => this.channel(communityId, c, activeId, openId))}`;
      })}
      ${manage && groups.length === 0 ? html`<button class="btn ghost small" style="margin-top:var(--space-3)" @click=${() => (this.creating = null)}>${icons.plus()} Add channel</button>` : null}`;
  }

  /** The sidebar's title: the place's name, or in the compact layout the menu of places that stands in for the rail. */
  private placeTitle(communityId: string | null, name: string) {
    if (this.ctx.app.prefs.prefs.sidebarLayout === "compact") return html`<hearth-place-picker .communityId=${communityId}></hearth-place-picker>`;
    return html`<h2 title=${name}>${name}</h2>`;
  }

  /** The community's bell: how it notifies, crossed out while it is muted. */
  private bell(communityId: string) {
    const muted = this.ctx.app.prefs.isMuted(communityId);
    return html`<button class="icon-btn" data-popover-toggle title=${muted ? "Community muted" : "Notification settings"} aria-label="Notification settings for this community" aria-haspopup="menu" aria-expanded=${this.notifyOpen ? "true" : "false"} @click=${() => (this.notifyOpen = !this.notifyOpen)}>${muted ? icons.bellOff() : icons.bell()}</button>`;
  }

  private notifyMenu(communityId: string, name: string) {
    const { prefs } = this.ctx.app;
    const close = () => (this.notifyOpen = false);
    return html`<div class="notify-anchor">
      <hearth-notify-menu
        .heading=${name}
        .choice=${prefs.notifyChoice(communityId)}
        .fallback=${prefs.prefs.notifyLevel}
        @notify-choose=${(e: CustomEvent<{ choice: NotifyChoice }>) => {
          prefs.setNotify(communityId, e.detail.choice);
          close();
        }}
        @dialog-close=${close}
      ></hearth-notify-menu>
    </div>`;
  }

  private channel(communityId: string, c: Channel, activeId?: string, openId?: string) {
    const { prefs } = this.ctx.app;
    const u = this.ctx.app.unread.channel(c.id);
    // Mentions in its threads show on the channel while its threads are not listed under it (it is not open).
    const mentions = c.id !== activeId ? u.mentions + this.ctx.app.unread.threadMentions(c.id) : 0;
    const muted = prefs.isMuted(c.id);
    return html`<a class="ch ${u.unread && c.id !== activeId && !muted ? "unread" : ""} ${muted ? "muted" : ""}" href="/c/${communityId}/${c.id}" aria-current=${c.id === openId ? "page" : c.id === activeId ? "true" : "false"} data-channel=${c.id}>
      ${c.kind === "voice" ? icons.volume() : icons.hash()}
      <span class="name">${c.name}</span>
      ${c.encrypted ? html`<span class="e2ee" title="End-to-end encrypted" aria-label="end-to-end encrypted">${icons.lock()}</span>` : null}
      ${muted ? html`<span class="e2ee" title="Muted" aria-label="muted">${icons.bellOff()}</span>` : null}
      ${mentions ? html`<span class="badge" aria-label="${mentions} mentions">${mentions}</span>` : null}
    </a>${c.kind === "voice" ? this.voiceRoster(communityId, c) : c.id === activeId ? this.threadsOf(communityId, c, openId) : null}`;
  }

  /** The open channel's active threads under it (the most recently active few, and the open one). */
  private threadsOf(communityId: string, c: Channel, openId?: string) {
    const { threads } = this.ctx.app;
    const list = threads.channelId === c.id && "value" in threads.list ? (threads.list.value ?? []) : [];
    const shown = list.filter((t) => !t.archived).slice(0, SIDEBAR_THREADS);
    const open = list.find((t) => t.id === openId);
    if (open && !shown.includes(open)) shown.push(open);
    if (shown.length === 0) return null;
    return html`<ul class="threads" aria-label="Threads in ${c.name}">
      ${shown.map((t) => {
        const u = this.ctx.app.unread.channel(t.id);
        return html`<li><a class="ch ${u.unread && t.id !== openId ? "unread" : ""}" href="/c/${communityId}/${t.id}" aria-current=${t.id === openId ? "page" : "false"} data-thread=${t.id}><span class="name">${t.name}</span>${u.mentions && t.id !== openId ? html`<span class="badge" aria-label="${u.mentions} mentions">${u.mentions}</span>` : null}</a></li>`;
      })}
    </ul>`;
  }

  /** Who is in a voice channel's call, under its name (live when this browser is in it, else polled). */
  private voiceRoster(communityId: string, c: Channel) {
    const { calls, members } = this.ctx.app;
    const people = calls.participants(c.id);
    if (people.length === 0) return null;
    const s = calls.session?.channelId === c.id ? calls.session : null;
    return html`<ul class="voice-roster" aria-label="In ${c.name}" data-voice-roster=${c.id}>
      ${people.map((p) => {
        const name = members.name(p.userId, communityId);
        return html`<li data-user=${p.userId} class=${s?.speaking.has(p.id) ? "speaking" : ""}>
          <hearth-avatar .name=${name} .seed=${p.userId} size="20"></hearth-avatar>
          <span class="name">${name}</span>
          ${p.muted ? html`<span class="state" title="Muted" aria-label="muted" role="img">${callIcons.micOff()}</span>` : null}
          ${p.deafened ? html`<span class="state" title="Deafened" aria-label="deafened" role="img">${callIcons.headphonesOff()}</span>` : null}
        </li>`;
      })}
    </ul>`;
  }

  private toggle(id: string) {
    const next = new Set(this.collapsed);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    this.collapsed = next;
  }
}
/** Threads listed under the open channel at most: the rest are a click away in its Threads panel. */
const SIDEBAR_THREADS = 5;

customElements.define("hearth-sidebar", HearthSidebar);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-sidebar": HearthSidebar;
  }
}
