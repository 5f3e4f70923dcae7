/**
 * Ordering and resume under concurrency (docs/protocol.md P8, P9, P14), against the real bundle in workerd and
 * real Postgres. Rate limits are off in this file so twenty senders can go flat out; the limits have their own file.
 */
import { uuidv7 } from "uuidv7";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { register } from "./api.ts";
import { channelsOf, community, textChannel, type TestUser } from "./community-fixtures.ts";
import { startServer, type TestServer } from "./harness.ts";
import { joinChannel, TestSocket, type Frame } from "./realtime-client.ts";

let server: TestServer;
let users: TestUser[];
let communityId: string;

beforeAll(async () => {
  server = await startServer({ env: { COMMUNITY_CREATION_MODE: "open", RATE_LIMITS: "0" } });
  users = [];
  for (let i = 0; i < 4; i++) users.push(await register(server.url));
  communityId = await community(server, users[0], users.slice(1));
});
afterAll(async () => {
  await server?.stop();
});

const newChannel = (name: string) => textChannel(server, users[0], communityId, name);

/** (seq, message id) of every message_created a socket saw, in arrival order. */
const created = (s: TestSocket) => s.frames.filter((f: Frame) => f.type === "message_created").map((f: Frame) => `${f.seq}:${f.message.id}`);

describe("ordering", () => {
  it("P8 20 concurrent senders × 50 messages: every receiver sees the same order and seqs are contiguous", async () => {
    const channelId = await newChannel("busy");
    const senders: TestSocket[] = [];
    for (let i = 0; i < 20; i++) senders.push((await joinChannel(server.url, users[i % users.length].accessToken, channelId)).socket);
    const watchers: TestSocket[] = [];
    for (let i = 0; i < 3; i++) watchers.push((await joinChannel(server.url, users[i].accessToken, channelId)).socket);

    // Every sender fires all 50 without waiting, so batches mix senders.
    const acks = await Promise.all(
      senders.map(async (s, i) => {
        const from = s.frames.length;
        for (let n = 0; n < 50; n++) s.send({ type: "send_message", nonce: `s${i}-${n}`, content: `sender ${i} message ${n}`, ref: `s${i}-${n}` });
        const got: Frame[] = [];
        for (let n = 0; n < 50; n++) got.push(await s.waitFor((f) => f.type === "ack" && f.ref === `s${i}-${n}`, { from }));
        return got;
      }),
    );
    const allSeqs = acks.flat().map((a) => a.seq).sort((a, b) => a - b);
    expect(allSeqs).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    // Each sender's own messages are stored in the order it sent them.
    for (const mine of acks) expect(mine.map((a) => a.seq)).toEqual([...mine.map((a) => a.seq)].sort((a, b) => a - b));

    const everyone = [...senders, ...watchers];
    for (const s of everyone) await s.waitForSeq(1000);
    const reference = created(watchers[0]);
    expect(reference).toHaveLength(1000);
    expect(reference.map((r) => Number(r.split(":")[0]))).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    for (const s of everyone) expect(created(s)).toEqual(reference);

    const stored = await server.sql<{ seq: string }>("select seq from messages where channel_id = $1 order by seq", [channelId]);
    expect(stored.map((r) => Number(r.seq))).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    for (const s of everyone) s.close();
  });
});

