/**
 * What a room does with frames it cannot use (docs/protocol.md P20) and with a client that floods (P17), with the
 * server's rate limits on, as in production.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { register } from "./api.ts";
import { caller, channelsOf, community, type TestUser } from "./community-fixtures.ts";
import { startServer, type TestServer } from "./harness.ts";
import { joinChannel, type TestSocket } from "./realtime-client.ts";

let server: TestServer;
let owner: TestUser, alice: TestUser;
let general: string;
let otherChannelMessage: string;
let socket: TestSocket;

beforeAll(async () => {
  server = await startServer({ env: { COMMUNITY_CREATION_MODE: "open" } });
  [owner, alice] = [await register(server.url), await register(server.url)];
  const communityId = await community(server, owner, [alice]);
  general = (await channelsOf(server, owner, communityId)).channels.find((c) => c.name === "general")!.id;
  const other = await caller(server)(owner, "POST", `/api/v1/communities/${communityId}/channels`, { name: "other", kind: "text" });
  otherChannelMessage = (await caller(server)(owner, "POST", `/api/v1/channels/${other.body.id}/messages`, { content: "elsewhere" })).body.id;
  socket = (await joinChannel(server.url, alice.accessToken, general)).socket;
});
afterAll(async () => {
  await server?.stop();
});

/** The socket still works: a ping is answered. */
async function stillOpen(s: TestSocket): Promise<void> {
  const ref = `alive-${Math.random()}`;
  const from = s.frames.length;
  s.send({ type: "ping", ref });
  await s.waitFor((f) => f.type === "pong" && f.ref === ref, { from });
  expect(s.closeCode).toBeNull();
}

describe("bad frames get an error frame and the socket stays open", () => {
  it.each([
    ["not JSON", "{this is not json", "invalid_frame", undefined],
    ["a JSON array", "[1,2,3]", "invalid_frame", undefined],
    ["an unknown type", JSON.stringify({ type: "drop_tables", ref: "u1" }), "unknown_frame_type", "u1"],
    ["a missing field", JSON.stringify({ type: "send_message", content: "no nonce", ref: "m1" }), "invalid_frame", "m1"],
    ["a field of the wrong type", JSON.stringify({ type: "mark_read", seq: "7", ref: "w1" }), "invalid_frame", "w1"],
    ["an oversize frame", JSON.stringify({ type: "send_message", nonce: "big", content: "x".repeat(80_000), ref: "o1" }), "frame_too_large", undefined],
    ["text over the message limit", JSON.stringify({ type: "send_message", nonce: "long", content: "x".repeat(4001), ref: "l1" }), "message_too_large", "l1"],
    // Postgres text cannot hold U+0000: once this reached the commit and came back as commit_failed, retried forever.
    ["text with a NUL character", JSON.stringify({ type: "send_message", nonce: "nul", content: "a\u0000b", ref: "z1" }), "invalid_frame", "z1"],
    // Half a surrogate pair (a "\ud83d" escape) is not Unicode: refused here, not by the database at commit.
    ["text with half a surrogate pair", JSON.stringify({ type: "send_message", nonce: "sur", content: "a\ud83d", ref: "s1" }), "invalid_frame", "s1"],
  ])("P20 %s", async (_label, text, code, ref) => {
    const from = socket.frames.length;
    socket.send(text);
    const err = await socket.waitFor((f) => f.type === "error", { from });
    expect(err.code).toBe(code);
    expect(err.ref).toBe(ref);
    await stillOpen(socket);
  });

  it("P20 a binary frame", async () => {
    const from = socket.frames.length;
    socket.ws.send(new Uint8Array([1, 2, 3]));
    expect(await socket.waitFor((f) => f.type === "error", { from })).toMatchObject({ code: "binary_not_supported" });
    await stillOpen(socket);
  });

  it("P20 another channel's message id", async () => {
    const res = await socket.request({ type: "add_reaction", messageId: otherChannelMessage, emoji: "👀" });
    expect(res).toMatchObject({ type: "error", code: "message_not_found" });
    await stillOpen(socket);
    expect(await server.sql("select 1 from reactions where message_id = $1", [otherChannelMessage])).toHaveLength(0);
  });

  it("P20 closes with 4413 for a frame over 1 MiB", async () => {
    const s = (await joinChannel(server.url, alice.accessToken, general)).socket;
    s.send("x".repeat(1024 * 1024 + 10));
    const closed = await s.closed;
    expect(closed.code).toBe(4413);
  });
});

describe("flooding", () => {
  it("P17 refuses sends beyond the user's rate with rate_limited and retryAfterMs", async () => {
    const s = (await joinChannel(server.url, owner.accessToken, general)).socket;
    const answers = [];
    for (let i = 0; i < 14; i++) answers.push(s.request({ type: "send_message", nonce: `burst-${i}`, content: `burst ${i}` }));
    const results = await Promise.all(answers);
    const limited = results.filter((r) => r.type === "error");
    expect(results.filter((r) => r.type === "ack").length).toBeGreaterThanOrEqual(10);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]).toMatchObject({ code: "rate_limited" });
    expect(limited[0].retryAfterMs).toBeGreaterThan(0);
    s.close();
  });

  it("P17 answers a flooding client with rate_limited, then closes it with 4429", async () => {
    const s = (await joinChannel(server.url, alice.accessToken, general)).socket;
    for (let i = 0; i < 200; i++) s.send({ type: "ping", ref: `f${i}` });
    const closed = await s.closed;
    expect(closed.code).toBe(4429);
    expect(s.frames.some((f) => f.type === "error" && f.code === "rate_limited")).toBe(true);
    expect(s.frames.filter((f) => f.type === "pong").length).toBeGreaterThanOrEqual(50);
  });
});
