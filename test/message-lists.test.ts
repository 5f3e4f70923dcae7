/**
 * Lists about a channel's messages that history does not carry (docs/api/messages.md): the pinned messages of a
 * channel, newest pin first and paged, and who reacted to a message with one emoji. Both follow READ_HISTORY.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { permissionBits, permissionsToString } from "../protocol/permissions.ts";
import { register } from "./api.ts";
import { expectError } from "./auth-helpers.ts";
import { caller, community, type TestUser } from "./community-fixtures.ts";
import { startServer, type TestServer } from "./harness.ts";
import { joinChannel, type TestSocket } from "./realtime-client.ts";

let server: TestServer;
let owner: TestUser, alice: TestUser, bob: TestUser, outsider: TestUser;
let communityId: string;
let channel: string;
let ownerSocket: TestSocket;
const sent: { id: string; seq: number }[] = [];

const call = (user: TestUser | null, method: string, path: string, body?: unknown) => caller(server)(user, method, path, body);

beforeAll(async () => {
  server = await startServer({ env: { COMMUNITY_CREATION_MODE: "open", RATE_LIMITS: "0" } });
  [owner, alice, bob, outsider] = [await register(server.url), await register(server.url, undefined, { displayName: "Alice A." }), await register(server.url), await register(server.url)];
  communityId = await community(server, owner, [alice, bob]);
  channel = (await call(owner, "POST", `/api/v1/communities/${communityId}/channels`, { name: "lists", kind: "text" })).body.id;
  for (let i = 1; i <= 6; i++) sent.push((await call(alice, "POST", `/api/v1/channels/${channel}/messages`, { content: `message ${i}` })).body);
  ownerSocket = (await joinChannel(server.url, owner.accessToken, channel)).socket;
});
afterAll(async () => {
  ownerSocket?.close();
  await server?.stop();
});

describe("GET /channels/:id/pins", () => {
  it("lists pinned messages with their authors, most recently pinned first, without unpinned or deleted ones", async () => {
    for (const i of [1, 3, 4, 5]) expect((await ownerSocket.request({ type: "pin_message", messageId: sent[i].id })).type).toBe("ack");
    expect((await ownerSocket.request({ type: "unpin_message", messageId: sent[3].id })).type).toBe("ack");
    expect((await ownerSocket.request({ type: "delete_message", messageId: sent[4].id })).type).toBe("ack");
    const res = await call(bob, "GET", `/api/v1/channels/${channel}/pins`);
    expect(res.status).toBe(200);
    expect(res.body.pins.map((p: { content: string }) => p.content)).toEqual(["message 6", "message 2"]);
    expect(res.body.pins[0]).toMatchObject({ id: sent[5].id, seq: sent[5].seq, authorId: alice.user.id, pinnedBy: owner.user.id, author: { displayName: "Alice A.", isDeleted: false } });
    expect(typeof res.body.pins[0].pinnedAt).toBe("string");
    expect(res.body.hasMore).toBe(false);
  });

  it("pages with before (the last pin of the previous page) and limit", async () => {
    expect((await ownerSocket.request({ type: "pin_message", messageId: sent[0].id })).type).toBe("ack");
    const first = await call(bob, "GET", `/api/v1/channels/${channel}/pins?limit=2`);
    expect(first.body.pins.map((p: { content: string }) => p.content)).toEqual(["message 1", "message 6"]);
    expect(first.body.hasMore).toBe(true);
    const second = await call(bob, "GET", `/api/v1/channels/${channel}/pins?limit=2&before=${first.body.pins[1].id}`);
    expect(second.body.pins.map((p: { content: string }) => p.content)).toEqual(["message 2"]);
    expect(second.body.hasMore).toBe(false);
  });

  it("refuses a cursor that is not a pin of this channel, and a bad limit", async () => {
    expectError(await call(bob, "GET", `/api/v1/channels/${channel}/pins?before=${sent[2].id}`), 400, "invalid_query");
    expectError(await call(bob, "GET", `/api/v1/channels/${channel}/pins?limit=1000`), 400, "invalid_query");
    expectError(await call(bob, "GET", `/api/v1/channels/${channel}/pins?before=nope`), 400, "invalid_query");
  });

  it("answers 401 without a token, 404 to someone who cannot see the channel, 403 without READ_HISTORY", async () => {
    expectError(await call(null, "GET", `/api/v1/channels/${channel}/pins`), 401, "unauthorized");
    expectError(await call(outsider, "GET", `/api/v1/channels/${channel}/pins`), 404, "channel_not_found");
    const put = await call(owner, "PUT", `/api/v1/channels/${channel}/overrides/member/${bob.user.id}`, { allow: "0", deny: permissionsToString(permissionBits("READ_HISTORY")) });
    expect(put.status).toBe(200);
    expectError(await call(bob, "GET", `/api/v1/channels/${channel}/pins`), 403, "missing_permission");
    expectError(await call(bob, "GET", `/api/v1/channels/${channel}/messages/${sent[0].id}/reactions/${encodeURIComponent("👍")}`), 403, "missing_permission");
    expect((await call(owner, "DELETE", `/api/v1/channels/${channel}/overrides/member/${bob.user.id}`)).status).toBe(204);
    expect((await call(bob, "GET", `/api/v1/channels/${channel}/pins`)).status).toBe(200);
  });
});

describe("GET /channels/:id/messages/:messageId", () => {
  it("returns one message with its seq and author, a deleted one as a tombstone, 404 elsewhere", async () => {
    const one = await call(bob, "GET", `/api/v1/channels/${channel}/messages/${sent[1].id}`);
    expect(one.status).toBe(200);
    expect(one.body.message).toMatchObject({ id: sent[1].id, seq: sent[1].seq, content: "message 2", author: { displayName: "Alice A." } });
    const gone = (await call(alice, "POST", `/api/v1/channels/${channel}/messages`, { content: "about to go" })).body;
    expect((await ownerSocket.request({ type: "delete_message", messageId: gone.id })).type).toBe("ack");
    const tomb = await call(bob, "GET", `/api/v1/channels/${channel}/messages/${gone.id}`);
    expect(tomb.body.message).toMatchObject({ id: gone.id, content: null });
    expect(tomb.body.message.deletedAt).not.toBeNull();
    const elsewhere = (await call(owner, "POST", `/api/v1/communities/${communityId}/channels`, { name: "another", kind: "text" })).body.id;
    const there = (await call(owner, "POST", `/api/v1/channels/${elsewhere}/messages`, { content: "not here" })).body;
    expectError(await call(bob, "GET", `/api/v1/channels/${channel}/messages/${there.id}`), 404, "message_not_found");
    expectError(await call(outsider, "GET", `/api/v1/channels/${channel}/messages/${sent[1].id}`), 404, "channel_not_found");
    expectError(await call(null, "GET", `/api/v1/channels/${channel}/messages/${sent[1].id}`), 401, "unauthorized");
  });
});

describe("GET /channels/:id/messages/:messageId/reactions/:emoji", () => {
  it("names who reacted with that emoji, first to react first, with the total count", async () => {
    const target = sent[2].id;
    const bobSocket = (await joinChannel(server.url, bob.accessToken, channel)).socket;
    const aliceSocket = (await joinChannel(server.url, alice.accessToken, channel)).socket;
    expect((await bobSocket.request({ type: "add_reaction", messageId: target, emoji: "🎉" })).type).toBe("ack");
    expect((await aliceSocket.request({ type: "add_reaction", messageId: target, emoji: "🎉" })).type).toBe("ack");
    expect((await ownerSocket.request({ type: "add_reaction", messageId: target, emoji: ":+1:" })).type).toBe("ack");
    bobSocket.close();
    aliceSocket.close();
    const res = await call(owner, "GET", `/api/v1/channels/${channel}/messages/${target}/reactions/${encodeURIComponent("🎉")}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ emoji: "🎉", count: 2, hasMore: false });
    expect(res.body.users.map((u: { id: string }) => u.id)).toEqual([bob.user.id, alice.user.id]);
    expect(res.body.users[1]).toMatchObject({ username: alice.user.username, displayName: "Alice A.", isDeleted: false });
    const other = await call(owner, "GET", `/api/v1/channels/${channel}/messages/${target}/reactions/${encodeURIComponent(":+1:")}`);
    expect(other.body).toMatchObject({ count: 1, users: [{ id: owner.user.id }] });
    const none = await call(owner, "GET", `/api/v1/channels/${channel}/messages/${target}/reactions/${encodeURIComponent("🙃")}`);
    expect(none.body).toMatchObject({ count: 0, users: [], hasMore: false });
  });

  it("answers 404 for a message of another channel or a deleted one, and for someone who cannot see the channel", async () => {
    const elsewhere = (await call(owner, "POST", `/api/v1/communities/${communityId}/channels`, { name: "elsewhere", kind: "text" })).body.id;
    const m = (await call(owner, "POST", `/api/v1/channels/${elsewhere}/messages`, { content: "over here" })).body;
    expectError(await call(owner, "GET", `/api/v1/channels/${channel}/messages/${m.id}/reactions/x`), 404, "message_not_found");
    expectError(await call(owner, "GET", `/api/v1/channels/${channel}/messages/${sent[4].id}/reactions/x`), 404, "message_not_found");
    expectError(await call(outsider, "GET", `/api/v1/channels/${channel}/messages/${sent[2].id}/reactions/x`), 404, "channel_not_found");
    expect((await call(owner, "GET", `/api/v1/channels/${channel}/messages/not-a-uuid/reactions/x`)).status).toBe(404);
  });

  it("refuses an emoji with spaces or longer than the socket accepts", async () => {
    expect((await call(owner, "GET", `/api/v1/channels/${channel}/messages/${sent[2].id}/reactions/${encodeURIComponent("a b")}`)).status).toBe(404);
    expect((await call(owner, "GET", `/api/v1/channels/${channel}/messages/${sent[2].id}/reactions/${"x".repeat(81)}`)).status).toBe(404);
  });
});

describe("GET /channels/:id/search", () => {
  let searchable: string;
  const said: Record<string, string> = {};
  beforeAll(async () => {
    searchable = (await call(owner, "POST", `/api/v1/communities/${communityId}/channels`, { name: "search", kind: "text" })).body.id;
    const lines: Array<[TestUser, string]> = [
      [alice, "Deploying the new build tonight"],
      [bob, "the deploy FAILED on step 3"],
      [alice, "Lunch?"],
      [bob, "Überraschung: the café is closed"],
      [alice, "deploy fixed, all green"],
      [bob, "this one will be deleted: deploy"],
    ];
    for (const [who, text] of lines) said[text] = (await call(who, "POST", `/api/v1/channels/${searchable}/messages`, { content: text })).body.id;
    expect((await ownerSocket.request({ type: "send_message", nonce: "search-elsewhere", content: "deploy in another channel" })).type).toBe("ack");
    const bobSocket = (await joinChannel(server.url, bob.accessToken, searchable)).socket;
    expect((await bobSocket.request({ type: "delete_message", messageId: said["this one will be deleted: deploy"] })).type).toBe("ack");
    bobSocket.close();
  });
  const texts = (res: { body: { results: Array<{ content: string }> } }) => res.body.results.map((m) => m.content);

  it("finds messages holding every word, by word or its start and in any case, newest first, with their authors", async () => {
    const res = await call(alice, "GET", `/api/v1/channels/${searchable}/search?q=${encodeURIComponent("deploy")}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // "Deploying" starts with the word; the deleted message and the other channel's are not found.
    expect(texts(res)).toEqual(["deploy fixed, all green", "the deploy FAILED on step 3", "Deploying the new build tonight"]);
    expect(res.body.results[1]).toMatchObject({ id: said["the deploy FAILED on step 3"], channelId: searchable, authorId: bob.user.id, author: { id: bob.user.id } });
    expect([res.body.nextBeforeSeq, res.body.searchedFromSeq]).toEqual([null, 1]);
    expect(texts(await call(alice, "GET", `/api/v1/channels/${searchable}/search?q=${encodeURIComponent("DEPLOY failed!")}`))).toEqual(["the deploy FAILED on step 3"]);
    expect(texts(await call(alice, "GET", `/api/v1/channels/${searchable}/search?q=${encodeURIComponent("überr CAFÉ")}`))).toEqual(["Überraschung: the café is closed"]);
    expect(texts(await call(alice, "GET", `/api/v1/channels/${searchable}/search?q=nothingmatches`))).toEqual([]);
  });

  it("filters by author and pages with beforeSeq and limit", async () => {
    expect(texts(await call(alice, "GET", `/api/v1/channels/${searchable}/search?q=deploy&authorId=${alice.user.id}`))).toEqual(["deploy fixed, all green", "Deploying the new build tonight"]);
    // A person without words: all their messages, newest first.
    const everything = texts(await call(alice, "GET", `/api/v1/channels/${searchable}/search?authorId=${bob.user.id}`));
    expect(everything).toEqual(["Überraschung: the café is closed", "the deploy FAILED on step 3"]);
    expect(texts(await call(alice, "GET", `/api/v1/channels/${searchable}/search?authorId=${bob.user.id}&q=`))).toEqual(everything);
    const first = await call(alice, "GET", `/api/v1/channels/${searchable}/search?q=deploy&limit=2`);
    expect(texts(first)).toEqual(["deploy fixed, all green", "the deploy FAILED on step 3"]);
    expect(first.body.nextBeforeSeq).toBe(first.body.results[1].seq);
    const second = await call(alice, "GET", `/api/v1/channels/${searchable}/search?q=deploy&limit=2&beforeSeq=${first.body.nextBeforeSeq}`);
    expect([texts(second), second.body.nextBeforeSeq]).toEqual([["Deploying the new build tonight"], null]);
  });

  it("reads a long history in steps, saying where to go on until it reaches the start", async () => {
    const long = (await call(owner, "POST", `/api/v1/communities/${communityId}/channels`, { name: "archive", kind: "text" })).body.id;
    // 25,000 messages written before the room ran; only the 100th holds the word.
    await server.sql(
      `insert into messages (id, channel_id, seq, author_id, nonce, content)
       select gen_random_uuid(), $1, s, $2, 'old-' || s, case when s = 100 then 'the needle is here' else 'hay ' || s end from generate_series(1, 25000) s`,
      [long, alice.user.id],
    );
    const recent = await call(bob, "GET", `/api/v1/channels/${long}/search?q=needle`);
    expect([texts(recent), recent.body.nextBeforeSeq, recent.body.searchedFromSeq]).toEqual([[], 5001, 5001]);
    const older = await call(bob, "GET", `/api/v1/channels/${long}/search?q=needle&beforeSeq=5001`);
    expect([texts(older), older.body.nextBeforeSeq]).toEqual([["the needle is here"], null]);
  });

  it("refuses a query with no word (and no person), a bad filter or limit, and searching an encrypted conversation", async () => {
    for (const q of ["", "q=", "q=%21%21%21", `q=${"x".repeat(201)}`, "q=a&limit=0", "q=a&limit=51", "q=a&beforeSeq=0", "q=a&beforeSeq=x", "q=a&before=nope", "q=a&authorId=nope", "q=a&sort=old"]) {
      expectError(await call(alice, "GET", `/api/v1/channels/${searchable}/search?${q}`), 400, "invalid_query");
    }
    const dm = (await call(alice, "POST", "/api/v1/dms", { userId: bob.user.id })).body.id;
    expectError(await call(alice, "GET", `/api/v1/channels/${dm}/search?q=hello`), 400, "search_not_available");
  });

  it("answers 401 without a token, 404 to someone who cannot see the channel, 403 without READ_HISTORY", async () => {
    expectError(await call(null, "GET", `/api/v1/channels/${searchable}/search?q=deploy`), 401, "unauthorized");
    expectError(await call(outsider, "GET", `/api/v1/channels/${searchable}/search?q=deploy`), 404, "channel_not_found");
    expectError(await call(alice, "GET", `/api/v1/channels/not-a-uuid/search?q=deploy`), 404, "not_found");
    const put = await call(owner, "PUT", `/api/v1/channels/${searchable}/overrides/member/${bob.user.id}`, { allow: "0", deny: permissionsToString(permissionBits("READ_HISTORY")) });
    expect(put.status).toBe(200);
    expectError(await call(bob, "GET", `/api/v1/channels/${searchable}/search?q=deploy`), 403, "missing_permission");
  });
});
