/**
 * Files end to end against the real bundle, the disk blob store and Postgres (docs/api/files.md): upload, attach
 * to a send, download by whoever may read the channel, who may not, limits and quota, validation, deleting an
 * unsent upload, and a deleted message taking its files (rows and bytes on disk) with it.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { permissionBits, permissionsToString } from "../protocol/permissions.ts";
import { api, register } from "./api.ts";
import { expectError } from "./auth-helpers.ts";
import { caller, channelsOf, community, roleId, type TestUser } from "./community-fixtures.ts";
import { startServer, type TestServer } from "./harness.ts";
import { joinChannel } from "./realtime-client.ts";

let server: TestServer;
let owner: TestUser, alice: TestUser, bob: TestUser, outsider: TestUser;
let communityId: string;
let general: string;

beforeAll(async () => {
  server = await startServer({ env: { COMMUNITY_CREATION_MODE: "open", RATE_LIMITS: "0" } });
  [owner, alice, bob, outsider] = [await register(server.url), await register(server.url), await register(server.url), await register(server.url)];
  communityId = await community(server, owner, [alice, bob]);
  general = (await channelsOf(server, owner, communityId)).channels.find((c: { name: string }) => c.name === "general")!.id;
});
afterAll(async () => {
  await server?.stop();
});

const call = (user: TestUser | null, method: string, p: string, body?: unknown) => caller(server)(user, method, p, body);

/** A PNG's first bytes and some more: what is stored must come back byte for byte. */
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Array.from({ length: 3000 }, (_, i) => i % 251)]);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function upload(user: TestUser, channelId: string, name: string | null, bytes: Uint8Array = PNG, type = "image/png"): Promise<{ status: number; body: any; headers: Headers }> {
  const q = name === null ? "" : `?name=${encodeURIComponent(name)}`;
  const res = await fetch(`${server.url}/api/v1/channels/${channelId}/files${q}`, {
    method: "POST",
    headers: { authorization: `Bearer ${user.accessToken}`, "content-type": type },
    body: new Blob([bytes as Uint8Array<ArrayBuffer>]),
  });
  return { status: res.status, body: await res.json(), headers: res.headers };
}

async function download(user: TestUser | null, fileId: string) {
  const res = await fetch(`${server.url}/api/v1/files/${fileId}`, { headers: user ? { authorization: `Bearer ${user.accessToken}` } : {} });
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}

const blobExists = (id: string) => fs.existsSync(path.join(server.filesDir, id));

