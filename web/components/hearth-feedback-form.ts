import { LitElement, html, nothing } from "lit";
import { FEEDBACK_BODY_MAX } from "../../protocol/limits.ts";
import { Connect } from "../state/context.ts";
import type { FeedbackCategory } from "../state/notices.ts";
import { describeError } from "../styles/auth-card.ts";
import { manage } from "../styles/manage.ts";
import { settingsSection } from "../styles/settings.ts";
import { shared } from "../styles/shared.ts";

const CATEGORIES: [FeedbackCategory, string][] = [
  ["general", "General"],
  ["bug", "Something is broken"],
  ["feature", "An idea or request"],
  ["abuse", "Abuse or safety"],
  ["other", "Other"],
];

/** User settings → Send feedback: a note to the people who run this server (POST /feedback). No inputs or events. */
export class HearthFeedbackForm extends LitElement {
  static styles = [shared, settingsSection, manage];
  static properties = { busy: { state: true }, sent: { state: true }, length: { state: true }, error: { state: true } };
  declare busy: boolean;
  declare sent: boolean;
  declare length: number;
  declare error: string;
  private ctx = new Connect(this);

  constructor() {
    super();
    this.busy = this.sent = false;
    this.length = 0;
    this.error = "";
  }

  render() {
    return html`<h2>Send feedback</h2>
      <p class="intro">Tell the people who run this server about a problem, an idea, or anything else. They see your username with it.</p>
      ${this.sent
        ? html`<div class="alert ok" role="status" data-testid="feedback-sent">Thanks! Your feedback was sent to the admins.</div><button class="btn secondary" @click=${() => ((this.sent = false), (this.length = 0))}>Send more feedback</button>`
        : html`<form @submit=${this.send}>
            ${this.error ? html`<div class="alert" role="alert">${this.error}</div>` : nothing}
            <div class="field"><label for="cat">What is it about?</label><select id="cat" name="category">${CATEGORIES.map(([v, l]) => html`<option value=${v}>${l}</option>`)}</select></div>
            <div class="field"><label for="fb">Your feedback</label><textarea id="fb" name="body" rows="6" maxlength=${FEEDBACK_BODY_MAX} required aria-describedby="fb-count" @input=${(e: Event) => (this.length = (e.target as HTMLTextAreaElement).value.length)}></textarea>
              <span class="hint" id="fb-count">${this.length} / ${FEEDBACK_BODY_MAX}</span></div>
            <button class="btn" type="submit" ?disabled=${this.busy || this.length === 0}>Send feedback</button>
          </form>`}`;
  }

  private send = async (e: SubmitEvent) => {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const body = String(data.get("body") ?? "").trim();
    if (!body) return;
    this.busy = true;
    this.error = "";
    try {
      await this.ctx.app.notices.sendFeedback({ category: String(data.get("category")) as FeedbackCategory, body });
      this.sent = true;
    } catch (err) {
      this.error = describeError(err);
    } finally {
      this.busy = false;
    }
  };
}
customElements.define("hearth-feedback-form", HearthFeedbackForm);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-feedback-form": HearthFeedbackForm;
  }
}
