import { describe, expect, it } from "vitest";
import type { SealedPoll } from "../../protocol/e2ee.ts";
import type { ChannelServerFrame, ClientFrame, Envelope, MessageView } from "../../protocol/frames.ts";
import type { PollView } from "../../protocol/polls.ts";
import { Api } from "./api.ts";
import type { MessageCrypto } from "./channel-crypto.ts";
import { ChannelSession } from "./chat.ts";
import { checkPollDraft, leaders, pendingPoll, percentOf, pollClock, pollInput, PollRequests, pollWithAnswers, refusalText, tallyOf, votesLabel, type PollDraft } from "./polls.ts";
import { TokenStore } from "./tokens.ts";

const draft = (over: Partial<PollDraft> = {}): PollDraft => ({ question: "Lunch on Friday?", answers: ["Pizza", "Sushi", "Tacos"], multiSelect: false, durationHours: 24, anonymous: false, ...over });

describe("the poll composer's rules", () => {
  it("takes a question and 2-10 distinct answers", () => {
    expect(checkPollDraft(draft())).toEqual({ question: null, answers: [null, null, null], form: null, ok: true });
    expect(checkPollDraft(draft({ answers: Array.from({ length: 10 }, (_, i) => `${i}`) })).ok).toBe(true);
  });

  it("says what is wrong beside each field: no question, a blank answer, one too long, one repeated", () => {
    const r = checkPollDraft(draft({ question: "   ", answers: ["Pizza", " ", "x".repeat(101), " pizza "] }));
    expect(r.ok).toBe(false);
    expect(r.question).toBe("Ask a question.");
    expect(r.answers).toEqual([null, "Write an answer, or remove this one.", "Keep answers to 100 characters (101 now).", "This answer is already in the poll."]);
  });

  it("refuses a single answer (the second row left blank) and more than ten", () => {
    expect(checkPollDraft(draft({ answers: ["Pizza", ""] })).ok).toBe(false);
    expect(checkPollDraft(draft({ answers: ["Pizza"] })).form).toBe("A poll needs at least 2 answers.");
    expect(checkPollDraft(draft({ answers: Array.from({ length: 11 }, (_, i) => `${i}`) })).form).toBe("A poll has at most 10 answers.");
  });

  it("refuses a question over 300 characters, counting after trimming", () => {
    expect(checkPollDraft(draft({ question: ` ${"q".repeat(300)} ` })).question).toBeNull();
    expect(checkPollDraft(draft({ question: "q".repeat(301) })).question).toBe("Keep the question to 300 characters (301 now).");
  });

  it("sends the answers in a plain channel and only their count in an encrypted one", () => {
    const p = pendingPoll(draft({ answers: [" Pizza ", "Sushi"], multiSelect: true, durationHours: 72 }));
    expect(p).toEqual({ answers: ["Pizza", "Sushi"], multiSelect: true, durationHours: 72, anonymous: false });
    expect(pollInput(p, false)).toEqual({ answers: ["Pizza", "Sushi"], multiSelect: true, durationHours: 72, anonymous: false });
    expect(pollInput(p, true)).toEqual({ answerCount: 2, multiSelect: true, durationHours: 72, anonymous: false });
  });

  it("sends an anonymous poll without an end as such", () => {
    expect(pollInput(pendingPoll(draft({ durationHours: null, anonymous: true })), false)).toEqual({ answers: ["Pizza", "Sushi", "Tacos"], multiSelect: false, durationHours: null, anonymous: true });
  });
});

