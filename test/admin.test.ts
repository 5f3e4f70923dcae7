/** The instance admin API, announcements, feedback, data export and account deletion. */
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, STRONG_PASSWORD, uniqueName } from "./api.ts";
import { caller, community, users, type TestUser } from "./community-fixtures.ts";
import { startServer, type TestServer } from "./harness.ts";

const ADMIN = uniqueName("boss");
let server: TestServer;
let call: ReturnType<typeof caller>;
let admin: TestUser, alice: TestUser, bob: TestUser, carol: TestUser;
let cid: string;

beforeAll(async () => {
  server = await startServer({ env: { ADMIN_USERNAME: ADMIN, RATE_LIMITS: "0" } });
  call = caller(server);
  [admin, alice, bob, carol] = await users(server, 4, [ADMIN]);
  cid = await community(server, admin, [alice, bob], "Admin's");
});
afterAll(async () => {
  await server?.stop();
});

const login = (username: string, password = STRONG_PASSWORD) => api(server.url, "POST", "/api/v1/auth/login", { body: { username, password } });

describe("access", () => {
  it("refuses every admin route to non-admins", async () => {
    for (const [method, path] of [["GET", "/api/v1/admin/users"], ["GET", "/api/v1/admin/settings"], ["GET", "/api/v1/admin/reports"], ["GET", "/api/v1/admin/audit-log"], ["POST", `/api/v1/admin/users/${bob.user.id}/suspend`]]) {
      const res = await call(alice, method, path);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe("forbidden");
    }
    expect((await call(null, "GET", "/api/v1/admin/users")).status).toBe(401);
  });
});

describe("users", () => {
  it("searches by name and shows one user with their communities", async () => {
    const found = await call(admin, "GET", `/api/v1/admin/users?q=${encodeURIComponent(alice.user.username.slice(0, 12))}`);
    expect(found.body.users.map((u: { id: string }) => u.id)).toContain(alice.user.id);
    const one = await call(admin, "GET", `/api/v1/admin/users/${alice.user.id}`);
    expect(one.body).toMatchObject({ username: alice.user.username, isAdmin: false, suspendedAt: null, communities: [{ id: cid, isOwner: false }] });
    expect(one.body.activeSessions).toBeGreaterThan(0);
  });

  it("suspends (ending sessions at once) and unsuspends", async () => {
    const res = await call(admin, "POST", `/api/v1/admin/users/${carol.user.id}/suspend`, { reason: "spam" });
    expect(res.body).toMatchObject({ suspendedReason: "spam" });
    expect((await call(carol, "GET", "/api/v1/users/me")).status).toBeGreaterThanOrEqual(401);
    const refused = await login(carol.user.username);
    expect(refused.body.error.code).toBe("account_suspended");
    await call(admin, "POST", `/api/v1/admin/users/${carol.user.id}/unsuspend`);
    const back = await login(carol.user.username);
    expect(back.status).toBe(200);
    carol.accessToken = back.body.accessToken;
  });

  it("resets a password to a new recovery code the user then redeems", async () => {
    const res = await call(admin, "POST", `/api/v1/admin/users/${carol.user.id}/reset-password`);
    expect(res.body.recoveryCode).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){4}$/);
    expect((await login(carol.user.username)).body.error.code).toBe("invalid_credentials");
    const newPassword = "a brand new passphrase 77";
    const recovered = await api(server.url, "POST", "/api/v1/auth/recover", { body: { username: carol.user.username, recoveryCode: res.body.recoveryCode, newPassword } });
    expect(recovered.status).toBe(200);
    const back = await login(carol.user.username, newPassword);
    expect(back.status).toBe(200);
    carol.accessToken = back.body.accessToken;
  });

  it("promotes and demotes, and refuses acting on oneself or suspending an admin", async () => {
    expect((await call(admin, "POST", `/api/v1/admin/users/${bob.user.id}/promote`, { isAdmin: true })).body.isAdmin).toBe(true);
    expect((await call(bob, "GET", "/api/v1/admin/users")).status).toBe(200);
    expect((await call(admin, "POST", `/api/v1/admin/users/${bob.user.id}/suspend`, {})).status).toBe(409);
    const demoteRoot = await call(bob, "POST", `/api/v1/admin/users/${admin.user.id}/promote`, { isAdmin: false });
    expect(demoteRoot.status).toBe(409);
    expect((await call(admin, "POST", `/api/v1/admin/users/${bob.user.id}/promote`, { isAdmin: false })).body.isAdmin).toBe(false);
    expect((await call(bob, "GET", "/api/v1/admin/users")).status).toBe(403);
    expect((await call(admin, "POST", `/api/v1/admin/users/${admin.user.id}/suspend`, {})).body.error.code).toBe("cannot_moderate_self");
  });
});

