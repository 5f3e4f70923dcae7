/**
 * Web Push against the real bundle, with a fake push service on localhost (docs/api/push.md): subscribing, a DM
 * arriving while none of the person's devices is online reaching their browser encrypted (RFC 8291) and signed
 * (VAPID), with who wrote in which conversation and nothing of what; nothing while a device is online; one push per
 * conversation per interval; a subscription the service says is gone is dropped; signing out stops pushes; bad input.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { gcm } from "@noble/ciphers/aes.js";
import { p256 } from "@noble/curves/nist.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { base64urlnopad } from "@scure/base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, register } from "./api.ts";
import { expectError, expectNoServerErrors } from "./auth-helpers.ts";
import { caller, type TestUser } from "./community-fixtures.ts";
import { startServer, type TestServer } from "./harness.ts";
import { joinChannel, openHub } from "./realtime-client.ts";

interface Delivery {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

let push: http.Server;
let pushUrl = "";
const deliveries: Delivery[] = [];
/** Paths the fake service answers 410 Gone for. */
const gone = new Set<string>();
let server: TestServer;
let alice: TestUser, bob: TestUser;
let dm = "";

const enc = new TextEncoder();

/** A browser's side of a subscription: its key pair and auth secret. */
function browserKeys() {
  const priv = p256.utils.randomSecretKey();
  const auth = crypto.getRandomValues(new Uint8Array(16));
  return { priv, auth, json: { p256dh: base64urlnopad.encode(p256.getPublicKey(priv, false)), auth: base64urlnopad.encode(auth) } };
}

/** What the browser does with a push body (RFC 8291). */
function open(body: Buffer, keys: ReturnType<typeof browserKeys>): Record<string, unknown> {
  const salt = body.subarray(0, 16);
  const asPublic = body.subarray(21, 21 + body[20]);
  const ecdh = p256.getSharedSecret(keys.priv, asPublic, true).subarray(1);
  const info = new Uint8Array([...enc.encode("WebPush: info\0"), ...p256.getPublicKey(keys.priv, false), ...asPublic]);
  const ikm = hkdf(sha256, ecdh, keys.auth, info, 32);
  const cek = hkdf(sha256, ikm, salt, enc.encode("Content-Encoding: aes128gcm\0"), 16);
  const nonce = hkdf(sha256, ikm, salt, enc.encode("Content-Encoding: nonce\0"), 12);
  const plain = gcm(cek, nonce).decrypt(body.subarray(21 + body[20]));
  return JSON.parse(new TextDecoder().decode(plain.subarray(0, -1)));
}

async function waitForDeliveries(n: number): Promise<void> {
  for (let i = 0; i < 100 && deliveries.length < n; i++) await new Promise((r) => setTimeout(r, 100));
  expect(deliveries.length).toBeGreaterThanOrEqual(n);
}

const envelope = { alg: "test", senderDevice: "dev", ciphertext: "c2VjcmV0IHRleHQ" };

beforeAll(async () => {
  push = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      deliveries.push({ path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(gone.has(req.url ?? "") ? 410 : 201).end();
    });
  });
  await new Promise<void>((resolve) => push.listen(0, "127.0.0.1", resolve));
  pushUrl = `http://127.0.0.1:${(push.address() as AddressInfo).port}`;
  server = await startServer({ env: { RATE_LIMITS: "0", LINK_PREVIEW_PRIVATE_HOSTS: "1" } });
  alice = await register(server.url, undefined, { displayName: "Alice" });
  bob = await register(server.url, undefined, { displayName: "Bob" });
  dm = (await api(server.url, "POST", "/api/v1/dms", { token: alice.accessToken, body: { userId: bob.user.id } })).body.id;
});
afterAll(async () => {
  expectNoServerErrors(server);
  await server?.stop();
  push?.close();
});

const call = (user: TestUser | null, method: string, p: string, body?: unknown) => caller(server)(user, method, p, body);