describe("showing results", () => {
  const poll: PollView = { answers: null, answerCount: 3, multiSelect: false, expiresAt: "2026-01-02T00:00:00Z", endedAt: null };

  it("starts a poll heard live with no votes", () => {
    expect(tallyOf(poll, undefined)).toEqual({ counts: [0, 0, 0], voters: 0, mine: [] });
    const results = { counts: [1, 0, 2], voters: 3, mine: [2] };
    expect(tallyOf(poll, results)).toBe(results);
  });

  it("gives each answer its share of the voters, rounded, and 0 before anyone voted", () => {
    expect([2, 1, 0].map((c) => percentOf(c, 3))).toEqual([67, 33, 0]);
    expect(percentOf(0, 0)).toBe(0);
    // Multiple choice: three of four people picked one answer, all four another.
    expect([3, 4].map((c) => percentOf(c, 4))).toEqual([75, 100]);
    expect([0, 1, 2].map(votesLabel)).toEqual(["0 votes", "1 vote", "2 votes"]);
  });

  it("marks the leading answers, ties included, only once someone voted", () => {
    expect(leaders([1, 3, 3, 0])).toEqual([1, 2]);
    expect(leaders([0, 0])).toEqual([]);
  });

  it("words the time left in minutes, hours, then days, and says Ended once expired or ended early", () => {
    const at = (ms: number) => pollClock({ expiresAt: new Date(1_000_000_000 + ms).toISOString(), endedAt: null }, 1_000_000_000);
    expect(at(30 * 60_000 - 1)).toEqual({ open: true, text: "Ends in 30 min", nextChangeMs: 60_000 });
    expect(at(20_000)).toEqual({ open: true, text: "Ends in 1 min", nextChangeMs: 20_000 });
    expect(at(3_600_000).text).toBe("Ends in 1 h");
    expect(at(3 * 3_600_000 - 1000).text).toBe("Ends in 3 h");
    expect(at(24 * 3_600_000).text).toBe("Ends in 24 h");
    expect(at(72 * 3_600_000).text).toBe("Ends in 3 days");
    expect(at(168 * 3_600_000).text).toBe("Ends in 7 days");
    expect(at(0)).toEqual({ open: false, text: "Ended", nextChangeMs: null });
    expect(at(-5000).open).toBe(false);
    expect(pollClock({ expiresAt: new Date(2_000_000_000).toISOString(), endedAt: "x" }, 1_000_000_000)).toEqual({ open: false, text: "Ended", nextChangeMs: null });
    // Without an end it stays open until someone ends it, and never needs redrawing for the time.
    expect(pollClock({ expiresAt: null, endedAt: null }, 1_000_000_000)).toEqual({ open: true, text: "No end date", nextChangeMs: null });
    expect(pollClock({ expiresAt: null, endedAt: "x" }, 1_000_000_000).open).toBe(false);
  });

  it("labels an encrypted poll's answers from its envelope only when their number matches the stored count", () => {
    const sealed: SealedPoll = { answers: ["Pizza", "Sushi", "Tacos"] };
    expect(pollWithAnswers(poll, sealed)).toEqual({ ...poll, answers: ["Pizza", "Sushi", "Tacos"] });
    expect(pollWithAnswers(poll, { answers: ["Pizza", "Sushi"] })).toBe(poll);
    expect(pollWithAnswers(poll, undefined)).toBe(poll);
    expect(pollWithAnswers(null, sealed)).toBeNull();
    const plain = { ...poll, answers: ["a", "b", "c"] };
    expect(pollWithAnswers(plain, sealed)).toBe(plain);
  });
});

describe("PollRequests", () => {
  function requests(online = true) {
    const sent: ClientFrame[] = [];
    let changes = 0;
    const r = new PollRequests({ send: (f) => (online ? sent.push(f) > 0 : false), changed: () => changes++ });
    return { r, sent, changes: () => changes };
  }

  it("sends a vote with a ref, shows it as sending, and clears it on the ack or the person's own vote event", () => {
    const { r, sent } = requests();
    r.vote("m1", [2]);
    expect(sent).toEqual([{ type: "vote_poll", messageId: "m1", answers: [2], ref: expect.stringMatching(/^poll-/) }]);
    expect(r.stateOf("m1")).toEqual({ state: "sending", action: "vote" });
    expect(r.acked(sent[0].ref!)).toEqual({ messageId: "m1", answers: [2] });
    expect(r.stateOf("m1")).toBeUndefined();
    r.end("m1");
    expect(sent[1]).toMatchObject({ type: "end_poll", messageId: "m1" });
    r.heard("m1");
    expect(r.stateOf("m1")).toBeUndefined();
    expect(r.acked("someone-else")).toBeNull();
  });

  it("shows a refusal under its poll, in words for the common ones", () => {
    const { r, sent } = requests();
    r.vote("m1", [0]);
    expect(r.refused({ ref: sent[0].ref, code: "poll_closed", message: "closed" })).toBe(true);
    expect(r.stateOf("m1")).toEqual({ state: "error", message: "This poll has ended: votes are no longer taken.", closed: true });
    // A later event for that poll does not hide the refusal; a new vote does.
    r.heard("m1");
    expect(r.stateOf("m1")?.state).toBe("error");
    r.vote("m1", [1]);
    expect(r.stateOf("m1")?.state).toBe("sending");
    expect(r.refused({ ref: "not-mine", code: "invalid_vote", message: "x" })).toBe(false);
    expect(refusalText("invalid_vote", "This poll takes one answer per person.")).toBe("This poll takes one answer per person.");
  });

  it("says a vote was not sent while offline", () => {
    const { r } = requests(false);
    r.vote("m1", [0]);
    expect(r.stateOf("m1")).toEqual({ state: "error", message: "You're offline: your vote wasn't sent." });
  });
});

