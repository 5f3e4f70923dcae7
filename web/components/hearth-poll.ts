import { LitElement, html, nothing, type PropertyValues } from "lit";
import type { PollResults, PollView } from "../../protocol/polls.ts";
import { emit } from "../events.ts";
import { Connect } from "../state/context.ts";
import type { ChatMessage } from "../state/message-window.ts";
import type { PendingMessage } from "../state/outbox.ts";
import { leaders, percentOf, pollClock, tallyOf, votesLabel, type PollRequestState } from "../state/polls.ts";
import { icons } from "../styles/icons.ts";
import { poll as pollStyles } from "../styles/poll.ts";
import { shared } from "../styles/shared.ts";

/** What the row tells the poll about the reader. */
export interface PollRights {
  /** ADD_REACTIONS: voting. */
  canVote: boolean;
  /** The author or MANAGE_MESSAGES: ending it early. */
  canEnd: boolean;
}

/**
 * A poll under its message (docs/api/polls.md): the question, each answer as a radio button (one answer) or a
 * checkbox (several) over a bar filled by its share of the voters, with its count; the reader's own answers marked
 * "Your vote"; how many people voted and the time left. Picking answers and pressing Vote sends them (as Discord
 * does: a click alone never votes, so a slip of the finger costs nothing; once voted, Vote comes back when another
 * pick would change the vote); Remove vote takes them back; End poll
 * (author or moderator) asks the view first. Results show before voting too: nothing is hidden from anyone. A poll
 * whose time runs out while on screen turns to "Ended" by itself (a timer to its next change of wording).
 * Properties: `message` (a stored poll) or `pending` (one being sent: shown, not votable), `rights`, `readonly`.
 * Events: poll-vote, poll-end-request. The state of the reader's own request (sending, refused) comes from the
 * open channel session (web/state/polls.ts PollRequests).
 */
export class HearthPoll extends LitElement {
  static styles = [shared, pollStyles];
  static properties = {
    message: { attribute: false },
    pending: { attribute: false },
    rights: { attribute: false },
    readonly: { type: Boolean },
    picked: { state: true },
  };
  declare message: ChatMessage | null;
  declare pending: PendingMessage | null;
  declare rights: PollRights;
  declare readonly: boolean;
  /** The answers picked but not yet sent; null: the reader's vote as the server has it. */
  declare picked: number[] | null;
  private ctx = new Connect(this, (app) => [app.chat]);
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    super();
    this.message = null;
    this.pending = null;
    this.rights = { canVote: false, canEnd: false };
    this.readonly = false;
    this.picked = null;
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  protected willUpdate(changed: PropertyValues<this>): void {
    // The reader's vote changed on the server (this tab's or another's): what was picked here is settled.
    const before = changed.get("message") as ChatMessage | null | undefined;
    if (before !== undefined && (before?.id !== this.message?.id || !same(before?.pollResults?.mine ?? [], this.message?.pollResults?.mine ?? []))) this.picked = null;
  }

  /** The stored poll, or the one a pending send describes (expiring as if stored now). */
  private view(): { id: string; question: string; poll: PollView; results: PollResults } | null {
    const m = this.message;
    if (m?.poll) return { id: m.id, question: m.content ?? "", poll: m.poll, results: tallyOf(m.poll, m.pollResults) };
    const p = this.pending;
    if (!p?.poll) return null;
    const hours = p.poll.durationHours;
    const poll: PollView = {
      answers: p.poll.answers,
      answerCount: p.poll.answers.length,
      multiSelect: p.poll.multiSelect,
      expiresAt: hours === null ? null : new Date(Date.parse(p.createdAt) + hours * 3_600_000).toISOString(),
      endedAt: null,
      anonymous: p.poll.anonymous,
    };
    return { id: p.nonce, question: p.content, poll, results: tallyOf(poll, undefined) };
  }

  private request(): PollRequestState | undefined {
    const s = this.ctx.app.chat.session;
    return this.message && s ? s.polls.stateOf(this.message.id) : undefined;
  }

