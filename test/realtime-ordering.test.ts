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

    const stored = await server.sql<{ seq: string }>("select seq from channel_events where channel_id = $1 order by seq", [channelId]);
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
      `with m as (
         insert into messages (id, channel_id, seq, author_id, nonce, content)
         select gen_random_uuid(), $1, s, $2, 'old-' || s, 'old message ' || s from generate_series(1, 6000) s
         returning id, seq)
       insert into channel_events (channel_id, seq, type, message_id) select $1, seq, 'message_created', id from m`,
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
});

void channelsOf;
