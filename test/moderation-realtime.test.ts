/**
 * Moderation meets the message pipeline: a ban that deletes recent messages through the rooms, sockets closing on
 * kick and ban, timeouts over the socket (and their end), slow mode over socket and REST, reports of messages.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasPermission, permissionBits, permissionsFromString, permissionsToString } from "../protocol/permissions.ts";
import { caller, channelsOf, community, roleId, users, type TestUser } from "./community-fixtures.ts";
import { startServer, type TestServer } from "./harness.ts";
import { joinChannel, TestSocket, type Frame } from "./realtime-client.ts";

let server: TestServer;
let call: ReturnType<typeof caller>;
let owner: TestUser, mod: TestUser, alice: TestUser, bob: TestUser, carol: TestUser;
let cid: string;
let general: string;
let other: string;
let inviteCode: string;

beforeAll(async () => {
  server = await startServer({ env: { COMMUNITY_CREATION_MODE: "open", RATE_LIMITS: "0" } });
  call = caller(server);
  [owner, mod, alice, bob, carol] = await users(server, 5);
  cid = await community(server, owner, [mod, alice, bob, carol], "Moderated live");
  await call(owner, "PUT", `/api/v1/communities/${cid}/members/${mod.user.id}/roles/${await roleId(server, owner, cid, "Moderator")}`);
  general = (await channelsOf(server, owner, cid)).channels.find((c) => c.name === "general")!.id;
  other = (await call(owner, "POST", `/api/v1/communities/${cid}/channels`, { name: "other", kind: "text" })).body.id;
  inviteCode = (await call(owner, "POST", `/api/v1/communities/${cid}/invites`, { expiresInSeconds: null })).body.code;
});
afterAll(async () => {
  await server?.stop();
});

async function send(user: TestUser, channelId: string, content: string): Promise<{ id: string; seq: number }> {
  const res = await call(user, "POST", `/api/v1/channels/${channelId}/messages`, { content });
  expect(res.status).toBe(201);
  return res.body;
}

async function history(user: TestUser, channelId: string): Promise<Array<Record<string, any>>> {
  const res = await call(user, "GET", `/api/v1/channels/${channelId}/messages?limit=100`);
  expect(res.status).toBe(200);
  return res.body.messages;
}

const rejoin = async (user: TestUser) => expect((await call(user, "POST", `/api/v1/invites/${inviteCode}/accept`)).status).toBe(200);

/** Sends `frame` until it is acked (a timeout ends on the clock, so this polls), failing after `timeoutMs`. */
async function untilAcked(socket: TestSocket, frame: Record<string, unknown>, timeoutMs = 15_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await socket.request(frame);
    if (answer.type === "ack") return answer;
    expect(answer.code).toBe("missing_permission");
    if (Date.now() > deadline) throw new Error("still refused after the timeout should have ended");
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("ban with message deletion", () => {
  it("deletes the member's messages of the window through the rooms: watchers get message_deleted with seqs, older ones stay", async () => {
    const old = await send(alice, general, "from two hours ago");
    await server.sql("update messages set created_at = now() - interval '2 hours' where id = $1", [old.id]);
    const recent = [await send(alice, general, "spam one"), await send(alice, general, "spam two")];
    const elsewhere = await send(alice, other, "spam elsewhere");
    const bystander = await send(bob, general, "an innocent message");

    const watcher = await joinChannel(server.url, bob.accessToken, general);
    const otherWatcher = await joinChannel(server.url, bob.accessToken, other);
    const banned = await joinChannel(server.url, alice.accessToken, general);

    const res = await call(mod, "PUT", `/api/v1/communities/${cid}/bans/${alice.user.id}`, { reason: "spam", deleteMessageSeconds: 3600 });
    expect(res.status).toBe(201);
    expect(res.body.messagesDeleted).toBe(3);
    expect((await banned.socket.closed).code).toBe(4403);

    // Each deletion is an ordinary event with the channel's next seq, by the moderator.
    await watcher.socket.waitForSeq(watcher.welcome.headSeq + 2);
    const deletions = watcher.socket.events().filter((f) => f.seq > watcher.welcome.headSeq);
    expect(deletions.map((f) => f.type)).toEqual(["message_deleted", "message_deleted"]);
    expect(deletions.map((f) => f.seq)).toEqual([watcher.welcome.headSeq + 1, watcher.welcome.headSeq + 2]);
    expect(new Set(deletions.map((f) => f.messageId))).toEqual(new Set(recent.map((m) => m.id)));
    expect(deletions.every((f) => f.deletedBy === mod.user.id)).toBe(true);
    const elsewhereEvent = await otherWatcher.socket.waitFor((f) => f.type === "message_deleted");
    expect(elsewhereEvent).toMatchObject({ messageId: elsewhere.id, seq: otherWatcher.welcome.headSeq + 1 });

    const shown = await history(bob, general);
    const byId = new Map(shown.map((m) => [m.id, m]));
    for (const m of recent) expect(byId.get(m.id)).toMatchObject({ content: null, deletedAt: expect.any(String) });
    expect(byId.get(old.id)).toMatchObject({ content: "from two hours ago", deletedAt: null });
    expect(byId.get(bystander.id)).toMatchObject({ content: "an innocent message", deletedAt: null });

    const log = await call(mod, "GET", `/api/v1/communities/${cid}/audit-log?action=member.ban`);
    expect(log.body.entries[0].details).toMatchObject({ deleteMessageSeconds: 3600, messagesDeleted: 3 });
    watcher.socket.close();
    otherWatcher.socket.close();

    expect((await call(mod, "DELETE", `/api/v1/communities/${cid}/bans/${alice.user.id}`)).status).toBe(204);
    await rejoin(alice);
  });

  it("deletes nothing without a window and reports 0", async () => {
    const kept = await send(alice, general, "still here");
    const res = await call(mod, "PUT", `/api/v1/communities/${cid}/bans/${alice.user.id}`, { reason: "again" });
    expect(res.body.messagesDeleted).toBe(0);
    expect((await history(bob, general)).find((m) => m.id === kept.id)).toMatchObject({ content: "still here" });
    await call(mod, "DELETE", `/api/v1/communities/${cid}/bans/${alice.user.id}`);
    await rejoin(alice);
  });
});

describe("removal closes sockets", () => {
  it("closes a kicked member's open channel sockets with 4403 at once, and they cannot get a new ticket", async () => {
    const a = await joinChannel(server.url, carol.accessToken, general);
    const b = await joinChannel(server.url, carol.accessToken, other);
    expect((await call(mod, "POST", `/api/v1/communities/${cid}/members/${carol.user.id}/kick`)).status).toBe(204);
    expect((await a.socket.closed).code).toBe(4403);
    expect((await b.socket.closed).code).toBe(4403);
    const ticket = await call(carol, "POST", `/api/v1/channels/${general}/ws-ticket`);
    expect(ticket.status).toBe(404);
    expect(ticket.body.error.code).toBe("channel_not_found");
    await rejoin(carol);
  });
});

describe("timeouts over the socket", () => {
  it("P31 refuses sending, reacting and typing while timed out, shows the end, and gives the bits back when it ends", async () => {
    const target = await send(bob, general, "react to me");
    const before = await joinChannel(server.url, carol.accessToken, general);
    const res = await call(mod, "PUT", `/api/v1/communities/${cid}/members/${carol.user.id}/timeout`, { durationSeconds: 5, reason: "cool down" });
    expect(res.status).toBe(200);
    const until = res.body.timedOutUntil as string;

    // The open socket hears of it at once.
    const update = await before.socket.waitFor((f) => f.type === "permissions_updated");
    expect(update.timedOutUntil).toBe(until);
    expect(hasPermission(permissionsFromString(update.permissions), "SEND_MESSAGES")).toBe(false);
    // A socket opened during the timeout starts with it.
    const during = await joinChannel(server.url, carol.accessToken, general);
    expect(during.welcome.timedOutUntil).toBe(until);
    expect(hasPermission(permissionsFromString(during.welcome.permissions), "ADD_REACTIONS")).toBe(false);

    expect(await before.socket.request({ type: "send_message", nonce: "t-1", content: "let me talk" })).toMatchObject({ type: "error", code: "missing_permission" });
    expect(await during.socket.request({ type: "add_reaction", messageId: target.id, emoji: "👍" })).toMatchObject({ type: "error", code: "missing_permission" });
    expect(await during.socket.request({ type: "start_typing" })).toMatchObject({ type: "error", code: "missing_permission" });
    const rest = await call(carol, "POST", `/api/v1/channels/${general}/messages`, { content: "via REST" });
    expect(rest.status).toBe(403);
    expect(rest.body.error.code).toBe("missing_permission");
    // The member sees when it ends: in the community and in their member entry.
    expect((await call(carol, "GET", `/api/v1/communities/${cid}`)).body.me.timedOutUntil).toBe(until);
    expect((await call(carol, "GET", `/api/v1/communities/${cid}/members/${carol.user.id}`)).body.timedOutUntil).toBe(until);

    // When it ends, both sockets may act again without reconnecting.
    const sent = await untilAcked(before.socket, { type: "send_message", nonce: "t-2", content: "I'm back" });
    expect(sent.seq).toBeGreaterThan(0);
    const restored = before.socket.frames.filter((f) => f.type === "permissions_updated").at(-1)!;
    expect(restored.timedOutUntil).toBeNull();
    expect(hasPermission(permissionsFromString(restored.permissions), "SEND_MESSAGES")).toBe(true);
    expect((await untilAcked(during.socket, { type: "add_reaction", messageId: target.id, emoji: "👍" })).type).toBe("ack");
    expect((await call(carol, "GET", `/api/v1/communities/${cid}/members/${carol.user.id}`)).body.timedOutUntil).toBeNull();
    before.socket.close();
    during.socket.close();
  });

  it("P5a P31 starts a resume ticket issued before the timeout timed out, and lifting it early restores open sockets at once", async () => {
    const s = await joinChannel(server.url, carol.accessToken, general);
    await call(mod, "PUT", `/api/v1/communities/${cid}/members/${carol.user.id}/timeout`, { durationSeconds: 600 });
    const update = await s.socket.waitFor((f) => f.type === "permissions_updated" && f.timedOutUntil !== null);
    // The resume ticket was signed with the bits from before the timeout: the room applies the timeout anyway.
    const resumed = await TestSocket.open(`${server.url.replace(/^http/, "ws")}/api/v1/channels/${general}/ws?ticket=${encodeURIComponent(s.welcome.resumeTicket)}`);
    resumed.send({ type: "hello", protocolVersion: 1 });
    const welcome = await resumed.waitFor((f) => f.type === "welcome");
    expect(welcome.timedOutUntil).toBe(update.timedOutUntil);
    expect(await resumed.request({ type: "send_message", nonce: "sneaky", content: "via an old ticket" })).toMatchObject({ type: "error", code: "missing_permission" });

    const from = s.socket.frames.length;
    expect((await call(mod, "DELETE", `/api/v1/communities/${cid}/members/${carol.user.id}/timeout`)).status).toBe(200);
    const lifted = await s.socket.waitFor((f) => f.type === "permissions_updated", { from });
    expect(lifted.timedOutUntil).toBeNull();
    expect((await s.socket.request({ type: "send_message", nonce: "lifted", content: "free" })).type).toBe("ack");
    expect((await resumed.waitFor((f) => f.type === "permissions_updated" && f.timedOutUntil === null)).permissions).toBe(lifted.permissions);
    s.socket.close();
    resumed.close();
  });
});

describe("slow mode", () => {
  it("P16 allows one message per user per channel per interval, over the socket and REST alike; moderators are exempt", async () => {
    expect((await call(owner, "PATCH", `/api/v1/channels/${general}`, { slowModeSeconds: 60 })).status).toBe(200);
    const b = await joinChannel(server.url, bob.accessToken, general);
    expect(b.welcome.slowModeSeconds).toBe(60);
    expect((await b.socket.request({ type: "send_message", nonce: "slow-1", content: "first" })).type).toBe("ack");
    const viaRest = await call(bob, "POST", `/api/v1/channels/${general}/messages`, { content: "second, over REST" });
    expect(viaRest.status).toBe(429);
    expect(viaRest.body.error.code).toBe("slow_mode");
    expect(Number(viaRest.headers.get("retry-after"))).toBeGreaterThan(50);
    const again = await b.socket.request({ type: "send_message", nonce: "slow-2", content: "third" });
    expect(again).toMatchObject({ type: "error", code: "slow_mode" });
    expect(again.retryAfterMs).toBeGreaterThan(50_000);

    // REST first, then the socket: the same clock.
    expect((await call(carol, "POST", `/api/v1/channels/${general}/messages`, { content: "carol once" })).status).toBe(201);
    const c = await joinChannel(server.url, carol.accessToken, general);
    expect(await c.socket.request({ type: "send_message", nonce: "carol-2", content: "carol twice" })).toMatchObject({ type: "error", code: "slow_mode" });
    // Another channel keeps its own clock; moderators (MANAGE_MESSAGES) are exempt.
    expect((await call(bob, "POST", `/api/v1/channels/${other}/messages`, { content: "elsewhere" })).status).toBe(201);
    expect((await call(mod, "POST", `/api/v1/channels/${general}/messages`, { content: "mod 1" })).status).toBe(201);
    expect((await call(mod, "POST", `/api/v1/channels/${general}/messages`, { content: "mod 2" })).status).toBe(201);
    expect(await server.sql("select 1 from messages where content in ('second, over REST', 'third', 'carol twice')")).toHaveLength(0);

    // Turning it off applies to the open socket at once.
    expect((await call(owner, "PATCH", `/api/v1/channels/${general}`, { slowModeSeconds: 0 })).status).toBe(200);
    await b.socket.waitFor((f) => f.type === "permissions_updated" && f.slowModeSeconds === 0);
    expect((await b.socket.request({ type: "send_message", nonce: "slow-3", content: "fast again" })).type).toBe("ack");
    b.socket.close();
    c.socket.close();
  });
});

describe("reports of messages", () => {
  it("keeps the author and an excerpt and queues the report for the community's moderators", async () => {
    const msg = await send(alice, general, "something nasty ".repeat(100));
    const created = await call(bob, "POST", "/api/v1/reports", { targetType: "message", channelId: general, messageId: msg.id, reason: "abuse" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ scope: "community", communityId: cid, targetUserId: alice.user.id, channelId: general, messageId: msg.id });
    expect(created.body.messageExcerpt).toBe("something nasty ".repeat(100).slice(0, 1000));
    // Still readable after the message is deleted.
    await call(alice, "POST", `/api/v1/channels/${general}/messages`, { content: "x" });
    const a = await joinChannel(server.url, alice.accessToken, general);
    expect((await a.socket.request({ type: "delete_message", messageId: msg.id })).type).toBe("ack");
    a.socket.close();
    const queue = await call(mod, "GET", `/api/v1/communities/${cid}/reports?status=open`);
    expect(queue.body.reports.find((r: { id: string }) => r.id === created.body.id)).toMatchObject({ targetUserId: alice.user.id, messageExcerpt: expect.stringContaining("something nasty") });
    expect((await call(bob, "GET", `/api/v1/communities/${cid}/reports`)).status).toBe(403);
  });

  it("sends reports of instance-wide problems to the admins' queue with the excerpt", async () => {
    const msg = await send(alice, general, "buy followers at example.com");
    const created = await call(bob, "POST", "/api/v1/reports", { targetType: "message", channelId: general, messageId: msg.id, reason: "spam ring", toInstance: true });
    expect(created.body).toMatchObject({ scope: "instance", targetUserId: alice.user.id, messageExcerpt: "buy followers at example.com" });
    expect((await call(mod, "GET", `/api/v1/communities/${cid}/reports`)).body.reports.map((r: { id: string }) => r.id)).not.toContain(created.body.id);
  });

  it("answers 404 for a message that does not exist, is in another channel or was deleted, and for channels the reporter cannot see", async () => {
    const msg = await send(alice, general, "fine");
    const report = (channelId: string, messageId: string, user = bob) => call(user, "POST", "/api/v1/reports", { targetType: "message", channelId, messageId, reason: "x" });
    const missing = await report(general, crypto.randomUUID());
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("message_not_found");
    expect((await report(other, msg.id)).body.error.code).toBe("message_not_found");
    const gone = await send(bob, general, "soon gone");
    const b = await joinChannel(server.url, bob.accessToken, general);
    await b.socket.request({ type: "delete_message", messageId: gone.id });
    b.socket.close();
    expect((await report(general, gone.id)).body.error.code).toBe("message_not_found");

    const hidden = await call(owner, "POST", `/api/v1/communities/${cid}/channels`, { name: "staff", kind: "text" });
    const everyone = await roleId(server, owner, cid, "@everyone");
    await call(owner, "PUT", `/api/v1/channels/${hidden.body.id}/overrides/role/${everyone}`, { allow: "0", deny: permissionsToString(permissionBits("VIEW_CHANNEL")) });
    const secret = await send(owner, hidden.body.id, "staff only");
    const probe = await report(hidden.body.id, secret.id);
    expect(probe.status).toBe(404);
    expect(probe.body.error.code).toBe("channel_not_found");
    const [{ n }] = await server.sql<{ n: number }>("select count(*)::int as n from reports where message_id = $1", [secret.id]);
    expect(n).toBe(0);
  });
});
