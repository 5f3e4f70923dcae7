import { LitElement, css, html, nothing } from "lit";
import { actionPhrase, COMMUNITY_ACTIONS, INSTANCE_ACTIONS, phraseTakesPerson } from "../state/audit-actions.ts";
import type { AuditPage } from "../state/community-admin.ts";
import { Connect } from "../state/context.ts";
import type { AuditEntry } from "../state/moderation.ts";
import { describeError } from "../styles/auth-card.ts";
import { manage } from "../styles/manage.ts";
import { settingsSection } from "../styles/settings.ts";
import { shared } from "../styles/shared.ts";

type Entry = AuditEntry & { ip?: string | null; userAgent?: string | null };

/** A short "key: value" summary of an entry's details, skipping ids nobody can read. */
function detailText(d: Record<string, unknown> | null): string {
  if (!d) return "";
  return Object.entries(d)
    .filter(([k, v]) => v !== null && v !== undefined && typeof v !== "object" && !/id$/i.test(k))
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(" · ")
    .slice(0, 200);
}

/**
 * An audit log, newest first, filterable by action (and, in a community, by who did it), paged with "Load older".
 * A community's log when `communityId` is set; the instance's (with IP addresses) otherwise. Property: `communityId`.
 */
export class HearthAuditLog extends LitElement {
  static styles = [
    shared,
    settingsSection,
    manage,
    css`
      td.when {
        white-space: nowrap;
        color: var(--fg-muted);
        font-size: 0.85rem;
      }
      /* On a phone the date would take a third of the width: let it wrap under itself instead. */
      @media (max-width: 600px) {
        td.when {
          white-space: normal;
          min-width: 5.5em;
        }
      }
      .more {
        display: flex;
        justify-content: center;
        margin-top: var(--space-4);
      }
    `,
  ];
  static properties = { communityId: {}, action: { state: true }, actorId: { state: true }, entries: { state: true }, nextBefore: { state: true }, state: { state: true }, error: { state: true } };
  declare communityId: string | null;
  declare action: string;
  declare actorId: string;
  declare entries: Entry[];
  declare nextBefore: string | null;
  declare state: "idle" | "loading" | "ready" | "error";
  declare error: unknown;
  private ctx = new Connect(this, (app) => [app.members, app.prefs]);
  private asked = new Set<string>();

  constructor() {
    super();
    this.communityId = null;
    this.action = this.actorId = "";
    this.entries = [];
    this.nextBefore = null;
    this.state = "idle";
    this.error = null;
  }

  connectedCallback() {
    super.connectedCallback();
    if (this.communityId) this.ctx.app.members.ensure(this.communityId);
    void this.load(false);
  }

  private async load(more: boolean) {
    this.state = "loading";
    const q = { before: more ? this.nextBefore : null, action: this.action || undefined, actorId: this.actorId || undefined };
    try {
      const page: AuditPage = this.communityId ? await this.ctx.app.communityAdmin.audit(this.communityId, q) : await this.ctx.app.admin.audit(q);
      this.entries = more ? [...this.entries, ...page.entries] : page.entries;
      this.nextBefore = page.nextBefore;
      this.ctx.app.members.learn(page.entries.flatMap((e) => (e.actor?.username && e.actor.displayName ? [{ id: e.actor.id, username: e.actor.username, displayName: e.actor.displayName }] : [])));
      this.state = "ready";
      if (!this.communityId) this.learnTargets(page.entries);
    } catch (err) {
      this.error = err;
      this.state = "error";
    }
  }

  /** The instance log names people from anywhere: look unknown targets up through the admin API, once each. */
  private learnTargets(entries: Entry[]) {
    const { members, admin } = this.ctx.app;
    for (const e of entries) {
      const id = phraseTakesPerson(e.action) ? e.targetId : null;
      if (!id || members.user(id) || this.asked.has(id)) continue;
      this.asked.add(id);
      void admin.user(id).then((u) => members.learn([u]), () => {});
    }
  }

  render() {
    const actions = this.communityId ? COMMUNITY_ACTIONS : INSTANCE_ACTIONS;
    const members = this.communityId ? this.ctx.app.members.members(this.communityId) : [];
    return html`<div class="toolbar">
        <div class="field" style="min-width:220px"><label for="action">Action</label>
          <select id="action" @change=${(e: Event) => ((this.action = (e.target as HTMLSelectElement).value), void this.load(false))}>
            <option value="">All actions</option>
            ${Object.entries(actions).map(([a, phrase]) => html`<option value=${a} ?selected=${this.action === a}>${phrase.replace(/:$/, "")} (${a})</option>`)}
          </select></div>
        ${this.communityId
          ? html`<div class="field" style="min-width:200px"><label for="actor">Done by</label>
              <select id="actor" @change=${(e: Event) => ((this.actorId = (e.target as HTMLSelectElement).value), void this.load(false))}>
                <option value="">Anyone</option>
                ${members.map((m) => html`<option value=${m.user.id} ?selected=${this.actorId === m.user.id}>${m.nickname || m.user.displayName}</option>`)}
              </select></div>`
          : nothing}
      </div>
      ${this.state === "error" ? html`<div class="alert" role="alert">${describeError(this.error)} <button class="link-btn" @click=${() => this.load(false)}>Retry</button></div>` : nothing}
      ${this.state === "loading" && this.entries.length === 0 ? html`<span class="spinner" role="status" aria-label="Loading the audit log"></span>` : nothing}
      ${this.state !== "loading" && this.state !== "error" && this.entries.length === 0 ? html`<div class="empty">${this.action || this.actorId ? "Nothing matches these filters." : "Nothing recorded yet."}</div>` : nothing}
      ${this.entries.length ? this.table() : nothing}
      ${this.nextBefore ? html`<div class="more"><button class="btn secondary" ?disabled=${this.state === "loading"} @click=${() => this.load(true)}>Load older entries</button></div>` : nothing}`;
  }

  private table() {
    const { members, prefs } = this.ctx.app;
    const instance = !this.communityId;
    return html`<div class="table-wrap"><table data-testid="audit-table">
      <thead><tr><th>When</th><th>What happened</th><th>Reason</th>${instance ? html`<th>IP address</th>` : nothing}</tr></thead>
      <tbody>
        ${this.entries.map((e) => {
          const when = new Date(e.createdAt);
          const who = e.actor ? (e.actor.displayName ?? members.name(e.actor.id, this.communityId)) : "System";
          const target = phraseTakesPerson(e.action) && e.targetId ? members.name(e.targetId, this.communityId) : "";
          const details = detailText(e.details);
          return html`<tr data-action=${e.action}>
            <td class="when">${when.toLocaleDateString()} ${prefs.time(when)}</td>
            <td><strong>${who}</strong> ${actionPhrase(e.action)} ${target ? html`<strong>${target}</strong>` : nothing}${details ? html`<div class="hint">${details}</div>` : nothing}</td>
            <td>${e.reason ?? ""}</td>
            ${instance ? html`<td class="mono" style="font-size:0.82rem">${e.ip ?? ""}</td>` : nothing}
          </tr>`;
        })}
      </tbody>
    </table></div>`;
  }
}
customElements.define("hearth-audit-log", HearthAuditLog);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-audit-log": HearthAuditLog;
  }
}
