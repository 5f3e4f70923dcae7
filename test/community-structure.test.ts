/** Editing communities, groups, channels, overrides and personal groups; deleting, leaving, transferring. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasPermission, permissionBits, permissionsFromString } from "../protocol/permissions.ts";
import { STRONG_PASSWORD } from "./api.ts";
import { caller, channelsOf, community, roleId, users, type TestUser } from "./community-fixtures.ts";
import { startServer, type TestServer } from "./harness.ts";

let server: TestServer;
let call: ReturnType<typeof caller>;
let owner: TestUser, bob: TestUser, carol: TestUser, outsider: TestUser;
let cid: string;

beforeAll(async () => {
  server = await startServer({ env: { COMMUNITY_CREATION_MODE: "open", RATE_LIMITS: "0" } });
  call = caller(server);
  [owner, bob, carol, outsider] = await users(server, 4);
  cid = await community(server, owner, [bob, carol], "Structure");
});
afterAll(async () => {
  await server?.stop();
});

const VIEW = permissionBits("VIEW_CHANNEL").toString();
const can = (perms: string, name: Parameters<typeof hasPermission>[1]) => hasPermission(permissionsFromString(perms), name);

describe("editing a community", () => {
  it("lets the owner change name, description, icon and accent colour", async () => {
    const res = await call(owner, "PATCH", `/api/v1/communities/${cid}`, { name: "Structure 2", accentColor: "#ff8800", iconUrl: "https://example.com/i.png" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: "Structure 2", accentColor: "#ff8800", iconUrl: "https://example.com/i.png" });
    expect((await call(bob, "GET", `/api/v1/communities/${cid}`)).body.name).toBe("Structure 2");
  });

  it("refuses members without MANAGE_COMMUNITY and bad values, changing nothing", async () => {
    const denied = await call(bob, "PATCH", `/api/v1/communities/${cid}`, { name: "Bob's now" });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe("missing_permission");
    expect((await call(owner, "PATCH", `/api/v1/communities/${cid}`, { accentColor: "orange" })).status).toBe(400);
    expect((await call(owner, "PATCH", `/api/v1/communities/${cid}`, { iconUrl: "javascript:alert(1)" })).status).toBe(400);
    expect((await call(owner, "GET", `/api/v1/communities/${cid}`)).body).toMatchObject({ name: "Structure 2", accentColor: "#ff8800" });
  });

  it("takes a theme of colour variables, stores it as checked (not as typed), and refuses anything else", async () => {
    const typed = "/* night */\n:root {\n  --bg-main: #0F1A14;\n  --accent:  rgb(46, 160, 67);\n}";
    const res = await call(owner, "PATCH", `/api/v1/communities/${cid}`, { themeCss: typed });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.themeCss).toBe("--bg-main: #0f1a14;\n--accent: rgb(46, 160, 67);");
    // Members read it with the community, in their list too.
    expect((await call(bob, "GET", `/api/v1/communities/${cid}`)).body.themeCss).toBe(res.body.themeCss);
    expect((await call(bob, "GET", "/api/v1/communities")).body.communities.find((c: { id: string }) => c.id === cid).themeCss).toBe(res.body.themeCss);
    for (const bad of ["body { display: none }", "--bg-main: url(https://evil.example/x.png);", "--font: serif;", "x".repeat(4001)]) {
      const refused = await call(owner, "PATCH", `/api/v1/communities/${cid}`, { themeCss: bad });
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe("invalid_body");
    }
    const why = await call(owner, "PATCH", `/api/v1/communities/${cid}`, { themeCss: "--fg: #fff;\n--font: serif;" });
    expect(JSON.stringify(why.body.error)).toContain("line 2");
    expect((await call(bob, "PATCH", `/api/v1/communities/${cid}`, { themeCss: "--fg: #000;" })).status).toBe(403);
    expect((await call(owner, "GET", `/api/v1/communities/${cid}`)).body.themeCss).toBe(res.body.themeCss);
    // Nothing, or null, takes it away.
    expect((await call(owner, "PATCH", `/api/v1/communities/${cid}`, { themeCss: "  " })).body.themeCss).toBeNull();
  });
});

