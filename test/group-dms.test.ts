/**
 * Managing group DMs against the real bundle and Postgres (docs/api/communities.md "DMs", docs/protocol.md H8):
 * renaming, adding and leaving, their validation, and the live notices on hubs and rooms that follow.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deviceRegistration, generateDeviceSecrets, seal, type PublicDevice } from "../protocol/e2ee.ts";
import { GROUP_DM_MAX_PARTICIPANTS } from "../protocol/limits.ts";
import { api, STRONG_PASSWORD } from "./api.ts";
import { caller, users, type TestUser } from "./community-fixtures.ts";
import { startServer, type TestServer } from "./harness.ts";
import { channelTicket, joinChannel, openHub, TestSocket } from "./realtime-client.ts";

let server: TestServer;
let call: ReturnType<typeof caller>;
let alice: TestUser, bob: TestUser, carol: TestUser, dave: TestUser, eve: TestUser;

/** An encrypted send frame from a fresh device of `from`, sealed for the conversation's devices as listed now. */
async function sealed(from: TestUser, channelId: string, content: string) {
  const secrets = generateDeviceSecrets();
  const device = await api(server.url, "POST", "/api/v1/devices", { token: from.accessToken, body: deviceRegistration(secrets, from.user.id) });
  const { devices } = (await call(from, "GET", `/api/v1/channels/${channelId}/devices`)).body as { devices: PublicDevice[] };
  const nonce = crypto.randomUUID();
  const recipients = devices.map((d) => ({ deviceId: d.id, x25519: Buffer.from(d.x25519, "base64url") }));
  const envelope = seal({ channelId, messageNonce: nonce, sender: { deviceId: device.body.id, secrets }, recipients, payload: { content } });
  return { type: "send_message", nonce, envelope };
}

