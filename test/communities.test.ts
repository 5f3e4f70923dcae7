import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_EVERYONE, DM_PERMISSIONS, permissionBits, permissionsToString } from "../protocol/permissions.ts";
import { api, register, uniqueName } from "./api.ts";
import { startServer, type TestServer } from "./harness.ts";

const ADMIN = uniqueName("root");
let server: TestServer;
type User = Awaited<ReturnType<typeof register>>;
let admin: User, alice: User, bob: User, mallory: User;
let communityId: string;

beforeAll(async () => {
  server = await startServer({ env: { ADMIN_USERNAME: ADMIN, RATE_LIMITS: "0" } });
  [admin, alice, bob, mallory] = [await register(server.url, ADMIN), await register(server.url), await register(server.url), await register(server.url)];
});
afterAll(async () => {
  await server?.stop();
});

const call = (user: User | null, method: string, path: string, body?: unknown) => api(server.url, method, path, { token: user?.accessToken, body });

async function invite(owner: User, id: string, body: Record<string, unknown> = {}) {
  const res = await call(owner, "POST", `/api/v1/communities/${id}/invites`, body);
  expect(res.status).toBe(201);
  return res.body.code as string;
}

describe("creating communities", () => {
  it("refuses non-admins while COMMUNITY_CREATION_MODE is admin_only (the default)", async () => {
    const res = await call(alice, "POST", "/api/v1/communities", { name: "Alice's place" });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("community_creation_restricted");
    const mine = await call(alice, "GET", "/api/v1/communities");
    expect(mine.body.communities).toEqual([]);
  });

  it("lets the instance admin create one with default roles, groups and channels, as its owner", async () => {
    const res = await call(admin, "POST", "/api/v1/communities", { name: "Hearthside", description: "A warm place" });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: "Hearthside", description: "A warm place", ownerId: admin.user.id });
    communityId = res.body.id;

    const detail = await call(admin, "GET", `/api/v1/communities/${communityId}`);
    expect(detail.status).toBe(200);
    expect(detail.body.memberCount).toBe(1);
    expect(detail.body.me.isOwner).toBe(true);
    expect(detail.body.roles.map((r: { name: string }) => r.name)).toEqual(["@everyone", "Member", "Moderator", "Admin"]);
    expect(detail.body.roles[0]).toMatchObject({ isEveryone: true, position: 0, permissions: permissionsToString(DEFAULT_EVERYONE) });

    const list = await call(admin, "GET", `/api/v1/communities/${communityId}/channels`);
    expect(list.body.groups.map((g: { name: string }) => g.name)).toEqual(["Text Channels", "Voice Channels"]);
    expect(list.body.channels.map((c: { name: string; kind: string }) => [c.name, c.kind])).toEqual([
      ["general", "text"],
      ["General", "voice"],
    ]);
    const mine = await call(admin, "GET", "/api/v1/communities");
    expect(mine.body.communities.map((c: { id: string }) => c.id)).toEqual([communityId]);
  });

  it("lets anyone create once an admin sets community creation to open", async () => {
    await server.sql(`insert into instance_settings (key, value) values ('community_creation_mode', '"open"')`);
    const res = await call(alice, "POST", "/api/v1/communities", { name: "Alice's place" });
    expect(res.status).toBe(201);
    await server.sql(`delete from instance_settings where key = 'community_creation_mode'`);
    expect((await call(bob, "POST", "/api/v1/communities", { name: "Nope" })).status).toBe(403);
  });

  it("rejects a missing or overlong name with 400", async () => {
    expect((await call(admin, "POST", "/api/v1/communities", {})).body.error.code).toBe("invalid_body");
    expect((await call(admin, "POST", "/api/v1/communities", { name: "x".repeat(101) })).status).toBe(400);
  });
});

