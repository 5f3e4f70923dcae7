import { LitElement, css, html, nothing } from "lit";
import { timeAgo } from "../render/time-ago.ts";
import { can } from "../state/communities.ts";
import type { Member } from "../state/members.ts";
import { Connect } from "../state/context.ts";
import { emit } from "../events.ts";
import { DismissController } from "../render/dismiss.ts";
import { describeError } from "../styles/auth-card.ts";
import { shared } from "../styles/shared.ts";
import "./hearth-avatar.ts";
import "./hearth-dialog.ts";

const TIMEOUTS: [string, number][] = [
  ["60 seconds", 60],
  ["5 minutes", 300],
  ["10 minutes", 600],
  ["1 hour", 3600],
  ["1 day", 86400],
  ["1 week", 7 * 86400],
];

/**
 * A person's card in a community: who they are, their roles, "Message", and the moderation actions the reader
 * may take on them (time out, kick, ban), and Block / Unblock (not on one's own card). Properties: `communityId`, `userId`, `x`, `y`. Events: `dialog-close`.
 */
export class HearthUserCard extends LitElement {
  // Outside pointer down or Escape closes the popover.
  private dismiss = new DismissController(this);
  static styles = [
    shared,
    css`
      :host {
        position: fixed;
        z-index: 30;
        width: 300px;
        background: var(--bg-raised);
        border: 1px solid var(--border);
        border-radius: var(--radius-l);
        box-shadow: var(--shadow);
        overflow: hidden;
      }
      .banner img {
        width: 100%;
        height: 100%;
        object-fit: cover;
        display: block;
      }
      .banner.pic {
        height: 104px;
      }
      .banner {
        overflow: hidden;
        height: 56px;
        background: color-mix(in srgb, var(--accent) 60%, var(--bg-rail));
      }
      .who {
        padding: 0 var(--space-4) var(--space-3);
        margin-top: -28px;
      }
      .who hearth-avatar {
        border: 5px solid var(--bg-raised);
        border-radius: 50%;
      }
      .who h2 {
        font-size: 1.15rem;
        margin-top: var(--space-1);
      }
      .status {
        display: flex;
        align-items: center;
        gap: 6px;
        margin-top: var(--space-1);
        font-size: 0.85rem;
        color: var(--fg-muted);
      }
      .status::before {
        content: "";
        width: 8px;
        height: 8px;
        border-radius: 50%;
        background: var(--fg-faint);
      }
      .status.online::before {
        background: var(--success);
      }
      .roles {
        display: flex;
        flex-wrap: wrap;
        gap: 4px;
        margin-top: var(--space-2);
      }
      .role {
        font-size: 0.75rem;
        padding: 2px 8px;
        border-radius: 999px;
        background: var(--bg-input);
        border: 1px solid var(--border);
      }
      .acts {
        border-top: 1px solid var(--border);
        padding: var(--space-3) var(--space-4) var(--space-4);
        display: flex;
        flex-direction: column;
        gap: var(--space-2);
      }
      select {
        min-height: 34px;
        padding: 4px 8px;
      }
    `,
  ];
  static properties = { communityId: {}, userId: {}, x: { type: Number }, y: { type: Number }, busy: { state: true }, confirm: { state: true }, bannerUrl: { state: true } };
  /** The person's profile banner (GET /users/:id/profile), once fetched; null for none, or until then. */
  declare bannerUrl: string | null;
  private profileFor = "";
  declare communityId: string;
  declare userId: string;
  declare x: number;
  declare y: number;
  declare busy: boolean;
  declare confirm: "kick" | "ban" | "block" | null;
  private ctx = new Connect(this, (app) => [app.members, app.communities, app.blocks]);

  constructor() {
    super();
    this.communityId = "";
    this.userId = "";
    this.bannerUrl = null;
    this.x = 0;
    this.y = 0;
    this.busy = false;
    this.confirm = null;
  }


  protected firstUpdated() {
    this.renderRoot.querySelector<HTMLElement>("button")?.focus();
  }

  protected updated() {
    if (this.userId && this.profileFor !== this.userId) void this.loadProfile(this.userId);
  }