describe("groups and channels", () => {
  let extraGroup: string;

  it("creates, renames and reorders groups", async () => {
    const created = await call(owner, "POST", `/api/v1/communities/${cid}/groups`, { name: "Projects" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "Projects", position: 2 });
    extraGroup = created.body.id;
    expect((await call(owner, "PATCH", `/api/v1/groups/${extraGroup}`, { name: "Work" })).body.name).toBe("Work");
    // Its marks in the sidebar: one emoji (a ZWJ sequence or a flag counts as one) and a colour.
    for (const icon of ["🛠️", "🧑‍💻", "🇫🇷"]) expect((await call(owner, "PATCH", `/api/v1/groups/${extraGroup}`, { icon })).body.icon).toBe(icon);
    const marked = await call(owner, "PATCH", `/api/v1/groups/${extraGroup}`, { icon: "🎮", accentColor: "#2ecc71" });
    expect(marked.body).toMatchObject({ name: "Work", icon: "🎮", accentColor: "#2ecc71" });
    for (const bad of [{ icon: "abc" }, { icon: "🎮🎮" }, { icon: "<b>" }, { accentColor: "green" }]) expect((await call(owner, "PATCH", `/api/v1/groups/${extraGroup}`, bad)).status).toBe(400);
    expect((await call(bob, "PATCH", `/api/v1/groups/${extraGroup}`, { icon: "🙂" })).status).toBe(403);
    const listed = (await call(bob, "GET", `/api/v1/communities/${cid}/channels`)).body.groups.find((g: { id: string }) => g.id === extraGroup);
    expect(listed).toMatchObject({ icon: "🎮", accentColor: "#2ecc71" });
    const reordered = await call(owner, "PATCH", `/api/v1/communities/${cid}/groups`, { groups: [{ id: extraGroup, position: 0 }, ...(await channelsOf(server, owner, cid)).groups.filter((g) => g.id !== extraGroup).map((g, i) => ({ id: g.id, position: i + 1 }))] });
    expect(reordered.status).toBe(200);
    expect(reordered.body.groups[0]).toMatchObject({ id: extraGroup, name: "Work" });
    const denied = await call(bob, "POST", `/api/v1/communities/${cid}/groups`, { name: "Bob's" });
    expect(denied.body.error).toMatchObject({ code: "missing_permission", details: { permission: "MANAGE_GROUPS" } });
  });

  it("edits a channel's topic, slow mode, NSFW flag and archive state", async () => {
    const ch = await call(owner, "POST", `/api/v1/communities/${cid}/channels`, { name: "plans", kind: "text", groupId: extraGroup });
    const res = await call(owner, "PATCH", `/api/v1/channels/${ch.body.id}`, { topic: "What next", slowModeSeconds: 30, nsfw: true });
    expect(res.body).toMatchObject({ topic: "What next", slowModeSeconds: 30, nsfw: true, archived: false });
    expect((await call(owner, "PATCH", `/api/v1/channels/${ch.body.id}`, { slowModeSeconds: 99999 })).status).toBe(400);
    expect((await call(bob, "PATCH", `/api/v1/channels/${ch.body.id}`, { topic: "mine" })).status).toBe(403);

    const archived = await call(owner, "PATCH", `/api/v1/channels/${ch.body.id}`, { archived: true });
    expect(archived.body.archived).toBe(true);
    expect(can(archived.body.permissions, "SEND_MESSAGES")).toBe(false);
    const forBob = await call(bob, "GET", `/api/v1/channels/${ch.body.id}`);
    expect(can(forBob.body.permissions, "VIEW_CHANNEL")).toBe(true);
    expect(can(forBob.body.permissions, "SEND_MESSAGES")).toBe(false);
    const unarchived = await call(owner, "PATCH", `/api/v1/channels/${ch.body.id}`, { archived: false });
    expect(can(unarchived.body.permissions, "SEND_MESSAGES")).toBe(true);
  });

  it("reorders channels and moves them between groups", async () => {
    const before = await channelsOf(server, owner, cid);
    const general = before.channels.find((c) => c.name === "general")!;
    const res = await call(owner, "PATCH", `/api/v1/communities/${cid}/channels`, { channels: [{ id: general.id, position: 5, groupId: extraGroup }] });
    expect(res.status).toBe(200);
    const after = await channelsOf(server, owner, cid);
    expect(after.channels.find((c) => c.id === general.id)).toMatchObject({ groupId: extraGroup });
    expect((await call(bob, "PATCH", `/api/v1/communities/${cid}/channels`, { channels: [{ id: general.id, position: 0 }] })).status).toBe(403);
  });

  it("deleting a group keeps its channels, ungrouped", async () => {
    const g = await call(owner, "POST", `/api/v1/communities/${cid}/groups`, { name: "Temp" });
    const ch = await call(owner, "POST", `/api/v1/communities/${cid}/channels`, { name: "temp-chat", kind: "text", groupId: g.body.id });
    expect((await call(owner, "DELETE", `/api/v1/groups/${g.body.id}`)).status).toBe(204);
    expect((await call(owner, "GET", `/api/v1/channels/${ch.body.id}`)).body.groupId).toBeNull();
    expect((await call(owner, "DELETE", `/api/v1/channels/${ch.body.id}`)).status).toBe(204);
    expect((await call(owner, "GET", `/api/v1/channels/${ch.body.id}`)).status).toBe(404);
  });
});

