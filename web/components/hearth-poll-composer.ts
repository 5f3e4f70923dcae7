import { LitElement, css, html, nothing } from "lit";
import { MAX_POLL_ANSWER_CHARS, MAX_POLL_ANSWERS, MAX_POLL_QUESTION_CHARS, MIN_POLL_ANSWERS } from "../../protocol/polls.ts";
import { emit } from "../events.ts";
import { checkPollDraft, DEFAULT_POLL_HOURS, POLL_DURATIONS, type DraftProblems, type PollDraft } from "../state/polls.ts";
import { icons } from "../styles/icons.ts";
import { manage } from "../styles/manage.ts";
import { shared } from "../styles/shared.ts";
import "./hearth-dialog.ts";

/**
 * The "Create a poll" dialog: the question, 2-10 answers (Add answer, a remove button on each row beyond two), how
 * long it runs and "Allow multiple answers". Problems are said under their field once it was left, and all of them
 * when Post is pressed; a draft with any problem is not posted. Enter in an answer goes to the next one (adding a
 * row after the last), so a list can be typed without the mouse.
 * Properties: `open`, `encrypted` (says that the question and answers are end-to-end encrypted).
 * Events: poll-compose (the checked draft), dialog-close (from the dialog: Cancel, Escape, the backdrop).
 */
export class HearthPollComposer extends LitElement {
  static styles = [
    shared,
    manage,
    css`
      .answers {
        display: flex;
        flex-direction: column;
        gap: var(--space-2);
      }
      .answer {
        display: flex;
        align-items: center;
        gap: var(--space-2);
      }
      .answer input {
        flex: 1;
      }
      .answer .icon-btn:disabled {
        visibility: hidden;
      }
      .field .error {
        margin-top: -2px;
      }
      .add {
        align-self: flex-start;
        margin-top: var(--space-1, 4px);
      }
      .add svg {
        width: 16px;
        height: 16px;
      }
      .options {
        display: flex;
        align-items: flex-end;
        gap: var(--space-4);
        flex-wrap: wrap;
      }
      .options .field {
        flex: 1;
        min-width: 160px;
        margin-bottom: 0;
      }
      .toggle {
        display: flex;
        align-items: center;
        gap: var(--space-2);
        min-height: 40px;
        font-size: 0.92rem;
        cursor: pointer;
      }
      .note {
        margin-top: var(--space-4);
      }
      .note svg {
        width: 14px;
        height: 14px;
        vertical-align: -2px;
      }
    `,
  ];
  static properties = {
    open: { type: Boolean },
    encrypted: { type: Boolean },
    draft: { state: true },
    touched: { state: true },
  };
  declare open: boolean;
  declare encrypted: boolean;
  declare draft: PollDraft;
  /** Fields whose problems are shown: "q", "a0", "a1"…, or "all" once Post was pressed. */
  declare touched: Set<string>;
  /** Stable keys for the answer rows, so removing one keeps the others' inputs (and focus) in place. */
  private keys: number[] = [];
  private nextKey = 0;

  constructor() {
    super();
    this.open = false;
    this.encrypted = false;
    this.draft = emptyDraft();
    this.touched = new Set();
    this.keys = [this.nextKey++, this.nextKey++];
  }

  protected willUpdate(changed: Map<string, unknown>): void {
    // Each opening starts a new poll.
    if (changed.has("open") && this.open) {
      this.draft = emptyDraft();
      this.touched = new Set();
      this.keys = this.draft.answers.map(() => this.nextKey++);
    }
  }

  protected updated(changed: Map<string, unknown>): void {
    if (changed.has("open") && this.open) void this.updateComplete.then(() => this.field("poll-question")?.focus());
  }

  render() {
    const d = this.draft;
    const problems = checkPollDraft(d);
    const show = (key: string) => this.touched.has("all") || this.touched.has(key);
    const qError = show("q") ? problems.question : null;
    return html`<hearth-dialog ?open=${this.open} heading="Create a poll" confirm-label="Post" @dialog-confirm=${this.post}>
      <div class="field">
        <label for="poll-question">Question</label>
        <input id="poll-question" type="text" maxlength=${MAX_POLL_QUESTION_CHARS} autocomplete="off" placeholder="What would you like to ask?" .value=${d.question} aria-invalid=${qError ? "true" : "false"} aria-describedby=${qError ? "q-error" : nothing} @input=${(e: Event) => this.set({ question: (e.target as HTMLInputElement).value })} @blur=${() => this.touch("q")} @keydown=${this.onQuestionKey} />
        ${qError ? html`<span class="error" id="q-error">${qError}</span>` : nothing}
      </div>
      <div class="field" role="group" aria-labelledby="answers-label">
        <span class="label" id="answers-label">Answers</span>
        <div class="answers">${d.answers.map((a, i) => this.renderAnswer(a, i, show(`a${this.keys[i]}`) ? problems.answers[i] : null))}</div>
        <button type="button" class="btn ghost small add" ?disabled=${d.answers.length >= MAX_POLL_ANSWERS} @click=${this.addAnswer}>${icons.plus()} Add answer</button>
        ${this.touched.has("all") && problems.form ? html`<span class="error" role="alert">${problems.form}</span>` : nothing}
      </div>
      <div class="options">
        <div class="field">
          <label for="poll-duration">Duration</label>
          <select id="poll-duration" .value=${String(d.durationHours ?? "none")} @change=${(e: Event) => this.set({ durationHours: durationOf((e.target as HTMLSelectElement).value) })}>
            ${POLL_DURATIONS.map((o) => html`<option value=${o.hours ?? "none"} ?selected=${o.hours === d.durationHours}>${o.label}</option>`)}
          </select>
        </div>
        <label class="toggle">
          <span class="switch"><input type="checkbox" role="switch" .checked=${d.multiSelect} @change=${(e: Event) => this.set({ multiSelect: (e.target as HTMLInputElement).checked })} /><span class="track"></span></span>
          Allow multiple answers
        </label>
        <label class="toggle">
          <span class="switch"><input type="checkbox" role="switch" .checked=${d.anonymous} @change=${(e: Event) => this.set({ anonymous: (e.target as HTMLInputElement).checked })} /><span class="track"></span></span>
          Anonymous votes
        </label>
      </div>
      ${d.anonymous ? html`<p class="hint">Everyone sees the counts; nobody is shown who voted for what.</p>` : nothing}
      ${this.encrypted ? html`<p class="hint note">${icons.lock()} The question and answers are end-to-end encrypted: the server sees only how many answers there are and which numbers people pick.</p>` : nothing}
    </hearth-dialog>`;
  }