  /** The banner is on the profile only (member lists carry no banners): fetched when the card opens for someone. */
  private async loadProfile(userId: string) {
    this.profileFor = userId;
    this.bannerUrl = null;
    try {
      const p = await this.ctx.app.api.get<{ bannerUrl: string | null }>(`/api/v1/users/${encodeURIComponent(userId)}/profile`);
      if (this.userId === userId) this.bannerUrl = p.bannerUrl;
    } catch {
      // No banner then: the card shows the colour, as for someone without one.
    }
  }

  /** "Online", or when they were last seen ("Last seen 3h ago"), or "Offline" when that is not known. */
  private status(m: Member) {
    if (m.online === null) return nothing;
    const text = m.online ? "Online" : m.lastSeenAt ? `Last seen ${timeAgo(m.lastSeenAt)}` : "Offline";
    return html`<div class="status ${m.online ? "online" : ""}" data-testid="presence-status" title=${!m.online && m.lastSeenAt ? new Date(m.lastSeenAt).toLocaleString() : ""}>${text}</div>`;
  }

  render() {
    const { members, communities, auth } = this.ctx.app;
    const m = members.members(this.communityId).find((x) => x.user.id === this.userId);
    const u = m?.user ?? members.user(this.userId);
    const detail = communities.detail.get(this.communityId);
    const d = detail && "value" in detail ? detail.value : undefined;
    const perms = d?.me.permissions;
    const isMe = this.userId === auth.user?.id;
    const isOwner = d?.ownerId === this.userId;
    const mod = !isMe && !isOwner;
    const timedOut = m?.timedOutUntil && new Date(m.timedOutUntil) > new Date();
    this.style.left = `${Math.max(8, Math.min(this.x - 308, window.innerWidth - 308))}px`;
    this.style.top = `${Math.max(8, Math.min(this.y, window.innerHeight - 420))}px`;
    return html`<div role="dialog" aria-label="${u?.displayName ?? "User"} profile">
      <div class="banner ${this.bannerUrl ? "pic" : ""}" data-testid="card-banner">${this.bannerUrl ? html`<img src=${this.bannerUrl} alt="" />` : nothing}</div>
      <div class="who">
        <hearth-avatar .name=${u?.displayName ?? "?"} .seed=${this.userId} size="72"></hearth-avatar>
        <h2>${m?.nickname || u?.displayName || "Unknown user"}</h2>
        <div class="muted">@${u?.username ?? "unknown"}</div>
        ${m && !u?.isBot ? this.status(m) : nothing}
        ${m && d ? html`<div class="roles">${d.roles.filter((r) => m.roleIds.includes(r.id)).map((r) => html`<span class="role">${r.name}</span>`)}</div>` : nothing}
        ${timedOut ? html`<p class="hint" style="margin-top:var(--space-2)">Timed out until ${new Date(m!.timedOutUntil!).toLocaleString()}</p>` : nothing}
      </div>
      <div class="acts">
        ${isMe ? nothing : html`<button class="btn" ?disabled=${this.busy} @click=${this.message}>Message</button>`}
        ${isMe ? nothing : html`<button class="btn ghost" @click=${this.report}>Report</button>`}
        ${isMe
          ? nothing
          : this.ctx.app.blocks.has(this.userId)
            ? html`<button class="btn secondary" ?disabled=${this.busy} @click=${this.unblock}>Unblock</button>`
            : html`<button class="btn ghost" ?disabled=${this.busy} @click=${() => (this.confirm = "block")}>Block</button>`}
        ${mod && can(perms, "TIMEOUT_MEMBERS")
          ? timedOut
            ? html`<button class="btn secondary" ?disabled=${this.busy} @click=${this.endTimeout}>Remove timeout</button>`
            : html`<div class="row"><label class="sr-only" for="dur">Timeout length</label><select id="dur">${TIMEOUTS.map(([l, s]) => html`<option value=${s} ?selected=${s === 600}>${l}</option>`)}</select><button class="btn secondary" ?disabled=${this.busy} @click=${this.timeout}>Time out</button></div>`
          : nothing}
        ${mod && can(perms, "KICK_MEMBERS") && m ? html`<button class="btn secondary" ?disabled=${this.busy} @click=${() => this.act("kick")}>Kick</button>` : nothing}
        ${mod && can(perms, "BAN_MEMBERS") ? html`<button class="btn danger" ?disabled=${this.busy} @click=${() => this.act("ban")}>Ban</button>` : nothing}
      </div>
      ${this.confirm === "block"
        ? html`<hearth-dialog heading=${`Block ${u?.displayName ?? ""}?`} confirm-label="Block" danger .open=${true} .busy=${this.busy} @dialog-confirm=${this.block} @dialog-close=${() => (this.confirm = null)}>
            <p class="muted">They won't be able to message you directly, and their messages will be collapsed for you.</p>
          </hearth-dialog>`
        : html`<hearth-dialog heading=${this.confirm === "ban" ? `Ban ${u?.displayName ?? ""}?` : `Kick ${u?.displayName ?? ""}?`} confirm-label=${this.confirm === "ban" ? "Ban" : "Kick"} danger .open=${this.confirm !== null} .busy=${this.busy} @dialog-confirm=${this.confirmed} @dialog-close=${() => (this.confirm = null)}>
        <p class="muted" style="margin-bottom:var(--space-3)">${this.confirm === "ban" ? "They'll be removed and can't rejoin until unbanned." : "They'll be removed but can rejoin with an invite."}</p>
        <div class="field"><label for="reason">Reason <span class="muted">(optional, goes to the audit log)</span></label><input id="reason" type="text" maxlength="500" /></div>
      </hearth-dialog>`}
    </div>`;
  }

