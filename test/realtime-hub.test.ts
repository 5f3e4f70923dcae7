/**
 * The UserHub (docs/protocol.md H1-H5): unread counts and mention badges for channels the user does not have
 * open, DMs arriving, membership changes; real bundle, real Postgres.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, register } from "./api.ts";
import { caller, channelsOf, community, type TestUser } from "./community-fixtures.ts";
import { startServer, type TestServer } from "./harness.ts";
import { joinChannel, TestSocket } from "./realtime-client.ts";

let server: TestServer;
let alice: TestUser, bob: TestUser;
let communityId: string;
let general: string;

beforeAll(async () => {
  server = await startServer({ env: { COMMUNITY_CREATION_MODE: "open", RATE_LIMITS: "0" } });
  [alice, bob] = [await register(server.url), await register(server.url)];
  communityId = await community(server, alice, [bob]);
  general = (await channelsOf(server, alice, communityId)).channels.find((c) => c.name === "general")!.id;
});
afterAll(async () => {
  await server?.stop();
});

async function openHub(user: TestUser): Promise<{ hub: TestSocket; welcome: Record<string, any> }> {
  const ticket = await api(server.url, "POST", "/api/v1/users/me/ws-ticket", { token: user.accessToken });
  expect(ticket.status).toBe(201);
  const hub = await TestSocket.open(ticket.body.url);
  hub.send({ type: "hello", protocolVersion: 1 });
  const welcome = await hub.waitFor((f) => f.type === "hub_welcome");
  return { hub, welcome };
}

describe("UserHub", () => {
  it("H1 H2 welcomes with nothing unread on a quiet account, and refuses a reused ticket with 4401", async () => {
    const ticket = await api(server.url, "POST", "/api/v1/users/me/ws-ticket", { token: bob.accessToken });
    const hub = await TestSocket.open(ticket.body.url);
    hub.send({ type: "hello", protocolVersion: 1 });
    expect(await hub.waitFor((f) => f.type === "hub_welcome")).toMatchObject({ userId: bob.user.id, unread: [] });
    const again = await TestSocket.open(ticket.body.url);
    expect((await again.closed).code).toBe(4401);
    hub.close();
  });

  it("H3 counts unread messages and mentions in a channel the user does not have open, and clears them on read", async () => {
    const { hub } = await openHub(bob);
    await caller(server)(alice, "POST", `/api/v1/channels/${general}/messages`, { content: "hello all" });
    const first = await hub.waitFor((f) => f.type === "unread_updated" && f.channelId === general);
    expect(first).toMatchObject({ unread: 1, mentions: 0 });
    await caller(server)(alice, "POST", `/api/v1/channels/${general}/messages`, { content: `hey <@${bob.user.id}>` });
    const second = await hub.waitFor((f) => f.type === "unread_updated" && f.unread === 2);
    expect(second).toMatchObject({ channelId: general, mentions: 1 });

    // Reconnecting shows the same badge from Postgres.
    const { hub: other, welcome } = await openHub(bob);
    expect(welcome.unread).toEqual([expect.objectContaining({ channelId: general, unread: 2, mentions: 1 })]);

    // Reading on a channel socket clears the badge on every hub device.
    const room = await joinChannel(server.url, bob.accessToken, general);
    expect(await room.socket.request({ type: "mark_read", seq: room.welcome.headSeq })).toMatchObject({ type: "ack" });
    for (const h of [hub, other]) await h.waitFor((f) => f.type === "unread_updated" && f.channelId === general && f.unread === 0 && f.mentions === 0);
    for (const s of [hub, other, room.socket]) s.close();
  });

  it("H3 does not count the user's own messages", async () => {
    const { hub } = await openHub(alice);
    const from = hub.frames.length;
    await caller(server)(alice, "POST", `/api/v1/channels/${general}/messages`, { content: "mine" });
    await caller(server)(bob, "POST", `/api/v1/channels/${general}/messages`, { content: "theirs" });
    const update = await hub.waitFor((f) => f.type === "unread_updated" && f.channelId === general, { from });
    expect(update.unread).toBeGreaterThanOrEqual(1);
    const stored = await server.sql<{ n: string }>("select count(*) as n from messages where channel_id = $1 and author_id <> $2 and seq > coalesce((select last_read_seq from read_states where user_id = $2 and channel_id = $1), 0)", [general, alice.user.id]);
    expect(update.unread).toBe(Number(stored[0].n));
    hub.close();
  });

  it("H4 tells a DM participant about each message from the other side, without content when encrypted", async () => {
    const { hub } = await openHub(bob);
    const dm = await caller(server)(alice, "POST", "/api/v1/dms", { userId: bob.user.id });
    expect([200, 201]).toContain(dm.status);
    const envelope = { alg: "x25519-xchacha20poly1305", senderDevice: "alice-laptop", ciphertext: "Zm9vYmFy" };
    const sent = await caller(server)(alice, "POST", `/api/v1/channels/${dm.body.id}/messages`, { envelope });
    expect(sent.status).toBe(201);
    expect(sent.body.message).toMatchObject({ content: null, envelope });
    const notice = await hub.waitFor((f) => f.type === "dm_received");
    expect(notice).toEqual({ type: "dm_received", channelId: dm.body.id, messageId: sent.body.id, authorId: alice.user.id, seq: sent.body.seq, excerpt: null });
    // P13: plain text is refused in the encrypted DM.
    const plain = await caller(server)(alice, "POST", `/api/v1/channels/${dm.body.id}/messages`, { content: "hi" });
    expect(plain.status).toBe(400);
    expect(plain.body.error.code).toBe("encryption_required");
    hub.close();
  });

  it("H5 tells every device when the user joins a community", async () => {
    const carol = await register(server.url);
    const { hub } = await openHub(carol);
    const inv = await caller(server)(alice, "POST", `/api/v1/communities/${communityId}/invites`, {});
    expect((await caller(server)(carol, "POST", `/api/v1/invites/${inv.body.code}/accept`)).status).toBe(200);
    expect(await hub.waitFor((f) => f.type === "membership_changed")).toEqual({ type: "membership_changed", change: "joined", communityId, channelId: null });
    // The hub now watches the community's channels: a new message there shows up as unread.
    await caller(server)(alice, "POST", `/api/v1/channels/${general}/messages`, { content: "welcome carol" });
    expect(await hub.waitFor((f) => f.type === "unread_updated" && f.channelId === general)).toMatchObject({ channelId: general });
    hub.close();
  });

  it("H5 tells the community's other online members when someone joins or a nickname changes", async () => {
    const { hub } = await openHub(alice);
    const dan = await register(server.url);
    const inv = await caller(server)(alice, "POST", `/api/v1/communities/${communityId}/invites`, {});
    expect((await caller(server)(dan, "POST", `/api/v1/invites/${inv.body.code}/accept`)).status).toBe(200);
    expect(await hub.waitFor((f) => f.type === "membership_changed" && f.change === "members_changed")).toEqual({ type: "membership_changed", change: "members_changed", communityId, channelId: null });
    const from = hub.frames.length;
    expect((await caller(server)(dan, "PATCH", `/api/v1/communities/${communityId}/members/${dan.user.id}`, { nickname: "Danny" })).status).toBe(200);
    await hub.waitFor((f) => f.type === "membership_changed" && f.change === "members_changed", { from });
    hub.close();
  });

  it("H6 tells online people who share a community when someone comes online and when their last device leaves", async () => {
    const { hub } = await openHub(alice);
    const bobHub = await openHub(bob);
    expect(await hub.waitFor((f) => f.type === "presence_changed" && f.userId === bob.user.id)).toEqual({ type: "presence_changed", userId: bob.user.id, online: true });
    const from = hub.frames.length;
    bobHub.hub.close();
    expect(await hub.waitFor((f) => f.type === "presence_changed" && f.userId === bob.user.id, { from })).toEqual({ type: "presence_changed", userId: bob.user.id, online: false });
    // Someone who shares nothing with Alice is not announced to her.
    const stranger = await register(server.url);
    const strangerHub = await openHub(stranger);
    await expect.poll(async () => (await server.sql<{ online: boolean }>("select online from user_presence where user_id = $1", [stranger.user.id]))[0]?.online).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(hub.frames.some((f) => f.type === "presence_changed" && f.userId === stranger.user.id)).toBe(false);
    strangerHub.hub.close();
    hub.close();
  });
});
