import { LitElement, css, html, nothing } from "lit";
import { REASON_MAX } from "../../protocol/limits.ts";
import { BAN_DELETE_WINDOWS, BAN_DURATIONS, outranks, TIMEOUT_DURATIONS, type Warning } from "../state/community-admin.ts";
import { can, type CommunityDetail } from "../state/communities.ts";
import { Connect } from "../state/context.ts";
import type { Member } from "../state/members.ts";
import type { Async } from "../state/store.ts";
import { loadInto } from "../render/async-list.ts";
import { describeError } from "../styles/auth-card.ts";
import { icons } from "../styles/icons.ts";
import { manage } from "../styles/manage.ts";
import { settingsSection } from "../styles/settings.ts";
import { shared } from "../styles/shared.ts";
import "./hearth-dialog.ts";

type Action = "timeout" | "warn" | "kick" | "ban";
const val = (root: { querySelector(sel: string): Element | null }, sel: string) => (root.querySelector(sel) as HTMLInputElement | HTMLSelectElement | null)?.value ?? "";

/**
 * The moderation part of a member's page: time out (or end it), warn (and the warnings so far), kick and ban, each
 * through a dialog that asks for a reason. Shown only for what the reader's permissions and rank allow.
 * Properties: `communityId`, `userId`.
 */
export class HearthCsMemberModeration extends LitElement {
  static styles = [
    shared,
    settingsSection,
    manage,
    css`
      .acts {
        display: flex;
        flex-wrap: wrap;
        gap: var(--space-2);
        margin-bottom: var(--space-4);
      }
      .acts svg {
        width: 16px;
        height: 16px;
      }
    `,
  ];
  static properties = { communityId: {}, userId: {}, dialog: { state: true }, busy: { state: true }, error: { state: true }, warnings: { state: true } };
  declare communityId: string;
  declare userId: string;
  declare dialog: Action | null;
  declare busy: boolean;
  declare error: string;
  declare warnings: Async<Warning[]>;
  private ctx = new Connect(this, (app) => [app.members, app.communities]);

  constructor() {
    super();
    this.communityId = this.userId = "";
    this.dialog = null;
    this.busy = false;
    this.error = "";
    this.warnings = { state: "idle" };
  }

  private get detail(): CommunityDetail | undefined {
    const d = this.ctx.app.communities.detail.get(this.communityId);
    return d && "value" in d ? d.value : undefined;
  }

  protected willUpdate(changed: Map<string, unknown>) {
    if (changed.has("userId") && this.userId && can(this.detail?.me.permissions, "TIMEOUT_MEMBERS")) this.loadWarnings();
  }

  private loadWarnings = () => void loadInto((s) => (this.warnings = s), this.warnings, () => this.ctx.app.communityAdmin.warnings(this.communityId, this.userId));

  render() {
    const d = this.detail;
    const m = this.ctx.app.members.members(this.communityId).find((x) => x.user.id === this.userId);
    if (!d || !m) return nothing;
    const p = d.me.permissions;
    const mayAny = ["TIMEOUT_MEMBERS", "KICK_MEMBERS", "BAN_MEMBERS"].some((x) => can(p, x as "KICK_MEMBERS"));
    if (!mayAny) return nothing;
    const name = m.nickname || m.user.displayName;
    if (!outranks(d, this.ctx.app.auth.user?.id, m)) {
      return html`<section><h3>Moderation</h3><div class="notice warn">${icons.lock()}<div class="grow">You can't moderate ${name}: their highest role is at or above yours.</div></div></section>`;
    }
    const timedOut = m.timedOutUntil && new Date(m.timedOutUntil) > new Date();
    return html`<section>
      <h3>Moderation</h3>
      ${timedOut ? html`<div class="notice warn">${icons.clock()}<div class="grow" data-testid="timeout-state">Timed out until ${new Date(m.timedOutUntil!).toLocaleString()}. They can read but not send, react or join voice.</div></div>` : nothing}
      <div class="acts">
        ${can(p, "TIMEOUT_MEMBERS")
          ? html`${timedOut ? html`<button class="btn secondary" ?disabled=${this.busy} @click=${() => this.endTimeout(m)}>Remove timeout</button>` : html`<button class="btn secondary" @click=${() => this.open("timeout")}>${icons.clock()}Time out</button>`}
              <button class="btn secondary" @click=${() => this.open("warn")}>${icons.alert()}Warn</button>`
          : nothing}
        ${can(p, "KICK_MEMBERS") ? html`<button class="btn secondary" @click=${() => this.open("kick")}>Kick</button>` : nothing}
        ${can(p, "BAN_MEMBERS") ? html`<button class="btn danger" @click=${() => this.open("ban")}>Ban</button>` : nothing}
      </div>
      ${can(p, "TIMEOUT_MEMBERS") ? this.warningList() : nothing}
      ${this.dialog ? this.renderDialog(this.dialog, name) : nothing}
    </section>`;
  }