describe("overrides", () => {
  it("hides a group's channels through a group override, and a channel override opens one back up", async () => {
    const g = await call(owner, "POST", `/api/v1/communities/${cid}/groups`, { name: "Staff" });
    const a = await call(owner, "POST", `/api/v1/communities/${cid}/channels`, { name: "staff-a", kind: "text", groupId: g.body.id });
    const b = await call(owner, "POST", `/api/v1/communities/${cid}/channels`, { name: "staff-b", kind: "text", groupId: g.body.id });
    const everyone = await roleId(server, owner, cid, "@everyone");
    const put = await call(owner, "PUT", `/api/v1/groups/${g.body.id}/overrides/role/${everyone}`, { allow: "0", deny: VIEW });
    expect(put.status).toBe(200);
    const names = (await channelsOf(server, bob, cid)).channels.map((c) => c.name);
    expect(names).not.toContain("staff-a");
    expect(names).not.toContain("staff-b");
    expect((await call(bob, "GET", `/api/v1/channels/${a.body.id}`)).status).toBe(404);

    // The channel stops following its group, keeps the group's deny, and adds Bob.
    const open = await call(owner, "PUT", `/api/v1/channels/${b.body.id}/overrides/member/${bob.user.id}`, { allow: VIEW, deny: "0" });
    expect(open.status).toBe(200);
    const list = await call(owner, "GET", `/api/v1/channels/${b.body.id}/overrides`);
    expect(list.body.syncWithGroup).toBe(false);
    expect(list.body.overrides).toEqual(expect.arrayContaining([{ targetType: "role", targetId: everyone, allow: "0", deny: VIEW }, { targetType: "member", targetId: bob.user.id, allow: VIEW, deny: "0" }]));
    expect((await call(bob, "GET", `/api/v1/channels/${b.body.id}`)).status).toBe(200);
    expect((await call(carol, "GET", `/api/v1/channels/${b.body.id}`)).status).toBe(404);

    // Following the group again drops the channel's own overrides from effect.
    await call(owner, "PATCH", `/api/v1/channels/${b.body.id}`, { syncWithGroup: true });
    expect((await call(bob, "GET", `/api/v1/channels/${b.body.id}`)).status).toBe(404);
  });

  it("refuses overrides from members who cannot manage the channel, or bits the editor lacks", async () => {
    const ch = (await channelsOf(server, owner, cid)).channels.find((c) => c.name === "general")!;
    const everyone = await roleId(server, owner, cid, "@everyone");
    const denied = await call(bob, "PUT", `/api/v1/channels/${ch.id}/overrides/role/${everyone}`, { allow: "0", deny: VIEW });
    expect(denied.status).toBe(403);

    // Carol may manage channels here but does not hold MANAGE_ROLES, so cannot hand it out.
    await call(owner, "PUT", `/api/v1/channels/${ch.id}/overrides/member/${carol.user.id}`, { allow: permissionBits("MANAGE_CHANNELS").toString(), deny: "0" });
    const escalate = await call(carol, "PUT", `/api/v1/channels/${ch.id}/overrides/member/${carol.user.id}`, { allow: permissionBits("MANAGE_CHANNELS", "MANAGE_ROLES").toString(), deny: "0" });
    expect(escalate.status).toBe(403);
    expect(escalate.body.error.code).toBe("cannot_grant_permission");
    const after = await call(owner, "GET", `/api/v1/channels/${ch.id}/overrides`);
    expect(after.body.overrides.find((o: { targetId: string }) => o.targetId === carol.user.id).allow).toBe(permissionBits("MANAGE_CHANNELS").toString());
    const bad = await call(owner, "PUT", `/api/v1/channels/${ch.id}/overrides/role/${everyone}`, { allow: "1", deny: "abc" });
    expect(bad.status).toBe(400);
    expect((await call(owner, "DELETE", `/api/v1/channels/${ch.id}/overrides/member/${carol.user.id}`)).status).toBe(204);
  });
});

