/** Roles, role assignment, the hierarchy, the member list, nicknames and blocks; with escalation attempts. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_EVERYONE, permissionBits, permissionsToString } from "../protocol/permissions.ts";
import { caller, channelsOf, community, roleId, users, type TestUser } from "./community-fixtures.ts";
import { startServer, type TestServer } from "./harness.ts";

let server: TestServer;
let call: ReturnType<typeof caller>;
let owner: TestUser, manager: TestUser, mod: TestUser, member: TestUser, outsider: TestUser;
let cid: string;
let managerRole: string;

const bits = (...names: Parameters<typeof permissionBits>) => permissionsToString(permissionBits(...names));

beforeAll(async () => {
  server = await startServer({ env: { COMMUNITY_CREATION_MODE: "open", RATE_LIMITS: "0" } });
  call = caller(server);
  [owner, manager, mod, member, outsider] = await users(server, 5);
  cid = await community(server, owner, [manager, mod, member], "Roles");
  // Manager: may manage roles and kick, ranked above Member and below Moderator.
  const created = await call(owner, "POST", `/api/v1/communities/${cid}/roles`, { name: "Manager", color: "#00aa00", permissions: permissionsToString(DEFAULT_EVERYONE | permissionBits("MANAGE_ROLES", "KICK_MEMBERS")) });
  managerRole = created.body.id;
  const memberPos = (await call(owner, "GET", `/api/v1/communities/${cid}/roles`)).body.roles.find((r: { name: string }) => r.name === "Member").position;
  await call(owner, "PATCH", `/api/v1/communities/${cid}/roles`, { roles: [{ id: managerRole, position: memberPos + 1 }] });
  await call(owner, "PUT", `/api/v1/communities/${cid}/members/${manager.user.id}/roles/${managerRole}`);
  await call(owner, "PUT", `/api/v1/communities/${cid}/members/${mod.user.id}/roles/${await roleId(server, owner, cid, "Moderator")}`);
});
afterAll(async () => {
  await server?.stop();
});

async function heldRoles(userId: string): Promise<string[]> {
  return (await call(owner, "GET", `/api/v1/communities/${cid}/members/${userId}`)).body.roleIds;
}

describe("roles", () => {
  it("lists roles in hierarchy order with the new role placed as asked", async () => {
    const res = await call(member, "GET", `/api/v1/communities/${cid}/roles`);
    expect(res.body.roles.map((r: { name: string }) => r.name)).toEqual(["@everyone", "Member", "Manager", "Moderator", "Admin"]);
    expect(res.body.roles.map((r: { position: number }) => r.position)).toEqual([0, 1, 2, 3, 4]);
  });

  it("creates, edits and deletes a role below the editor's own", async () => {
    const created = await call(manager, "POST", `/api/v1/communities/${cid}/roles`, { name: "Helper", permissions: bits("KICK_MEMBERS") });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "Helper", position: 1, permissions: bits("KICK_MEMBERS") });
    const edited = await call(manager, "PATCH", `/api/v1/communities/${cid}/roles/${created.body.id}`, { name: "Helpers", color: "#123456" });
    expect(edited.body).toMatchObject({ name: "Helpers", color: "#123456" });
    expect((await call(manager, "DELETE", `/api/v1/communities/${cid}/roles/${created.body.id}`)).status).toBe(204);
    const after = await call(owner, "GET", `/api/v1/communities/${cid}/roles`);
    expect(after.body.roles.map((r: { name: string }) => r.name)).not.toContain("Helpers");
    expect(after.body.roles.map((r: { position: number }) => r.position)).toEqual([0, 1, 2, 3, 4]);
  });

  it("refuses members without MANAGE_ROLES", async () => {
    const res = await call(member, "POST", `/api/v1/communities/${cid}/roles`, { name: "Mine" });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: "missing_permission", details: { permission: "MANAGE_ROLES" } });
  });

  it("refuses to delete or rename @everyone", async () => {
    const everyone = await roleId(server, owner, cid, "@everyone");
    expect((await call(owner, "DELETE", `/api/v1/communities/${cid}/roles/${everyone}`)).status).toBe(400);
    expect((await call(owner, "PATCH", `/api/v1/communities/${cid}/roles/${everyone}`, { name: "all" })).status).toBe(400);
  });

  it("deleting a role removes its overrides and takes it from members", async () => {
    const role = await call(owner, "POST", `/api/v1/communities/${cid}/roles`, { name: "Temp" });
    const ch = (await channelsOf(server, owner, cid)).channels[0];
    await call(owner, "PUT", `/api/v1/channels/${ch.id}/overrides/role/${role.body.id}`, { allow: bits("PIN_MESSAGES"), deny: "0" });
    await call(owner, "PUT", `/api/v1/communities/${cid}/members/${member.user.id}/roles/${role.body.id}`);
    expect(await heldRoles(member.user.id)).toContain(role.body.id);
    await call(owner, "DELETE", `/api/v1/communities/${cid}/roles/${role.body.id}`);
    expect(await heldRoles(member.user.id)).not.toContain(role.body.id);
    const overrides = (await call(owner, "GET", `/api/v1/channels/${ch.id}/overrides`)).body.overrides;
    expect(overrides.map((o: { targetId: string }) => o.targetId)).not.toContain(role.body.id);
  });
});

describe("the role hierarchy holds against escalation", () => {
  it("assigns a role below one's own to a lower member", async () => {
    const memberRole = await roleId(server, owner, cid, "Member");
    const res = await call(manager, "PUT", `/api/v1/communities/${cid}/members/${member.user.id}/roles/${memberRole}`);
    expect(res.status).toBe(200);
    expect(await heldRoles(member.user.id)).toContain(memberRole);
  });

  it("refuses assigning a role above one's own, to anyone, including oneself", async () => {
    const modRole = await roleId(server, owner, cid, "Moderator");
    for (const target of [member, manager]) {
      const res = await call(manager, "PUT", `/api/v1/communities/${cid}/members/${target.user.id}/roles/${modRole}`);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe("role_hierarchy");
      expect(await heldRoles(target.user.id)).not.toContain(modRole);
    }
  });

  it("refuses acting on the owner or on a member ranked above", async () => {
    const memberRole = await roleId(server, owner, cid, "Member");
    for (const target of [owner, mod]) {
      const res = await call(manager, "PUT", `/api/v1/communities/${cid}/members/${target.user.id}/roles/${memberRole}`);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe("role_hierarchy");
    }
    expect((await call(manager, "PATCH", `/api/v1/communities/${cid}/members/${owner.user.id}`, { nickname: "lol" })).status).toBe(403);
    expect((await call(owner, "GET", `/api/v1/communities/${cid}/members/${owner.user.id}`)).body.nickname).toBeNull();
  });

  it("refuses granting bits the editor does not hold, on new roles, existing roles and @everyone", async () => {
    const create = await call(manager, "POST", `/api/v1/communities/${cid}/roles`, { name: "Banners", permissions: bits("BAN_MEMBERS") });
    expect(create.status).toBe(403);
    expect(create.body.error.code).toBe("cannot_grant_permission");
    const everyone = await roleId(server, owner, cid, "@everyone");
    const widen = await call(manager, "PATCH", `/api/v1/communities/${cid}/roles/${everyone}`, { permissions: permissionsToString(DEFAULT_EVERYONE | permissionBits("ADMINISTRATOR")) });
    expect(widen.status).toBe(403);
    const roles = (await call(owner, "GET", `/api/v1/communities/${cid}/roles`)).body.roles;
    expect(roles.find((r: { id: string }) => r.id === everyone).permissions).toBe(permissionsToString(DEFAULT_EVERYONE));
    expect(roles.map((r: { name: string }) => r.name)).not.toContain("Banners");
  });

  it("refuses editing, deleting or raising a role at or above one's own", async () => {
    const admin = await roleId(server, owner, cid, "Admin");
    expect((await call(manager, "PATCH", `/api/v1/communities/${cid}/roles/${admin}`, { name: "Pwned" })).body.error.code).toBe("role_hierarchy");
    expect((await call(manager, "PATCH", `/api/v1/communities/${cid}/roles/${managerRole}`, { permissions: permissionsToString(DEFAULT_EVERYONE) })).body.error.code).toBe("role_hierarchy");
    expect((await call(manager, "DELETE", `/api/v1/communities/${cid}/roles/${admin}`)).status).toBe(403);
    const memberRole = await roleId(server, owner, cid, "Member");
    const raise = await call(manager, "PATCH", `/api/v1/communities/${cid}/roles`, { roles: [{ id: memberRole, position: 4 }] });
    expect(raise.status).toBe(403);
    const names = (await call(owner, "GET", `/api/v1/communities/${cid}/roles`)).body.roles.map((r: { name: string }) => r.name);
    expect(names).toEqual(["@everyone", "Member", "Manager", "Moderator", "Admin"]);
  });

  it("answers 404 for roles and members of another community", async () => {
    const other = await community(server, outsider, [], "Elsewhere");
    const foreignRole = await roleId(server, outsider, other, "Admin");
    const res = await call(owner, "PUT", `/api/v1/communities/${cid}/members/${member.user.id}/roles/${foreignRole}`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("role_not_found");
    expect((await call(owner, "GET", `/api/v1/communities/${other}/roles`)).status).toBe(404);
    expect((await call(owner, "PUT", `/api/v1/communities/${cid}/members/${outsider.user.id}/roles/${managerRole}`)).body.error.code).toBe("member_not_found");
    const foreignInvite = (await call(outsider, "POST", `/api/v1/communities/${other}/invites`, {})).body.code;
    const revoke = await call(owner, "DELETE", `/api/v1/invites/${foreignInvite}`);
    expect(revoke.status).toBe(404);
    expect((await call(outsider, "GET", `/api/v1/communities/${other}/invites`)).body.invites[0].revokedAt).toBeNull();
  });
});

describe("members and nicknames", () => {
  it("lists members with roles, nicknames and their online state", async () => {
    await call(member, "PATCH", `/api/v1/communities/${cid}/members/${member.user.id}`, { nickname: "Memb" });
    const res = await call(member, "GET", `/api/v1/communities/${cid}/members`);
    expect(res.status).toBe(200);
    expect(res.body.members).toHaveLength(4);
    const me = res.body.members.find((m: { user: { id: string } }) => m.user.id === member.user.id);
    expect(me).toMatchObject({ nickname: "Memb", online: false, user: { username: member.user.username } });
    expect(res.body.members.find((m: { user: { id: string } }) => m.user.id === manager.user.id).roleIds).toEqual([managerRole]);
    const page = await call(member, "GET", `/api/v1/communities/${cid}/members?limit=2`);
    const next = await call(member, "GET", `/api/v1/communities/${cid}/members?limit=2&after=${page.body.nextAfter}`);
    expect([...page.body.members, ...next.body.members].map((m: { user: { id: string } }) => m.user.id).sort()).toEqual(res.body.members.map((m: { user: { id: string } }) => m.user.id).sort());
    expect((await call(outsider, "GET", `/api/v1/communities/${cid}/members`)).status).toBe(404);
  });

  it("lets a manager rename a lower member, and clears a nickname with null", async () => {
    expect((await call(manager, "PATCH", `/api/v1/communities/${cid}/members/${member.user.id}`, { nickname: "Renamed" })).body.nickname).toBe("Renamed");
    expect((await call(member, "PATCH", `/api/v1/communities/${cid}/members/${manager.user.id}`, { nickname: "x" })).status).toBe(403);
    expect((await call(member, "PATCH", `/api/v1/communities/${cid}/members/${member.user.id}`, { nickname: null })).body.nickname).toBeNull();
  });
});

describe("blocks", () => {
  it("blocks and unblocks a user, and a block refuses DMs both ways", async () => {
    expect((await call(member, "PUT", `/api/v1/users/me/blocks/${outsider.user.id}`)).status).toBe(204);
    const list = await call(member, "GET", "/api/v1/users/me/blocks");
    expect(list.body.blocks.map((b: { user: { id: string } }) => b.user.id)).toEqual([outsider.user.id]);
    expect((await call(outsider, "POST", "/api/v1/dms", { userId: member.user.id })).body.error.code).toBe("cannot_dm_user");
    expect((await call(member, "POST", "/api/v1/dms", { userId: outsider.user.id })).body.error.code).toBe("cannot_dm_user");
    expect((await call(member, "DELETE", `/api/v1/users/me/blocks/${outsider.user.id}`)).status).toBe(204);
    expect((await call(outsider, "POST", "/api/v1/dms", { userId: member.user.id })).status).toBe(201);
    expect((await call(member, "PUT", `/api/v1/users/me/blocks/${member.user.id}`)).status).toBe(400);
  });
});
