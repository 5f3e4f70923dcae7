/**
 * End-to-end encryption against the real bundle and Postgres (docs/encryption.md, docs/api/devices.md): the device
 * directory's validation and authorization, sessions retiring their devices, the devices_changed notice, and a
 * sealed DM that the database holds no plaintext of.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deviceRegistration, generateDeviceSecrets, open, seal, type DeviceSecrets, type PublicDevice } from "../protocol/e2ee.ts";
import { MAX_DEVICES_PER_USER } from "../protocol/limits.ts";
import { permissionBits } from "../protocol/permissions.ts";
import { api, register } from "./api.ts";
import { loginOk } from "./auth-helpers.ts";
import { caller, channelsOf, community, type TestUser } from "./community-fixtures.ts";
import { startServer, type TestServer } from "./harness.ts";
import { joinChannel, openHub } from "./realtime-client.ts";

let server: TestServer;
let call: ReturnType<typeof caller>;
let alice: TestUser, bob: TestUser, carol: TestUser;
let dm: string;

/** A signed-in device: a session's tokens and the keys it registered. */
interface Device {
  token: string;
  userId: string;
  secrets: DeviceSecrets;
  pub: PublicDevice;
}

async function registerDevice(token: string, userId: string): Promise<Device> {
  const secrets = generateDeviceSecrets();
  const res = await api(server.url, "POST", "/api/v1/devices", { token, body: deviceRegistration(secrets, userId) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { token, userId, secrets, pub: res.body };
}

async function channelDevices(token: string, channelId: string): Promise<{ members: string[]; devices: PublicDevice[] }> {
  const res = await api(server.url, "GET", `/api/v1/channels/${channelId}/devices`, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

async function sealFor(from: Device, channelId: string, nonce: string, content: string, mentions: string[] = []) {
  const { devices } = await channelDevices(from.token, channelId);
  return seal({ channelId, messageNonce: nonce, sender: { deviceId: from.pub.id, secrets: from.secrets }, recipients: devices.map((d) => ({ deviceId: d.id, x25519: Buffer.from(d.x25519, "base64url") })), payload: { content, mentions } });
}

async function openAs(reader: Device, message: { channelId: string; nonce: string; authorId: string; envelope: any }) {
  const sender = await api(server.url, "GET", `/api/v1/devices/${message.envelope.senderDevice}`, { token: reader.token });
  return open({ channelId: message.channelId, messageNonce: message.nonce, envelope: message.envelope, authorId: message.authorId, senderDevice: sender.status === 200 ? sender.body : null, me: { deviceId: reader.pub.id, secrets: reader.secrets } });
}

beforeAll(async () => {
  server = await startServer({ env: { COMMUNITY_CREATION_MODE: "open", RATE_LIMITS: "0" } });
  call = caller(server);
  [alice, bob, carol] = [await register(server.url), await register(server.url), await register(server.url)];
  dm = (await call(alice, "POST", "/api/v1/dms", { userId: bob.user.id })).body.id;
});
afterAll(async () => {
  await server?.stop();
});

describe("registering a device", () => {
  it("refuses keys of the wrong shape with 400 invalid_body, naming the field", async () => {
    const good = deviceRegistration(generateDeviceSecrets(), carol.user.id);
    for (const body of [{ ...good, ed25519: good.ed25519.slice(1) }, { ...good, x25519: good.x25519.replace(/./, "+") }, { ...good, signature: "AAAA" }, { ed25519: good.ed25519 }]) {
      const res = await call(carol, "POST", "/api/v1/devices", body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe("invalid_body");
    }
  });

  it("refuses a signature that is not the key's over this user and both keys with 400 invalid_signature", async () => {
    const secrets = generateDeviceSecrets();
    const forOther = deviceRegistration(secrets, alice.user.id);
    const swapped = { ...deviceRegistration(secrets, carol.user.id), x25519: deviceRegistration(generateDeviceSecrets(), carol.user.id).x25519 };
    for (const body of [forOther, swapped]) {
      const res = await call(carol, "POST", "/api/v1/devices", body);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: "invalid_signature" });
    }
    expect((await call(null, "POST", "/api/v1/devices", forOther)).status).toBe(401);
  });

  it("registers once per session: the same keys again answer 200, new keys replace the old, another session may not reuse them", async () => {
    const secrets = generateDeviceSecrets();
    const body = deviceRegistration(secrets, carol.user.id);
    const first = await call(carol, "POST", "/api/v1/devices", body);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ userId: carol.user.id, ed25519: body.ed25519, x25519: body.x25519, revokedAt: null });
    const again = await call(carol, "POST", "/api/v1/devices", body);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);

    const otherSession = await loginOk(server.url, carol.user.username);
    const reused = await api(server.url, "POST", "/api/v1/devices", { token: otherSession.accessToken, body });
    expect(reused.status).toBe(409);
    expect(reused.body.error.code).toBe("device_key_in_use");

    const replacement = await call(carol, "POST", "/api/v1/devices", deviceRegistration(generateDeviceSecrets(), carol.user.id));
    expect(replacement.status).toBe(201);
    const old = await call(alice, "GET", `/api/v1/devices/${first.body.id}`);
    expect(old.status).toBe(200);
    expect(old.body.revokedAt).not.toBeNull();
    const mine = await call(carol, "GET", "/api/v1/users/me/devices");
    expect(mine.body.devices).toEqual([expect.objectContaining({ id: replacement.body.id, current: true })]);
  });

  it(`caps a user at ${MAX_DEVICES_PER_USER} live devices with 409 too_many_devices`, async () => {
    const dave = await register(server.url);
    await registerDevice(dave.accessToken, dave.user.id);
    for (let i = 1; i < MAX_DEVICES_PER_USER; i++) await registerDevice((await loginOk(server.url, dave.user.username)).accessToken, dave.user.id);
    const extra = await loginOk(server.url, dave.user.username);
    const res = await api(server.url, "POST", "/api/v1/devices", { token: extra.accessToken, body: deviceRegistration(generateDeviceSecrets(), dave.user.id) });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("too_many_devices");
    // Signing out of one frees a place.
    expect((await api(server.url, "POST", "/api/v1/auth/logout", { token: dave.accessToken })).status).toBe(204);
    await registerDevice(extra.accessToken, dave.user.id);
  });
});