describe("invites and joining", () => {
  it("shows a public preview and lets a user join with the code", async () => {
    const code = await invite(admin, communityId);
    const preview = await api(server.url, "GET", `/api/v1/invites/${code}`);
    expect(preview.status).toBe(200);
    expect(preview.body.community).toMatchObject({ id: communityId, name: "Hearthside", memberCount: 1 });

    const accept = await call(bob, "POST", `/api/v1/invites/${code}/accept`);
    expect(accept.status).toBe(200);
    expect(accept.body).toMatchObject({ communityId, joined: true });
    const again = await call(bob, "POST", `/api/v1/invites/${code}/accept`);
    expect(again.body).toMatchObject({ communityId, joined: false });
    const [row] = await server.sql<{ uses: number }>("select uses from community_invites where code = $1", [code]);
    expect(row.uses).toBe(1);

    const bobs = await call(bob, "GET", "/api/v1/communities");
    expect(bobs.body.communities.map((c: { id: string }) => c.id)).toEqual([communityId]);
    expect((await call(bob, "GET", `/api/v1/communities/${communityId}`)).body.memberCount).toBe(2);
  });

  it("refuses a used-up, revoked or expired invite with 404 and adds nobody", async () => {
    const single = await invite(admin, communityId, { maxUses: 1 });
    const mine = await call(admin, "POST", `/api/v1/invites/${single}/accept`);
    expect(mine.body.joined).toBe(false);
    const other = await register(server.url);
    expect((await call(other, "POST", `/api/v1/invites/${single}/accept`)).status).toBe(200);
    const usedUp = await call(mallory, "POST", `/api/v1/invites/${single}/accept`);
    expect(usedUp.status).toBe(404);
    expect(usedUp.body.error.code).toBe("invite_not_found");

    const revoked = await invite(admin, communityId);
    expect((await call(admin, "DELETE", `/api/v1/invites/${revoked}`)).status).toBe(200);
    expect((await call(mallory, "POST", `/api/v1/invites/${revoked}/accept`)).body.error.code).toBe("invite_not_found");
    expect((await api(server.url, "GET", `/api/v1/invites/${revoked}`)).status).toBe(404);

    const expired = await invite(admin, communityId, { expiresInSeconds: 3600 });
    await server.sql("update community_invites set expires_at = now() - interval '1 second' where code = $1", [expired]);
    expect((await call(mallory, "POST", `/api/v1/invites/${expired}/accept`)).body.error.code).toBe("invite_not_found");

    expect((await call(mallory, "GET", "/api/v1/communities")).body.communities).toEqual([]);
  });

  it("accepts only the offered lifetimes and use counts", async () => {
    for (const body of [{ expiresInSeconds: 1234 }, { maxUses: 0 }, { maxUses: 1001 }]) {
      const res = await call(admin, "POST", `/api/v1/communities/${communityId}/invites`, body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe("invalid_body");
    }
    const never = await call(admin, "POST", `/api/v1/communities/${communityId}/invites`, { expiresInSeconds: null, maxUses: null });
    expect(never.body).toMatchObject({ expiresAt: null, maxUses: null });
  });
});

describe("channels and visibility", () => {
  it("lets the owner create text and voice channels, and refuses plain members", async () => {
    const created = await call(admin, "POST", `/api/v1/communities/${communityId}/channels`, { name: "announcements", kind: "text", encrypted: true });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "announcements", kind: "text", encrypted: true, communityId, groupId: null });
    const denied = await call(bob, "POST", `/api/v1/communities/${communityId}/channels`, { name: "bobs", kind: "text" });
    expect(denied.status).toBe(403);
    expect(denied.body.error).toMatchObject({ code: "missing_permission", details: { permission: "MANAGE_CHANNELS" } });
    const badKind = await call(admin, "POST", `/api/v1/communities/${communityId}/channels`, { name: "x", kind: "dm" });
    expect(badKind.status).toBe(400);
  });

  it("hides a channel whose overrides deny VIEW_CHANNEL to @everyone, from lists and direct reads", async () => {
    const secret = await call(admin, "POST", `/api/v1/communities/${communityId}/channels`, { name: "staff", kind: "text" });
    const [everyone] = await server.sql<{ id: string }>("select id from roles where community_id = $1 and is_everyone", [communityId]);
    await server.sql(
      "insert into permission_overrides (id, community_id, channel_id, target_type, target_id, allow, deny) values (gen_random_uuid(), $1, $2, 'role', $3, 0, $4)",
      [communityId, secret.body.id, everyone.id, permissionBits("VIEW_CHANNEL").toString()],
    );
    const bobList = await call(bob, "GET", `/api/v1/communities/${communityId}/channels`);
    expect(bobList.body.channels.map((c: { name: string }) => c.name)).not.toContain("staff");
    const direct = await call(bob, "GET", `/api/v1/channels/${secret.body.id}`);
    expect(direct.status).toBe(404);
    expect(direct.body.error.code).toBe("channel_not_found");
    expect((await call(admin, "GET", `/api/v1/channels/${secret.body.id}`)).status).toBe(200);
  });

  it("answers 404 to a non-member for the community, its channel list and its channels", async () => {
    const general = (await call(bob, "GET", `/api/v1/communities/${communityId}/channels`)).body.channels[0];
    for (const path of [`/api/v1/communities/${communityId}`, `/api/v1/communities/${communityId}/channels`, `/api/v1/channels/${general.id}`]) {
      const res = await call(mallory, "GET", path);
      expect(res.status).toBe(404);
    }
    const create = await call(mallory, "POST", `/api/v1/communities/${communityId}/invites`, {});
    expect(create.body.error.code).toBe("community_not_found");
  });
});

