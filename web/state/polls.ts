/**
 * Polls in the client (docs/api/polls.md): the poll composer's rules (the server's, checked as the person types so
 * a problem is said beside its field instead of after the send), what a send carries in a plain or an encrypted
 * conversation, how results and the time left are worded, and the votes and early ends this browser asked for
 * until the room answers them.
 */
import type { SealedPoll } from "../../protocol/e2ee.ts";
import type { ClientFrame, ErrorFrame } from "../../protocol/frames.ts";
import { MAX_POLL_ANSWER_CHARS, MAX_POLL_ANSWERS, MAX_POLL_QUESTION_CHARS, MIN_POLL_ANSWERS, type PollInput, type PollResults, type PollView } from "../../protocol/polls.ts";

/** What the poll composer collects. */
export interface PollDraft {
  question: string;
  answers: string[];
  multiSelect: boolean;
  /** null: no end (it runs until its author or a moderator ends it). */
  durationHours: number | null;
  anonymous: boolean;
}

/** A poll as a pending send holds it: answers trimmed, the question being the message's text. */
export interface PendingPoll {
  answers: string[];
  multiSelect: boolean;
  durationHours: number | null;
  anonymous: boolean;
}

/** The durations offered, as Discord offers them, and no end; the server takes any whole number of hours up to a week. */
export const POLL_DURATIONS: readonly { hours: number | null; label: string }[] = [
  { hours: 1, label: "1 hour" },
  { hours: 4, label: "4 hours" },
  { hours: 8, label: "8 hours" },
  { hours: 24, label: "24 hours" },
  { hours: 72, label: "3 days" },
  { hours: 168, label: "1 week" },
  { hours: null, label: "No end (until ended)" },
];
/** A day: long enough for everyone in a channel to see it, short enough that the result still matters. */
export const DEFAULT_POLL_HOURS = 24;

/** What is wrong with a draft: one sentence per field (null when fine), and whether it can be posted. */
export interface DraftProblems {
  question: string | null;
  answers: (string | null)[];
  /** About the answers as a whole (too few, too many). */
  form: string | null;
  ok: boolean;
}

/**
 * Checks a draft by the server's rules (protocol/polls.ts). Answers that differ only in case count as the same:
 * the server would take them, but voters could not tell them apart.
 */
export function checkPollDraft(d: PollDraft): DraftProblems {
  const q = d.question.trim();
  const question = !q ? "Ask a question." : q.length > MAX_POLL_QUESTION_CHARS ? `Keep the question to ${MAX_POLL_QUESTION_CHARS} characters (${q.length} now).` : null;
  const seen = new Set<string>();
  const answers = d.answers.map((a) => {
    const text = a.trim();
    if (!text) return "Write an answer, or remove this one.";
    if (text.length > MAX_POLL_ANSWER_CHARS) return `Keep answers to ${MAX_POLL_ANSWER_CHARS} characters (${text.length} now).`;
    const key = text.toLocaleLowerCase();
    if (seen.has(key)) return "This answer is already in the poll.";
    seen.add(key);
    return null;
  });
  const form =
    d.answers.length < MIN_POLL_ANSWERS ? `A poll needs at least ${MIN_POLL_ANSWERS} answers.` : d.answers.length > MAX_POLL_ANSWERS ? `A poll has at most ${MAX_POLL_ANSWERS} answers.` : null;
  return { question, answers, form, ok: !question && !form && answers.every((a) => a === null) };
}

/** The poll of a send made from a checked draft. */
export function pendingPoll(d: PollDraft): PendingPoll {
  return { answers: d.answers.map((a) => a.trim()), multiSelect: d.multiSelect, durationHours: d.durationHours, anonymous: d.anonymous };
}

/** The frame's `poll`: the answers in a plain conversation, only their count in an encrypted one (the envelope holds them). */
export function pollInput(p: PendingPoll, encrypted: boolean): PollInput {
  const rest = { multiSelect: p.multiSelect, durationHours: p.durationHours, anonymous: p.anonymous };
  return encrypted ? { answerCount: p.answers.length, ...rest } : { answers: p.answers, ...rest };
}

/**
 * An encrypted poll with the answers its opened envelope gave; unchanged when they are missing or do not match the
 * count the server stored (votes are numbered by that count, so other answers would be wrongly labelled).
 */
export function pollWithAnswers(poll: PollView | null, sealed: SealedPoll | undefined): PollView | null {
  if (!poll || poll.answers || !sealed || sealed.answers.length !== poll.answerCount) return poll;
  return { ...poll, answers: sealed.answers };
}

/** The votes so far; a poll heard live (no history) has none until the first poll_voted. */
export function tallyOf(poll: Pick<PollView, "answerCount">, results: PollResults | undefined): PollResults {
  return results ?? { counts: Array.from({ length: poll.answerCount }, () => 0), voters: 0, mine: [] };
}

/** An answer's share of the people who voted (with multiple choice the shares add up to more than 100). */
export function percentOf(count: number, voters: number): number {
  return voters > 0 ? Math.round((count * 100) / voters) : 0;
}

export function votesLabel(n: number): string {
  return n === 1 ? "1 vote" : `${n} votes`;
}