  render() {
    const v = this.view();
    if (!v) return nothing;
    const { poll, results } = v;
    const req = this.request();
    // A refusal as too late closes it here too, whatever this browser's clock says.
    const clock = req?.state === "error" && req.closed ? { open: false, text: "Ended" } : pollClock(poll, Date.now());
    const isStored = !!this.message;
    const sending = req?.state === "sending";
    const canVote = isStored && !this.readonly && clock.open && this.rights.canVote;
    const mine = results.mine;
    const picked = this.picked ?? mine;
    const top = clock.open ? [] : leaders(results.counts);
    const multi = poll.multiSelect;
    const labels = poll.answers ?? Array.from({ length: poll.answerCount }, (_, i) => `Answer ${i + 1}`);
    const changedPick = !same(picked, mine);
    const endOrExpiry = poll.endedAt ?? poll.expiresAt;
    const endsAt = endOrExpiry ? new Date(endOrExpiry).toLocaleString() : "";
    return html`<section class="card" aria-labelledby="q" data-testid="poll" data-state=${clock.open ? "open" : "ended"}>
      <div class="question" id="q">${v.question}</div>
      <div class="kind">${!clock.open ? "Final results" : multi ? "Select one or more answers" : "Select one answer"}${poll.anonymous ? html` · <span data-testid="poll-anonymous" title="Nobody is shown who voted for what">Anonymous</span>` : nothing}</div>
      <fieldset ?disabled=${!canVote || sending} aria-labelledby="q">
        ${labels.map((text, i) => {
          const count = results.counts[i] ?? 0;
          const pct = percentOf(count, results.voters);
          const isPicked = picked.includes(i);
          return html`<label class="answer ${isPicked ? "selected" : ""} ${top.includes(i) ? "leader" : ""} ${clock.open ? "" : "closed"}" style="--pct:${pct}%" data-testid="poll-answer">
            <span class="fill" aria-hidden="true"></span>
            <input type=${multi ? "checkbox" : "radio"} name="answer" .checked=${isPicked} @change=${(e: Event) => this.pick(i, (e.target as HTMLInputElement).checked, multi)} />
            <span class="text ${poll.answers ? "" : "placeholder"}">${text}</span>
            ${mine.includes(i) ? html`<span class="you" data-testid="poll-mine" title="Your vote">${icons.check()}<span class="you-label">Your vote</span></span>` : nothing}
            <span class="count" data-testid="poll-count">${votesLabel(count)}<strong>${pct}%</strong></span>
          </label>`;
        })}
      </fieldset>
      <footer>
        <span class="meta" data-testid="poll-meta"
          >${isStored ? votesLabel(results.voters) : "Posting…"} · <span class=${clock.open ? "" : "ended"} title=${endsAt ? (clock.open ? `Ends ${endsAt}` : `Ended ${endsAt}`) : "Runs until its author or a moderator ends it"}>${clock.text}</span></span
        >
        ${this.renderActions(v.id, canVote, sending, picked, changedPick, mine.length > 0, clock.open)}
      </footer>
      ${req?.state === "error" ? html`<p class="status error" role="alert">${req.message}</p>` : nothing}
      ${sending ? html`<p class="status muted" role="status">${req.action === "vote" ? "Sending your vote…" : "Ending the poll…"}</p>` : nothing}
      ${isStored && !poll.answers ? html`<p class="note">This poll's answers couldn't be read on this device.</p>` : nothing}
      ${isStored && clock.open && !this.readonly && !this.rights.canVote ? html`<p class="note">You don't have permission to vote in this channel.</p>` : nothing}
    </section>`;
  }

  private renderActions(id: string, canVote: boolean, sending: boolean, picked: number[], changedPick: boolean, hasVoted: boolean, open: boolean) {
    const canEnd = !!this.message && open && !this.readonly && this.rights.canEnd;
    if (!canVote && !canEnd) return nothing;
    return html`<span class="actions">
      ${canEnd ? html`<button class="btn ghost small" ?disabled=${sending} @click=${() => emit(this, "poll-end-request", { messageId: id })}>End poll</button>` : nothing}
      ${canVote && hasVoted ? html`<button class="btn secondary small" ?disabled=${sending} @click=${() => this.vote(id, [])}>Remove vote</button>` : nothing}
      ${canVote && (!hasVoted || changedPick) ? html`<button class="btn small" ?disabled=${sending || !changedPick || picked.length === 0} @click=${() => this.vote(id, picked)}>Vote</button>` : nothing}
    </span>`;
  }

  private pick(i: number, on: boolean, multi: boolean) {
    const current = this.picked ?? this.message?.pollResults?.mine ?? [];
    this.picked = multi ? (on ? [...current.filter((x) => x !== i), i].sort((a, b) => a - b) : current.filter((x) => x !== i)) : on ? [i] : [];
  }

  private vote(messageId: string, answers: number[]) {
    emit(this, "poll-vote", { messageId, answers });
  }

  protected updated(): void {
    // Redraw when the time left changes wording, and the moment the poll expires (no event says so: docs/api/polls.md).
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const v = this.view();
    const next = v && this.isConnected ? pollClock(v.poll, Date.now()).nextChangeMs : null;
    if (next !== null) this.timer = setTimeout(() => this.requestUpdate(), next + 50);
  }
}

function same(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

customElements.define("hearth-poll", HearthPoll);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-poll": HearthPoll;
  }
}
