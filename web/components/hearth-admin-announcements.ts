import { LitElement, css, html, nothing } from "lit";
import { ANNOUNCEMENT_BODY_MAX, ANNOUNCEMENT_TITLE_MAX } from "../../protocol/limits.ts";
import type { Announcement } from "../state/admin.ts";
import { Connect } from "../state/context.ts";
import type { Async } from "../state/store.ts";
import { asyncList, loadInto } from "../render/async-list.ts";
import { describeError } from "../styles/auth-card.ts";
import { manageIcons } from "../styles/manage-icons.ts";
import { manage } from "../styles/manage.ts";
import { settingsSection } from "../styles/settings.ts";
import { shared } from "../styles/shared.ts";
import "./hearth-dialog.ts";

/** How long a new announcement stays up (null: until deleted). */
const LIFETIMES: [string, number | null][] = [
  ["Until I delete it", null],
  ["1 day", 86400],
  ["3 days", 3 * 86400],
  ["7 days", 7 * 86400],
  ["30 days", 30 * 86400],
];

/**
 * Instance admin → Announcements: post a banner every user sees until they dismiss it or it ends; list all of them
 * (ended ones too) and delete. No inputs or events.
 */
export class HearthAdminAnnouncements extends LitElement {
  static styles = [
    shared,
    settingsSection,
    manage,
    css`
      form {
        max-width: 560px;
      }
      .body {
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        margin-top: 2px;
      }
      .item svg {
        width: 20px;
        height: 20px;
        color: var(--fg-muted);
        flex: none;
        align-self: flex-start;
        margin-top: 2px;
      }
    `,
  ];
  static properties = { list: { state: true }, busy: { state: true }, deleting: { state: true } };
  declare list: Async<Announcement[]>;
  declare busy: boolean;
  declare deleting: Announcement | null;
  private ctx = new Connect(this);

  constructor() {
    super();
    this.list = { state: "idle" };
    this.busy = false;
    this.deleting = null;
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  private load = () => void loadInto((s) => (this.list = s), this.list, () => this.ctx.app.admin.announcements());

  render() {
    const now = new Date();
    return html`<h2>Announcements</h2>
      <p class="intro">A banner across the top of the app for everyone on this server. Each person can dismiss it; it also goes away when it ends or you delete it.</p>
      <section>
        <h3>New announcement</h3>
        <form @submit=${this.create}>
          <div class="field"><label for="title">Title</label><input id="title" name="title" type="text" maxlength=${ANNOUNCEMENT_TITLE_MAX} required placeholder="Maintenance tonight" /></div>
          <div class="field"><label for="body">Message</label><textarea id="body" name="body" rows="3" maxlength=${ANNOUNCEMENT_BODY_MAX} required placeholder="The server restarts at 22:00 UTC for about five minutes."></textarea></div>
          <div class="field" style="max-width:240px"><label for="ends">Show for</label><select id="ends" name="ends">${LIFETIMES.map(([l, s]) => html`<option value=${s ?? ""}>${l}</option>`)}</select></div>
          <button class="btn" type="submit" ?disabled=${this.busy}>${manageIcons.megaphone()}Post announcement</button>
        </form>
      </section>
      <section>
        <h3>All announcements</h3>
        ${asyncList(
          this.list,
          "No announcements yet.",
          (items) => html`<div class="list" data-testid="admin-announcements">
            ${items.map((a) => {
              const ended = a.endsAt !== null && new Date(a.endsAt) <= now;
              return html`<div class="item" data-announcement=${a.title}>
                ${manageIcons.megaphone()}
                <div class="main"><div><strong>${a.title}</strong> <span class="tag ${ended ? "muted" : ""}">${ended ? "Ended" : "Active"}</span></div><div class="body">${a.body}</div>
                  <div class="hint">Posted ${new Date(a.createdAt).toLocaleString()} · ${a.endsAt ? `${ended ? "ended" : "ends"} ${new Date(a.endsAt).toLocaleString()}` : "until deleted"}</div></div>
                <button class="btn secondary small" aria-label="Delete announcement ${a.title}" @click=${() => (this.deleting = a)}>Delete</button>
              </div>`;
            })}
          </div>`,
          this.load,
        )}
      </section>
      ${this.deleting
        ? html`<hearth-dialog open danger heading="Delete “${this.deleting.title}”?" confirm-label="Delete announcement" .busy=${this.busy} @dialog-confirm=${this.removeAnnouncement} @dialog-close=${() => (this.deleting = null)}>
            <p class="muted">It disappears for everyone, including people who haven't seen it yet.</p>
          </hearth-dialog>`
        : nothing}`;
  }

  private create = async (e: SubmitEvent) => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const ends = String(data.get("ends") ?? "");
    this.busy = true;
    try {
      await this.ctx.app.admin.createAnnouncement({
        title: String(data.get("title") ?? "").trim(),
        body: String(data.get("body") ?? "").trim(),
        endsAt: ends ? new Date(Date.now() + Number(ends) * 1000).toISOString() : null,
      });
      form.reset();
      this.ctx.app.ui.toast("Announcement posted.", "success");
      this.load();
      // The admin is a user too: their own banner appears now rather than on the next load.
      void this.ctx.app.notices.load();
    } catch (err) {
      this.ctx.app.ui.toast(describeError(err), "error");
    } finally {
      this.busy = false;
    }
  };

  private removeAnnouncement = async () => {
    const a = this.deleting;
    if (!a) return;
    this.busy = true;
    try {
      await this.ctx.app.admin.deleteAnnouncement(a.id);
      this.deleting = null;
      this.ctx.app.ui.toast("Announcement deleted.", "success");
      this.load();
      void this.ctx.app.notices.load();
    } catch (err) {
      this.ctx.app.ui.toast(describeError(err), "error");
    } finally {
      this.busy = false;
    }
  };
}
customElements.define("hearth-admin-announcements", HearthAdminAnnouncements);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-admin-announcements": HearthAdminAnnouncements;
  }
}
