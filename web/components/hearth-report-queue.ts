import { LitElement, css, html, nothing } from "lit";
import { REASON_MAX } from "../../protocol/limits.ts";
import type { ReportItem, ReportStatus } from "../state/community-admin.ts";
import { Connect } from "../state/context.ts";
import type { Async } from "../state/store.ts";
import { asyncList, loadInto } from "../render/async-list.ts";
import { describeError } from "../styles/auth-card.ts";
import { manageIcons } from "../styles/manage-icons.ts";
import { manage } from "../styles/manage.ts";
import { settingsSection } from "../styles/settings.ts";
import { shared } from "../styles/shared.ts";
import "./hearth-dialog.ts";

const FILTERS: [ReportStatus | "all", string][] = [
  ["open", "Open"],
  ["resolved", "Resolved"],
  ["dismissed", "Dismissed"],
  ["all", "All"],
];

/**
 * A reports queue: a community's (moderators) when `communityId` is set, else the instance's (admins). Filter by
 * status; resolve or dismiss with notes; a community moderator can escalate a report to the instance admins.
 * Properties: `communityId` (string or null). No events.
 */
export class HearthReportQueue extends LitElement {
  static styles = [
    shared,
    settingsSection,
    manage,
    css`
      .report {
        display: block;
      }
      .report .top {
        display: flex;
        flex-wrap: wrap;
        gap: var(--space-2);
        align-items: center;
        margin-bottom: var(--space-2);
      }
      .excerpt {
        border-left: 3px solid var(--border);
        padding: 2px var(--space-3);
        margin: var(--space-2) 0;
        color: var(--fg-muted);
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
      .reason {
        overflow-wrap: anywhere;
      }
      .tag.open {
        background: var(--warning);
        color: var(--bg-main);
      }
      .report .actions {
        justify-content: flex-start;
        margin-top: var(--space-3);
      }
      .report .actions svg {
        width: 16px;
        height: 16px;
      }
    `,
  ];
  static properties = { communityId: {}, status: { state: true }, list: { state: true }, resolving: { state: true }, escalating: { state: true }, busy: { state: true } };
  declare communityId: string | null;
  declare status: ReportStatus | "all";
  declare list: Async<ReportItem[]>;
  declare resolving: { report: ReportItem; as: "resolved" | "dismissed" } | null;
  declare escalating: ReportItem | null;
  declare busy: boolean;
  private ctx = new Connect(this, (app) => [app.members]);
  private asked = new Set<string>();

  constructor() {
    super();
    this.communityId = null;
    this.status = "open";
    this.list = { state: "idle" };
    this.resolving = this.escalating = null;
    this.busy = false;
  }

  connectedCallback() {
    super.connectedCallback();
    if (this.communityId) this.ctx.app.members.ensure(this.communityId);
    this.load();
  }

  private load = () =>
    void loadInto(
      (s) => ((this.list = s), "value" in s && s.value && this.learnNames(s.value)),
      this.list,
      () => (this.communityId ? this.ctx.app.communityAdmin.reports(this.communityId, this.status) : this.ctx.app.admin.reports(this.status)),
    );

  /** The instance queue names people from any community: look unknown ones up through the admin API, once each. */
  private learnNames(reports: ReportItem[]) {
    if (this.communityId) return;
    const { members, admin } = this.ctx.app;
    for (const id of new Set(reports.flatMap((r) => [r.reporterId, r.targetUserId, r.resolverId]).filter((x): x is string => !!x))) {
      if (members.user(id) || this.asked.has(id)) continue;
      this.asked.add(id);
      void admin.user(id).then((u) => members.learn([u]), () => {});
    }
  }

  private name(id: string | null): string {
    if (!id) return "someone";
    return this.ctx.app.members.name(id, this.communityId);
  }

