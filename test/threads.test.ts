/**
 * Threads end to end against the real bundle and Postgres (docs/api/threads.md): starting one from a message or a
 * channel, the parent's viewers hearing of it live, talking in it over its own room, who may post (SEND_IN_THREADS),
 * archiving, renaming, deleting (its sockets close), validation, and threads staying out of the channel list.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { permissionBits, permissionsToString } from "../protocol/permissions.ts";
import { register } from "./api.ts";
import { expectError, expectNoServerErrors } from "./auth-helpers.ts";
import { caller, channelsOf, community, textChannel, type TestUser } from "./community-fixtures.ts";
import { startServer, type TestServer } from "./harness.ts";
import { joinChannel, openHub } from "./realtime-client.ts";

let server: TestServer;
let owner: TestUser, alice: TestUser, bob: TestUser, outsider: TestUser;
let communityId: string;
let general: string;
let everyone: string;

beforeAll(async () => {
  server = await startServer({ env: { COMMUNITY_CREATION_MODE: "open", RATE_LIMITS: "0" } });
  [owner, alice, bob, outsider] = [await register(server.url), await register(server.url), await register(server.url), await register(server.url)];
  communityId = await community(server, owner, [alice, bob]);
  general = (await channelsOf(server, owner, communityId)).channels.find((c: { name: string }) => c.name === "general")!.id;
  const roles = await call(owner, "GET", `/api/v1/communities/${communityId}/roles`);
  everyone = roles.body.roles.find((r: { isEveryone: boolean }) => r.isEveryone).id;
});
afterAll(async () => {
  expectNoServerErrors(server);
  await server?.stop();
});

const call = (user: TestUser | null, method: string, p: string, body?: unknown) => caller(server)(user, method, p, body);

async function send(user: TestUser, channelId: string, content: string): Promise<{ id: string; seq: number }> {
  const res = await call(user, "POST", `/api/v1/channels/${channelId}/messages`, { content });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

describe("starting a thread", () => {
  it("starts one from a message, named after its text; the parent's viewers hear of it and of its messages live", async () => {
    const root = await send(alice, general, "Shall we move the meetup to Saturday afternoon instead of the usual Friday evening?\nThoughts welcome");
    const { socket: watcher } = await joinChannel(server.url, bob.accessToken, general);

    const res = await call(alice, "POST", `/api/v1/channels/${general}/threads`, { messageId: root.id });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const thread = res.body.thread;
    expect(thread).toMatchObject({ parentId: general, communityId, rootMessageId: root.id, name: "Shall we move the meetup to Saturday…", createdBy: alice.user.id, archived: false, messageCount: 0, lastMessageAt: null });
    const updated = await watcher.waitFor((f) => f.type === "thread_updated");
    expect(updated.thread).toEqual(thread);

    // A second thread on the same message is refused; the first is unchanged.
    expectError(await call(bob, "POST", `/api/v1/channels/${general}/threads`, { messageId: root.id, name: "Mine" }), 409, "thread_exists");

    // The thread is a conversation of its own: both talk in it over its room, in order.
    const { socket: a } = await joinChannel(server.url, alice.accessToken, thread.id);
    const { socket: b, welcome } = await joinChannel(server.url, bob.accessToken, thread.id);
    expect(welcome.permissions).not.toBe("0");
    const ack = await b.request({ type: "send_message", nonce: "n1", content: "Saturday works for me" });
    expect(ack.type).toBe("ack");
    const seen = await a.waitFor((f) => f.type === "message_created");
    expect(seen.message).toMatchObject({ channelId: thread.id, content: "Saturday works for me", authorId: bob.user.id });
    await send(alice, thread.id, "Great, Saturday it is");

    // The parent's viewers get the count and time of the newest message, coalesced (never more than one a second).
    const activity = await watcher.waitFor((f) => f.type === "thread_activity" && f.messageCount === 2, { timeoutMs: 5_000 });
    expect(activity.threadId).toBe(thread.id);
    expect(Date.parse(activity.lastMessageAt)).toBeGreaterThan(Date.parse(thread.createdAt) - 1000);

    // History, the list and the thread itself agree.
    const history = await call(bob, "GET", `/api/v1/channels/${thread.id}/messages`);
    expect(history.body.messages.map((m: { content: string }) => m.content)).toEqual(["Saturday works for me", "Great, Saturday it is"]);
    const list = await call(bob, "GET", `/api/v1/channels/${general}/threads`);
    expect(list.body.threads[0]).toMatchObject({ id: thread.id, messageCount: 2 });
    const one = await call(bob, "GET", `/api/v1/threads/${thread.id}`);
    expect(one.body).toMatchObject({ thread: { id: thread.id, messageCount: 2 }, parent: { id: general, name: "general" }, rootMessage: { id: root.id } });

    // Deleting a message in the thread counts down.
    const del = await b.request({ type: "delete_message", messageId: ack.id });
    expect(del.type).toBe("ack");
    await watcher.waitFor((f) => f.type === "thread_activity" && f.messageCount === 1, { timeoutMs: 5_000 });
    for (const s of [a, b, watcher]) s.close();
  });

  it("starts one from the channel with a name, and refuses what makes no sense", async () => {
    const res = await call(bob, "POST", `/api/v1/channels/${general}/threads`, { name: "  Weekly planning  " });
    expect(res.status).toBe(201);
    expect(res.body.thread).toMatchObject({ name: "Weekly planning", rootMessageId: null, createdBy: bob.user.id });

    expectError(await call(bob, "POST", `/api/v1/channels/${general}/threads`, {}), 400, "invalid_body");
    expectError(await call(bob, "POST", `/api/v1/channels/${general}/threads`, { name: "x".repeat(101) }), 400, "invalid_body");
    expectError(await call(bob, "POST", `/api/v1/channels/${general}/threads`, { name: "ok", extra: 1 }), 400, "invalid_body");
    expectError(await call(bob, "POST", `/api/v1/channels/${general}/threads`, { messageId: "not-a-uuid" }), 400, "invalid_body");
    expectError(await call(bob, "POST", `/api/v1/channels/${general}/threads`, { messageId: "0193a000-0000-7000-8000-000000000000" }), 404, "message_not_found");
    expectError(await call(outsider, "POST", `/api/v1/channels/${general}/threads`, { name: "Sneaky" }), 404, "channel_not_found");
    expectError(await call(null, "POST", `/api/v1/channels/${general}/threads`, { name: "Anon" }), 401, "unauthorized");
    // A thread of a thread, and a thread of a DM or a voice channel, are not a thing.
    expectError(await call(bob, "POST", `/api/v1/channels/${res.body.thread.id}/threads`, { name: "Deeper" }), 400, "threads_unavailable");
    const voice = ((await channelsOf(server, owner, communityId)).channels as unknown as { id: string; kind: string }[]).find((c) => c.kind === "voice")!.id;
    expectError(await call(bob, "POST", `/api/v1/channels/${voice}/threads`, { name: "Voice" }), 400, "threads_unavailable");
    const dm = await call(alice, "POST", `/api/v1/dms`, { userId: bob.user.id });
    expectError(await call(alice, "POST", `/api/v1/channels/${dm.body.id}/threads`, { name: "DM" }), 400, "threads_unavailable");
    // A message of another channel cannot root a thread here.
    const other = await textChannel(server, owner, communityId, "elsewhere");
    const foreign = await send(owner, other, "over here");
    expectError(await call(bob, "POST", `/api/v1/channels/${general}/threads`, { messageId: foreign.id }), 404, "message_not_found");
  });

  it("counts a thread's unread messages and mentions on the hub, placed under its parent; archived ones not", async () => {
    const hub = await openHub(server.url, bob.accessToken);
    const t = (await call(alice, "POST", `/api/v1/channels/${general}/threads`, { name: "Ping me" })).body.thread;
    // The hub follows the new thread (its list was recomputed before the answer), so a mention there reaches Bob.
    await send(alice, t.id, `<@${bob.user.id}> have a look`);
    const counted = await hub.waitFor((f) => f.type === "unread_updated" && f.channelId === t.id, { timeoutMs: 8_000 });
    expect(counted).toMatchObject({ parentId: general, unread: 1, mentions: 1 });
    hub.close();
    // A reconnecting device gets it in its welcome.
    const again = await openHub(server.url, bob.accessToken);
    const welcome = again.frames.find((f) => f.type === "hub_welcome")!;
    expect(welcome.unread.find((u: { channelId: string }) => u.channelId === t.id)).toMatchObject({ parentId: general, mentions: 1 });
    again.close();
  });

  it("keeps threads out of the community's channel list and its channel limit", async () => {
    const { channels } = await channelsOf(server, bob, communityId);
    expect((channels as unknown as { kind: string }[]).filter((c) => c.kind === "thread")).toEqual([]);
    expect(channels.length).toBeGreaterThan(1);
  });
});

describe("who may do what", () => {
  it("lets outsiders and people who cannot see the parent see nothing of its threads", async () => {
    const { body } = await call(alice, "POST", `/api/v1/channels/${general}/threads`, { name: "Members only" });
    const id = body.thread.id;
    expectError(await call(outsider, "GET", `/api/v1/threads/${id}`), 404, "thread_not_found");
    expectError(await call(outsider, "GET", `/api/v1/channels/${id}/messages`), 404, "channel_not_found");
    expectError(await call(outsider, "GET", `/api/v1/channels/${general}/threads`), 404, "channel_not_found");
    expectError(await call(outsider, "POST", `/api/v1/channels/${id}/ws-ticket`), 404, "channel_not_found");
    // Hiding the parent hides its threads, open sockets included.
    const hidden = await textChannel(server, owner, communityId, "hidden-soon");
    const t = (await call(bob, "POST", `/api/v1/channels/${hidden}/threads`, { name: "Secret plans" })).body.thread;
    const { socket } = await joinChannel(server.url, bob.accessToken, t.id);
    await call(owner, "PUT", `/api/v1/channels/${hidden}/overrides/role/${everyone}`, { allow: "0", deny: permissionsToString(permissionBits("VIEW_CHANNEL")) });
    expect((await socket.closed).code).toBe(4403);
    expectError(await call(bob, "GET", `/api/v1/threads/${t.id}`), 404, "thread_not_found");
  });

  it("takes SEND_IN_THREADS to start a thread or post in one, and tells open thread sockets when it is taken", async () => {
    const channel = await textChannel(server, owner, communityId, "no-threads");
    const t = (await call(alice, "POST", `/api/v1/channels/${channel}/threads`, { name: "Before the rule" })).body.thread;
    const { socket } = await joinChannel(server.url, bob.accessToken, t.id);
    await call(owner, "PUT", `/api/v1/channels/${channel}/overrides/role/${everyone}`, { allow: "0", deny: permissionsToString(permissionBits("SEND_IN_THREADS")) });
    const update = await socket.waitFor((f) => f.type === "permissions_updated");
    expect(BigInt(update.permissions) & permissionBits("SEND_MESSAGES")).toBe(0n);
    const refused = await socket.request({ type: "send_message", nonce: "x", content: "still here?" });
    expect(refused).toMatchObject({ type: "error", code: "missing_permission" });
    expectError(await call(bob, "POST", `/api/v1/channels/${channel}/threads`, { name: "Not allowed" }), 403, "missing_permission");
    expectError(await call(bob, "POST", `/api/v1/channels/${t.id}/messages`, { content: "REST too" }), 403, "missing_permission");
    // Posting in the channel itself is untouched.
    await send(bob, channel, "the channel still works");
    // The owner (every permission) still may.
    await send(owner, t.id, "I can");
    socket.close();
  });

  it("lets the creator and moderators rename and archive; archived threads are read-only for everyone until unarchived", async () => {
    const t = (await call(alice, "POST", `/api/v1/channels/${general}/threads`, { name: "Draft" })).body.thread;
    const { socket: watcher } = await joinChannel(server.url, bob.accessToken, general);
    const { socket: inThread } = await joinChannel(server.url, bob.accessToken, t.id);
    expectError(await call(bob, "PATCH", `/api/v1/threads/${t.id}`, { name: "Hijacked" }), 403, "missing_permission");
    expectError(await call(alice, "PATCH", `/api/v1/threads/${t.id}`, {}), 400, "invalid_body");

    const renamed = await call(alice, "PATCH", `/api/v1/threads/${t.id}`, { name: "Final plan" });
    expect(renamed.body.thread.name).toBe("Final plan");
    await watcher.waitFor((f) => f.type === "thread_updated" && f.thread.name === "Final plan");
    // Whoever is in the thread hears of it on the thread's own socket too.
    await inThread.waitFor((f) => f.type === "thread_updated" && f.thread.name === "Final plan");

    const archived = await call(owner, "PATCH", `/api/v1/threads/${t.id}`, { archived: true });
    expect(archived.body.thread.archived).toBe(true);
    await watcher.waitFor((f) => f.type === "thread_updated" && f.thread.archived === true);
    const update = await inThread.waitFor((f) => f.type === "permissions_updated");
    expect(BigInt(update.permissions) & permissionBits("SEND_MESSAGES")).toBe(0n);
    expectError(await call(alice, "POST", `/api/v1/channels/${t.id}/messages`, { content: "archived?" }), 403, "missing_permission");
    // Archived threads list after active ones.
    const list = (await call(bob, "GET", `/api/v1/channels/${general}/threads`)).body.threads as { id: string; archived: boolean }[];
    expect(list.findIndex((x) => x.archived)).toBeGreaterThan(list.findIndex((x) => !x.archived));
    expect(list.find((x) => x.id === t.id)?.archived).toBe(true);

    await call(alice, "PATCH", `/api/v1/threads/${t.id}`, { archived: false });
    await send(bob, t.id, "back in business");
    watcher.close();
    inThread.close();
  });

  it("deletes a thread with its messages: its sockets close, the parent's viewers hear of it", async () => {
    const root = await send(bob, general, "Thread to delete");
    const t = (await call(bob, "POST", `/api/v1/channels/${general}/threads`, { messageId: root.id })).body.thread;
    await send(alice, t.id, "a reply from someone else");
    const { socket: watcher } = await joinChannel(server.url, owner.accessToken, general);
    const { socket: inThread } = await joinChannel(server.url, alice.accessToken, t.id);
    // The creator may not delete a thread others have written in; a moderator (the owner) may.
    expectError(await call(bob, "DELETE", `/api/v1/threads/${t.id}`), 403, "missing_permission");
    expect((await call(owner, "DELETE", `/api/v1/threads/${t.id}`)).status).toBe(204);
    expect((await inThread.closed).code).toBe(4404);
    const gone = await watcher.waitFor((f) => f.type === "thread_deleted");
    expect(gone).toMatchObject({ threadId: t.id, rootMessageId: root.id });
    expectError(await call(alice, "GET", `/api/v1/threads/${t.id}`), 404, "thread_not_found");
    const rows = await server.sql<{ n: number }>(`select count(*)::int as n from messages where channel_id = $1`, [t.id]);
    expect(rows[0].n).toBe(0);
    // The root message may start a new thread now.
    expect((await call(bob, "POST", `/api/v1/channels/${general}/threads`, { messageId: root.id })).status).toBe(201);
    // A creator may delete their own thread while nobody else has written in it.
    const mine = (await call(bob, "POST", `/api/v1/channels/${general}/threads`, { name: "Oops" })).body.thread;
    await send(bob, mine.id, "only me here");
    expect((await call(bob, "DELETE", `/api/v1/threads/${mine.id}`)).status).toBe(204);
    watcher.close();
  });

  it("deleting the parent channel deletes its threads and closes their sockets", async () => {
    const channel = await textChannel(server, owner, communityId, "short-lived");
    const t = (await call(alice, "POST", `/api/v1/channels/${channel}/threads`, { name: "Going down with the ship" })).body.thread;
    const { socket } = await joinChannel(server.url, alice.accessToken, t.id);
    expect((await call(owner, "DELETE", `/api/v1/channels/${channel}`)).status).toBe(204);
    expect((await socket.closed).code).toBe(4404);
    expectError(await call(alice, "GET", `/api/v1/threads/${t.id}`), 404, "thread_not_found");
  });

  it("closes a kicked member's thread sockets", async () => {
    const [carol] = [await register(server.url)];
    const invite = await call(owner, "POST", `/api/v1/communities/${communityId}/invites`, { expiresInSeconds: null });
    await call(carol, "POST", `/api/v1/invites/${invite.body.code}/accept`);
    const t = (await call(alice, "POST", `/api/v1/channels/${general}/threads`, { name: "Carol's corner" })).body.thread;
    const { socket } = await joinChannel(server.url, carol.accessToken, t.id);
    expect((await call(owner, "POST", `/api/v1/communities/${communityId}/members/${carol.user.id}/kick`)).status).toBe(204);
    expect((await socket.closed).code).toBe(4403);
  });
});