// ---- through a ChannelSession ----

const ME = "00000000-0000-7000-8000-000000000001";
const YOU = "00000000-0000-7000-8000-000000000002";

function memoryStorage() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k) };
}

function pollMessage(id: string, seq: number, poll: PollView, over: Partial<MessageView> = {}): MessageView {
  return { id, channelId: "c", seq, authorId: YOU, nonce: `n-${id}`, content: "Lunch?", envelope: null, attachments: [], replyTo: null, mentions: [], mentionsEveryone: false, createdAt: new Date(0).toISOString(), editedAt: null, deletedAt: null, pinnedAt: null, poll, ...over };
}

/** A session with its history loaded, whose frames out are recorded and frames in fed directly. */
function session(crypto: MessageCrypto | null = null) {
  const s = new ChannelSession(new Api(new TokenStore(memoryStorage())), "c", ME, { onRead: () => {}, onMessage: () => {} }, crypto, crypto !== null);
  const internals = s as unknown as { onFrame(f: ChannelServerFrame): void; buffered: unknown; window: { history: unknown }; socket: { send(f: unknown): boolean }; outbox: { host: { send(f: unknown): boolean } } };
  internals.buffered = null;
  internals.window.history = { state: "ready", value: true };
  const sent: Record<string, unknown>[] = [];
  internals.socket.send = (f) => sent.push(f as Record<string, unknown>) > 0;
  internals.outbox.host.send = (f) => sent.push(f as Record<string, unknown>) > 0;
  return { s, sent, feed: (...frames: ChannelServerFrame[]) => frames.forEach((f) => internals.onFrame(f)) };
}

/** Seals into a readable fake envelope whose `poll` comes back out of open as the payload's. */
function fakeCrypto(): MessageCrypto & { polls: (SealedPoll | undefined)[] } {
  const polls: (SealedPoll | undefined)[] = [];
  return {
    polls,
    async seal(_channelId, nonce, content, _files, poll) {
      polls.push(poll);
      return { envelope: { alg: "hearth-e2ee-v1", senderDevice: "d-me", ciphertext: `ok:${content}`, sig: `sig-${nonce}`, ...(poll ? { poll } : {}) }, mentions: [] };
    },
    async open(m) {
      const e = m.envelope as Envelope & { poll?: SealedPoll };
      return { ok: true as const, payload: { content: e.ciphertext.slice(3), ...(e.poll ? { poll: e.poll } : {}) } };
    },
  };
}

const settle = () => new Promise((r) => setTimeout(r, 0));
const open: PollView = { answers: ["Pizza", "Sushi", "Tacos"], answerCount: 3, multiSelect: false, expiresAt: "2099-01-01T00:00:00Z", endedAt: null };

