/**
 * Polls end to end against the real bundle and Postgres (docs/api/polls.md): starting one over the socket and over
 * REST, votes reaching everyone in order with the totals, changing and taking back a vote, single and multiple
 * choice, ending early (who may), closed polls, history showing each person their own answers, replays, deletion
 * taking the votes with it, encrypted channels (answer count only), and validation.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { permissionBits, permissionsToString } from "../protocol/permissions.ts";
import { register } from "./api.ts";
import { expectError, expectNoServerErrors } from "./auth-helpers.ts";
import { caller, channelsOf, community, textChannel, type TestUser } from "./community-fixtures.ts";
import { startServer, type TestServer } from "./harness.ts";
import { joinChannel, type Frame } from "./realtime-client.ts";

let server: TestServer;
let owner: TestUser, alice: TestUser, bob: TestUser, carol: TestUser;
let communityId: string;
let general: string;

beforeAll(async () => {
  server = await startServer({ env: { COMMUNITY_CREATION_MODE: "open", RATE_LIMITS: "0" } });
  [owner, alice, bob, carol] = [await register(server.url), await register(server.url), await register(server.url), await register(server.url)];
  communityId = await community(server, owner, [alice, bob, carol]);
  general = (await channelsOf(server, owner, communityId)).channels.find((c: { name: string }) => c.name === "general")!.id;
});
afterAll(async () => {
  expectNoServerErrors(server);
  await server?.stop();
});

const call = (user: TestUser | null, method: string, p: string, body?: unknown) => caller(server)(user, method, p, body);

const lunch = { answers: ["Pizza", "Sushi", "Tacos"], multiSelect: false, durationHours: 24 };

describe("a poll in a plain channel", () => {
  it("is a message whose text is the question; votes reach everyone with the totals, in order", async () => {
    const { socket: a } = await joinChannel(server.url, alice.accessToken, general);
    const { socket: b } = await joinChannel(server.url, bob.accessToken, general);
    const before = Date.now();
    const ack = await a.request({ type: "send_message", nonce: "poll-1", content: "Lunch on Friday?", poll: { ...lunch, answers: ["  Pizza ", "Sushi", "Tacos"] } });
    expect(ack.type).toBe("ack");
    const created = await b.waitFor((f) => f.type === "message_created" && f.message.id === ack.id);
    expect(created.message.content).toBe("Lunch on Friday?");
    expect(created.message.poll).toMatchObject({ answers: ["Pizza", "Sushi", "Tacos"], answerCount: 3, multiSelect: false, endedAt: null });
    const expires = Date.parse(created.message.poll.expiresAt);
    expect(expires - before).toBeGreaterThan(24 * 3600_000 - 60_000);
    expect(expires - before).toBeLessThan(24 * 3600_000 + 60_000);

    const voted = await b.request({ type: "vote_poll", messageId: ack.id, answers: [1] });
    expect(voted.type).toBe("ack");
    const seen = await a.waitFor((f) => f.type === "poll_voted");
    expect(seen).toMatchObject({ messageId: ack.id, userId: bob.user.id, answers: [1], counts: [0, 1, 0], voters: 1 });
    expect(seen.seq).toBe(voted.seq);

    await a.request({ type: "vote_poll", messageId: ack.id, answers: [1] });
    // Bob changes his mind: one answer per person, so his old one goes.
    await b.request({ type: "vote_poll", messageId: ack.id, answers: [2] });
    const changed = await a.waitFor((f) => f.type === "poll_voted" && f.userId === bob.user.id && f.answers[0] === 2);
    expect(changed).toMatchObject({ counts: [0, 1, 1], voters: 2 });
    // Two answers in a single-choice poll, an answer out of range, the same answer twice: refused, nothing changes.
    for (const answers of [[0, 1], [3], [-1]]) expect(await b.request({ type: "vote_poll", messageId: ack.id, answers })).toMatchObject({ type: "error", code: "invalid_vote" });

    // History shows each person the totals and their own answers.
    const hist = async (u: TestUser) => ((await call(u, "GET", `/api/v1/channels/${general}/messages`)).body.messages as Frame[]).find((m) => m.id === ack.id)!;
    expect((await hist(bob)).pollResults).toEqual({ counts: [0, 1, 1], voters: 2, mine: [2] });
    expect((await hist(alice)).pollResults).toEqual({ counts: [0, 1, 1], voters: 2, mine: [1] });
    expect((await hist(carol)).pollResults).toEqual({ counts: [0, 1, 1], voters: 2, mine: [] });

    // Taking a vote back.
    await b.request({ type: "vote_poll", messageId: ack.id, answers: [] });
    const back = await a.waitFor((f) => f.type === "poll_voted" && f.userId === bob.user.id && f.answers.length === 0);
    expect(back).toMatchObject({ counts: [0, 1, 0], voters: 1 });

    // A late joiner resuming from before the poll gets every vote replayed in order.
    const { socket: c } = await joinChannel(server.url, carol.accessToken, general, { lastSeq: created.seq - 1 });
    await c.waitForSeq(back.seq);
    const replayed = c.events().filter((f) => f.type === "poll_voted").map((f) => f.counts);
    expect(replayed).toEqual([[0, 1, 0], [0, 2, 0], [0, 1, 1], [0, 1, 0]]);
    for (const s of [a, b, c]) s.close();
  });

  it("takes several answers when multiSelect; its author or a moderator may end it early, then it takes no votes", async () => {
    const res = await call(alice, "POST", `/api/v1/channels/${general}/messages`, { content: "Which days work?", poll: { answers: ["Mon", "Tue", "Wed"], multiSelect: true, durationHours: 1 } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.message.poll).toMatchObject({ answers: ["Mon", "Tue", "Wed"], multiSelect: true });
    const id = res.body.id;
    const { socket: b } = await joinChannel(server.url, bob.accessToken, general);
    const v = await b.request({ type: "vote_poll", messageId: id, answers: [2, 0] });
    expect(v.type).toBe("ack");
    const voted = await b.waitFor((f) => f.type === "poll_voted" && f.messageId === id);
    expect(voted).toMatchObject({ answers: [0, 2], counts: [1, 0, 1], voters: 1 });

    // Bob may not end Alice's poll; she may.
    expect(await b.request({ type: "end_poll", messageId: id })).toMatchObject({ type: "error", code: "missing_permission" });
    const { socket: a } = await joinChannel(server.url, alice.accessToken, general);
    expect((await a.request({ type: "end_poll", messageId: id })).type).toBe("ack");
    const ended = await b.waitFor((f) => f.type === "poll_ended" && f.messageId === id);
    expect(ended.endedBy).toBe(alice.user.id);
    expect(await b.request({ type: "vote_poll", messageId: id, answers: [1] })).toMatchObject({ type: "error", code: "poll_closed" });
    expect(await a.request({ type: "end_poll", messageId: id })).toMatchObject({ type: "error", code: "poll_closed" });
    const hist = ((await call(bob, "GET", `/api/v1/channels/${general}/messages`)).body.messages as Frame[]).find((m) => m.id === id)!;
    expect(hist.poll.endedAt).toBe(ended.endedAt);
    expect(hist.pollResults).toEqual({ counts: [1, 0, 1], voters: 1, mine: [0, 2] });

    // A moderator (the owner) may end anyone's poll.
    const other = await call(bob, "POST", `/api/v1/channels/${general}/messages`, { content: "Coffee or tea?", poll: { answers: ["Coffee", "Tea"], durationHours: 2 } });
    const { socket: o } = await joinChannel(server.url, owner.accessToken, general);
    expect((await o.request({ type: "end_poll", messageId: other.body.id })).type).toBe("ack");
    for (const s of [a, b, o]) s.close();
  });

  it("anonymous and without an end: votes name nobody, live or replayed, while each voter still sees their own", async () => {
    const { socket: a } = await joinChannel(server.url, alice.accessToken, general);
    const { socket: b } = await joinChannel(server.url, bob.accessToken, general);
    const ack = await a.request({ type: "send_message", nonce: "anon-1", content: "Rate the offsite", poll: { answers: ["Great", "Fine", "Meh"], anonymous: true } });
    expect(ack.type).toBe("ack");
    const created = await b.waitFor((f) => f.type === "message_created" && f.message.id === ack.id);
    expect(created.message.poll).toMatchObject({ anonymous: true, expiresAt: null, endedAt: null });
    const voted = await b.request({ type: "vote_poll", messageId: ack.id, answers: [2] });
    expect(voted.type).toBe("ack");
    for (const s of [a, b]) expect(await s.waitFor((f) => f.type === "poll_voted" && f.messageId === ack.id)).toMatchObject({ userId: null, answers: null, counts: [0, 0, 1], voters: 1 });
    // Stored that way too: the event log names nobody, so nothing can replay it.
    const [logged] = await server.sql<{ payload: Record<string, unknown> }>(`select payload from channel_events where message_id = $1 and type = 'poll_voted'`, [ack.id]);
    expect(logged.payload).toMatchObject({ userId: null, answers: null });
    const { socket: c } = await joinChannel(server.url, carol.accessToken, general, { lastSeq: created.seq - 1 });
    await c.waitForSeq(voted.seq);
    expect(c.events().find((f) => f.type === "poll_voted" && f.messageId === ack.id)).toMatchObject({ userId: null, answers: null });
    // History tells Bob his own answer, and nobody anyone else's.
    const hist = async (u: TestUser) => ((await call(u, "GET", `/api/v1/channels/${general}/messages`)).body.messages as Frame[]).find((m) => m.id === ack.id)!;
    expect((await hist(bob)).pollResults).toEqual({ counts: [0, 0, 1], voters: 1, mine: [2] });
    expect((await hist(carol)).pollResults).toEqual({ counts: [0, 0, 1], voters: 1, mine: [] });
    // No end: it takes votes until its author ends it.
    expect((await a.request({ type: "end_poll", messageId: ack.id })).type).toBe("ack");
    expect(await b.request({ type: "vote_poll", messageId: ack.id, answers: [0] })).toMatchObject({ type: "error", code: "poll_closed" });
    for (const s of [a, b, c]) s.close();
  });

  it("cannot be edited; deleting it takes the poll and its votes away", async () => {
    const { socket: a } = await joinChannel(server.url, alice.accessToken, general);
    const ack = await a.request({ type: "send_message", nonce: "poll-del", content: "Delete me?", poll: { answers: ["Yes", "No"], durationHours: 1 } });
    await a.request({ type: "vote_poll", messageId: ack.id, answers: [0] });
    expect(await a.request({ type: "edit_message", messageId: ack.id, content: "Changed question" })).toMatchObject({ type: "error", code: "conflict" });
    expect((await a.request({ type: "delete_message", messageId: ack.id })).type).toBe("ack");
    const rows = await server.sql<{ n: number }>(`select count(*)::int as n from poll_votes where message_id = $1`, [ack.id]);
    expect(rows[0].n).toBe(0);
    const hist = ((await call(alice, "GET", `/api/v1/channels/${general}/messages`)).body.messages as Frame[]).find((m) => m.id === ack.id)!;
    expect(hist.poll).toBeNull();
    expect(hist.pollResults).toBeUndefined();
    expect(await a.request({ type: "vote_poll", messageId: ack.id, answers: [1] })).toMatchObject({ type: "error", code: "message_not_found" });
    a.close();
  });

  it("takes ADD_REACTIONS to vote, and refuses votes on a message that is not a poll", async () => {
    const channel = await textChannel(server, owner, communityId, "no-votes");
    const res = await call(owner, "POST", `/api/v1/channels/${channel}/messages`, { content: "Vote?", poll: { answers: ["A", "B"], durationHours: 1 } });
    const roles = await call(owner, "GET", `/api/v1/communities/${communityId}/roles`);
    const everyone = roles.body.roles.find((r: { isEveryone: boolean }) => r.isEveryone).id;
    await call(owner, "PUT", `/api/v1/channels/${channel}/overrides/role/${everyone}`, { allow: "0", deny: permissionsToString(permissionBits("ADD_REACTIONS")) });
    const { socket: b } = await joinChannel(server.url, bob.accessToken, channel);
    expect(await b.request({ type: "vote_poll", messageId: res.body.id, answers: [0] })).toMatchObject({ type: "error", code: "missing_permission" });
    const plain = await call(owner, "POST", `/api/v1/channels/${channel}/messages`, { content: "just text" });
    const { socket: o } = await joinChannel(server.url, owner.accessToken, channel);
    expect(await o.request({ type: "vote_poll", messageId: plain.body.id, answers: [0] })).toMatchObject({ type: "error", code: "invalid_vote" });
    expect(await o.request({ type: "end_poll", messageId: plain.body.id })).toMatchObject({ type: "error", code: "invalid_vote" });
    b.close();
    o.close();
  });

  it("refuses malformed polls with a clear error, over the socket and REST, and stores nothing", async () => {
    const bad: unknown[] = [
      { answers: ["Only one"], durationHours: 1 },
      { answers: Array.from({ length: 11 }, (_, i) => `A${i}`), durationHours: 1 },
      { answers: ["Same", "Same"], durationHours: 1 },
      { answers: ["A", " "], durationHours: 1 },
      { answers: ["A", "x".repeat(101)], durationHours: 1 },
      { answers: ["A", "B"], durationHours: 0 },
      { answers: ["A", "B"], durationHours: 169 },
      { answers: ["A", "B"], durationHours: 1.5 },
      { answers: ["A", "B"], durationHours: "forever" },
      { answers: ["A", "B"], durationHours: 1, multiSelect: "yes" },
      { answers: ["A", "B"], durationHours: 1, anonymous: 1 },
      { answers: ["A", "B"], durationHours: 1, colour: "red" },
      { answers: ["A", "B"], answerCount: 2, durationHours: 1 },
      "a poll",
    ];
    const { socket: a } = await joinChannel(server.url, alice.accessToken, general);
    for (const [i, poll] of bad.entries()) {
      expect(await a.request({ type: "send_message", nonce: `bad-${i}`, content: "Q?", poll })).toMatchObject({ type: "error", code: "invalid_frame" });
      expectError(await call(alice, "POST", `/api/v1/channels/${general}/messages`, { content: "Q?", poll }), 400, "invalid_body");
    }
    // A plain channel takes the answers themselves, not a count; a long question is refused.
    expect(await a.request({ type: "send_message", nonce: "count", content: "Q?", poll: { answerCount: 2, durationHours: 1 } })).toMatchObject({ type: "error", code: "encryption_not_supported" });
    expect(await a.request({ type: "send_message", nonce: "long", content: "Q".repeat(301), poll: lunch })).toMatchObject({ type: "error", code: "invalid_frame" });
    // Votes must be whole numbers.
    for (const answers of ["0", [0.5], null]) expect(await a.request({ type: "vote_poll", messageId: "0193a000-0000-7000-8000-000000000000", answers })).toMatchObject({ type: "error", code: "invalid_frame" });
    const rows = await server.sql<{ n: number }>(`select count(*)::int as n from messages where content = 'Q?' or content like 'QQQ%'`);
    expect(rows[0].n).toBe(0);
    a.close();
  });
});

describe("a poll in an encrypted conversation", () => {
  it("carries only the number of answers; the server never sees their text", async () => {
    const dm = await call(alice, "POST", `/api/v1/dms`, { userId: bob.user.id });
    const { socket: a } = await joinChannel(server.url, alice.accessToken, dm.body.id);
    const envelope = { alg: "test", senderDevice: "dev", ciphertext: "c2VhbGVkIHF1ZXN0aW9uIGFuZCBhbnN3ZXJz" };
    expect(await a.request({ type: "send_message", nonce: "e1", envelope, poll: lunch })).toMatchObject({ type: "error", code: "encryption_required" });
    const ack = await a.request({ type: "send_message", nonce: "e2", envelope, poll: { answerCount: 4, durationHours: 3 } });
    expect(ack.type).toBe("ack");
    const { socket: b } = await joinChannel(server.url, bob.accessToken, dm.body.id);
    await b.request({ type: "vote_poll", messageId: ack.id, answers: [3] });
    const voted = await a.waitFor((f) => f.type === "poll_voted");
    expect(voted.counts).toEqual([0, 0, 0, 1]);
    const rows = await server.sql<{ poll: { answers: unknown; answerCount: number } }>(`select poll from messages where id = $1`, [ack.id]);
    expect(rows[0].poll).toMatchObject({ answers: null, answerCount: 4 });
    a.close();
    b.close();
  });
});