describe("who may see and remove devices", () => {
  it("lists a DM's devices to its participants only (404 to others, 400 for a plain channel)", async () => {
    const a = await registerDevice(alice.accessToken, alice.user.id);
    const b = await registerDevice(bob.accessToken, bob.user.id);
    const list = await channelDevices(alice.accessToken, dm);
    expect(list.members.sort()).toEqual([alice.user.id, bob.user.id].sort());
    expect(list.devices.map((d) => d.id).sort()).toEqual([a.pub.id, b.pub.id].sort());

    const outsider = await call(carol, "GET", `/api/v1/channels/${dm}/devices`);
    expect(outsider.status).toBe(404);
    expect(outsider.body.error.code).toBe("channel_not_found");
    const cid = await community(server, carol, []);
    const general = (await channelsOf(server, carol, cid)).channels.find((c) => c.name === "general")!.id;
    const plain = await call(carol, "GET", `/api/v1/channels/${general}/devices`);
    expect(plain.status).toBe(400);
    expect(plain.body.error.code).toBe("encryption_not_supported");
  });

  it("lists the readers of an encrypted community channel, as the permission function decides, and nobody outside", async () => {
    const eve = await register(server.url);
    const cid = await community(server, alice, [bob, eve]);
    const secret = await call(alice, "POST", `/api/v1/communities/${cid}/channels`, { name: "vault", kind: "text", encrypted: true });
    expect((await channelDevices(bob.accessToken, secret.body.id)).members.sort()).toEqual([alice.user.id, bob.user.id, eve.user.id].sort());
    // Eve loses sight of the channel: she is no longer someone messages there are sealed for.
    const deny = await call(alice, "PUT", `/api/v1/channels/${secret.body.id}/overrides/member/${eve.user.id}`, { allow: "0", deny: String(permissionBits("VIEW_CHANNEL")) });
    expect(deny.status, JSON.stringify(deny.body)).toBe(200);
    expect((await channelDevices(bob.accessToken, secret.body.id)).members.sort()).toEqual([alice.user.id, bob.user.id].sort());
    expect((await call(eve, "GET", `/api/v1/channels/${secret.body.id}/devices`)).status).toBe(404);
    expect((await call(carol, "GET", `/api/v1/channels/${secret.body.id}/devices`)).status).toBe(404);
  });

  it("lets a user retire their own device but not someone else's (403)", async () => {
    const session = await loginOk(server.url, bob.user.username);
    const spare = await registerDevice(session.accessToken, bob.user.id);
    const foreign = await call(alice, "DELETE", `/api/v1/devices/${spare.pub.id}`);
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe("forbidden");
    expect((await channelDevices(alice.accessToken, dm)).devices.map((d) => d.id)).toContain(spare.pub.id);
    expect((await call(bob, "DELETE", `/api/v1/devices/${spare.pub.id}`)).status).toBe(204);
    expect((await channelDevices(alice.accessToken, dm)).devices.map((d) => d.id)).not.toContain(spare.pub.id);
    expect((await call(bob, "DELETE", "/api/v1/devices/01900000-0000-7000-8000-000000000000")).body.error.code).toBe("device_not_found");
  });

  it("H7 retires a device when its session ends, and tells DM partners' hubs", async () => {
    const hub = await openHub(server.url, alice.accessToken);
    const session = await loginOk(server.url, bob.user.username);
    const phone = await registerDevice(session.accessToken, bob.user.id);
    await hub.waitFor((f) => f.type === "devices_changed" && f.userId === bob.user.id);
    expect((await channelDevices(alice.accessToken, dm)).devices.map((d) => d.id)).toContain(phone.pub.id);

    // Revoked from another device (Settings → Sessions), as a person would after losing the phone.
    const sessions = await api(server.url, "GET", "/api/v1/users/me/sessions", { token: session.accessToken });
    const sessionId = sessions.body.sessions.find((s: { current: boolean }) => s.current).id;
    const from = hub.frames.length;
    expect((await call(bob, "DELETE", `/api/v1/users/me/sessions/${sessionId}`)).status).toBe(204);
    await hub.waitFor((f) => f.type === "devices_changed" && f.userId === bob.user.id, { from });
    expect((await channelDevices(alice.accessToken, dm)).devices.map((d) => d.id)).not.toContain(phone.pub.id);
    expect((await call(alice, "GET", `/api/v1/devices/${phone.pub.id}`)).body.revokedAt).not.toBeNull();
    hub.close();
  });
});

