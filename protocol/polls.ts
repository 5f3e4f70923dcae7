/**
 * Polls (docs/api/polls.md): a message whose text is the question and which carries answers to vote on. A send
 * starts one with `poll`; votes and an early end are changes to that message with a seq of their own, like
 * reactions, so every viewer sees the same counts in order and a resume replays them.
 *
 * In an end-to-end-encrypted channel the question and the answers travel inside the envelope; the server is told
 * only how many answers there are, and sees which answer numbers people vote for, never what they say.
 */
import { unstorable } from "./stored-text.ts";

export const MIN_POLL_ANSWERS = 2;
export const MAX_POLL_ANSWERS = 10;
/** Longest answer (characters). */
export const MAX_POLL_ANSWER_CHARS = 100;
/** Longest question: a poll's question is its message's text. */
export const MAX_POLL_QUESTION_CHARS = 300;
/** How long a poll may run: from an hour to a week (whole hours). */
export const MIN_POLL_HOURS = 1;
export const MAX_POLL_HOURS = 168;

/** What a send carries to start a poll: `answers` in a plain channel, `answerCount` in an encrypted one. */
export interface PollInput {
  answers?: string[];
  answerCount?: number;
  multiSelect: boolean;
  /** How long it takes votes; null: until its author or a moderator ends it. */
  durationHours: number | null;
  /** Votes are counted but nobody is told who voted for what (the server still records each vote). */
  anonymous: boolean;
}

/** A poll as stored with its message and shown in every MessageView. */
export interface PollView {
  /** The answers' text; null in an encrypted channel (the envelope holds them). */
  answers: string[] | null;
  answerCount: number;
  multiSelect: boolean;
  /** When it stops taking votes by itself; null for a poll without an end (it runs until ended). */
  expiresAt: string | null;
  /** Set when its author or a moderator ended it before `expiresAt`. */
  endedAt: string | null;
  /** Votes are shown only as counts: poll_voted names nobody. Absent on polls stored before it existed: false. */
  anonymous?: boolean;
}

/** The votes so far, as history shows them to the requesting user. */
export interface PollResults {
  /** Votes per answer, in answer order. */
  counts: number[];
  /** People who voted (with multiSelect, fewer than the sum of counts). */
  voters: number;
  /** The requesting user's answers (indexes), empty when they have not voted. */
  mine: number[];
}

/** Whether a poll still takes votes at `now`. */
export function pollIsOpen(poll: Pick<PollView, "expiresAt" | "endedAt">, now: Date): boolean {
  return poll.endedAt === null && (poll.expiresAt === null || now.getTime() < Date.parse(poll.expiresAt));
}

/** The poll a send asks for, checked; or why not (one sentence for an error message). */
export function parsePollInput(v: unknown): { ok: true; poll: PollInput } | { ok: false; message: string } {
  const bad = (message: string) => ({ ok: false as const, message });
  if (typeof v !== "object" || v === null || Array.isArray(v)) return bad("poll must be an object.");
  const p = v as Record<string, unknown>;
  for (const key of Object.keys(p)) if (!["answers", "answerCount", "multiSelect", "durationHours", "anonymous"].includes(key)) return bad(`poll.${key} is not a poll field.`);
  const hours = p.durationHours ?? null;
  if (hours !== null && (typeof hours !== "number" || !Number.isInteger(hours) || hours < MIN_POLL_HOURS || hours > MAX_POLL_HOURS)) {
    return bad(`poll.durationHours must be a whole number of hours from ${MIN_POLL_HOURS} to ${MAX_POLL_HOURS}, or null for no end.`);
  }
  if (p.multiSelect !== undefined && typeof p.multiSelect !== "boolean") return bad("poll.multiSelect must be true or false.");
  if (p.anonymous !== undefined && typeof p.anonymous !== "boolean") return bad("poll.anonymous must be true or false.");
  const multiSelect = p.multiSelect === true;
  const anonymous = p.anonymous === true;
  if ((p.answers === undefined) === (p.answerCount === undefined)) return bad("Give poll.answers (a plain channel) or poll.answerCount (an encrypted one), not both.");
  const range = `${MIN_POLL_ANSWERS} to ${MAX_POLL_ANSWERS}`;
  if (p.answerCount !== undefined) {
    const n = p.answerCount;
    if (typeof n !== "number" || !Number.isInteger(n) || n < MIN_POLL_ANSWERS || n > MAX_POLL_ANSWERS) return bad(`poll.answerCount must be ${range}.`);
    return { ok: true, poll: { answerCount: n, multiSelect, durationHours: hours as number | null, anonymous } };
  }
  if (!Array.isArray(p.answers) || p.answers.length < MIN_POLL_ANSWERS || p.answers.length > MAX_POLL_ANSWERS) return bad(`poll.answers must hold ${range} answers.`);
  const answers: string[] = [];
  for (const a of p.answers) {
    if (typeof a !== "string" || a.trim() === "") return bad("Every poll answer must be non-empty text.");
    const text = a.trim();
    if (text.length > MAX_POLL_ANSWER_CHARS) return bad(`Poll answers are limited to ${MAX_POLL_ANSWER_CHARS} characters.`);
    const why = unstorable(text);
    if (why) return bad(`A poll answer ${why}.`);
    if (answers.includes(text)) return bad("Poll answers must differ from one another.");
    answers.push(text);
  }
  return { ok: true, poll: { answers, multiSelect, durationHours: hours as number | null, anonymous } };
}

/** The answers a vote names, checked against the poll: distinct, in range, one unless multiSelect. */
export function checkVoteAnswers(poll: Pick<PollView, "answerCount" | "multiSelect">, answers: readonly number[]): string | null {
  if (!poll.multiSelect && answers.length > 1) return "This poll takes one answer per person.";
  const seen = new Set<number>();
  for (const a of answers) {
    if (!Number.isInteger(a) || a < 0 || a >= poll.answerCount) return `Answers are numbered 0 to ${poll.answerCount - 1}.`;
    if (seen.has(a)) return "Name each answer once.";
    seen.add(a);
  }
  return null;
}