async function group(...others: TestUser[]): Promise<string> {
  const res = await call(alice, "POST", "/api/v1/dms", { userIds: others.map((u) => u.user.id) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

beforeAll(async () => {
  server = await startServer({ env: { RATE_LIMITS: "0" } });
  call = caller(server);
  [alice, bob, carol, dave, eve] = await users(server, 5);
});
afterAll(async () => {
  await server?.stop();
});

describe("renaming a group DM", () => {
  it("trims the name, returns the conversation and tells every participant's hub (H8)", async () => {
    const id = await group(bob, carol);
    const hub = await openHub(server.url, bob.accessToken);
    const res = await call(alice, "PATCH", `/api/v1/dms/${id}`, { name: "  Plans  " });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ id, kind: "group_dm", name: "Plans" });
    const notice = await hub.waitFor((f) => f.type === "dm_changed" && f.channelId === id);
    expect(notice).toMatchObject({ change: "renamed", actorId: alice.user.id, name: "Plans", userId: null });
    const list = await call(carol, "GET", "/api/v1/dms");
    expect(list.body.channels.find((c: { id: string }) => c.id === id).name).toBe("Plans");
    hub.close();
  });

  it("clears the name with null", async () => {
    const id = await group(bob, carol);
    await call(alice, "PATCH", `/api/v1/dms/${id}`, { name: "Old" });
    const res = await call(bob, "PATCH", `/api/v1/dms/${id}`, { name: null });
    expect(res.status).toBe(200);
    expect(res.body.name).toBe("");
  });

  it("refuses an empty, blank, too long or missing name and unknown fields with 400 invalid_body", async () => {
    const id = await group(bob, carol);
    for (const body of [{ name: "" }, { name: "   " }, { name: "x".repeat(101) }, {}, { name: 5 }, { name: "ok", topic: "x" }]) {
      const res = await call(alice, "PATCH", `/api/v1/dms/${id}`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe("invalid_body");
    }
    expect((await call(alice, "PATCH", `/api/v1/dms/${id}`, { name: "x".repeat(100) })).status).toBe(200);
  });

  it("refuses a 1:1 DM with 400 not_a_group_dm", async () => {
    const dm = (await call(alice, "POST", "/api/v1/dms", { userId: bob.user.id })).body.id;
    const res = await call(alice, "PATCH", `/api/v1/dms/${dm}`, { name: "Us" });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("not_a_group_dm");
  });

  it("answers 404 channel_not_found to someone not in it, as for any DM they cannot see", async () => {
    const id = await group(bob, carol);
    for (const path of [`/api/v1/dms/${id}`, `/api/v1/dms/${crypto.randomUUID()}`]) {
      const res = await call(eve, "PATCH", path, { name: "Mine" });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("channel_not_found");
    }
  });
});

describe("opening a group DM", () => {
  it("has every participant's hub count its messages at once, without a new hub ticket (H3)", async () => {
    const hub = await openHub(server.url, carol.accessToken);
    const id = await group(bob, carol);
    const { socket } = await joinChannel(server.url, bob.accessToken, id);
    expect((await socket.request(await sealed(bob, id, "first"))).type).toBe("ack");
    const badge = await hub.waitFor((f) => f.type === "unread_updated" && f.channelId === id);
    expect(badge.unread).toBe(1);
    for (const s of [socket, hub]) s.close();
  });
});

describe("adding people", () => {
  it("tells the newcomer's hub and everyone else's, and lets the newcomer open the room with nothing unread", async () => {
    const id = await group(bob, carol);
    const { socket: bobRoom } = await joinChannel(server.url, bob.accessToken, id);
    const sent = await bobRoom.request(await sealed(bob, id, "before Dave"));
    expect(sent.type).toBe("ack");
    const [daveHub, carolHub] = [await openHub(server.url, dave.accessToken), await openHub(server.url, carol.accessToken)];
    const res = await call(alice, "POST", `/api/v1/dms/${id}/participants`, { userId: dave.user.id });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.participants.map((p: { id: string }) => p.id)).toContain(dave.user.id);
    for (const hub of [daveHub, carolHub]) {
      const notice = await hub.waitFor((f) => f.type === "dm_changed" && f.channelId === id);
      expect(notice).toMatchObject({ change: "participant_added", actorId: alice.user.id, userId: dave.user.id });
    }
    const list = await call(dave, "GET", "/api/v1/dms");
    expect(list.body.channels.map((c: { id: string }) => c.id)).toContain(id);
    // Earlier messages were not sealed for Dave: he starts with them read, so no badge points at them.
    const { socket: daveRoom, welcome } = await joinChannel(server.url, dave.accessToken, id);
    expect(welcome.readSeq).toBeGreaterThanOrEqual(sent.seq);
    // A message from then on reaches Dave's hub as a DM notice (the room's participant list follows, H4).
    const from = daveHub.frames.length;
    expect((await bobRoom.request(await sealed(bob, id, "after Dave"))).type).toBe("ack");
    await daveHub.waitFor((f) => f.type === "dm_received" && f.channelId === id, { from });
    for (const s of [bobRoom, daveRoom, daveHub, carolHub]) s.close();
  });

  it("adds someone already in it as a no-op (200, no notice)", async () => {
    const id = await group(bob, carol);
    const res = await call(alice, "POST", `/api/v1/dms/${id}/participants`, { userId: bob.user.id });
    expect(res.status).toBe(200);
    expect(res.body.participants).toHaveLength(3);
  });

  it("refuses a 1:1 DM (400 not_a_group_dm), a stranger's group (404), unknown users (404) and extra fields (400)", async () => {
    const dm = (await call(alice, "POST", "/api/v1/dms", { userId: carol.user.id })).body.id;
    const oneToOne = await call(alice, "POST", `/api/v1/dms/${dm}/participants`, { userId: dave.user.id });
    expect([oneToOne.status, oneToOne.body.error.code]).toEqual([400, "not_a_group_dm"]);
    const id = await group(bob, carol);
    const stranger = await call(eve, "POST", `/api/v1/dms/${id}/participants`, { userId: eve.user.id });
    expect([stranger.status, stranger.body.error.code]).toEqual([404, "channel_not_found"]);
    const ghost = await call(alice, "POST", `/api/v1/dms/${id}/participants`, { userId: crypto.randomUUID() });
    expect([ghost.status, ghost.body.error.code]).toEqual([404, "user_not_found"]);
    const extra = await call(alice, "POST", `/api/v1/dms/${id}/participants`, { userId: dave.user.id, role: "admin" });
    expect([extra.status, extra.body.error.code]).toEqual([400, "invalid_body"]);
  });

  it(`refuses the ${GROUP_DM_MAX_PARTICIPANTS + 1}th person with 400 too_many_participants`, async () => {
    const more = await users(server, GROUP_DM_MAX_PARTICIPANTS - 1);
    const res = await call(alice, "POST", "/api/v1/dms", { userIds: more.map((u) => u.user.id) });
    expect(res.body.participants).toHaveLength(GROUP_DM_MAX_PARTICIPANTS);
    const full = await call(alice, "POST", `/api/v1/dms/${res.body.id}/participants`, { userId: eve.user.id });
    expect([full.status, full.body.error.code]).toEqual([400, "too_many_participants"]);
  });

  it("refuses someone who blocked a participant with 403 cannot_dm_user", async () => {
    const id = await group(bob, carol);
    await server.sql("insert into user_blocks (blocker_id, blocked_id) values ($1, $2)", [eve.user.id, carol.user.id]);
    const res = await call(alice, "POST", `/api/v1/dms/${id}/participants`, { userId: eve.user.id });
    expect([res.status, res.body.error.code]).toEqual([403, "cannot_dm_user"]);
    await server.sql("delete from user_blocks");
  });
});

describe("creating", () => {
  it("refuses to put two people who blocked one another in one group (403 cannot_dm_user), without saying who", async () => {
    await server.sql("insert into user_blocks (blocker_id, blocked_id) values ($1, $2)", [bob.user.id, carol.user.id]);
    const res = await call(alice, "POST", "/api/v1/dms", { userIds: [bob.user.id, carol.user.id] });
    expect([res.status, res.body.error.code]).toEqual([403, "cannot_dm_user"]);
    expect(res.body.error.message).not.toMatch(new RegExp(`${bob.user.username}|${carol.user.username}`));
    expect((await call(alice, "POST", "/api/v1/dms", { userIds: [bob.user.id, dave.user.id] })).status).toBe(201);
    await server.sql("delete from user_blocks");
  });
});

describe("leaving", () => {
  it("closes the leaver's socket to the room (4403), refuses them afterwards and tells everyone (H8)", async () => {
    const id = await group(bob, carol);
    const { socket: bobRoom } = await joinChannel(server.url, bob.accessToken, id);
    const [aliceHub, bobHub] = [await openHub(server.url, alice.accessToken), await openHub(server.url, bob.accessToken)];
    const early = await channelTicket(server.url, bob.accessToken, id);
    const res = await call(bob, "DELETE", `/api/v1/dms/${id}/participants/me`);
    expect(res.status).toBe(204);
    expect((await bobRoom.closed).code).toBe(4403);
    for (const hub of [aliceHub, bobHub]) {
      const notice = await hub.waitFor((f) => f.type === "dm_changed" && f.channelId === id);
      expect(notice).toMatchObject({ change: "participant_left", actorId: bob.user.id, userId: bob.user.id });
    }
    const read = await call(bob, "GET", `/api/v1/channels/${id}/messages`);
    expect(read.status).toBe(404);
    const send = await call(bob, "POST", `/api/v1/channels/${id}/messages`, { content: "still here?" });
    expect(send.status).toBe(404);
    const list = await call(bob, "GET", "/api/v1/dms");
    expect(list.body.channels.map((c: { id: string }) => c.id)).not.toContain(id);
    // A ticket issued before he left is refused (P25), and no new one is issued.
    const stale = await TestSocket.open(early.url);
    expect((await stale.closed).code).toBe(4403);
    expect((await call(bob, "POST", `/api/v1/channels/${id}/ws-ticket`)).status).toBe(404);
    const left = await call(alice, "GET", "/api/v1/dms");
    expect(left.body.channels.find((c: { id: string }) => c.id === id).participants).toHaveLength(2);
    for (const s of [aliceHub, bobHub]) s.close();
  });

  it("refuses to leave a 1:1 DM with 400 not_a_group_dm", async () => {
    const dm = (await call(alice, "POST", "/api/v1/dms", { userId: eve.user.id })).body.id;
    const res = await call(alice, "DELETE", `/api/v1/dms/${dm}/participants/me`);
    expect([res.status, res.body.error.code]).toEqual([400, "not_a_group_dm"]);
  });

  it("tells the others live when a participant deletes their account, as if they had left (H8)", async () => {
    const [frank] = await users(server, 1);
    const id = await group(bob, frank);
    const aliceHub = await openHub(server.url, alice.accessToken);
    const res = await api(server.url, "DELETE", "/api/v1/users/me", { token: frank.accessToken, body: { password: STRONG_PASSWORD } });
    expect(res.status).toBe(204);
    const notice = await aliceHub.waitFor((f) => f.type === "dm_changed" && f.channelId === id);
    expect(notice).toMatchObject({ change: "participant_left", actorId: frank.user.id, userId: frank.user.id });
    const list = await call(alice, "GET", "/api/v1/dms");
    expect(list.body.channels.find((c: { id: string }) => c.id === id).participants.map((p: { id: string }) => p.id).sort()).toEqual([alice.user.id, bob.user.id].sort());
    aliceHub.close();
  });

  it("deletes a group DM whose last participant deletes their account, as when the last one leaves", async () => {
    const [gina, hal] = await users(server, 2);
    const id = (await call(gina, "POST", "/api/v1/dms", { userIds: [hal.user.id] })).body.id;
    expect((await call(gina, "DELETE", `/api/v1/dms/${id}/participants/me`)).status).toBe(204);
    expect((await api(server.url, "DELETE", "/api/v1/users/me", { token: hal.accessToken, body: { password: STRONG_PASSWORD } })).status).toBe(204);
    expect(await server.sql("select id from channels where id = $1", [id])).toHaveLength(0);
  });

  it("deletes the conversation when the last person leaves", async () => {
    const id = await group(bob);
    expect((await call(bob, "DELETE", `/api/v1/dms/${id}/participants/me`)).status).toBe(204);
    expect((await call(alice, "DELETE", `/api/v1/dms/${id}/participants/me`)).status).toBe(204);
    expect(await server.sql("select id from channels where id = $1", [id])).toHaveLength(0);
  });
});

describe("the stored history of changes (GET /dms/:id/changes)", () => {
  it("lists renames, additions and departures with who made them, oldest first, with the ids the hub pushed", async () => {
    const [frank] = await users(server, 1);
    const id = await group(bob, carol);
    const hub = await openHub(server.url, carol.accessToken);
    await call(alice, "PATCH", `/api/v1/dms/${id}`, { name: "Trip" });
    const pushed = await hub.waitFor((f) => f.type === "dm_changed" && f.channelId === id);
    await call(bob, "POST", `/api/v1/dms/${id}/participants`, { userId: dave.user.id });
    await call(carol, "PATCH", `/api/v1/dms/${id}`, { name: null });
    await call(dave, "DELETE", `/api/v1/dms/${id}/participants/me`);
    await call(alice, "POST", `/api/v1/dms/${id}/participants`, { userId: frank.user.id });
    expect((await api(server.url, "DELETE", "/api/v1/users/me", { token: frank.accessToken, body: { password: STRONG_PASSWORD } })).status).toBe(204);

    const res = await call(carol, "GET", `/api/v1/dms/${id}/changes`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const changes = res.body.changes as Array<Record<string, unknown>>;
    expect(changes.map(({ change, actorId, userId, name }) => ({ change, actorId, userId, name }))).toEqual([
      { change: "renamed", actorId: alice.user.id, userId: null, name: "Trip" },
      { change: "participant_added", actorId: bob.user.id, userId: dave.user.id, name: null },
      { change: "renamed", actorId: carol.user.id, userId: null, name: null },
      { change: "participant_left", actorId: dave.user.id, userId: dave.user.id, name: null },
      { change: "participant_added", actorId: alice.user.id, userId: frank.user.id, name: null },
      { change: "participant_left", actorId: frank.user.id, userId: frank.user.id, name: null },
    ]);
    expect(changes[0]).toMatchObject({ id: pushed.id, channelId: id, at: pushed.at });
    // Everyone they mention is named, those who left included (a deleted account as "Deleted user").
    const named = new Map((res.body.users as Array<{ id: string; displayName: string; isDeleted: boolean }>).map((u) => [u.id, u]));
    expect([...named.keys()].sort()).toEqual([alice, bob, carol, dave, frank].map((u) => u.user.id).sort());
    expect(named.get(dave.user.id)).toMatchObject({ displayName: dave.user.displayName, isDeleted: false });
    expect(named.get(frank.user.id)).toMatchObject({ isDeleted: true });
    expect(named.get(frank.user.id)!.displayName).not.toBe(frank.user.displayName);
    expect(changes.every((c) => typeof c.at === "string" && !Number.isNaN(Date.parse(c.at as string)))).toBe(true);
    // Renaming to the same name, or adding someone already in it, changes nothing and stores nothing.
    await call(alice, "PATCH", `/api/v1/dms/${id}`, { name: null });
    await call(alice, "POST", `/api/v1/dms/${id}/participants`, { userId: bob.user.id });
    expect((await call(bob, "GET", `/api/v1/dms/${id}/changes`)).body.changes).toHaveLength(6);
    hub.close();
  });

  it("is for participants only: 404 to others, to someone who left and for a malformed id, 400 for a 1:1 DM", async () => {
    const id = await group(bob);
    expect((await call(bob, "DELETE", `/api/v1/dms/${id}/participants/me`)).status).toBe(204);
    for (const who of [bob, eve]) {
      const res = await call(who, "GET", `/api/v1/dms/${id}/changes`);
      expect([res.status, res.body.error.code]).toEqual([404, "channel_not_found"]);
    }
    const dm = (await call(alice, "POST", "/api/v1/dms", { userId: eve.user.id })).body.id;
    expect((await call(alice, "GET", `/api/v1/dms/${dm}/changes`)).body.error.code).toBe("not_a_group_dm");
    const bad = await call(alice, "GET", "/api/v1/dms/not-a-uuid/changes");
    expect([bad.status, bad.body.error.code]).toEqual([404, "not_found"]);
    expect((await api(server.url, "GET", `/api/v1/dms/${id}/changes`)).status).toBe(401);
  });

  it("goes with the conversation when the last person leaves", async () => {
    const id = await group(bob);
    await call(alice, "PATCH", `/api/v1/dms/${id}`, { name: "Short-lived" });
    await call(bob, "DELETE", `/api/v1/dms/${id}/participants/me`);
    await call(alice, "DELETE", `/api/v1/dms/${id}/participants/me`);
    expect(await server.sql("select id from dm_changes where channel_id = $1", [id])).toHaveLength(0);
  });
});