describe("an encrypted DM", () => {
  it("H3 counts an encrypted DM message as unread (and a declared mention as a mention) on the other side's hub", async () => {
    const hub = await openHub(server.url, bob.accessToken);
    const a = await registerDevice(alice.accessToken, alice.user.id);
    const envelope = await sealFor(a, dm, "badge-1", `hey <@${bob.user.id}>`, [bob.user.id]);
    expect((await call(alice, "POST", `/api/v1/channels/${dm}/messages`, { envelope, nonce: "badge-1", mentions: [bob.user.id] })).status).toBe(201);
    const update = await hub.waitFor((f) => f.type === "unread_updated" && f.channelId === dm);
    expect(update.unread).toBeGreaterThanOrEqual(1);
    expect(update.mentions).toBeGreaterThanOrEqual(1);
    hub.close();
  });

  it("P13 refuses plain content in a DM", async () => {
    const res = await call(alice, "POST", `/api/v1/channels/${dm}/messages`, { content: "in the clear" });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("encryption_required");
  });

  it("carries a sealed message both ways that the database holds no plaintext of", async () => {
    const a = await registerDevice(alice.accessToken, alice.user.id);
    const b = await registerDevice(bob.accessToken, bob.user.id);
    const secret = "the eagle lands at 0600 by the old mill";
    const { socket } = await joinChannel(server.url, bob.accessToken, dm);
    const envelope = await sealFor(a, dm, "sealed-1", secret, [bob.user.id]);
    const sent = await call(alice, "POST", `/api/v1/channels/${dm}/messages`, { envelope, nonce: "sealed-1", mentions: [bob.user.id] });
    expect(sent.status).toBe(201);
    const live = await socket.waitFor((f) => f.type === "message_created" && f.message.id === sent.body.id);
    expect(live.message).toMatchObject({ content: null, mentions: [bob.user.id], nonce: "sealed-1" });
    expect(await openAs(b, live.message)).toEqual({ ok: true, payload: { content: secret, mentions: [bob.user.id] } });
    expect(await openAs(a, live.message)).toMatchObject({ ok: true });

    // Bob answers over the socket; Alice reads it from history.
    const reply = await sealFor(b, dm, "sealed-2", "copy that");
    expect(await socket.request({ type: "send_message", nonce: "sealed-2", envelope: reply })).toMatchObject({ type: "ack" });
    const history = await call(alice, "GET", `/api/v1/channels/${dm}/messages`);
    const back = history.body.messages.find((m: { nonce: string }) => m.nonce === "sealed-2");
    expect(await openAs(a, back)).toEqual({ ok: true, payload: { content: "copy that", mentions: [] } });

    // An edit is a new envelope for the same message (bound to the same nonce), and keeps its declared mentions.
    const edited = await sealFor(a, dm, "sealed-1", `${secret} (moved to 0700)`, [bob.user.id]);
    const { socket: aliceSocket } = await joinChannel(server.url, alice.accessToken, dm);
    expect(await aliceSocket.request({ type: "edit_message", messageId: sent.body.id, envelope: edited, mentions: [bob.user.id] })).toMatchObject({ type: "ack" });
    const edit = await socket.waitFor((f) => f.type === "message_edited" && f.messageId === sent.body.id);
    expect(edit).toMatchObject({ content: null, mentions: [bob.user.id] });
    expect(await openAs(b, { ...live.message, envelope: edit.envelope })).toMatchObject({ ok: true, payload: { content: `${secret} (moved to 0700)` } });

    // A device registered afterwards (a new login) cannot open what was sealed before it existed.
    const later = await registerDevice((await loginOk(server.url, bob.user.username)).accessToken, bob.user.id);
    expect(await openAs(later, back)).toEqual({ ok: false, reason: "not_for_this_device" });

    // What the server stored: every column of every message and event row of the DM, as text.
    const rows = await server.sql<{ row: string }>(
      "select m::text as row from messages m where channel_id = $1 union all select e::text from channel_events e where channel_id = $1",
      [dm],
    );
    expect(rows.length).toBeGreaterThanOrEqual(4);
    const stored = rows.map((r) => r.row).join("\n");
    for (const word of ["eagle", "old mill", "0700", "copy that"]) expect(stored).not.toContain(word);
    expect(stored).toContain("hearth-e2ee-v1");
    socket.close();
    aliceSocket.close();
  });
});