describe("resume", () => {
  it("P8 a dropped socket resumes from lastSeq with exactly the events it missed, then live", async () => {
    const channelId = await newChannel("resume");
    const steady = await joinChannel(server.url, users[1].accessToken, channelId);
    const flaky = await joinChannel(server.url, users[2].accessToken, channelId);
    const sender = await joinChannel(server.url, users[0].accessToken, channelId);
    for (let n = 0; n < 10; n++) await sender.socket.request({ type: "send_message", nonce: `a${n}`, content: `before ${n}` });
    await flaky.socket.waitForSeq(10);
    const lastSeq = flaky.socket.lastSeq();
    flaky.socket.close();
    await flaky.socket.closed;
    for (let n = 0; n < 15; n++) await sender.socket.request({ type: "send_message", nonce: `b${n}`, content: `while away ${n}` });
    const back = await joinChannel(server.url, users[2].accessToken, channelId, { lastSeq });
    for (let n = 0; n < 5; n++) await sender.socket.request({ type: "send_message", nonce: `c${n}`, content: `after ${n}` });
    await steady.socket.waitForSeq(30);
    await back.socket.waitForSeq(30);
    expect(back.welcome.headSeq).toBeGreaterThanOrEqual(25);
    expect(created(back.socket)).toEqual(created(steady.socket).slice(lastSeq));
    for (const s of [steady, back, sender]) s.socket.close();
  });

  it("P10 resume on an open socket replays from the given seq", async () => {
    const channelId = await newChannel("rewind");
    const s = await joinChannel(server.url, users[1].accessToken, channelId);
    for (let n = 0; n < 3; n++) await s.socket.request({ type: "send_message", nonce: `r${n}`, content: `m${n}` });
    await s.socket.waitForSeq(3);
    const from = s.socket.frames.length;
    s.socket.send({ type: "resume", lastSeq: 1 });
    await s.socket.waitFor((f) => f.type === "message_created" && f.seq === 3, { from });
    expect(s.socket.frames.slice(from).filter((f) => f.type === "message_created").map((f) => f.seq)).toEqual([2, 3]);
    s.socket.close();
  });

  it("P7 P9 replays from Postgres when the room has restarted, and asks for a resync when too far behind", async () => {
    // A channel with a long history written straight to Postgres before its room ever ran.
    const channelId = await newChannel("archive");
    const author = users[0].user.id;
    await server.sql(
      `insert into messages (id, channel_id, seq, author_id, nonce, content)
       select gen_random_uuid(), $1, s, $2, 'old-' || s, 'old message ' || s from generate_series(1, 6000) s`,
      [channelId, author],
    );
    const far = await joinChannel(server.url, users[1].accessToken, channelId, { lastSeq: 10 });
    expect(far.welcome.headSeq).toBe(6000);
    const resync = await far.socket.waitFor((f) => f.type === "resync_required");
    expect(resync.headSeq).toBe(6000);
    const near = await joinChannel(server.url, users[2].accessToken, channelId, { lastSeq: 5990 });
    await near.socket.waitForSeq(6000);
    expect(near.socket.events().map((f) => f.seq)).toEqual([5991, 5992, 5993, 5994, 5995, 5996, 5997, 5998, 5999, 6000]);
    expect(near.socket.events()[0].message).toMatchObject({ content: "old message 5991", authorId: author });
    // Both are live afterwards.
    const sent = await near.socket.request({ type: "send_message", nonce: uuidv7(), content: "new" });
    expect(sent.seq).toBe(6001);
    await far.socket.waitForSeq(6001);
    far.socket.close();
    near.socket.close();
  });

  it("P7 replays new messages and later changes stored in Postgres in one seq order, each as it stands now", async () => {
    // Written before the room ever ran: messages at seqs 1-4, 6 and 8; an edit of message 2 at seq 5 and a
    // reaction to message 6 at seq 7, in the change log beside them.
    const channelId = await newChannel("mixed-log");
    const author = users[0].user.id;
    const ids = await server.sql<{ id: string; seq: string }>(
      `insert into messages (id, channel_id, seq, author_id, nonce, content, edited_at)
       select gen_random_uuid(), $1, s, $2, 'mixed-' || s, case when s = 2 then 'second, edited' else 'message ' || s end,
              case when s = 2 then now() end
       from unnest(array[1, 2, 3, 4, 6, 8]) s returning id, seq`,
      [channelId, author],
    );
    const idAt = (seq: number) => ids.find((r) => Number(r.seq) === seq)!.id;
    await server.sql(
      `insert into channel_events (channel_id, seq, type, message_id, payload) values
         ($1, 5, 'message_edited', $2, jsonb_build_object('editedAt', '2026-11-26T00:00:00.000Z')),
         ($1, 7, 'reaction_added', $3, jsonb_build_object('userId', $4::text, 'emoji', '👍'))`,
      [channelId, idAt(2), idAt(6), author],
    );
    await server.sql("insert into reactions (message_id, user_id, emoji) values ($1, $2, '👍')", [idAt(6), author]);
    const s = await joinChannel(server.url, users[1].accessToken, channelId, { lastSeq: 0 });
    expect(s.welcome.headSeq).toBe(8);
    await s.socket.waitForSeq(8);
    expect(s.socket.events().map((f) => `${f.seq}:${f.type}`)).toEqual(["1:message_created", "2:message_created", "3:message_created", "4:message_created", "5:message_edited", "6:message_created", "7:reaction_added", "8:message_created"]);
    const events = s.socket.events();
    expect(events[4]).toMatchObject({ messageId: idAt(2), content: "second, edited", editedAt: "2026-11-26T00:00:00.000Z" });
    expect(events[6]).toMatchObject({ messageId: idAt(6), userId: author, emoji: "👍" });
    // The next send follows the stored head, wherever it was.
    expect((await s.socket.request({ type: "send_message", nonce: uuidv7(), content: "after" })).seq).toBe(9);
    s.socket.close();
  });
});

void channelsOf;
