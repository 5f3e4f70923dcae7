/**
 * Key backup against the real bundle and Postgres (docs/api/devices.md "Key backup", docs/encryption.md): a message
 * sealed only for a device that has since signed out opens on a new device given the recovery key; who may store
 * and read what; validation; replacing and deleting.
 */
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deviceRegistration, generateDeviceSecrets, open, seal, type DeviceSecrets, type PublicDevice } from "../protocol/e2ee.ts";
import { generateRecoveryKey, openFromBackup, sealForBackup, type RecoveryKey } from "../protocol/key-backup.ts";
import { api, register, STRONG_PASSWORD } from "./api.ts";
import { expectError, loginOk } from "./auth-helpers.ts";
import type { TestUser } from "./community-fixtures.ts";
import { startServer, type TestServer } from "./harness.ts";

let server: TestServer;
let alice: TestUser, bob: TestUser;
let dm: string;

interface Device {
  token: string;
  secrets: DeviceSecrets;
  pub: PublicDevice;
}

async function device(token: string, userId: string): Promise<Device> {
  const secrets = generateDeviceSecrets();
  const res = await api(server.url, "POST", "/api/v1/devices", { token, body: deviceRegistration(secrets, userId) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { token, secrets, pub: res.body };
}

const backup = (token: string) => api(server.url, "GET", "/api/v1/users/me/key-backup", { token });
const setUp = (token: string, publicKey: string, password = STRONG_PASSWORD) => api(server.url, "PUT", "/api/v1/users/me/key-backup", { token, body: { publicKey, password } });
const storeKey = (d: Device, userId: string, publicKey: string, version: number, deviceId = d.pub.id) =>
  api(server.url, "PUT", `/api/v1/users/me/key-backup/keys/${deviceId}`, { token: d.token, body: { version, sealed: sealForBackup(publicKey, userId, deviceId, d.secrets.x25519Secret) } });

beforeAll(async () => {
  server = await startServer({ env: { RATE_LIMITS: "0" } });
  [alice, bob] = [await register(server.url), await register(server.url)];
  dm = (await api(server.url, "POST", "/api/v1/dms", { token: alice.accessToken, body: { userId: bob.user.id } })).body.id;
});
afterAll(async () => {
  await server?.stop();
});

describe("key backup", () => {
  let recovery: RecoveryKey;
  let laptop: Device;

  it("starts empty; setting it up needs the password and a well-formed key", async () => {
    const login = await loginOk(server.url, alice.user.username);
    laptop = await device(login.accessToken, alice.user.id);
    expect((await backup(laptop.token)).body).toEqual({ backup: null });
    recovery = generateRecoveryKey();
    expectError(await setUp(laptop.token, recovery.publicKey, "not my password"), 401, "invalid_credentials");
    expectError(await setUp(laptop.token, "short"), 400, "invalid_body");
    expectError(await api(server.url, "PUT", "/api/v1/users/me/key-backup", { token: laptop.token, body: { publicKey: recovery.publicKey } }), 400, "invalid_body");
    expectError(await api(server.url, "GET", "/api/v1/users/me/key-backup"), 401, "unauthorized");
    const res = await setUp(laptop.token, recovery.publicKey);
    expect(res.status).toBe(201);
    expect(res.body.backup).toMatchObject({ version: 1, publicKey: recovery.publicKey, keyCount: 0 });
    const [row] = await server.sql<{ action: string }>("select action from audit_log where actor_id = $1 and action like 'user.key_backup%'", [alice.user.id]);
    expect(row?.action).toBe("user.key_backup_create");
  });

  it("a message sealed only for a device that signed out opens on a new device given the recovery key", async () => {
    expect((await storeKey(laptop, alice.user.id, recovery.publicKey, 1)).status).toBe(200);
    expect((await backup(laptop.token)).body.backup.keyCount).toBe(1);

    // Bob writes while the laptop is Alice's only device; then she signs out of it.
    const bobDevice = await device(bob.accessToken, bob.user.id);
    const { devices } = (await api(server.url, "GET", `/api/v1/channels/${dm}/devices`, { token: bob.accessToken })).body;
    const envelope = seal({ channelId: dm, messageNonce: "before-phone", sender: { deviceId: bobDevice.pub.id, secrets: bobDevice.secrets }, recipients: devices.map((d: PublicDevice) => ({ deviceId: d.id, x25519: Buffer.from(d.x25519, "base64url") })), payload: { content: "sent before the phone existed" } });
    expect((await api(server.url, "POST", `/api/v1/channels/${dm}/messages`, { token: bob.accessToken, body: { envelope, nonce: "before-phone" } })).status).toBe(201);
    expect((await api(server.url, "POST", "/api/v1/auth/logout", { token: laptop.token })).status).toBe(204);

    const phone = await device((await loginOk(server.url, alice.user.username)).accessToken, alice.user.id);
    const [message] = (await api(server.url, "GET", `/api/v1/channels/${dm}/messages`, { token: phone.token })).body.messages;
    const input = { channelId: dm, messageNonce: message.nonce, envelope: message.envelope, authorId: bob.user.id, senderDevice: bobDevice.pub, me: { deviceId: phone.pub.id, secrets: phone.secrets } };
    expect(open(input)).toEqual({ ok: false, reason: "not_for_this_device" });

    const keys = await api(server.url, "GET", "/api/v1/users/me/key-backup/keys", { token: phone.token });
    expect(keys.body).toMatchObject({ version: 1, keys: [{ deviceId: laptop.pub.id }] });
    const restored = keys.body.keys.map((k: { deviceId: string; sealed: string }) => ({ deviceId: k.deviceId, x25519Secret: openFromBackup(recovery.secret, alice.user.id, k.deviceId, k.sealed)! }));
    expect(open({ ...input, restored })).toEqual({ ok: true, payload: { content: "sent before the phone existed" } });
    // The server holds nothing it could open: no recovery key, no device secret, no text.
    const dump = JSON.stringify(await server.sql("select * from key_backup_keys")) + JSON.stringify(await server.sql("select * from key_backups"));
    expect(dump).not.toContain(Buffer.from(recovery.secret).toString("base64url"));
    expect(dump).not.toContain(Buffer.from(laptop.secrets.x25519Secret).toString("base64url"));

    // The phone backs itself up too; storing again replaces its entry.
    expect((await storeKey(phone, alice.user.id, recovery.publicKey, 1)).status).toBe(200);
    expect((await storeKey(phone, alice.user.id, recovery.publicKey, 1)).status).toBe(200);
    expect((await backup(phone.token)).body.backup.keyCount).toBe(2);

    // The data export carries the backup as stored (sealed), beside the devices' public keys.
    const res = await fetch(`${server.url}/api/v1/users/me/export`, { headers: { authorization: `Bearer ${phone.token}` } });
    const data = JSON.parse(strFromU8(unzipSync(new Uint8Array(await res.arrayBuffer()))["hearth-export.json"]));
    expect(data.encryption.keyBackup).toMatchObject({ version: 1, publicKey: recovery.publicKey });
    expect(data.encryption.keyBackup.keys.map((k: { deviceId: string }) => k.deviceId).sort()).toEqual([laptop.pub.id, phone.pub.id].sort());
    expect(data.encryption.devices.map((d: { id: string }) => d.id)).toEqual(expect.arrayContaining([laptop.pub.id, phone.pub.id]));
  });

  it("a device stores only its own key, into the current version, in the right shape", async () => {
    const phone = await device((await loginOk(server.url, alice.user.username)).accessToken, alice.user.id);
    const bobs = await device(bob.accessToken, bob.user.id);
    // Alice's laptop (signed out) and Bob's device are not this session's.
    expectError(await storeKey(phone, alice.user.id, recovery.publicKey, 1, laptop.pub.id), 403, "not_this_device");
    expectError(await storeKey(bobs, bob.user.id, recovery.publicKey, 1, phone.pub.id), 403, "not_this_device");
    // Bob has no backup of his own, and cannot read Alice's.
    expectError(await storeKey(bobs, bob.user.id, recovery.publicKey, 1), 404, "no_key_backup");
    expectError(await api(server.url, "GET", "/api/v1/users/me/key-backup/keys", { token: bob.accessToken }), 404, "no_key_backup");
    const stale = await storeKey(phone, alice.user.id, recovery.publicKey, 7);
    expectError(stale, 409, "key_backup_changed");
    expect(stale.body.error.details).toEqual({ version: 1 });
    for (const body of [{ version: 1, sealed: "abc" }, { version: 0, sealed: "A".repeat(139) }, { version: 1 }, { version: 1, sealed: "A".repeat(139), extra: 1 }]) {
      expectError(await api(server.url, "PUT", `/api/v1/users/me/key-backup/keys/${phone.pub.id}`, { token: phone.token, body }), 400, "invalid_body");
    }
    expectError(await api(server.url, "PUT", "/api/v1/users/me/key-backup/keys/not-a-uuid", { token: phone.token, body: { version: 1, sealed: "A".repeat(139) } }), 404, "not_found");
  });

  it("replacing it drops what was sealed to the old key; deleting needs the password", async () => {
    const login = await loginOk(server.url, alice.user.username);
    const desk = await device(login.accessToken, alice.user.id);
    const next = generateRecoveryKey();
    const res = await setUp(desk.token, next.publicKey);
    expect(res.body.backup).toMatchObject({ version: 2, publicKey: next.publicKey, keyCount: 0 });
    expect((await api(server.url, "GET", "/api/v1/users/me/key-backup/keys", { token: desk.token })).body).toEqual({ version: 2, keys: [] });
    expectError(await storeKey(desk, alice.user.id, recovery.publicKey, 1), 409, "key_backup_changed");
    expect((await storeKey(desk, alice.user.id, next.publicKey, 2)).status).toBe(200);

    expectError(await api(server.url, "DELETE", "/api/v1/users/me/key-backup", { token: desk.token, body: { password: "wrong" } }), 401, "invalid_credentials");
    expect((await backup(desk.token)).body.backup.keyCount).toBe(1);
    expect((await api(server.url, "DELETE", "/api/v1/users/me/key-backup", { token: desk.token, body: { password: STRONG_PASSWORD } })).status).toBe(204);
    expect((await backup(desk.token)).body).toEqual({ backup: null });
    expect(await server.sql("select * from key_backup_keys where user_id = $1", [alice.user.id])).toEqual([]);
    expectError(await api(server.url, "DELETE", "/api/v1/users/me/key-backup", { token: desk.token, body: { password: STRONG_PASSWORD } }), 404, "no_key_backup");
  });

  it("goes with the account when the account is deleted", async () => {
    const carol = await register(server.url);
    const d = await device(carol.accessToken, carol.user.id);
    const key = generateRecoveryKey();
    expect((await setUp(d.token, key.publicKey)).status).toBe(201);
    expect((await storeKey(d, carol.user.id, key.publicKey, 1)).status).toBe(200);
    expect((await api(server.url, "DELETE", "/api/v1/users/me", { token: d.token, body: { password: STRONG_PASSWORD } })).status).toBe(204);
    expect(await server.sql("select 1 from key_backups where user_id = $1 union all select 1 from key_backup_keys where user_id = $1", [carol.user.id])).toEqual([]);
  });
});
