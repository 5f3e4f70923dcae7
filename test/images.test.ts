/**
 * Profile pictures and community icons and banners against the real bundle, the disk blob store and Postgres
 * (docs/api/images.md): upload, serve to anyone with immutable caching, show everywhere a user is named, replace
 * and remove (old bytes go from disk), who may change a community's, and what is refused.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { register, STRONG_PASSWORD } from "./api.ts";
import { expectNoServerErrors } from "./auth-helpers.ts";
import { caller, channelsOf, community, type TestUser } from "./community-fixtures.ts";
import { startServer, type TestServer } from "./harness.ts";

let server: TestServer;
let owner: TestUser, alice: TestUser, bob: TestUser;
let communityId: string;

beforeAll(async () => {
  server = await startServer({ env: { COMMUNITY_CREATION_MODE: "open", RATE_LIMITS: "0" } });
  [owner, alice, bob] = [await register(server.url), await register(server.url), await register(server.url)];
  communityId = await community(server, owner, [alice, bob]);
});
afterAll(async () => {
  expectNoServerErrors(server);
  await server?.stop();
});

const call = (user: TestUser | null, method: string, p: string, body?: unknown) => caller(server)(user, method, p, body);

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Array.from({ length: 500 }, (_, i) => i % 256)]);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...Array.from({ length: 300 }, (_, i) => (i * 7) % 256)]);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function put(user: TestUser, p: string, bytes: Uint8Array, type = "image/png"): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}${p}`, { method: "PUT", headers: { authorization: `Bearer ${user.accessToken}`, "content-type": type }, body: new Blob([bytes as Uint8Array<ArrayBuffer>]) });
  return { status: res.status, body: res.status === 204 ? null : await res.json() };
}

const idOf = (url: string) => url.split("/").pop()!;
const onDisk = (url: string) => fs.existsSync(path.join(server.filesDir, idOf(url)));

async function gone(url: string): Promise<void> {
  for (let i = 0; i < 50 && onDisk(url); i++) await new Promise((r) => setTimeout(r, 100));
  expect(onDisk(url)).toBe(false);
}

describe("profile pictures", () => {
  it("stores an avatar, serves it to anyone with immutable caching, and names it wherever the user appears", async () => {
    const up = await put(alice, "/api/v1/users/me/avatar", PNG);
    expect(up.status, JSON.stringify(up.body)).toBe(200);
    const url: string = up.body.avatarUrl;
    expect(url).toMatch(/^\/api\/v1\/images\/[0-9a-f-]{36}$/);

    const res = await fetch(`${server.url}${url}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("cache-control")).toContain("immutable");
    expect(res.headers.get("content-security-policy")).toContain("sandbox");
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(PNG);

    expect((await call(alice, "GET", "/api/v1/users/me")).body.avatarUrl).toBe(url);
    const members = await call(bob, "GET", `/api/v1/communities/${communityId}/members`);
    expect(members.body.members.find((m: { user: { id: string } }) => m.user.id === alice.user.id).user.avatarUrl).toBe(url);
    const lookup = await call(bob, "GET", `/api/v1/users?ids=${alice.user.id}`);
    expect(lookup.body.users[0].avatarUrl).toBe(url);
    const general = (await channelsOf(server, owner, communityId)).channels.find((c: { name: string }) => c.name === "general")!.id;
    await call(alice, "POST", `/api/v1/channels/${general}/messages`, { content: "new picture!" });
    const history = await call(bob, "GET", `/api/v1/channels/${general}/messages`);
    expect(history.body.messages.at(-1).author.avatarUrl).toBe(url);
  });

  it("replacing or removing one deletes the old bytes", async () => {
    const first = (await put(bob, "/api/v1/users/me/avatar", PNG)).body.avatarUrl as string;
    const second = (await put(bob, "/api/v1/users/me/avatar", JPEG, "application/octet-stream")).body.avatarUrl as string;
    expect(second).not.toBe(first);
    const res = await fetch(`${server.url}${second}`);
    // The type comes from the bytes, not from what the client claimed.
    expect(res.headers.get("content-type")).toBe("image/jpeg");
    expect((await fetch(`${server.url}${first}`)).status).toBe(404);
    await gone(first);

    const del = await call(bob, "DELETE", "/api/v1/users/me/avatar");
    expect(del.status).toBe(204);
    expect((await call(bob, "GET", "/api/v1/users/me")).body.avatarUrl).toBeNull();
    expect((await fetch(`${server.url}${second}`)).status).toBe(404);
    await gone(second);
  });

  it("refuses what is not a PNG, JPEG, GIF or WebP image, too large, empty, or unauthenticated; nothing changes", async () => {
    const before = (await call(alice, "GET", "/api/v1/users/me")).body.avatarUrl;
    const svg = new TextEncoder().encode(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`);
    const refused = await put(alice, "/api/v1/users/me/avatar", svg, "image/svg+xml");
    expect(refused.status).toBe(415);
    expect(refused.body.error.code).toBe("unsupported_media_type");
    const html = new TextEncoder().encode("<html><body>hi</body></html>");
    expect((await put(alice, "/api/v1/users/me/avatar", html, "image/png")).status).toBe(415);
    const big = new Uint8Array(4 * 1024 * 1024 + 1);
    big.set(PNG.slice(0, 8));
    const tooBig = await put(alice, "/api/v1/users/me/avatar", big);
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.code).toBe("payload_too_large");
    expect((await put(alice, "/api/v1/users/me/avatar", new Uint8Array(0))).status).toBe(400);
    const anon = await fetch(`${server.url}/api/v1/users/me/avatar`, { method: "PUT", body: new Blob([PNG as Uint8Array<ArrayBuffer>]) });
    expect(anon.status).toBe(401);
    expect((await call(alice, "GET", "/api/v1/users/me")).body.avatarUrl).toBe(before);
    expect((await fetch(`${server.url}/api/v1/images/0193a000-0000-7000-8000-000000000000`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/v1/images/not-an-id`)).status).toBe(404);
  });

  it("deleting the account deletes the picture", async () => {
    const carol = await register(server.url);
    const url = (await put(carol, "/api/v1/users/me/avatar", PNG)).body.avatarUrl as string;
    const del = await call(carol, "DELETE", "/api/v1/users/me", { password: STRONG_PASSWORD });
    expect(del.status, JSON.stringify(del.body)).toBe(204);
    expect((await fetch(`${server.url}${url}`)).status).toBe(404);
    await gone(url);
  });
});

describe("profile banners", () => {
  it("are set and removed like pictures, shown on the profile to people who share a space, and 404 to others", async () => {
    const up = await put(alice, "/api/v1/users/me/banner", JPEG);
    expect(up.status, JSON.stringify(up.body)).toBe(200);
    const url: string = up.body.bannerUrl;
    expect(url).toMatch(/^\/api\/v1\/images\/[0-9a-f-]{36}$/);
    expect((await fetch(`${server.url}${url}`)).headers.get("content-type")).toBe("image/jpeg");
    expect((await call(alice, "GET", "/api/v1/users/me")).body.bannerUrl).toBe(url);
    // Bob shares a community with Alice: he sees her profile with it; the avatar slot is untouched.
    const profile = await call(bob, "GET", `/api/v1/users/${alice.user.id}/profile`);
    expect(profile.status).toBe(200);
    expect(profile.body).toMatchObject({ id: alice.user.id, username: alice.user.username, bannerUrl: url });
    expect((await call(alice, "GET", "/api/v1/users/me/profile")).body.bannerUrl).toBe(url);
    // A stranger, no one and a malformed id: the same 404, which says nothing about who exists.
    const stranger = await register(server.url);
    expect((await call(stranger, "GET", `/api/v1/users/${alice.user.id}/profile`)).body.error.code).toBe("user_not_found");
    expect((await call(stranger, "GET", `/api/v1/users/0193a000-0000-7000-8000-000000000000/profile`)).status).toBe(404);
    expect((await call(stranger, "GET", `/api/v1/users/not-an-id/profile`)).status).toBe(404);
    expect((await call(null, "GET", `/api/v1/users/${alice.user.id}/profile`)).status).toBe(401);
    // An SVG is refused as for pictures.
    expect((await put(alice, "/api/v1/users/me/banner", new TextEncoder().encode("<svg/>"), "image/svg+xml")).status).toBe(415);

    const replaced = (await put(alice, "/api/v1/users/me/banner", PNG)).body.bannerUrl as string;
    await gone(url);
    expect((await call(alice, "DELETE", "/api/v1/users/me/banner")).status).toBe(204);
    expect((await call(bob, "GET", `/api/v1/users/${alice.user.id}/profile`)).body.bannerUrl).toBeNull();
    await gone(replaced);
  });
});

describe("community icons and banners", () => {
  it("lets MANAGE_COMMUNITY set and remove them; others are refused", async () => {
    const refused = await put(alice, `/api/v1/communities/${communityId}/icon`, PNG);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("missing_permission");
    const icon = await put(owner, `/api/v1/communities/${communityId}/icon`, PNG);
    expect(icon.status).toBe(200);
    expect(icon.body.iconUrl).toMatch(/^\/api\/v1\/images\//);
    const banner = await put(owner, `/api/v1/communities/${communityId}/banner`, JPEG);
    expect(banner.body).toMatchObject({ iconUrl: icon.body.iconUrl, bannerUrl: expect.stringMatching(/^\/api\/v1\/images\//) });
    const seen = await call(bob, "GET", `/api/v1/communities/${communityId}`);
    expect(seen.body).toMatchObject({ iconUrl: icon.body.iconUrl, bannerUrl: banner.body.bannerUrl });
    expect((await fetch(`${server.url}${icon.body.iconUrl}`)).status).toBe(200);

    expect((await call(owner, "DELETE", `/api/v1/communities/${communityId}/icon`)).status).toBe(204);
    expect((await call(bob, "GET", `/api/v1/communities/${communityId}`)).body.iconUrl).toBeNull();
    await gone(icon.body.iconUrl);
    expect((await fetch(`${server.url}${banner.body.bannerUrl}`)).status).toBe(200);
    expect((await put(owner, `/api/v1/communities/0193a000-0000-7000-8000-000000000000/icon`, PNG)).status).toBe(404);
  });
});
