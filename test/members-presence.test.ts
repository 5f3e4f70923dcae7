/**
 * What the rest of the product shows about people and their messages: online state in the member list (from the
 * UserHub sockets), the data export's messages, and messages of deleted accounts.
 */
import { spawn } from "node:child_process";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STRONG_PASSWORD } from "./api.ts";
import { caller, channelsOf, community, users, type TestUser } from "./community-fixtures.ts";
import { startServer, type TestServer } from "./harness.ts";
import { openHub } from "./realtime-client.ts";

let server: TestServer;
let call: ReturnType<typeof caller>;
let owner: TestUser, alice: TestUser, bob: TestUser;
let cid: string;
let general: string;

beforeAll(async () => {
  server = await startServer({ env: { COMMUNITY_CREATION_MODE: "open", RATE_LIMITS: "0" } });
  call = caller(server);
  [owner, alice, bob] = await users(server, 3);
  cid = await community(server, owner, [alice, bob], "People");
  general = (await channelsOf(server, owner, cid)).channels.find((c) => c.name === "general")!.id;
});
afterAll(async () => {
  await server?.stop();
});

async function onlineOf(user: TestUser): Promise<boolean> {
  const res = await call(owner, "GET", `/api/v1/communities/${cid}/members/${user.user.id}`);
  expect(res.status).toBe(200);
  return res.body.online;
}