describe("polls in a ChannelSession", () => {
  it("sends a poll as a pending message whose text is the question, with its answers", () => {
    const { s, sent } = session();
    s.sendPoll("Lunch on Friday?", pendingPoll(draft()));
    expect(sent).toEqual([expect.objectContaining({ type: "send_message", content: "Lunch on Friday?", poll: { answers: ["Pizza", "Sushi", "Tacos"], multiSelect: false, durationHours: 24, anonymous: false } })]);
    expect(s.pending[0]).toMatchObject({ content: "Lunch on Friday?", poll: { answers: ["Pizza", "Sushi", "Tacos"] }, state: "sending" });
  });

  it("seals an encrypted poll's answers with its question and names only their count in the frame", async () => {
    const crypto = fakeCrypto();
    const { s, sent, feed } = session(crypto);
    s.sendPoll("Lunch on Friday?", pendingPoll(draft()));
    await settle();
    expect(crypto.polls).toEqual([{ answers: ["Pizza", "Sushi", "Tacos"] }]);
    expect(sent[0]).toMatchObject({ type: "send_message", poll: { answerCount: 3, multiSelect: false, durationHours: 24 } });
    expect(sent[0]).not.toHaveProperty("content");
    // Its own echo (answers null on the server) shows the answers it sealed, without opening.
    const p = s.pending[0];
    feed({ type: "message_created", seq: 1, message: pollMessage("m", 1, { ...open, answers: null }, { authorId: ME, nonce: p.nonce, content: null, envelope: p.envelope! }) });
    expect(s.messages[0]).toMatchObject({ content: "Lunch on Friday?", e2ee: "ok", poll: { answers: ["Pizza", "Sushi", "Tacos"], answerCount: 3 } });
  });

  it("shows someone else's encrypted poll with the answers from its envelope", async () => {
    const { s, feed } = session(fakeCrypto());
    const envelope = { alg: "hearth-e2ee-v1", senderDevice: "d-you", ciphertext: "ok:Where?", sig: "s", poll: { answers: ["Here", "There"] } };
    feed({ type: "message_created", seq: 1, message: pollMessage("m", 1, { ...open, answers: null, answerCount: 2 }, { content: null, envelope }) });
    await settle();
    expect(s.messages[0]).toMatchObject({ content: "Where?", poll: { answers: ["Here", "There"] } });
  });

  it("applies votes and an early end live, and routes a refused vote to its poll instead of a toast", () => {
    const { s, sent, feed } = session();
    feed({ type: "message_created", seq: 1, message: pollMessage("m", 1, open) });
    s.polls.vote("m", [1]);
    feed({ type: "poll_voted", seq: 2, messageId: "m", userId: YOU, answers: [0], counts: [1, 0, 0], voters: 1 });
    expect(s.polls.stateOf("m")?.state).toBe("sending");
    feed({ type: "poll_voted", seq: 3, messageId: "m", userId: ME, answers: [1], counts: [1, 1, 0], voters: 2 });
    expect(s.messages[0].pollResults).toEqual({ counts: [1, 1, 0], voters: 2, mine: [1] });
    expect(s.polls.stateOf("m")).toBeUndefined();
    // Someone else's later vote keeps mine.
    feed({ type: "poll_voted", seq: 4, messageId: "m", userId: YOU, answers: [2], counts: [0, 1, 1], voters: 2 });
    expect(s.messages[0].pollResults?.mine).toEqual([1]);
    feed({ type: "poll_ended", seq: 5, messageId: "m", endedBy: YOU, endedAt: "2026-01-01T00:00:00Z" });
    expect(s.messages[0].poll).toMatchObject({ endedAt: "2026-01-01T00:00:00Z", answers: ["Pizza", "Sushi", "Tacos"] });
    s.polls.vote("m", [0]);
    const ref = sent.at(-1)!.ref as string;
    feed({ type: "error", ref, code: "poll_closed", message: "This poll has ended." });
    expect(s.polls.stateOf("m")).toEqual({ state: "error", message: "This poll has ended: votes are no longer taken.", closed: true });
    expect(s.lastError).toBeNull();
  });

  it("keeps an anonymous poll's voters unnamed, and takes one's own answers from the vote's ack", () => {
    const { s, sent, feed } = session();
    feed({ type: "message_created", seq: 1, message: pollMessage("m", 1, { ...open, anonymous: true }) });
    s.polls.vote("m", [2]);
    const ref = sent.at(-1)!.ref as string;
    // The event names nobody: the counts move, "mine" does not.
    feed({ type: "poll_voted", seq: 2, messageId: "m", userId: null, answers: null, counts: [0, 0, 1], voters: 1 });
    expect(s.messages[0].pollResults).toEqual({ counts: [0, 0, 1], voters: 1, mine: [] });
    feed({ type: "ack", ref, id: "m", seq: 2 });
    expect(s.messages[0].pollResults).toEqual({ counts: [0, 0, 1], voters: 1, mine: [2] });
    expect(s.polls.stateOf("m")).toBeUndefined();
    // Someone else's vote afterwards keeps it.
    feed({ type: "poll_voted", seq: 3, messageId: "m", userId: null, answers: null, counts: [1, 0, 1], voters: 2 });
    expect(s.messages[0].pollResults?.mine).toEqual([2]);
  });
});