describe("settings", () => {
  it("switches community creation and registration modes, and upload limits, over the environment", async () => {
    expect((await call(alice, "POST", "/api/v1/communities", { name: "Mine" })).status).toBe(403);
    const set = await call(admin, "PATCH", "/api/v1/admin/settings", { communityCreationMode: "open", maxUploadBytes: 10 * 1024 * 1024 });
    expect(set.body).toMatchObject({ communityCreationMode: "open", maxUploadBytes: 10 * 1024 * 1024 });
    expect((await api(server.url, "GET", "/api/v1/instance")).body).toMatchObject({ communityCreationMode: "open", maxUploadBytes: 10 * 1024 * 1024 });
    expect((await call(alice, "POST", "/api/v1/communities", { name: "Mine" })).status).toBe(201);

    await call(admin, "PATCH", "/api/v1/admin/settings", { registrationMode: "closed" });
    const reg = await api(server.url, "POST", "/api/v1/auth/register", { body: { username: uniqueName(), password: STRONG_PASSWORD } });
    expect(reg.body.error.code).toBe("registration_closed");

    const reset = await call(admin, "PATCH", "/api/v1/admin/settings", { communityCreationMode: null, registrationMode: null, maxUploadBytes: null });
    expect(reset.body).toMatchObject({ communityCreationMode: "admin_only", registrationMode: "open", maxUploadBytes: 25 * 1024 * 1024 });
    expect((await call(admin, "PATCH", "/api/v1/admin/settings", { communityCreationMode: "everyone" })).status).toBe(400);
  });
});

describe("announcements and feedback", () => {
  it("shows an announcement to every user until each dismisses it", async () => {
    const created = await call(admin, "POST", "/api/v1/admin/announcements", { title: "Maintenance", body: "Tonight at 22:00" });
    expect(created.status).toBe(201);
    await call(admin, "POST", "/api/v1/admin/announcements", { title: "Old", body: "gone", endsAt: new Date(Date.now() - 1000).toISOString() });
    const seen = await call(alice, "GET", "/api/v1/announcements");
    expect(seen.body.announcements.map((a: { title: string }) => a.title)).toEqual(["Maintenance"]);
    expect((await call(alice, "POST", `/api/v1/announcements/${created.body.id}/dismiss`)).status).toBe(204);
    expect((await call(alice, "GET", "/api/v1/announcements")).body.announcements).toEqual([]);
    expect((await call(bob, "GET", "/api/v1/announcements")).body.announcements).toHaveLength(1);
    expect((await call(alice, "POST", "/api/v1/admin/announcements", { title: "x", body: "y" })).status).toBe(403);
  });

  it("takes feedback from users into the admins' list", async () => {
    const sent = await call(alice, "POST", "/api/v1/feedback", { category: "bug", body: "The button is blue" });
    expect(sent.status).toBe(201);
    const list = await call(admin, "GET", "/api/v1/admin/feedback?status=open");
    expect(list.body.feedback[0]).toMatchObject({ body: "The button is blue", category: "bug", username: alice.user.username });
    expect((await call(admin, "PATCH", `/api/v1/admin/feedback/${sent.body.id}`, { status: "closed" })).body.status).toBe("closed");
    expect((await call(alice, "GET", "/api/v1/admin/feedback")).status).toBe(403);
  });
});