/** Presence is written by the hub after the socket event: poll the member entry until it shows `expected`. */
async function waitOnline(user: TestUser, expected: boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((await onlineOf(user)) !== expected) {
    if (Date.now() > deadline) throw new Error(`member never became ${expected ? "online" : "offline"}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("online state", () => {
  it("shows a member online while any of their devices holds a hub socket, and offline after the last closes", async () => {
    expect(await onlineOf(alice)).toBe(false);
    // Never online yet: nothing to say when she was last seen.
    expect((await call(bob, "GET", `/api/v1/communities/${cid}/members/${alice.user.id}`)).body.lastSeenAt).toBeNull();
    const phone = await openHub(server.url, alice.accessToken);
    await waitOnline(alice, true);
    expect((await call(bob, "GET", `/api/v1/communities/${cid}/members/${alice.user.id}`)).body.lastSeenAt).toBeNull();
    const list = await call(bob, "GET", `/api/v1/communities/${cid}/members`);
    const byId = new Map(list.body.members.map((m: { user: { id: string }; online: boolean }) => [m.user.id, m.online]));
    expect(byId.get(alice.user.id)).toBe(true);
    expect(byId.get(bob.user.id)).toBe(false);

    const laptop = await openHub(server.url, alice.accessToken);
    phone.close();
    await phone.closed;
    // A ping answered after the close proves the hub has handled it; the second device keeps her online.
    laptop.send({ type: "ping", ref: "after-close" });
    await laptop.waitFor((f) => f.type === "pong");
    const [row] = await server.sql<{ online: boolean }>("select online from user_presence where user_id = $1", [alice.user.id]);
    expect(row.online).toBe(true);
    expect(await onlineOf(alice)).toBe(true);

    laptop.close();
    await waitOnline(alice, false);
    const [after] = await server.sql<{ online: boolean; last_seen_at: Date }>("select online, last_seen_at from user_presence where user_id = $1", [alice.user.id]);
    expect(after.online).toBe(false);
    expect(Date.now() - new Date(after.last_seen_at).getTime()).toBeLessThan(60_000);
    // Offline, the member entry says since when.
    const seen = (await call(bob, "GET", `/api/v1/communities/${cid}/members/${alice.user.id}`)).body.lastSeenAt;
    expect(new Date(seen).getTime()).toBe(new Date(after.last_seen_at).getTime());
  });

  it("marks a member offline when their client dies without a close frame", async () => {
    const { url } = (await call(bob, "POST", "/api/v1/users/me/ws-ticket")).body;
    // A separate process holds the socket, so killing it drops the connection the way a crashed client does.
    const client = spawn(process.execPath, [
      "-e",
      `const ws = new WebSocket(${JSON.stringify(url)}); ws.onopen = () => ws.send(JSON.stringify({ type: "hello", protocolVersion: 1 })); ws.onmessage = () => console.log("welcomed");`,
    ]);
    await new Promise<void>((resolve, reject) => {
      client.stdout.on("data", () => resolve());
      client.on("exit", (code) => reject(new Error(`client exited early (${code})`)));
    });
    await waitOnline(bob, true);
    client.kill("SIGKILL");
    await waitOnline(bob, false);
  });
});

describe("data export", () => {
  it("includes the caller's own messages with channel, seq and text, encrypted ones as metadata only", async () => {
    const plain = await call(alice, "POST", `/api/v1/channels/${general}/messages`, { content: "for the archive" });
    const secret = await call(owner, "POST", `/api/v1/communities/${cid}/channels`, { name: "secret", kind: "text", encrypted: true });
    expect(secret.status).toBe(201);
    const sealed = await call(alice, "POST", `/api/v1/channels/${secret.body.id}/messages`, { envelope: { alg: "x25519-xchacha20", senderDevice: "dev-1", ciphertext: "AAAA" } });
    expect(sealed.status).toBe(201);
    const gone = await call(alice, "POST", `/api/v1/channels/${general}/messages`, { content: "deleted before export" });
    await server.sql("update messages set content = null, deleted_at = now() where id = $1", [gone.body.id]);
    await call(bob, "POST", `/api/v1/channels/${general}/messages`, { content: "not alice's" });

    const res = await fetch(`${server.url}/api/v1/users/me/export`, { headers: { authorization: `Bearer ${alice.accessToken}` } });
    expect(res.status).toBe(200);
    const data = JSON.parse(strFromU8(unzipSync(new Uint8Array(await res.arrayBuffer()))["hearth-export.json"]));
    expect(data.messagesTruncated).toBe(false);
    expect(data.messages).toEqual([
      expect.objectContaining({ id: plain.body.id, channelId: general, communityId: cid, channelName: "general", seq: plain.body.seq, content: "for the archive", encryption: null, createdAt: expect.any(String) }),
      expect.objectContaining({ id: sealed.body.id, channelId: secret.body.id, seq: sealed.body.seq, content: "[encrypted]", encryption: { alg: "x25519-xchacha20", senderDevice: "dev-1" } }),
    ]);
    expect(JSON.stringify(data.messages)).not.toContain("AAAA");
  });
});

describe("deleted accounts", () => {
  it("leaves their messages in history attributed to Deleted user, without their old username", async () => {
    const sent = await call(bob, "POST", `/api/v1/channels/${general}/messages`, { content: "goodbye, all" });
    const before = await call(owner, "GET", `/api/v1/channels/${general}/messages?limit=100`);
    expect(before.body.messages.find((m: { id: string }) => m.id === sent.body.id).author).toEqual({ id: bob.user.id, username: bob.user.username, displayName: bob.user.displayName, isDeleted: false, avatarUrl: null, isBot: false });

    expect((await call(bob, "DELETE", "/api/v1/users/me", { password: STRONG_PASSWORD })).status).toBe(204);
    const after = await call(owner, "GET", `/api/v1/channels/${general}/messages?limit=100`);
    const msg = after.body.messages.find((m: { id: string }) => m.id === sent.body.id);
    expect(msg).toMatchObject({ content: "goodbye, all", authorId: bob.user.id, author: { id: bob.user.id, displayName: "Deleted user", isDeleted: true } });
    expect(msg.author.username).toBe(`deleted-${bob.user.id}`);
    expect(JSON.stringify(after.body)).not.toContain(bob.user.username);
    expect(await server.sql("select 1 from user_presence where user_id = $1", [bob.user.id])).toHaveLength(0);
  });
});

describe("naming people by id (GET /api/v1/users?ids=)", () => {
  let asker: TestUser, neighbour: TestUser, pen: TestUser, loner: TestUser;
  beforeAll(async () => {
    [asker, neighbour, pen, loner] = await users(server, 4);
    await community(server, owner, [asker, neighbour], "Neighbours");
    // The asker shares only a DM with pen, and nothing with loner.
    expect((await call(asker, "POST", "/api/v1/dms", { userId: pen.user.id })).status).toBeLessThan(300);
  });

  it("names people the caller shares a community or a conversation with, and nobody else", async () => {
    const ids = [owner, neighbour, pen, loner, asker].map((u) => u.user.id);
    const res = await call(asker, "GET", `/api/v1/users?ids=${ids.join(",")},${ids[0]}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const named = new Map((res.body.users as Array<{ id: string; username: string; displayName: string; isDeleted: boolean }>).map((u) => [u.id, u]));
    expect([...named.keys()].sort()).toEqual([owner, neighbour, pen, asker].map((u) => u.user.id).sort());
    expect(named.get(neighbour.user.id)).toEqual({ id: neighbour.user.id, username: neighbour.user.username, displayName: neighbour.user.displayName, isDeleted: false, avatarUrl: null, isBot: false });
    // Someone who shares nothing gets nobody's name back, not even whether the id is anyone's.
    expect((await call(loner, "GET", `/api/v1/users?ids=${neighbour.user.id},${crypto.randomUUID()}`)).body).toEqual({ users: [] });
  });

  it("refuses a malformed or oversized list with 400 and answers only signed-in callers", async () => {
    for (const q of ["", "?ids=", "?ids=not-a-uuid", `?ids=${neighbour.user.id}&extra=1`, `?ids=${Array.from({ length: 101 }, () => crypto.randomUUID()).join(",")}`]) {
      const res = await call(asker, "GET", `/api/v1/users${q}`);
      expect([res.status, res.body.error?.code], q).toEqual([400, "invalid_query"]);
    }
    expect((await call(null, "GET", `/api/v1/users?ids=${neighbour.user.id}`)).status).toBe(401);
  });
});