/** The answers with the most votes, when anyone voted (an ended poll marks them). */
export function leaders(counts: readonly number[]): number[] {
  const top = Math.max(0, ...counts);
  return top > 0 ? counts.flatMap((c, i) => (c === top ? [i] : [])) : [];
}

/**
 * Whether the poll is open at `now`, the words for its time left ("Ends in 3 h", "No end date", "Ended") and when
 * they may next change (ms; null once ended or without an end), so the view can redraw then and close the poll the
 * moment it expires.
 */
export function pollClock(poll: Pick<PollView, "expiresAt" | "endedAt">, now: number): { open: boolean; text: string; nextChangeMs: number | null } {
  if (poll.endedAt !== null) return { open: false, text: "Ended", nextChangeMs: null };
  if (poll.expiresAt === null) return { open: true, text: "No end date", nextChangeMs: null };
  const left = Date.parse(poll.expiresAt) - now;
  if (!(left > 0)) return { open: false, text: "Ended", nextChangeMs: null };
  const minutes = Math.ceil(left / 60_000);
  const hours = Math.round(left / 3_600_000);
  const text = minutes < 60 ? `Ends in ${minutes} min` : hours < 48 ? `Ends in ${hours} h` : `Ends in ${Math.round(left / 86_400_000)} days`;
  // Redrawing once a minute keeps the words current; the last wait ends exactly at expiresAt.
  return { open: true, text, nextChangeMs: Math.min(left, 60_000) };
}

/** A vote or an early end this browser asked for: on its way, or refused with a sentence to show under the poll. */
export type PollRequestState = { state: "sending"; action: "vote" | "end" } | { state: "error"; message: string; closed?: boolean };

/**
 * The person's votes and early ends in one channel until the room answers: each goes with a ref, so its refusal
 * (an `error` frame echoing it) is shown under its poll instead of as a toast; its ack or the event it produced
 * clears it.
 */
export class PollRequests {
  private byRef = new Map<string, string>();
  /** The answers each vote asked for, by ref: an anonymous poll's event names nobody, so the ack sets one's own. */
  private votes = new Map<string, number[]>();
  private states = new Map<string, PollRequestState>();

  constructor(private readonly host: { send(frame: ClientFrame): boolean; changed(): void }) {}

  stateOf(messageId: string): PollRequestState | undefined {
    return this.states.get(messageId);
  }

  /** Sets the person's answers (empty takes the vote back). */
  vote(messageId: string, answers: number[]): void {
    const ref = this.request(messageId, "vote", (r) => ({ type: "vote_poll", messageId, answers, ref: r }));
    if (ref) this.votes.set(ref, answers);
  }

  end(messageId: string): void {
    this.request(messageId, "end", (ref) => ({ type: "end_poll", messageId, ref }));
  }

  /** Sends a request; its ref, or null when it could not go (offline). */
  private request(messageId: string, action: "vote" | "end", frame: (ref: string) => ClientFrame): string | null {
    const ref = `poll-${crypto.randomUUID()}`;
    const sent = this.host.send(frame(ref));
    if (sent) {
      this.byRef.set(ref, messageId);
      this.states.set(messageId, { state: "sending", action });
    } else {
      this.states.set(messageId, { state: "error", message: action === "vote" ? "You're offline: your vote wasn't sent." : "You're offline: the poll wasn't ended." });
    }
    this.host.changed();
    return sent ? ref : null;
  }

  /**
   * The room acknowledged a request: its poll, and for a vote the answers it set (the person's own now). Null when
   * the ref is not one of these.
   */
  acked(ref: string): { messageId: string; answers?: number[] } | null {
    const messageId = this.byRef.get(ref);
    if (messageId === undefined) return null;
    const answers = this.votes.get(ref);
    this.byRef.delete(ref);
    this.votes.delete(ref);
    if (this.states.get(messageId)?.state === "sending") this.states.delete(messageId);
    return answers ? { messageId, answers } : { messageId };
  }

  /** The room refused a request: its poll says why. False when the ref is not one of these. */
  refused(f: Pick<ErrorFrame, "ref" | "code" | "message">): boolean {
    const messageId = f.ref === undefined ? undefined : this.byRef.get(f.ref);
    if (messageId === undefined) return false;
    this.byRef.delete(f.ref!);
    this.votes.delete(f.ref!);
    // The server's clock says the poll is over though this one does not yet (or its end is still on its way).
    this.states.set(messageId, { state: "error", message: refusalText(f.code, f.message), ...(f.code === "poll_closed" ? { closed: true } : {}) });
    return true;
  }

  /** The person's own vote, or the poll's end, was heard: whatever was on its way for that poll has arrived. */
  heard(messageId: string): void {
    if (this.states.get(messageId)?.state === "sending") this.states.delete(messageId);
  }
}

/** A refusal in words: the common ones said for a poll, anything else as the server put it. */
export function refusalText(code: string, message: string): string {
  switch (code) {
    case "poll_closed":
      return "This poll has ended: votes are no longer taken.";
    case "missing_permission":
      return "You don't have permission to do that in this channel.";
    case "message_not_found":
      return "This poll was deleted.";
    default:
      return message;
  }
}