describe("reports, audit log and overviews", () => {
  it("queues instance reports for admins to resolve", async () => {
    const report = await call(alice, "POST", "/api/v1/reports", { targetType: "user", userId: carol.user.id, reason: "impersonation" });
    expect(report.body.scope).toBe("instance");
    const queue = await call(admin, "GET", "/api/v1/admin/reports?status=open");
    expect(queue.body.reports.map((r: { id: string }) => r.id)).toContain(report.body.id);
    const done = await call(admin, "POST", `/api/v1/admin/reports/${report.body.id}/resolve`, { status: "dismissed", notes: "not the same person" });
    expect(done.body).toMatchObject({ status: "dismissed", notes: "not the same person" });
  });

  it("reads the instance audit log with network details, lists communities and the webhooks overview (none made yet)", async () => {
    const log = await call(admin, "GET", "/api/v1/admin/audit-log?action=admin.user_suspend");
    expect(log.body.entries[0]).toMatchObject({ action: "admin.user_suspend", targetId: carol.user.id, reason: "spam", actor: { id: admin.user.id } });
    expect(log.body.entries[0].ip).toMatch(/^127\.0\.0\.1/);
    const communities = await call(admin, "GET", "/api/v1/admin/communities");
    expect(communities.body.communities.find((c: { id: string }) => c.id === cid)).toMatchObject({ memberCount: 3 });
    expect((await call(admin, "GET", "/api/v1/admin/webhooks")).body).toEqual({ webhooks: [], available: true });
  });
});

describe("data export and account deletion", () => {
  it("exports the caller's data as JSON in a zip", async () => {
    const res = await fetch(`${server.url}/api/v1/users/me/export`, { headers: { authorization: `Bearer ${alice.accessToken}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const data = JSON.parse(strFromU8(files["hearth-export.json"]));
    expect(data.profile).toMatchObject({ id: alice.user.id, username: alice.user.username });
    expect(data.communities.map((c: { communityId: string }) => c.communityId)).toContain(cid);
    expect(data.feedback).toEqual([expect.objectContaining({ body: "The button is blue" })]);
    expect(data.sessions.length).toBeGreaterThan(0);
  });

  it("refuses deleting an account that owns communities", async () => {
    const res = await call(admin, "DELETE", `/api/v1/admin/users/${alice.user.id}`);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("owns_communities");
    expect(res.body.error.details.communities).toEqual([expect.objectContaining({ name: "Mine" })]);
  });

  it("deleting an account removes memberships and personal data and keeps the row as Deleted user", async () => {
    await call(bob, "PUT", `/api/v1/users/me/blocks/${carol.user.id}`);
    await call(bob, "POST", "/api/v1/feedback", { body: "bye" });
    const res = await call(bob, "DELETE", "/api/v1/users/me", { password: STRONG_PASSWORD });
    expect(res.status).toBe(204);
    const members = await call(admin, "GET", `/api/v1/communities/${cid}/members`);
    expect(members.body.members.map((m: { user: { id: string } }) => m.user.id)).not.toContain(bob.user.id);
    const [row] = await server.sql<{ display_name: string; deleted_at: Date | null }>("select display_name, deleted_at from users where id = $1", [bob.user.id]);
    expect(row.display_name).toBe("Deleted user");
    expect(row.deleted_at).not.toBeNull();
    const [{ n }] = await server.sql<{ n: number }>(
      "select (select count(*) from user_blocks where blocker_id = $1) + (select count(*) from feedback where user_id = $1) as n",
      [bob.user.id],
    );
    expect(Number(n)).toBe(0);
    expect((await login(bob.user.username)).status).toBe(401);
  });

  it("lets an admin delete another account", async () => {
    expect((await call(admin, "DELETE", `/api/v1/admin/users/${carol.user.id}`)).status).toBe(204);
    expect((await call(admin, "GET", `/api/v1/admin/users/${carol.user.id}`)).body.deletedAt).not.toBeNull();
  });
});