  private async run(fn: () => Promise<unknown>, done: string) {
    this.busy = true;
    try {
      await fn();
      this.ctx.app.ui.toast(done, "success");
      await this.ctx.app.members.load(this.communityId);
    } catch (err) {
      this.ctx.app.ui.toast(describeError(err), "error");
    } finally {
      this.busy = false;
    }
  }

  private report = () => {
    const name = this.ctx.app.members.name(this.userId, this.communityId);
    this.ctx.app.notices.openReport({ targetType: "user", userId: this.userId, communityId: this.communityId || null, label: name });
    emit(this, "dialog-close", undefined);
  };

  private message = async () => {
    this.busy = true;
    try {
      const ch = await this.ctx.app.communities.openDm(this.userId);
      emit(this, "dialog-close", undefined);
      this.ctx.app.router.navigate(`/dm/${ch.id}`);
    } catch (err) {
      this.ctx.app.ui.toast(describeError(err), "error");
    } finally {
      this.busy = false;
    }
  };

  private block = async () => {
    const name = this.ctx.app.members.name(this.userId, this.communityId);
    this.busy = true;
    try {
      await this.ctx.app.blocks.block(this.userId);
      this.ctx.app.ui.toast(`${name} is blocked.`, "success");
      this.confirm = null;
    } catch (err) {
      this.ctx.app.ui.toast(describeError(err), "error");
    } finally {
      this.busy = false;
    }
  };

  private unblock = async () => {
    const name = this.ctx.app.members.name(this.userId, this.communityId);
    this.busy = true;
    try {
      await this.ctx.app.blocks.unblock(this.userId);
      this.ctx.app.ui.toast(`${name} is unblocked.`, "success");
    } catch (err) {
      this.ctx.app.ui.toast(describeError(err), "error");
    } finally {
      this.busy = false;
    }
  };

  private timeout = () => {
    const secs = Number((this.renderRoot.querySelector("#dur") as HTMLSelectElement | null)?.value ?? 600);
    return this.run(() => this.ctx.app.moderation.timeout(this.communityId, this.userId, secs), "Member timed out.");
  };

  private endTimeout = () => this.run(() => this.ctx.app.moderation.endTimeout(this.communityId, this.userId), "Timeout removed.");

  private act(kind: "kick" | "ban") {
    this.confirm = kind;
  }

  private confirmed = async () => {
    const kind = this.confirm;
    if (kind !== "kick" && kind !== "ban") return;
    const reason = (this.renderRoot.querySelector("#reason") as HTMLInputElement | null)?.value.trim() || undefined;
    const name = this.ctx.app.members.name(this.userId, this.communityId);
    const { moderation } = this.ctx.app;
    await this.run(
      () => (kind === "kick" ? moderation.kick(this.communityId, this.userId, reason) : moderation.ban(this.communityId, this.userId, { reason })),
      kind === "kick" ? `${name} was kicked.` : `${name} was banned.`,
    );
    this.confirm = null;
    emit(this, "dialog-close", undefined);
  };
}
customElements.define("hearth-user-card", HearthUserCard);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-user-card": HearthUserCard;
  }
}