describe("ids from another community", () => {
  it("refuses a group, channel or role of another community used through this one, changing nothing", async () => {
    const other = await community(server, outsider, [], "Other place");
    const theirs = await channelsOf(server, outsider, other);
    const theirGroup = theirs.groups[0].id;
    const theirChannel = theirs.channels[0].id;
    const intoTheirGroup = await call(owner, "POST", `/api/v1/communities/${cid}/channels`, { name: "sneaky", kind: "text", groupId: theirGroup });
    expect(intoTheirGroup.status).toBe(404);
    expect(intoTheirGroup.body.error.code).toBe("group_not_found");
    const moveTheirs = await call(owner, "PATCH", `/api/v1/communities/${cid}/channels`, { channels: [{ id: theirChannel, position: 0 }] });
    expect(moveTheirs.body.error.code).toBe("channel_not_found");
    const pullInto = await call(owner, "PATCH", `/api/v1/communities/${cid}/channels`, { channels: [{ id: (await channelsOf(server, owner, cid)).channels[0].id, position: 0, groupId: theirGroup }] });
    expect(pullInto.body.error.code).toBe("group_not_found");
    for (const [method, path] of [["PATCH", `/api/v1/channels/${theirChannel}`], ["DELETE", `/api/v1/channels/${theirChannel}`], ["PATCH", `/api/v1/groups/${theirGroup}`], ["GET", `/api/v1/channels/${theirChannel}/overrides`]]) {
      expect((await call(owner, method, path, method === "PATCH" ? { name: "mine now" } : undefined)).status).toBe(404);
    }
    const theirRole = await roleId(server, outsider, other, "Member");
    const ownChannel = (await channelsOf(server, owner, cid)).channels[0].id;
    expect((await call(owner, "PUT", `/api/v1/channels/${ownChannel}/overrides/role/${theirRole}`, { allow: VIEW, deny: "0" })).body.error.code).toBe("role_not_found");
    const after = await channelsOf(server, outsider, other);
    expect(after).toEqual(theirs);
  });
});