describe("uploading and sending", () => {
  it("uploads a file only its uploader sees, attaches it to a send everyone in the channel receives, and serves it to them", async () => {
    const up = await upload(alice, general, "cat picture.png");
    expect(up.status).toBe(201);
    expect(up.body.file).toMatchObject({ name: "cat picture.png", contentType: "image/png", size: PNG.length, encrypted: false });
    const fileId: string = up.body.file.id;
    expect(blobExists(fileId)).toBe(true);
    // Not sent yet: the uploader may fetch it back, nobody else.
    expect((await download(alice, fileId)).bytes).toEqual(PNG);
    expect((await download(bob, fileId)).status).toBe(404);

    const a = await joinChannel(server.url, alice.accessToken, general);
    const b = await joinChannel(server.url, bob.accessToken, general);
    const ack = await a.socket.request({ type: "send_message", nonce: "with-file", content: "", attachments: [fileId] });
    expect(ack.type).toBe("ack");
    const event = await b.socket.waitFor((f) => f.type === "message_created" && f.message.id === ack.id);
    expect(event.message.content).toBe("");
    expect(event.message.attachments).toEqual([up.body.file]);

    const got = await download(bob, fileId);
    expect(got.status).toBe(200);
    expect(got.bytes).toEqual(PNG);
    expect(got.headers.get("content-type")).toBe("image/png");
    expect(got.headers.get("content-disposition")).toBe(`inline; filename="cat picture.png"; filename*=UTF-8''cat%20picture.png`);
    expect(got.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
    expect(got.headers.get("x-content-type-options")).toBe("nosniff");

    const history = await call(bob, "GET", `/api/v1/channels/${general}/messages?limit=5`);
    expect(history.body.messages.find((m: { id: string }) => m.id === ack.id).attachments).toEqual([up.body.file]);

    // The same upload cannot go out twice, and nobody can send another's upload.
    const again = await a.socket.request({ type: "send_message", nonce: "same-file", content: "again", attachments: [fileId] });
    expect(again).toMatchObject({ type: "error", code: "invalid_attachment" });
    const mine = await upload(alice, general, "notes.txt", new TextEncoder().encode("hello"), "text/plain");
    const stolen = await b.socket.request({ type: "send_message", nonce: "steal", content: "mine now", attachments: [mine.body.file.id] });
    expect(stolen).toMatchObject({ type: "error", code: "invalid_attachment" });
    // Nor attach it in another channel.
    const other = await call(owner, "POST", `/api/v1/communities/${communityId}/channels`, { name: "elsewhere", kind: "text" });
    const elsewhere = await call(alice, "POST", `/api/v1/channels/${other.body.id}/messages`, { content: "moved?", attachments: [mine.body.file.id] });
    expectError(elsewhere, 400, "invalid_attachment");
    // REST sends carry files too; the socket hears of it.
    const rest = await call(alice, "POST", `/api/v1/channels/${general}/messages`, { content: "the notes", attachments: [mine.body.file.id] });
    expect(rest.status).toBe(201);
    expect(rest.body.message.attachments).toEqual([mine.body.file]);
    const heard = await b.socket.waitFor((f) => f.type === "message_created" && f.message.id === rest.body.id);
    expect(heard.message.attachments[0].name).toBe("notes.txt");
    // A file of a type that could run script downloads as bytes.
    const html = await upload(alice, general, "page.html", new TextEncoder().encode("<script>alert(1)</script>"), "text/html");
    expect(html.body.file.contentType).toBe("text/html");
    const served = await download(alice, html.body.file.id);
    expect(served.headers.get("content-type")).toBe("application/octet-stream");
    expect(served.headers.get("content-disposition")).toMatch(/^attachment; /);
    a.socket.close();
    b.socket.close();
  });

  it("a deleted message takes its files: gone from history, not downloadable, and their bytes deleted from disk", async () => {
    const up = await upload(alice, general, "secret.png");
    const fileId = up.body.file.id;
    const a = await joinChannel(server.url, alice.accessToken, general);
    const ack = await a.socket.request({ type: "send_message", nonce: "to-delete", content: "oops", attachments: [fileId] });
    expect(ack.type).toBe("ack");
    expect((await download(bob, fileId)).status).toBe(200);
    const del = await a.socket.request({ type: "delete_message", messageId: ack.id });
    expect(del.type).toBe("ack");
    expect((await download(bob, fileId)).status).toBe(404);
    const history = await call(bob, "GET", `/api/v1/channels/${general}/messages?around=${ack.seq}&limit=3`);
    expect(history.body.messages.find((m: { id: string }) => m.id === ack.id)).toMatchObject({ content: null, attachments: [] });
    expect(await server.sql("select 1 from files where id = $1", [fileId])).toHaveLength(0);
    // The bytes go with the next sweep: within a minute of any API request, at once after an upload.
    expect((await upload(bob, general, "trigger.png")).status).toBe(201);
    await expect.poll(() => blobExists(fileId), { timeout: 5000 }).toBe(false);
    // The sweep deletes the blob, then its tombstone.
    await expect.poll(async () => (await server.sql("select 1 from file_tombstones where file_id = $1", [fileId])).length, { timeout: 5000 }).toBe(0);
    a.socket.close();
  });

  it("deletes an unsent upload for its uploader only, and never a sent one", async () => {
    const up = await upload(alice, general, "draft.png");
    expectError(await call(bob, "DELETE", `/api/v1/files/${up.body.file.id}`), 404, "file_not_found");
    const res = await call(alice, "DELETE", `/api/v1/files/${up.body.file.id}`);
    expect(res.status).toBe(204);
    expect((await download(alice, up.body.file.id)).status).toBe(404);
    await expect.poll(() => blobExists(up.body.file.id), { timeout: 5000 }).toBe(false);

    const sent = await upload(alice, general, "kept.png");
    expect((await call(alice, "POST", `/api/v1/channels/${general}/messages`, { content: "kept", attachments: [sent.body.file.id] })).status).toBe(201);
    expectError(await call(alice, "DELETE", `/api/v1/files/${sent.body.file.id}`), 404, "file_not_found");
    expect((await download(bob, sent.body.file.id)).status).toBe(200);
  });
});

describe("who may, and limits", () => {
  it("refuses outsiders, the signed-out and members without ATTACH_FILES", async () => {
    expectError(await upload(outsider, general, "x.png"), 404, "channel_not_found");
    const up = await upload(alice, general, "shared.png");
    await call(alice, "POST", `/api/v1/channels/${general}/messages`, { content: "for members", attachments: [up.body.file.id] });
    expect((await download(outsider, up.body.file.id)).status).toBe(404);
    expect((await download(null, up.body.file.id)).status).toBe(401);

    const channel = await call(owner, "POST", `/api/v1/communities/${communityId}/channels`, { name: "no-files", kind: "text" });
    const everyone = await roleId(server, owner, communityId, "@everyone");
    await call(owner, "PUT", `/api/v1/channels/${channel.body.id}/overrides/role/${everyone}`, { allow: "0", deny: permissionsToString(permissionBits("ATTACH_FILES")) });
    expectError(await upload(alice, channel.body.id, "x.png"), 403, "missing_permission");
    // An upload made before the permission was taken cannot be sent after.
    const early = await upload(alice, general, "early.png");
    await call(owner, "PUT", `/api/v1/channels/${general}/overrides/role/${everyone}`, { allow: "0", deny: permissionsToString(permissionBits("ATTACH_FILES")) });
    const a = await joinChannel(server.url, alice.accessToken, general);
    expect(await a.socket.request({ type: "send_message", nonce: "late", content: "x", attachments: [early.body.file.id] })).toMatchObject({ type: "error", code: "missing_permission" });
    await call(owner, "DELETE", `/api/v1/channels/${general}/overrides/role/${everyone}`);
    a.socket.close();
  });

  it("enforces the instance's size limit and per-user quota with 413s, storing nothing", async () => {
    const before = await server.sql<{ n: number }>("select count(*)::int as n from files");
    await server.sql(`insert into instance_settings (key, value) values ('upload_max_bytes', '1000') on conflict (key) do update set value = excluded.value`);
    const big = await upload(alice, general, "big.png");
    expectError(big, 413, "payload_too_large");
    expect(big.body.error.details?.maxUploadBytes ?? big.body.error.maxUploadBytes ?? 1000).toBe(1000);
    await server.sql(`delete from instance_settings where key = 'upload_max_bytes'`);

    const [{ used }] = await server.sql<{ used: string }>("select coalesce(sum(size), 0) as used from files where uploader_id = $1", [bob.user.id]);
    await server.sql(`insert into instance_settings (key, value) values ('upload_user_quota_bytes', $1) on conflict (key) do update set value = excluded.value`, [JSON.stringify(Number(used) + 4000)]);
    expect((await upload(bob, general, "fits.png")).status).toBe(201);
    expectError(await upload(bob, general, "over.png"), 413, "quota_exceeded");
    await server.sql(`delete from instance_settings where key = 'upload_user_quota_bytes'`);
    expect((await server.sql<{ n: number }>("select count(*)::int as n from files"))[0].n).toBe(before[0].n + 1);
  });

  it("validates names, bodies, ids and frames with clear errors", async () => {
    expectError(await upload(alice, general, null), 400, "invalid_query");
    expectError(await upload(alice, general, "../etc/passwd"), 400, "invalid_query");
    expectError(await upload(alice, general, "a".repeat(201)), 400, "invalid_query");
    expectError(await upload(alice, general, "empty.txt", new Uint8Array(0)), 400, "invalid_body");
    expectError(await call(alice, "GET", "/api/v1/files/not-a-uuid"), 404, "not_found");
    expectError(await call(alice, "POST", `/api/v1/channels/${general}/messages`, { content: "", attachments: [] }), 400, "invalid_body");
    expectError(await call(alice, "POST", `/api/v1/channels/${general}/messages`, { content: "x", attachments: ["nope"] }), 400, "invalid_body");
    const a = await joinChannel(server.url, alice.accessToken, general);
    expect(await a.socket.request({ type: "send_message", nonce: "bad1", content: "x", attachments: "nope" })).toMatchObject({ type: "error", code: "invalid_frame" });
    expect(await a.socket.request({ type: "send_message", nonce: "bad2", content: "", attachments: [] })).toMatchObject({ type: "error", code: "invalid_frame" });
    const eleven = Array.from({ length: 11 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`);
    expect(await a.socket.request({ type: "send_message", nonce: "bad3", content: "x", attachments: eleven })).toMatchObject({ type: "error", code: "invalid_frame" });
    expect(await a.socket.request({ type: "send_message", nonce: "bad4", content: "x", attachments: [eleven[0]] })).toMatchObject({ type: "error", code: "invalid_attachment" });
    // Still open and working.
    expect((await a.socket.request({ type: "send_message", nonce: "fine", content: "still here" })).type).toBe("ack");
    a.socket.close();
  });

  it("stores an upload to an encrypted conversation under a neutral name and type", async () => {
    const dm = await call(alice, "POST", "/api/v1/dms", { userId: bob.user.id });
    expect(dm.status).toBeLessThan(300);
    const encrypted = (await server.sql<{ encrypted: boolean }>("select encrypted from channels where id = $1", [dm.body.id]))[0].encrypted;
    const up = await upload(alice, dm.body.id, "holiday.jpg", PNG, "image/jpeg");
    expect(up.status).toBe(201);
    if (encrypted) expect(up.body.file).toMatchObject({ name: "encrypted.bin", contentType: "application/octet-stream", encrypted: true });
    else expect(up.body.file).toMatchObject({ name: "holiday.jpg", encrypted: false });
    expect(encrypted).toBe(true);
  });
});