  private warningList() {
    const w = this.warnings;
    if (w.state === "error") return html`<div class="alert" role="alert">${describeError(w.error)}</div>`;
    if (!("value" in w) || !w.value) return html`<span class="spinner" role="status" aria-label="Loading warnings"></span>`;
    if (w.value.length === 0) return html`<p class="hint">No warnings.</p>`;
    return html`<div class="label" style="margin-bottom:var(--space-2)">Warnings — ${w.value.length}</div>
      <div class="list" data-testid="warnings">
        ${w.value.map(
          (x) => html`<div class="item"><div class="main"><div>${x.reason}</div><div class="hint">${new Date(x.createdAt).toLocaleString()}${x.moderatorId ? ` · by ${this.ctx.app.members.name(x.moderatorId, this.communityId)}` : ""}</div></div>
            <button class="icon-btn small" aria-label="Delete warning" title="Delete warning" ?disabled=${this.busy} @click=${() => this.deleteWarning(x)}>${icons.trash()}</button></div>`,
        )}
      </div>`;
  }

  private renderDialog(a: Action, name: string) {
    const err = this.error ? html`<div class="alert" role="alert">${this.error}</div>` : nothing;
    const reason = (required: boolean) =>
      html`<div class="field"><label for="reason">Reason ${required ? "" : html`<span class="muted">(optional)</span>`}</label><textarea id="reason" rows="2" maxlength=${REASON_MAX} placeholder=${required ? "What they did; they can read this" : "Goes to the audit log"}></textarea></div>`;
    const close = () => (this.dialog = null);
    const heads: Record<Action, [string, string, boolean]> = {
      timeout: [`Time out ${name}`, "Time out", false],
      warn: [`Warn ${name}`, "Warn", false],
      kick: [`Kick ${name}?`, "Kick", true],
      ban: [`Ban ${name}?`, "Ban", true],
    };
    const [heading, label, danger] = heads[a];
    return html`<hearth-dialog open heading=${heading} confirm-label=${label} ?danger=${danger} .busy=${this.busy} @dialog-confirm=${() => this.confirm(a)} @dialog-close=${close}>
      ${err}
      ${a === "timeout"
        ? html`<p class="muted" style="margin-bottom:var(--space-3)">They keep reading, but can't send, react, join voice or invite until it ends.</p>
            <div class="field"><label for="dur">Duration</label><select id="dur">${TIMEOUT_DURATIONS.map(([l, s]) => html`<option value=${s} ?selected=${s === 3600}>${l}</option>`)}</select></div>${reason(false)}`
        : a === "warn"
          ? html`<p class="muted" style="margin-bottom:var(--space-3)">A warning is recorded on their history in this community.</p>${reason(true)}`
          : a === "kick"
            ? html`<p class="muted" style="margin-bottom:var(--space-3)">They're removed but can rejoin with an invite.</p>${reason(false)}`
            : html`<p class="muted" style="margin-bottom:var(--space-3)">They're removed and can't rejoin until the ban ends or is lifted.</p>
                ${reason(false)}
                <div class="field"><label for="del">Delete their messages</label><select id="del">${BAN_DELETE_WINDOWS.map(([l, s]) => html`<option value=${s}>${l}</option>`)}</select></div>
                <div class="field"><label for="len">Ban length</label><select id="len">${BAN_DURATIONS.map(([l, s]) => html`<option value=${s ?? ""}>${l}</option>`)}</select></div>`}
    </hearth-dialog>`;
  }

  private open(a: Action) {
    this.error = "";
    this.dialog = a;
  }

  private async confirm(a: Action) {
    const root = this.renderRoot;
    const reason = val(root, "#reason").trim();
    const { moderation, communityAdmin, members, ui } = this.ctx.app;
    const id = this.communityId;
    if (a === "warn" && !reason) {
      this.error = "Say what the warning is for.";
      return;
    }
    this.busy = true;
    this.error = "";
    try {
      if (a === "timeout") {
        await moderation.timeout(id, this.userId, Number(val(root, "#dur")), reason || undefined);
        ui.toast("Timed out.", "success");
      } else if (a === "warn") {
        await communityAdmin.warn(id, this.userId, reason);
        ui.toast("Warning recorded.", "success");
        this.loadWarnings();
      } else if (a === "kick") {
        await moderation.kick(id, this.userId, reason || undefined);
        ui.toast("Kicked.", "success");
      } else {
        const len = val(root, "#len");
        const res = (await moderation.ban(id, this.userId, { ...(reason ? { reason } : {}), deleteMessageSeconds: Number(val(root, "#del")), durationSeconds: len ? Number(len) : null })) as { messagesDeleted?: number | null } | undefined;
        ui.toast(typeof res?.messagesDeleted === "number" && res.messagesDeleted > 0 ? `Banned; ${res.messagesDeleted} messages deleted.` : "Banned.", "success");
      }
      this.dialog = null;
      await members.load(id);
    } catch (err) {
      this.error = describeError(err);
    } finally {
      this.busy = false;
    }
  }

  private async endTimeout(m: Member) {
    this.busy = true;
    try {
      await this.ctx.app.moderation.endTimeout(this.communityId, m.user.id);
      this.ctx.app.ui.toast("Timeout removed.", "success");
      await this.ctx.app.members.load(this.communityId);
    } catch (err) {
      this.ctx.app.ui.toast(describeError(err), "error");
    } finally {
      this.busy = false;
    }
  }

  private async deleteWarning(w: Warning) {
    this.busy = true;
    try {
      await this.ctx.app.communityAdmin.deleteWarning(this.communityId, w.id);
      this.loadWarnings();
    } catch (err) {
      this.ctx.app.ui.toast(describeError(err), "error");
    } finally {
      this.busy = false;
    }
  }
}
customElements.define("hearth-cs-member-moderation", HearthCsMemberModeration);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-cs-member-moderation": HearthCsMemberModeration;
  }
}
