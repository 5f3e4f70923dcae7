/**
 * Commit shards (objects/CommitShard.ts): new messages of many rooms are written in one statement. With one shard,
 * every room's batch goes through the same object, so batches of different rooms share statements; a batch that
 * Postgres refuses (a nonce stored before a restart, P14) must fail alone and leave the others stored.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { register } from "./api.ts";
import { community, textChannel, type TestUser } from "./community-fixtures.ts";
import { startServer, type TestServer } from "./harness.ts";
import { joinChannel, type Frame, type TestSocket } from "./realtime-client.ts";

let server: TestServer;
let users: TestUser[];
let communityId: string;

beforeAll(async () => {
  server = await startServer({ env: { COMMUNITY_CREATION_MODE: "open", RATE_LIMITS: "0", COMMIT_SHARDS: "1" } });
  users = [];
  for (let i = 0; i < 3; i++) users.push(await register(server.url));
  communityId = await community(server, users[0], users.slice(1));
});
afterAll(async () => {
  await server?.stop();
});

const newChannel = (name: string) => textChannel(server, users[0], communityId, name);

/** Sends `nonces` without waiting, then collects the ack of each, in order. */
async function sendAll(s: TestSocket, nonces: string[]): Promise<Frame[]> {
  const from = s.frames.length;
  for (const nonce of nonces) s.send({ type: "send_message", nonce, content: `text of ${nonce}`, ref: nonce });
  return Promise.all(nonces.map((nonce) => s.waitFor((f) => f.ref === nonce && (f.type === "ack" || f.type === "error"), { from })));
}

it("P14 nonces stored before a restart are acked as the originals while other rooms' messages in the same shard are stored", async () => {
  const channels = [await newChannel("shard-a"), await newChannel("shard-b"), await newChannel("shard-c")];
  const ROUNDS = 10;
  const kept = Array.from({ length: ROUNDS }, (_, r) => `kept-${r}`);
  const first = await joinChannel(server.url, users[0].accessToken, channels[0]);
  const originals = await sendAll(first.socket, kept);
  expect(originals.map((a) => a.seq)).toEqual(Array.from({ length: ROUNDS }, (_, r) => r + 1));
  first.socket.close();
  // The rooms forget their nonce caches: only Postgres knows the kept nonces now.
  await server.restart();

  const sockets = await Promise.all(channels.map(async (c, i) => (await joinChannel(server.url, users[i].accessToken, c)).socket));
  const acks: Frame[][] = [[], [], []];
  // Each round a retry that Postgres refuses meets the batches of two other rooms at the shard.
  for (let r = 0; r < ROUNDS; r++) {
    const round = await Promise.all([
      sendAll(sockets[1], Array.from({ length: 5 }, (_, n) => `b${r}-${n}`)),
      sendAll(sockets[0], [kept[r], `new-${r}`]),
      sendAll(sockets[2], Array.from({ length: 5 }, (_, n) => `c${r}-${n}`)),
    ]);
    acks[0].push(...round[1]);
    acks[1].push(...round[0]);
    acks[2].push(...round[2]);
  }

  const retried = acks[0].filter((_, i) => i % 2 === 0);
  expect(retried.map((a) => [a.type, a.id, a.seq])).toEqual(originals.map((o) => ["ack", o.id, o.seq]));
  expect(acks[0].filter((_, i) => i % 2 === 1).map((a) => [a.type, a.seq])).toEqual(Array.from({ length: ROUNDS }, (_, r) => ["ack", ROUNDS + r + 1]));
  for (const other of [acks[1], acks[2]]) expect(other.map((a) => [a.type, a.seq])).toEqual(Array.from({ length: ROUNDS * 5 }, (_, n) => ["ack", n + 1]));
  const stored = await server.sql<{ channel_id: string; n: number; seqs: number }>(
    "select channel_id, count(*)::int as n, count(distinct seq)::int as seqs from messages where channel_id = any($1) group by channel_id",
    [channels],
  );
  const byChannel = new Map(stored.map((r) => [r.channel_id, r]));
  expect(channels.map((c) => [byChannel.get(c)?.n, byChannel.get(c)?.seqs])).toEqual([[2 * ROUNDS, 2 * ROUNDS], [5 * ROUNDS, 5 * ROUNDS], [5 * ROUNDS, 5 * ROUNDS]]);
  for (const s of sockets) s.close();
});

it("stores a burst of long messages whose batch is too big for the room's line to its shard (it goes by RPC), in order", async () => {
  const channel = await newChannel("shard-big");
  const { socket } = await joinChannel(server.url, users[0].accessToken, channel);
  const COUNT = 100;
  // ~4,000 characters each, some outside ASCII: the burst's batches run to hundreds of KB of JSON.
  const text = (n: number) => `${n} ` + "ünïcødé ✓ ".repeat(380);
  const from = socket.frames.length;
  for (let n = 0; n < COUNT; n++) socket.send({ type: "send_message", nonce: `big-${n}`, content: text(n), ref: `big-${n}` });
  const acks = await Promise.all(Array.from({ length: COUNT }, (_, n) => socket.waitFor((f) => f.ref === `big-${n}` && (f.type === "ack" || f.type === "error"), { from })));
  expect(acks.map((a) => [a.type, a.seq])).toEqual(Array.from({ length: COUNT }, (_, n) => ["ack", n + 1]));
  const stored = await server.sql<{ seq: number; content: string }>("select seq::int, content from messages where channel_id = $1 order by seq", [channel]);
  expect(stored.map((r) => r.content)).toEqual(Array.from({ length: COUNT }, (_, n) => text(n)));
  socket.close();
});