  private renderAnswer(text: string, i: number, error: string | null) {
    const n = i + 1;
    return html`<div>
      <div class="answer">
        <input id="poll-answer-${i}" type="text" maxlength=${MAX_POLL_ANSWER_CHARS} autocomplete="off" aria-label="Answer ${n}" placeholder="Answer ${n}" .value=${text} aria-invalid=${error ? "true" : "false"} aria-describedby=${error ? `a-error-${i}` : nothing} @input=${(e: Event) => this.setAnswer(i, (e.target as HTMLInputElement).value)} @blur=${() => this.touch(`a${this.keys[i]}`)} @keydown=${(e: KeyboardEvent) => this.onAnswerKey(e, i)} />
        <button type="button" class="icon-btn" aria-label="Remove answer ${n}" title="Remove answer" ?disabled=${this.draft.answers.length <= MIN_POLL_ANSWERS} @click=${() => this.removeAnswer(i)}>${icons.close()}</button>
      </div>
      ${error ? html`<span class="error" id="a-error-${i}">${error}</span>` : nothing}
    </div>`;
  }

  private field(id: string): HTMLInputElement | null {
    return this.renderRoot.querySelector<HTMLInputElement>(`#${id}`);
  }

  private set(patch: Partial<PollDraft>) {
    this.draft = { ...this.draft, ...patch };
  }

  private setAnswer(i: number, value: string) {
    this.set({ answers: this.draft.answers.with(i, value) });
  }

  private touch(key: string) {
    if (!this.touched.has(key)) this.touched = new Set([...this.touched, key]);
  }

  private addAnswer = () => {
    if (this.draft.answers.length >= MAX_POLL_ANSWERS) return;
    this.keys = [...this.keys, this.nextKey++];
    this.set({ answers: [...this.draft.answers, ""] });
    const i = this.draft.answers.length - 1;
    void this.updateComplete.then(() => this.field(`poll-answer-${i}`)?.focus());
  };

  private removeAnswer(i: number) {
    if (this.draft.answers.length <= MIN_POLL_ANSWERS) return;
    this.keys = this.keys.toSpliced(i, 1);
    this.set({ answers: this.draft.answers.toSpliced(i, 1) });
    const next = Math.min(i, this.draft.answers.length - 1);
    void this.updateComplete.then(() => this.field(`poll-answer-${next}`)?.focus());
  }

  /** Enter in the question goes to the first answer instead of posting a poll with no answers yet. */
  private onQuestionKey = (e: KeyboardEvent) => {
    if (e.key !== "Enter" || e.isComposing) return;
    e.preventDefault();
    e.stopPropagation();
    this.field("poll-answer-0")?.focus();
  };

  /** Enter in an answer goes to the next one; after the last, it adds one (up to ten), then posts. */
  private onAnswerKey(e: KeyboardEvent, i: number) {
    if (e.key !== "Enter" || e.isComposing) return;
    e.preventDefault();
    e.stopPropagation();
    if (i + 1 < this.draft.answers.length) this.field(`poll-answer-${i + 1}`)?.focus();
    else if (this.draft.answers.length < MAX_POLL_ANSWERS && this.draft.answers[i].trim()) this.addAnswer();
    else this.post();
  }

  private post = () => {
    const problems: DraftProblems = checkPollDraft(this.draft);
    if (!problems.ok) {
      this.touched = new Set([...this.touched, "all"]);
      // The first field with a problem gets the focus, so a screen reader reads its message.
      const first = problems.question ? "poll-question" : `poll-answer-${Math.max(0, problems.answers.findIndex((a) => a !== null))}`;
      void this.updateComplete.then(() => this.field(first)?.focus());
      return;
    }
    const d = this.draft;
    emit(this, "poll-compose", { question: d.question.trim(), answers: d.answers.map((a) => a.trim()), multiSelect: d.multiSelect, durationHours: d.durationHours, anonymous: d.anonymous });
  };
}

function emptyDraft(): PollDraft {
  return { question: "", answers: ["", ""], multiSelect: false, durationHours: DEFAULT_POLL_HOURS, anonymous: false };
}

/** The duration select's value: hours, or "none" for a poll without an end. */
function durationOf(value: string): number | null {
  return value === "none" ? null : Number(value);
}

customElements.define("hearth-poll-composer", HearthPollComposer);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-poll-composer": HearthPollComposer;
  }
}