  render() {
    return html`<div class="tabs" role="tablist" aria-label="Report status">
        ${FILTERS.map(([s, label]) => html`<button role="tab" aria-selected=${this.status === s ? "true" : "false"} @click=${() => ((this.status = s), this.load())}>${label}</button>`)}
      </div>
      ${asyncList(this.list, this.status === "open" ? "The queue is empty. Nothing needs your attention." : "No reports here.", (items) => html`<div class="list" data-testid="reports">${items.map((r) => this.report(r))}</div>`, this.load)}
      ${this.resolving ? this.resolveDialog(this.resolving.report, this.resolving.as) : nothing}
      ${this.escalating
        ? html`<hearth-dialog open heading="Send to the instance admins?" confirm-label="Escalate" .busy=${this.busy} @dialog-confirm=${this.escalate} @dialog-close=${() => (this.escalating = null)}>
            <p class="muted">The report leaves this community's queue and goes to the people who run this Hearth server. Use it for illegal content or anything beyond a community's rules.</p>
          </hearth-dialog>`
        : nothing}`;
  }

  private report(r: ReportItem) {
    const what = r.targetType === "message" ? `A message${r.targetUserId ? ` by ${this.name(r.targetUserId)}` : ""}` : this.name(r.targetUserId);
    return html`<div class="item report" data-report=${r.id}>
      <div class="top">
        <span class="tag ${r.status === "open" ? "open" : "muted"}">${r.status}</span>
        <strong>${what}</strong>
        <span class="hint">reported by ${this.name(r.reporterId)} · ${new Date(r.createdAt).toLocaleString()}</span>
      </div>
      ${r.messageExcerpt ? html`<div class="excerpt">${r.messageExcerpt}</div>` : nothing}
      <div class="reason"><span class="label">Reason</span> ${r.reason}</div>
      ${r.status !== "open" ? html`<div class="hint" style="margin-top:var(--space-2)">${r.status === "resolved" ? "Resolved" : "Dismissed"} by ${this.name(r.resolverId)}${r.resolvedAt ? ` · ${new Date(r.resolvedAt).toLocaleString()}` : ""}${r.notes ? html` — “${r.notes}”` : ""}</div>` : nothing}
      ${r.status === "open"
        ? html`<div class="actions">
            <button class="btn small" @click=${() => (this.resolving = { report: r, as: "resolved" })}>Resolve</button>
            <button class="btn secondary small" @click=${() => (this.resolving = { report: r, as: "dismissed" })}>Dismiss</button>
            ${this.communityId ? html`<button class="btn ghost small" @click=${() => (this.escalating = r)}>${manageIcons.flag()}Escalate to admins</button>` : nothing}
          </div>`
        : nothing}
    </div>`;
  }

  private resolveDialog(r: ReportItem, as: "resolved" | "dismissed") {
    return html`<hearth-dialog open heading=${as === "resolved" ? "Resolve report" : "Dismiss report"} confirm-label=${as === "resolved" ? "Resolve" : "Dismiss"} .busy=${this.busy} @dialog-confirm=${() => this.resolve(r, as)} @dialog-close=${() => (this.resolving = null)}>
      <p class="muted" style="margin-bottom:var(--space-3)">${as === "resolved" ? "You've dealt with it." : "Nothing needed doing."} Notes are for moderators only; the reporter sees just the outcome.</p>
      <div class="field"><label for="notes">Notes <span class="muted">(optional)</span></label><textarea id="notes" rows="3" maxlength=${REASON_MAX}></textarea></div>
    </hearth-dialog>`;
  }

  private async resolve(r: ReportItem, as: "resolved" | "dismissed") {
    const notes = (this.renderRoot.querySelector("#notes") as HTMLTextAreaElement | null)?.value.trim() ?? "";
    await this.act(() => (this.communityId ? this.ctx.app.communityAdmin.resolveReport(this.communityId, r.id, as, notes) : this.ctx.app.admin.resolveReport(r.id, as, notes)), as === "resolved" ? "Report resolved." : "Report dismissed.");
    this.resolving = null;
  }

  private escalate = async () => {
    const r = this.escalating;
    if (!r || !this.communityId) return;
    await this.act(() => this.ctx.app.communityAdmin.escalateReport(this.communityId!, r.id), "Sent to the instance admins.");
    this.escalating = null;
  };

  private async act(fn: () => Promise<unknown>, done: string) {
    this.busy = true;
    try {
      await fn();
      this.ctx.app.ui.toast(done, "success");
      this.load();
    } catch (err) {
      this.ctx.app.ui.toast(describeError(err), "error");
    } finally {
      this.busy = false;
    }
  }
}
customElements.define("hearth-report-queue", HearthReportQueue);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-report-queue": HearthReportQueue;
  }
}