describe("personal groups", () => {
  it("lets the assigned member manage channels inside their group and nothing outside it", async () => {
    const g = await call(owner, "POST", `/api/v1/communities/${cid}/groups`, { name: "Bob's corner" });
    const assigned = await call(owner, "PATCH", `/api/v1/groups/${g.body.id}`, { ownerUserId: bob.user.id });
    expect(assigned.body.ownerUserId).toBe(bob.user.id);

    const mine = await call(bob, "POST", `/api/v1/communities/${cid}/channels`, { name: "bobs-room", kind: "text", groupId: g.body.id });
    expect(mine.status).toBe(201);
    expect((await call(bob, "PATCH", `/api/v1/channels/${mine.body.id}`, { name: "bobs-den" })).body.name).toBe("bobs-den");
    const everyone = await roleId(server, owner, cid, "@everyone");
    // Privacy: Bob hides his channel from everyone else, and still sees it himself.
    expect((await call(bob, "PUT", `/api/v1/channels/${mine.body.id}/overrides/role/${everyone}`, { allow: "0", deny: VIEW })).status).toBe(200);
    expect((await call(carol, "GET", `/api/v1/channels/${mine.body.id}`)).status).toBe(404);
    expect((await call(bob, "GET", `/api/v1/channels/${mine.body.id}`)).status).toBe(200);

    const elsewhere = (await channelsOf(server, bob, cid)).channels.find((c) => c.name === "general")!;
    expect((await call(bob, "PATCH", `/api/v1/channels/${elsewhere.id}`, { name: "hijacked" })).status).toBe(403);
    expect((await call(bob, "POST", `/api/v1/communities/${cid}/channels`, { name: "loose", kind: "text" })).status).toBe(403);
    expect((await call(bob, "PATCH", `/api/v1/groups/${g.body.id}`, { name: "renamed" })).status).toBe(403);
    expect((await call(bob, "DELETE", `/api/v1/channels/${mine.body.id}`)).status).toBe(204);
  });

  it("only assigns groups to members of the community", async () => {
    const g = (await channelsOf(server, owner, cid)).groups[0];
    const res = await call(owner, "PATCH", `/api/v1/groups/${g.id}`, { ownerUserId: outsider.user.id });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("member_not_found");
  });
});

describe("leaving, transferring and deleting", () => {
  it("keeps the owner from leaving, transfers ownership with the password, then lets the old owner leave", async () => {
    const stuck = await call(owner, "POST", `/api/v1/communities/${cid}/leave`);
    expect(stuck.status).toBe(409);
    expect(stuck.body.error.code).toBe("owner_cannot_leave");
    const wrong = await call(owner, "POST", `/api/v1/communities/${cid}/transfer`, { userId: bob.user.id, password: "not it at all" });
    expect(wrong.status).toBe(401);
    expect((await call(bob, "POST", `/api/v1/communities/${cid}/transfer`, { userId: bob.user.id, password: STRONG_PASSWORD })).status).toBe(403);
    const moved = await call(owner, "POST", `/api/v1/communities/${cid}/transfer`, { userId: bob.user.id, password: STRONG_PASSWORD });
    expect(moved.body.ownerId).toBe(bob.user.id);
    expect((await call(owner, "POST", `/api/v1/communities/${cid}/leave`)).status).toBe(204);
    expect((await call(owner, "GET", `/api/v1/communities/${cid}`)).status).toBe(404);
  });

  it("deletes only for the owner typing the exact name", async () => {
    const denied = await call(carol, "DELETE", `/api/v1/communities/${cid}`, { confirmName: "Structure 2" });
    expect(denied.status).toBe(403);
    const mismatch = await call(bob, "DELETE", `/api/v1/communities/${cid}`, { confirmName: "structure" });
    expect(mismatch.body.error.code).toBe("community_name_mismatch");
    expect((await call(carol, "GET", `/api/v1/communities/${cid}`)).status).toBe(200);
    expect((await call(bob, "DELETE", `/api/v1/communities/${cid}`, { confirmName: "Structure 2" })).status).toBe(204);
    expect((await call(carol, "GET", `/api/v1/communities/${cid}`)).status).toBe(404);
    expect((await call(carol, "GET", "/api/v1/communities")).body.communities).toEqual([]);
  });
});
