/** Kick, ban, timeout, warnings, the community audit log and the report queue, with escalation attempts. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasPermission, permissionsFromString } from "../protocol/permissions.ts";
import { caller, channelsOf, community, roleId, users, type TestUser } from "./community-fixtures.ts";
import { startServer, type TestServer } from "./harness.ts";

let server: TestServer;
let call: ReturnType<typeof caller>;
let owner: TestUser, mod: TestUser, member: TestUser, member2: TestUser, outsider: TestUser;
let cid: string;
let inviteCode: string;

beforeAll(async () => {
  server = await startServer({ env: { COMMUNITY_CREATION_MODE: "open", RATE_LIMITS: "0" } });
  call = caller(server);
  [owner, mod, member, member2, outsider] = await users(server, 5);
  cid = await community(server, owner, [mod, member, member2], "Moderated");
  await call(owner, "PUT", `/api/v1/communities/${cid}/members/${mod.user.id}/roles/${await roleId(server, owner, cid, "Moderator")}`);
  inviteCode = (await call(owner, "POST", `/api/v1/communities/${cid}/invites`, { expiresInSeconds: null })).body.code;
});
afterAll(async () => {
  await server?.stop();
});

const isMember = async (user: TestUser) => (await call(user, "GET", `/api/v1/communities/${cid}`)).status === 200;
const rejoin = (user: TestUser) => call(user, "POST", `/api/v1/invites/${inviteCode}/accept`);

describe("kick", () => {
  it("removes a lower member, who may come back with an invite", async () => {
    const res = await call(mod, "POST", `/api/v1/communities/${cid}/members/${member.user.id}/kick`, { reason: "cool off" });
    expect(res.status).toBe(204);
    expect(await isMember(member)).toBe(false);
    expect((await rejoin(member)).body.joined).toBe(true);
  });

  it("refuses kicking the owner, oneself, or without the permission, and changes nothing", async () => {
    const owners = await call(mod, "POST", `/api/v1/communities/${cid}/members/${owner.user.id}/kick`);
    expect(owners.status).toBe(403);
    expect(owners.body.error.code).toBe("role_hierarchy");
    expect((await call(mod, "POST", `/api/v1/communities/${cid}/members/${mod.user.id}/kick`)).body.error.code).toBe("cannot_moderate_self");
    const plain = await call(member, "POST", `/api/v1/communities/${cid}/members/${member2.user.id}/kick`);
    expect(plain.body.error).toMatchObject({ code: "missing_permission", details: { permission: "KICK_MEMBERS" } });
    expect((await call(member, "POST", `/api/v1/communities/${cid}/members/${mod.user.id}/kick`)).status).toBe(403);
    expect(await isMember(owner)).toBe(true);
    expect(await isMember(member2)).toBe(true);
    expect(await isMember(mod)).toBe(true);
    expect((await call(outsider, "POST", `/api/v1/communities/${cid}/members/${member.user.id}/kick`)).status).toBe(404);
  });
});

describe("ban", () => {
  it("bans with a reason, keeps the user out, and unban lets them back", async () => {
    const res = await call(mod, "PUT", `/api/v1/communities/${cid}/bans/${member2.user.id}`, { reason: "spam", deleteMessageSeconds: 3600 });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ userId: member2.user.id, reason: "spam", expiresAt: null });
    // member2 wrote nothing (moderation-realtime.test.ts covers deleting through the rooms).
    expect(res.body.messagesDeleted).toBe(0);
    expect(await isMember(member2)).toBe(false);
    const back = await rejoin(member2);
    expect(back.status).toBe(403);
    expect(back.body.error.code).toBe("banned");
    const list = await call(mod, "GET", `/api/v1/communities/${cid}/bans`);
    expect(list.body.bans).toEqual([expect.objectContaining({ user: expect.objectContaining({ id: member2.user.id }), reason: "spam" })]);

    expect((await call(mod, "DELETE", `/api/v1/communities/${cid}/bans/${member2.user.id}`)).status).toBe(204);
    expect((await rejoin(member2)).body.joined).toBe(true);
    expect((await call(mod, "DELETE", `/api/v1/communities/${cid}/bans/${member2.user.id}`)).body.error.code).toBe("ban_not_found");
  });

  it("bans a non-member pre-emptively, and a lapsed timed ban no longer keeps them out", async () => {
    expect((await call(owner, "PUT", `/api/v1/communities/${cid}/bans/${outsider.user.id}`, { durationSeconds: 3600 })).status).toBe(201);
    expect((await rejoin(outsider)).body.error.code).toBe("banned");
    await server.sql("update bans set expires_at = now() - interval '1 second' where user_id = $1", [outsider.user.id]);
    expect((await rejoin(outsider)).body.joined).toBe(true);
    await call(owner, "POST", `/api/v1/communities/${cid}/members/${outsider.user.id}/kick`);
  });

  it("refuses banning the owner, bad deletion windows, and members without BAN_MEMBERS", async () => {
    expect((await call(mod, "PUT", `/api/v1/communities/${cid}/bans/${owner.user.id}`, {})).body.error.code).toBe("role_hierarchy");
    expect((await call(mod, "PUT", `/api/v1/communities/${cid}/bans/${member.user.id}`, { deleteMessageSeconds: 5 })).status).toBe(400);
    expect((await call(member, "PUT", `/api/v1/communities/${cid}/bans/${member2.user.id}`, {})).status).toBe(403);
    expect((await call(member, "GET", `/api/v1/communities/${cid}/bans`)).status).toBe(403);
    const [{ n }] = await server.sql<{ n: number }>("select count(*)::int as n from bans where community_id = $1", [cid]);
    expect(n).toBe(1);
  });
});

describe("timeout", () => {
  it("leaves a timed-out member reading but not sending, shows until when, and can be lifted", async () => {
    const res = await call(mod, "PUT", `/api/v1/communities/${cid}/members/${member.user.id}/timeout`, { durationSeconds: 600, reason: "heated" });
    expect(res.status).toBe(200);
    const until = new Date(res.body.timedOutUntil).getTime();
    expect(until).toBeGreaterThan(Date.now() + 590_000);
    const me = await call(member, "GET", `/api/v1/communities/${cid}`);
    expect(new Date(me.body.me.timedOutUntil).getTime()).toBe(until);
    const general = (await channelsOf(server, member, cid)).channels.find((c) => c.name === "general")!;
    const bits = permissionsFromString(general.permissions);
    expect(hasPermission(bits, "VIEW_CHANNEL")).toBe(true);
    expect(hasPermission(bits, "SEND_MESSAGES")).toBe(false);
    expect(hasPermission(bits, "ADD_REACTIONS")).toBe(false);
    expect(hasPermission(bits, "SPEAK")).toBe(false);

    expect((await call(mod, "DELETE", `/api/v1/communities/${cid}/members/${member.user.id}/timeout`)).body.timedOutUntil).toBeNull();
    const after = (await channelsOf(server, member, cid)).channels.find((c) => c.name === "general")!;
    expect(hasPermission(permissionsFromString(after.permissions), "SEND_MESSAGES")).toBe(true);
  });

  it("strips a timed-out moderator of moderation powers", async () => {
    await call(owner, "PUT", `/api/v1/communities/${cid}/members/${mod.user.id}/timeout`, { durationSeconds: 60 });
    const res = await call(mod, "POST", `/api/v1/communities/${cid}/members/${member.user.id}/kick`);
    expect(res.status).toBe(403);
    expect(await isMember(member)).toBe(true);
    await call(owner, "DELETE", `/api/v1/communities/${cid}/members/${mod.user.id}/timeout`);
  });

  it("refuses timeouts longer than 28 days or on the owner", async () => {
    expect((await call(mod, "PUT", `/api/v1/communities/${cid}/members/${member.user.id}/timeout`, { durationSeconds: 29 * 86400 })).status).toBe(400);
    expect((await call(mod, "PUT", `/api/v1/communities/${cid}/members/${owner.user.id}/timeout`, { durationSeconds: 60 })).body.error.code).toBe("role_hierarchy");
  });
});

describe("warnings", () => {
  it("records warnings that moderators and the member (only) can read", async () => {
    const res = await call(mod, "POST", `/api/v1/communities/${cid}/members/${member.user.id}/warnings`, { reason: "language" });
    expect(res.status).toBe(201);
    const own = await call(member, "GET", `/api/v1/communities/${cid}/members/${member.user.id}/warnings`);
    expect(own.body.warnings.map((w: { reason: string }) => w.reason)).toEqual(["language"]);
    expect((await call(member2, "GET", `/api/v1/communities/${cid}/members/${member.user.id}/warnings`)).status).toBe(403);
    expect((await call(member2, "POST", `/api/v1/communities/${cid}/members/${member.user.id}/warnings`, { reason: "x" })).status).toBe(403);
    expect((await call(mod, "DELETE", `/api/v1/communities/${cid}/warnings/${res.body.id}`)).status).toBe(204);
    expect((await call(mod, "GET", `/api/v1/communities/${cid}/members/${member.user.id}/warnings`)).body.warnings).toEqual([]);
  });
});

describe("audit log", () => {
  it("shows moderation and configuration actions with who, what, target and reason to VIEW_AUDIT_LOG holders", async () => {
    const res = await call(mod, "GET", `/api/v1/communities/${cid}/audit-log?limit=200`);
    expect(res.status).toBe(200);
    const actions = res.body.entries.map((e: { action: string }) => e.action);
    for (const a of ["community.create", "member.role_add", "member.kick", "member.ban", "member.unban", "member.timeout", "member.warn", "invite.create", "member.join"]) expect(actions).toContain(a);
    const ban = res.body.entries.find((e: { action: string; targetId: string }) => e.action === "member.ban" && e.targetId === member2.user.id);
    expect(ban).toMatchObject({ actor: { id: mod.user.id }, targetType: "user", targetId: member2.user.id, reason: "spam" });
    expect(ban.ip).toBeUndefined();
    const filtered = await call(mod, "GET", `/api/v1/communities/${cid}/audit-log?action=member.kick`);
    expect(filtered.body.entries.every((e: { action: string }) => e.action === "member.kick")).toBe(true);
    const page = await call(mod, "GET", `/api/v1/communities/${cid}/audit-log?limit=2`);
    const next = await call(mod, "GET", `/api/v1/communities/${cid}/audit-log?limit=2&before=${page.body.nextBefore}`);
    expect(next.body.entries[0].id < page.body.entries[1].id).toBe(true);
    const denied = await call(member, "GET", `/api/v1/communities/${cid}/audit-log`);
    expect(denied.body.error).toMatchObject({ code: "missing_permission", details: { permission: "VIEW_AUDIT_LOG" } });
  });
});

describe("reports", () => {
  it("sends a user report to the community's moderators, who resolve it with notes", async () => {
    const created = await call(member, "POST", "/api/v1/reports", { targetType: "user", userId: member2.user.id, communityId: cid, reason: "harassment" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ scope: "community", communityId: cid, status: "open" });
    const queue = await call(mod, "GET", `/api/v1/communities/${cid}/reports?status=open`);
    expect(queue.body.reports.map((r: { id: string }) => r.id)).toContain(created.body.id);
    expect((await call(member2, "GET", `/api/v1/communities/${cid}/reports`)).status).toBe(403);
    const resolved = await call(mod, "POST", `/api/v1/communities/${cid}/reports/${created.body.id}/resolve`, { status: "resolved", notes: "warned them" });
    expect(resolved.body).toMatchObject({ status: "resolved", notes: "warned them", resolverId: mod.user.id });
    const mine = await call(member, "GET", "/api/v1/reports/mine");
    expect(mine.body.reports[0]).toMatchObject({ id: created.body.id, status: "resolved", notes: null });
  });

  it("sends DM reports and escalated reports to the instance, and refuses reports about hidden channels", async () => {
    const dm = await call(member, "POST", "/api/v1/dms", { userId: member2.user.id });
    const sent = await call(member2, "POST", `/api/v1/channels/${dm.body.id}/messages`, { envelope: { alg: "test", senderDevice: "d1", ciphertext: "Zm9v" } });
    expect(sent.status).toBe(201);
    const dmReport = await call(member, "POST", "/api/v1/reports", { targetType: "message", channelId: dm.body.id, messageId: sent.body.id, reason: "threats" });
    // DMs are encrypted: the report names the author but the server has no text to keep.
    expect(dmReport.body).toMatchObject({ scope: "instance", communityId: null, targetUserId: member2.user.id, messageExcerpt: null });
    const r = await call(member, "POST", "/api/v1/reports", { targetType: "user", userId: member2.user.id, communityId: cid, reason: "spam ring" });
    const escalated = await call(mod, "POST", `/api/v1/communities/${cid}/reports/${r.body.id}/escalate`);
    expect(escalated.body.scope).toBe("instance");
    expect((await call(mod, "GET", `/api/v1/communities/${cid}/reports`)).body.reports.map((x: { id: string }) => x.id)).not.toContain(r.body.id);
    const hidden = await call(outsider, "POST", "/api/v1/reports", { targetType: "message", channelId: dm.body.id, messageId: sent.body.id, reason: "x" });
    expect(hidden.status).toBe(404);
  });
});