describe("DMs", () => {
  let dmId: string;

  it("opens one DM per pair and lists it for both people", async () => {
    const first = await call(alice, "POST", "/api/v1/dms", { userId: bob.user.id });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ kind: "dm", communityId: null, encrypted: true, permissions: permissionsToString(DM_PERMISSIONS) });
    expect(first.body.participants.map((p: { id: string }) => p.id).sort()).toEqual([alice.user.id, bob.user.id].sort());
    dmId = first.body.id;
    const again = await call(bob, "POST", "/api/v1/dms", { username: alice.user.username.toUpperCase() });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(dmId);
    expect((await call(bob, "GET", "/api/v1/dms")).body.channels.map((c: { id: string }) => c.id)).toContain(dmId);
    expect((await call(mallory, "GET", `/api/v1/channels/${dmId}`)).status).toBe(404);
  });

  it("refuses new DMs across a block and makes an existing DM read-only", async () => {
    await server.sql("insert into user_blocks (blocker_id, blocked_id) values ($1, $2)", [mallory.user.id, alice.user.id]);
    const refused = await call(alice, "POST", "/api/v1/dms", { userId: mallory.user.id });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("cannot_dm_user");
    await server.sql("insert into user_blocks (blocker_id, blocked_id) values ($1, $2)", [bob.user.id, alice.user.id]);
    const dm = await call(alice, "GET", `/api/v1/channels/${dmId}`);
    expect(dm.body.permissions).toBe(permissionsToString(permissionBits("VIEW_CHANNEL", "READ_HISTORY")));
    await server.sql("delete from user_blocks");
  });

  it("opens group DMs of up to 10 people", async () => {
    const group = await call(alice, "POST", "/api/v1/dms", { userIds: [bob.user.id, mallory.user.id], name: "trio" });
    expect(group.status).toBe(201);
    expect(group.body).toMatchObject({ kind: "group_dm", name: "trio" });
    expect(group.body.participants).toHaveLength(3);
    const tooMany = await call(alice, "POST", "/api/v1/dms", { userIds: Array.from({ length: 10 }, () => crypto.randomUUID()) });
    expect(tooMany.status).toBe(400);
    const ghost = await call(alice, "POST", "/api/v1/dms", { userId: crypto.randomUUID() });
    expect(ghost.body.error.code).toBe("user_not_found");
  });
});