describe("web push", () => {
  it("tells a person's browser of a DM while none of their devices is online: who and where, never what", async () => {
    const key = (await call(null, "GET", "/api/v1/instance")).body.pushKey as string;
    expect(base64urlnopad.decode(key)).toHaveLength(65);
    const keys = browserKeys();
    // Bob's hub has run once (the web client opens it), then his tab closed.
    (await openHub(server.url, bob.accessToken)).close();
    expect((await call(bob, "POST", "/api/v1/users/me/push-subscriptions", { endpoint: `${pushUrl}/bob-1`, keys: keys.json, expirationTime: null })).status).toBe(201);

    const { socket } = await joinChannel(server.url, alice.accessToken, dm);
    await new Promise((r) => setTimeout(r, 300));
    expect((await socket.request({ type: "send_message", nonce: "p1", envelope })).type).toBe("ack");
    await waitForDeliveries(1);
    const d = deliveries[0];
    expect(d.path).toBe("/bob-1");
    expect(d.headers["content-encoding"]).toBe("aes128gcm");
    expect(d.headers.ttl).toBe("86400");
    const [, token, k] = /^vapid t=([^,]+), k=(.+)$/.exec(String(d.headers.authorization))!;
    expect(k).toBe(key);
    const [h, c, s] = token.split(".");
    expect(p256.verify(base64urlnopad.decode(s), enc.encode(`${h}.${c}`), base64urlnopad.decode(k))).toBe(true);
    expect(JSON.parse(new TextDecoder().decode(base64urlnopad.decode(c)))).toMatchObject({ aud: pushUrl, sub: "mailto:admin@hearth.invalid" });
    const payload = open(d.body, keys);
    expect(payload).toEqual({ kind: "dm", channelId: dm, authorName: "Alice", url: `/dm/${dm}` });
    expect(d.body.includes(Buffer.from("c2VjcmV0IHRleHQ"))).toBe(false);

    // A second message right after: no second push for the same conversation yet.
    await socket.request({ type: "send_message", nonce: "p2", envelope });
    await new Promise((r) => setTimeout(r, 500));
    expect(deliveries).toHaveLength(1);
    socket.close();
  });

  it("sends nothing for a conversation the browser muted, and again once it is unmuted", async () => {
    const erin = await register(server.url, undefined, { displayName: "Erin" });
    const chat: string = (await api(server.url, "POST", "/api/v1/dms", { token: alice.accessToken, body: { userId: erin.user.id } })).body.id;
    (await openHub(server.url, erin.accessToken)).close();
    const keys = browserKeys().json;
    const subscribe = (muted: string[]) => call(erin, "POST", "/api/v1/users/me/push-subscriptions", { endpoint: `${pushUrl}/erin`, keys, mutedChannelIds: muted });
    expect((await subscribe([chat])).status).toBe(201);
    const [row] = await server.sql<{ muted: string[] }>("select muted_channel_ids as muted from push_subscriptions where endpoint = $1", [`${pushUrl}/erin`]);
    expect(row.muted).toEqual([chat]);
    expect((await call(alice, "POST", `/api/v1/channels/${chat}/messages`, { envelope, nonce: "muted-1" })).status).toBe(201);
    await new Promise((r) => setTimeout(r, 600));
    expect(deliveries.filter((d) => d.path === "/erin")).toHaveLength(0);
    // Unmuted (the browser sends its subscription again with the new list): the next message pushes.
    expect((await subscribe([])).status).toBe(201);
    expect((await call(alice, "POST", `/api/v1/channels/${chat}/messages`, { envelope, nonce: "muted-2" })).status).toBe(201);
    for (let i = 0; i < 50 && !deliveries.some((d) => d.path === "/erin"); i++) await new Promise((r) => setTimeout(r, 100));
    expect(deliveries.filter((d) => d.path === "/erin")).toHaveLength(1);
    // Not a list of ids: refused.
    expectError(await call(erin, "POST", "/api/v1/users/me/push-subscriptions", { endpoint: `${pushUrl}/erin`, keys, mutedChannelIds: ["not-an-id"] }), 400, "invalid_body");
  });

  it("sends nothing while one of the person's devices is online", async () => {
    const carol = await register(server.url, undefined, { displayName: "Carol" });
    const chat = (await api(server.url, "POST", "/api/v1/dms", { token: alice.accessToken, body: { userId: carol.user.id } })).body.id;
    await call(carol, "POST", "/api/v1/users/me/push-subscriptions", { endpoint: `${pushUrl}/carol`, keys: browserKeys().json });
    const hub = await openHub(server.url, carol.accessToken);
    await call(alice, "POST", `/api/v1/channels/${chat}/messages`, { envelope });
    await hub.waitFor((f) => f.type === "dm_received");
    await new Promise((r) => setTimeout(r, 300));
    expect(deliveries.filter((d) => d.path === "/carol")).toHaveLength(0);
    hub.close();
  });

  it("drops a subscription the service says is gone, and stops when the session signs out", async () => {
    const dan = await register(server.url, undefined, { displayName: "Dan" });
    (await openHub(server.url, dan.accessToken)).close();
    const chat = (await api(server.url, "POST", "/api/v1/dms", { token: alice.accessToken, body: { userId: dan.user.id } })).body.id;
    gone.add("/dan-gone");
    await call(dan, "POST", "/api/v1/users/me/push-subscriptions", { endpoint: `${pushUrl}/dan-gone`, keys: browserKeys().json });
    const before = deliveries.length;
    await call(alice, "POST", `/api/v1/channels/${chat}/messages`, { envelope });
    await waitForDeliveries(before + 1);
    for (let i = 0; i < 50; i++) {
      const rows = await server.sql<{ n: number }>(`select count(*)::int as n from push_subscriptions where endpoint like '%dan-gone'`);
      if (rows[0].n === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await server.sql<{ n: number }>(`select count(*)::int as n from push_subscriptions where endpoint like '%dan-gone'`))[0].n).toBe(0);

    // Bob signs out: his subscription goes with his session.
    expect((await call(bob, "POST", "/api/v1/auth/logout", { refreshToken: bob.refreshToken })).status).toBeLessThan(300);
    expect((await server.sql<{ n: number }>(`select count(*)::int as n from push_subscriptions where endpoint like '%bob-1'`))[0].n).toBe(0);
  });

  it("unsubscribes, and refuses malformed subscriptions", async () => {
    const erin = await register(server.url);
    const keys = browserKeys().json;
    await call(erin, "POST", "/api/v1/users/me/push-subscriptions", { endpoint: `${pushUrl}/erin`, keys });
    expect((await call(erin, "DELETE", "/api/v1/users/me/push-subscriptions", { endpoint: `${pushUrl}/erin` })).status).toBe(204);
    expect((await server.sql<{ n: number }>(`select count(*)::int as n from push_subscriptions where endpoint like '%erin'`))[0].n).toBe(0);
    for (const body of [
      { endpoint: "javascript:alert(1)", keys },
      { endpoint: `${pushUrl}/x`, keys: { p256dh: "short", auth: keys.auth } },
      { endpoint: `${pushUrl}/x`, keys: { p256dh: keys.p256dh, auth: "AAAA" } },
      { endpoint: `${pushUrl}/x` },
      { endpoint: `${pushUrl}/x`, keys, extra: 1 },
    ]) {
      expectError(await call(erin, "POST", "/api/v1/users/me/push-subscriptions", body), 400, "invalid_body");
    }
    expectError(await call(null, "POST", "/api/v1/users/me/push-subscriptions", { endpoint: `${pushUrl}/x`, keys }), 401, "unauthorized");
  });
});
