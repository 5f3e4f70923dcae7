/**
 * The ChannelRoom pipeline end to end, against the real bundle in workerd and real Postgres: sending, nonce
 * retries, REST sends, history, the change events, typing and read positions. Rule ids are docs/protocol.md's.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_EVERYONE, permissionBits, permissionsToString } from "../protocol/permissions.ts";
import { api, register } from "./api.ts";
import { caller, channelsOf, community, roleId, type TestUser } from "./community-fixtures.ts";
import { startServer, type TestServer } from "./harness.ts";
import { joinChannel, TestSocket, type Frame } from "./realtime-client.ts";

let server: TestServer;
let owner: TestUser, alice: TestUser, bob: TestUser;
let communityId: string;
let general: string;

beforeAll(async () => {
  server = await startServer({ env: { COMMUNITY_CREATION_MODE: "open", RATE_LIMITS: "0" } });
  [owner, alice, bob] = [await register(server.url), await register(server.url), await register(server.url)];
  communityId = await community(server, owner, [alice, bob]);
  const list = await channelsOf(server, owner, communityId);
  general = list.channels.find((c) => c.name === "general")!.id;
});
afterAll(async () => {
  await server?.stop();
});

const call = (user: TestUser | null, method: string, path: string, body?: unknown) => caller(server)(user, method, path, body);

describe("connecting", () => {
  it("P4 issues a ticket whose URL opens the channel, and P7 welcomes with the head and read position", async () => {
    const { socket, welcome } = await joinChannel(server.url, alice.accessToken, general);
    expect(welcome).toMatchObject({ type: "welcome", protocolVersion: 1, userId: alice.user.id, readSeq: 0, encrypted: false, slowModeSeconds: 0 });
    expect(typeof welcome.headSeq).toBe("number");
    socket.close();
  });

  it("P4 answers 404 channel_not_found for a channel the caller cannot see", async () => {
    const outsider = await register(server.url);
    const res = await call(outsider, "POST", `/api/v1/channels/${general}/ws-ticket`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("channel_not_found");
  });

  it("P5 closes with 4401 when a ticket is used twice or forged", async () => {
    const ticket = await call(alice, "POST", `/api/v1/channels/${general}/ws-ticket`);
    const first = await TestSocket.open(ticket.body.url);
    const second = await TestSocket.open(ticket.body.url);
    expect((await second.closed).code).toBe(4401);
    first.send({ type: "hello", protocolVersion: 1 });
    await first.waitFor((f) => f.type === "welcome");
    first.close();
    const forged = await TestSocket.open(ticket.body.url.replace(/ticket=[^.]+/, "ticket=eyJrIjoiYyJ9"));
    expect((await forged.closed).code).toBe(4401);
  });

  it("P5a reconnects with the resume ticket from welcome, once, and not after logout", async () => {
    const dave = await register(server.url);
    const inv = await call(owner, "POST", `/api/v1/communities/${communityId}/invites`, {});
    expect((await call(dave, "POST", `/api/v1/invites/${inv.body.code}/accept`)).status).toBe(200);
    const first = await joinChannel(server.url, dave.accessToken, general);
    first.socket.close();
    const url = `${server.url.replace("http", "ws")}/api/v1/channels/${general}/ws?ticket=${encodeURIComponent(first.welcome.resumeTicket)}`;
    const again = await TestSocket.open(url);
    again.send({ type: "hello", protocolVersion: 1, lastSeq: first.welcome.headSeq });
    const welcome = await again.waitFor((f) => f.type === "welcome");
    expect(welcome.resumeTicket).not.toBe(first.welcome.resumeTicket);
    const reused = await TestSocket.open(url);
    expect((await reused.closed).code).toBe(4401);
    // Logging out ends the session the resume ticket was issued under.
    expect((await call(dave, "POST", "/api/v1/auth/logout")).status).toBe(204);
    const afterLogout = await TestSocket.open(`${server.url.replace("http", "ws")}/api/v1/channels/${general}/ws?ticket=${encodeURIComponent(welcome.resumeTicket)}`);
    afterLogout.send({ type: "hello", protocolVersion: 1 });
    expect((await afterLogout.closed).code).toBe(4401);
    again.close();
  });

  it("P5a P25 refuses a resume ticket with 4403 once the user has left the community", async () => {
    const erin = await register(server.url);
    const inv = await call(owner, "POST", `/api/v1/communities/${communityId}/invites`, {});
    expect((await call(erin, "POST", `/api/v1/invites/${inv.body.code}/accept`)).status).toBe(200);
    const joined = await joinChannel(server.url, erin.accessToken, general);
    expect((await call(erin, "POST", `/api/v1/communities/${communityId}/leave`)).status).toBe(204);
    expect((await joined.socket.closed).code).toBe(4403);
    const back = await TestSocket.open(`${server.url.replace("http", "ws")}/api/v1/channels/${general}/ws?ticket=${encodeURIComponent(joined.welcome.resumeTicket)}`);
    expect((await back.closed).code).toBe(4403);
  });

  it("P6 closes with 4409 on another protocol version and answers hello_required before hello", async () => {
    const { url } = (await call(alice, "POST", `/api/v1/channels/${general}/ws-ticket`)).body;
    const s = await TestSocket.open(url);
    s.send({ type: "ping", ref: "early" });
    expect(await s.waitFor((f) => f.ref === "early")).toMatchObject({ type: "error", code: "hello_required" });
    s.send({ type: "hello", protocolVersion: 999 });
    expect((await s.closed).code).toBe(4409);
  });
});

describe("sending", () => {
  it("P11 acks the sender after the commit and broadcasts message_created to everyone, sender included", async () => {
    const a = await joinChannel(server.url, alice.accessToken, general);
    const b = await joinChannel(server.url, bob.accessToken, general);
    const ack = await a.socket.request({ type: "send_message", nonce: "hello-1", content: "hello <@" + bob.user.id + ">" });
    expect(ack).toMatchObject({ type: "ack", nonce: "hello-1", seq: a.welcome.headSeq + 1 });
    const seen = await b.socket.waitFor((f) => f.type === "message_created" && f.seq === ack.seq);
    expect(seen.message).toMatchObject({ id: ack.id, authorId: alice.user.id, content: `hello <@${bob.user.id}>`, nonce: "hello-1", mentions: [bob.user.id], envelope: null });
    await a.socket.waitFor((f) => f.type === "message_created" && f.seq === ack.seq);
    const stored = await server.sql<{ content: string; seq: string }>("select content, seq from messages where id = $1", [ack.id]);
    expect(stored).toEqual([{ content: `hello <@${bob.user.id}>`, seq: String(ack.seq) }]);
    a.socket.close();
    b.socket.close();
  });

  it("P14 answers a retried nonce with the original ack and stores nothing new", async () => {
    const a = await joinChannel(server.url, alice.accessToken, general);
    const first = await a.socket.request({ type: "send_message", nonce: "retry-me", content: "once" });
    const again = await a.socket.request({ type: "send_message", nonce: "retry-me", content: "once" });
    expect(again).toMatchObject({ type: "ack", id: first.id, seq: first.seq, nonce: "retry-me" });
    const rows = await server.sql("select id from messages where nonce = 'retry-me'");
    expect(rows).toHaveLength(1);
    // Nothing was broadcast for the retry: no event after the original.
    const viaRest = await call(alice, "POST", `/api/v1/channels/${general}/messages`, { content: "once", nonce: "retry-me" });
    expect(viaRest.status).toBe(200);
    expect(viaRest.body).toMatchObject({ id: first.id, seq: first.seq, duplicate: true });
    a.socket.close();
  });

  it("P29 sends over REST through the same pipeline: sockets see it with the next seq", async () => {
    const b = await joinChannel(server.url, bob.accessToken, general);
    const res = await call(alice, "POST", `/api/v1/channels/${general}/messages`, { content: "from REST" });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ seq: b.welcome.headSeq + 1, message: { content: "from REST", authorId: alice.user.id } });
    const seen = await b.socket.waitFor((f) => f.type === "message_created" && f.seq === res.body.seq);
    expect(seen.message.id).toBe(res.body.id);
    b.socket.close();
  });

  it("P12 refuses text over 4,000 characters with message_too_large, over the socket and over REST", async () => {
    const a = await joinChannel(server.url, alice.accessToken, general);
    const err = await a.socket.request({ type: "send_message", nonce: "big", content: "x".repeat(4001) });
    expect(err).toMatchObject({ type: "error", code: "message_too_large" });
    const res = await call(alice, "POST", `/api/v1/channels/${general}/messages`, { content: "x".repeat(4001) });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe("message_too_large");
    a.socket.close();
  });

  it("P13 refuses an envelope in a plain channel", async () => {
    const a = await joinChannel(server.url, alice.accessToken, general);
    const err = await a.socket.request({ type: "send_message", nonce: "env", envelope: { alg: "x", senderDevice: "d", ciphertext: "c" } });
    expect(err).toMatchObject({ type: "error", code: "encryption_not_supported" });
    a.socket.close();
  });
});

describe("permissions", () => {
  it("P15 refuses sends without SEND_MESSAGES with missing_permission, over the socket and REST", async () => {
    const created = await call(owner, "POST", `/api/v1/communities/${communityId}/channels`, { name: "announcements", kind: "text" });
    expect(created.status).toBe(201);
    const everyone = await roleId(server, owner, communityId, "@everyone");
    const deny = await call(owner, "PUT", `/api/v1/channels/${created.body.id}/overrides/role/${everyone}`, { allow: "0", deny: permissionsToString(permissionBits("SEND_MESSAGES")) });
    expect(deny.status).toBeLessThan(300);
    const a = await joinChannel(server.url, alice.accessToken, created.body.id);
    expect(BigInt(a.welcome.permissions) & permissionBits("SEND_MESSAGES")).toBe(0n);
    const err = await a.socket.request({ type: "send_message", nonce: "nope", content: "hi" });
    expect(err).toMatchObject({ type: "error", code: "missing_permission" });
    const rest = await call(alice, "POST", `/api/v1/channels/${created.body.id}/messages`, { content: "hi" });
    expect(rest.status).toBe(403);
    expect(rest.body.error.code).toBe("missing_permission");
    expect(await server.sql("select 1 from messages where channel_id = $1", [created.body.id])).toHaveLength(0);
    // The owner still may.
    const o = await joinChannel(server.url, owner.accessToken, created.body.id);
    expect((await o.socket.request({ type: "send_message", nonce: "ok", content: "news" })).type).toBe("ack");
    a.socket.close();
    o.socket.close();
    void DEFAULT_EVERYONE;
  });

  it("P25 closes a member's socket with 4403 when they lose VIEW_CHANNEL, at once", async () => {
    const created = await call(owner, "POST", `/api/v1/communities/${communityId}/channels`, { name: "soon-private", kind: "text" });
    const a = await joinChannel(server.url, alice.accessToken, created.body.id);
    const everyone = await roleId(server, owner, communityId, "@everyone");
    const hide = await call(owner, "PUT", `/api/v1/channels/${created.body.id}/overrides/role/${everyone}`, { allow: "0", deny: permissionsToString(permissionBits("VIEW_CHANNEL")) });
    expect(hide.status).toBeLessThan(300);
    expect((await a.socket.closed).code).toBe(4403);
  });

  it("P25 closes the sockets of a member who leaves the community", async () => {
    const carol = await register(server.url);
    const inv = await call(owner, "POST", `/api/v1/communities/${communityId}/invites`, {});
    expect((await call(carol, "POST", `/api/v1/invites/${inv.body.code}/accept`)).status).toBe(200);
    const c = await joinChannel(server.url, carol.accessToken, general);
    expect((await call(carol, "POST", `/api/v1/communities/${communityId}/leave`)).status).toBe(204);
    expect((await c.socket.closed).code).toBe(4403);
  });
});

describe("changing messages", () => {
  it("P18 P21 P22 P23 P24 turn reply, edit, reactions, pin and delete into events with the next seqs", async () => {
    const a = await joinChannel(server.url, alice.accessToken, general);
    const b = await joinChannel(server.url, bob.accessToken, general);
    const original = await a.socket.request({ type: "send_message", nonce: "orig", content: "the original   text" });
    const reply = await b.socket.request({ type: "send_message", nonce: "re", content: "a reply", replyTo: original.id });
    expect(reply.type).toBe("ack");
    const replyEvent = await a.socket.waitFor((f) => f.type === "message_created" && f.seq === reply.seq);
    expect(replyEvent.message.replyTo).toEqual({ id: original.id, authorId: alice.user.id, excerpt: "the original text" });

    const edit = await a.socket.request({ type: "edit_message", messageId: original.id, content: "edited" });
    expect(edit).toMatchObject({ type: "ack", id: original.id, seq: reply.seq + 1 });
    const notMine = await b.socket.request({ type: "edit_message", messageId: original.id, content: "hijack" });
    expect(notMine).toMatchObject({ type: "error", code: "missing_permission" });
    const react = await b.socket.request({ type: "add_reaction", messageId: original.id, emoji: "👍" });
    expect(react.seq).toBe(edit.seq + 1);
    expect(await b.socket.request({ type: "add_reaction", messageId: original.id, emoji: "👍" })).toMatchObject({ type: "error", code: "conflict" });
    const pin = await a.socket.request({ type: "pin_message", messageId: original.id });
    expect(pin).toMatchObject({ type: "error", code: "missing_permission" });
    const o = await joinChannel(server.url, owner.accessToken, general);
    const pinned = await o.socket.request({ type: "pin_message", messageId: original.id });
    expect(pinned.seq).toBe(react.seq + 1);
    const unreact = await b.socket.request({ type: "remove_reaction", messageId: original.id, emoji: "👍" });
    const del = await b.socket.request({ type: "delete_message", messageId: original.id });
    expect(del).toMatchObject({ type: "error", code: "missing_permission" });
    const deleted = await a.socket.request({ type: "delete_message", messageId: original.id });
    expect(deleted.seq).toBe(unreact.seq + 1);

    await b.socket.waitForSeq(deleted.seq);
    const types = b.socket.events().filter((f) => f.seq > reply.seq).map((f: Frame) => [f.seq, f.type]);
    expect(types).toEqual([
      [edit.seq, "message_edited"],
      [react.seq, "reaction_added"],
      [pinned.seq, "message_pinned"],
      [unreact.seq, "reaction_removed"],
      [deleted.seq, "message_deleted"],
    ]);
    // P22: the text is gone from storage, and from the reply quoting it.
    const [row] = await server.sql<{ content: string | null; deleted_at: Date | null; pinned_at: Date | null }>("select content, deleted_at, pinned_at from messages where id = $1", [original.id]);
    expect(row).toMatchObject({ content: null, pinned_at: null });
    expect(row.deleted_at).not.toBeNull();
    const [quoted] = await server.sql<{ reply_excerpt: string | null }>("select reply_excerpt from messages where id = $1", [reply.id]);
    expect(quoted.reply_excerpt).toBeNull();
    // P22: a reply to a deleted message is refused; editing it too.
    expect(await b.socket.request({ type: "send_message", nonce: "late", content: "?", replyTo: original.id })).toMatchObject({ type: "error", code: "message_not_found" });
    expect(await a.socket.request({ type: "edit_message", messageId: original.id, content: "zombie" })).toMatchObject({ type: "error", code: "message_not_found" });
    for (const s of [a, b, o]) s.socket.close();
  });

  it("P20 treats another channel's message ids as not found", async () => {
    const other = await call(owner, "POST", `/api/v1/communities/${communityId}/channels`, { name: "elsewhere", kind: "text" });
    const x = await call(alice, "POST", `/api/v1/channels/${other.body.id}/messages`, { content: "over there" });
    const a = await joinChannel(server.url, alice.accessToken, general);
    expect(await a.socket.request({ type: "delete_message", messageId: x.body.id })).toMatchObject({ type: "error", code: "message_not_found" });
    expect(await a.socket.request({ type: "add_reaction", messageId: x.body.id, emoji: "x" })).toMatchObject({ type: "error", code: "message_not_found" });
    a.socket.close();
  });
});

describe("history", () => {
  it("P30 pages by seq, newest last, with tombstones and reaction summaries", async () => {
    const created = await call(owner, "POST", `/api/v1/communities/${communityId}/channels`, { name: "history", kind: "text" });
    const id = created.body.id;
    const sent: Array<{ id: string; seq: number }> = [];
    for (let i = 1; i <= 7; i++) sent.push((await call(alice, "POST", `/api/v1/channels/${id}/messages`, { content: `m${i}` })).body);
    const newest = await call(bob, "GET", `/api/v1/channels/${id}/messages?limit=3`);
    expect(newest.status).toBe(200);
    expect(newest.body.messages.map((m: { content: string }) => m.content)).toEqual(["m5", "m6", "m7"]);
    const before = await call(bob, "GET", `/api/v1/channels/${id}/messages?before=${sent[4].seq}&limit=2`);
    expect(before.body.messages.map((m: { content: string }) => m.content)).toEqual(["m3", "m4"]);
    const after = await call(bob, "GET", `/api/v1/channels/${id}/messages?after=${sent[4].seq}`);
    expect(after.body.messages.map((m: { content: string }) => m.content)).toEqual(["m6", "m7"]);
    const around = await call(bob, "GET", `/api/v1/channels/${id}/messages?around=${sent[3].seq}&limit=3`);
    expect(around.body.messages.map((m: { content: string }) => m.content)).toEqual(["m3", "m4", "m5"]);
    const bad = await call(bob, "GET", `/api/v1/channels/${id}/messages?before=1&after=2`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("invalid_query");
  });
});

describe("ephemeral and per-user", () => {
  it("P26 sends typing to others only, throttled", async () => {
    const a = await joinChannel(server.url, alice.accessToken, general);
    const b = await joinChannel(server.url, bob.accessToken, general);
    a.socket.send({ type: "start_typing" });
    a.socket.send({ type: "start_typing" });
    const typing = await b.socket.waitFor((f) => f.type === "user_typing");
    expect(typing).toMatchObject({ userId: alice.user.id, expiresInMs: 8000 });
    // A ping answered after the typing frames proves nothing else was on its way.
    a.socket.send({ type: "ping", ref: "pa" });
    b.socket.send({ type: "ping", ref: "pb" });
    await a.socket.waitFor((f) => f.type === "pong" && f.ref === "pa");
    await b.socket.waitFor((f) => f.type === "pong" && f.ref === "pb");
    expect(b.socket.frames.filter((f) => f.type === "user_typing")).toHaveLength(1);
    expect(a.socket.frames.filter((f) => f.type === "user_typing")).toHaveLength(0);
    a.socket.close();
    b.socket.close();
  });

  it("P27 persists the read position, shares it with the user's other sockets and never moves it back", async () => {
    const phone = await joinChannel(server.url, bob.accessToken, general);
    const laptop = await joinChannel(server.url, bob.accessToken, general);
    const head = phone.welcome.headSeq;
    expect(await phone.socket.request({ type: "mark_read", seq: head })).toMatchObject({ type: "ack", seq: head });
    expect(await laptop.socket.waitFor((f) => f.type === "read_updated")).toMatchObject({ seq: head });
    expect(await phone.socket.request({ type: "mark_read", seq: 1 })).toMatchObject({ type: "ack", seq: head });
    expect(await phone.socket.request({ type: "mark_read", seq: head + 1000 })).toMatchObject({ type: "error", code: "invalid_seq" });
    const again = await joinChannel(server.url, bob.accessToken, general);
    expect(again.welcome.readSeq).toBe(head);
    for (const s of [phone, laptop, again]) s.socket.close();
  });
});

void api;
