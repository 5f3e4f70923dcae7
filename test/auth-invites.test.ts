// REGISTRATION_MODE=invite_only: invite codes (max uses, expiry, revocation), ADMIN_USERNAME, and the admin routes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, register, STRONG_PASSWORD, uniqueName } from "./api.ts";
import { expectError, expectNoServerErrors, userCount } from "./auth-helpers.ts";
import { startServer, type TestServer } from "./harness.ts";

const INVITES = "/api/v1/admin/registration-invites";
let server: TestServer;
let admin: Awaited<ReturnType<typeof register>>;
let member: Awaited<ReturnType<typeof register>>;

beforeAll(async () => {
  server = await startServer({ env: { REGISTRATION_MODE: "invite_only", ADMIN_USERNAME: "root_admin", RATE_LIMITS: "0" } });
});
afterAll(async () => {
  await server?.stop();
});

function tryRegister(username: string, inviteCode?: string) {
  return api(server.url, "POST", "/api/v1/auth/register", { body: { username, password: STRONG_PASSWORD, ...(inviteCode === undefined ? {} : { inviteCode }) } });
}

async function createInvite(body?: Record<string, unknown>) {
  const res = await api(server.url, "POST", INVITES, { token: admin.accessToken, body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { code: string; maxUses: number | null; uses: number; expiresAt: string | null; revokedAt: string | null };
}

describe("invite-only registration", () => {
  it("tells clients an invite is needed", async () => {
    const res = await api(server.url, "GET", "/api/v1/instance");
    expect(res.body).toMatchObject({ registrationMode: "invite_only" });
  });

  it("refuses registration without a code with 403 invite_required", async () => {
    expectError(await tryRegister(uniqueName("nocode")), 403, "invite_required");
    expect(await userCount(server)).toBe(0);
  });

  it("lets ADMIN_USERNAME (any case) register without a code, as an instance admin", async () => {
    admin = await register(server.url, "Root_Admin");
    expect(admin.user).toMatchObject({ username: "root_admin", isAdmin: true });
    const me = await api(server.url, "GET", "/api/v1/users/me", { token: admin.accessToken });
    expect(me.body.isAdmin).toBe(true);
  });

  it("lets an admin create an invite with defaults (unlimited, no expiry) that registers a non-admin", async () => {
    const invite = await createInvite();
    expect(invite).toMatchObject({ maxUses: null, uses: 0, expiresAt: null, revokedAt: null });
    expect(invite.code).toMatch(/^[A-Za-z0-9_-]{16}$/);
    member = await register(server.url, uniqueName("member"), { inviteCode: invite.code });
    expect(member.user.isAdmin).toBe(false);
  });

  it("honours max uses: a 2-use invite registers two people, then answers 403 invalid_invite", async () => {
    const invite = await createInvite({ maxUses: 2, expiresInSeconds: 3600 });
    const expires = Date.parse(invite.expiresAt!);
    expect(Math.abs(expires - (Date.now() + 3600_000))).toBeLessThan(60_000);
    await register(server.url, uniqueName("first"), { inviteCode: invite.code });
    await register(server.url, uniqueName("second"), { inviteCode: invite.code });
    const before = await userCount(server);
    expectError(await tryRegister(uniqueName("third"), invite.code), 403, "invalid_invite");
    expect(await userCount(server)).toBe(before);
    const list = await api(server.url, "GET", INVITES, { token: admin.accessToken });
    expect(list.body.invites.find((i: { code: string }) => i.code === invite.code)).toMatchObject({ maxUses: 2, uses: 2 });
  });

  it("refuses an unknown code with 403 invalid_invite", async () => {
    expectError(await tryRegister(uniqueName("guess"), "not-a-real-code"), 403, "invalid_invite");
  });

  it("refuses an expired code with 403 invalid_invite and does not count the attempt", async () => {
    const invite = await createInvite({ expiresInSeconds: 60 });
    await server.sql("update registration_invites set expires_at = now() - interval '1 second' where code = $1", [invite.code]);
    expectError(await tryRegister(uniqueName("late"), invite.code), 403, "invalid_invite");
    const [row] = await server.sql<{ uses: number }>("select uses from registration_invites where code = $1", [invite.code]);
    expect(row.uses).toBe(0);
  });

  it("refuses a revoked code with 403 invalid_invite, and the list shows when it was revoked", async () => {
    const invite = await createInvite({ maxUses: 5 });
    const del = await api(server.url, "DELETE", `${INVITES}/${invite.code}`, { token: admin.accessToken });
    expect(del.status).toBe(204);
    expectError(await tryRegister(uniqueName("revoked"), invite.code), 403, "invalid_invite");
    const list = await api(server.url, "GET", INVITES, { token: admin.accessToken });
    expect(list.status).toBe(200);
    const shown = list.body.invites.find((i: { code: string }) => i.code === invite.code);
    expect(shown.revokedAt).toEqual(expect.any(String));
    expect(shown.uses).toBe(0);
  });

  it("answers 404 not_found when revoking a code that does not exist", async () => {
    expectError(await api(server.url, "DELETE", `${INVITES}/nope-nope`, { token: admin.accessToken }), 404, "not_found");
  });
});

describe("who may manage registration invites", () => {
  it("refuses non-admins with 403 forbidden on create, list and revoke, and creates nothing", async () => {
    const [before] = await server.sql<{ n: string }>("select count(*) as n from registration_invites");
    const someCode = (await createInvite()).code;
    expectError(await api(server.url, "POST", INVITES, { token: member.accessToken, body: {} }), 403, "forbidden");
    expectError(await api(server.url, "GET", INVITES, { token: member.accessToken }), 403, "forbidden");
    expectError(await api(server.url, "DELETE", `${INVITES}/${someCode}`, { token: member.accessToken }), 403, "forbidden");
    const [after] = await server.sql<{ n: string }>("select count(*) as n from registration_invites");
    expect(Number(after.n)).toBe(Number(before.n) + 1);
    const [row] = await server.sql<{ revoked_at: Date | null }>("select revoked_at from registration_invites where code = $1", [someCode]);
    expect(row.revoked_at).toBeNull();
  });

  it("refuses callers without a token with 401 unauthorized", async () => {
    expectError(await api(server.url, "GET", INVITES), 401, "unauthorized");
    expectError(await api(server.url, "POST", INVITES, { body: {} }), 401, "unauthorized");
  });

  it("records invite creation and revocation in the audit log", async () => {
    const created = await server.sql("select ip, user_agent from audit_log where action = 'admin.registration_invite_created' and actor_id = $1", [admin.user.id]);
    expect(created.length).toBeGreaterThanOrEqual(4);
    const revoked = await server.sql("select ip from audit_log where action = 'admin.registration_invite_revoked'");
    expect(revoked).toHaveLength(1);
  });

  it("answered every request in this file without a server error", () => {
    expectNoServerErrors(server);
  });
});
