// Sessions: access JWTs, refresh rotation and reuse detection, many devices, revocation, logout, and the account
// actions that end sessions (password change, deletion).
import { decodeJwt, decodeProtectedHeader } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, register, STRONG_PASSWORD, uniqueName } from "./api.ts";
import { auditRows, expectAuditFreeOf, expectError, expectNoServerErrors, login, loginOk, type Tokens } from "./auth-helpers.ts";
import { startServer, type TestServer } from "./harness.ts";

const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0";
let server: TestServer;
let alice: Awaited<ReturnType<typeof register>>;
const secrets: string[] = [STRONG_PASSWORD];

beforeAll(async () => {
  server = await startServer({ env: { RATE_LIMITS: "0" } });
  alice = await register(server.url, uniqueName("alice"));
  secrets.push(alice.accessToken, alice.refreshToken, alice.recoveryCode);
});
afterAll(async () => {
  await server?.stop();
});

const me = (token: string) => api(server.url, "GET", "/api/v1/users/me", { token });
const refresh = (refreshToken: string) => api(server.url, "POST", "/api/v1/auth/refresh", { body: { refreshToken } });
const sessionList = (token: string) => api(server.url, "GET", "/api/v1/users/me/sessions", { token });

/** The session opened by the first login test, reused by the rotation test to save an Argon2 hash. */
let firstLogin: Tokens;

describe("login and access tokens", () => {
  it("returns an EdDSA access JWT valid for exactly 15 minutes, naming the user and the session", async () => {
    const res = await login(server.url, alice.user.username);
    firstLogin = res.body;
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ id: alice.user.id, username: alice.user.username });
    expect(decodeProtectedHeader(res.body.accessToken)).toMatchObject({ alg: "EdDSA", typ: "JWT" });
    const claims = decodeJwt(res.body.accessToken);
    expect(claims.exp! - claims.iat!).toBe(900);
    expect(claims.sub).toBe(alice.user.id);
    expect(claims.sid).toEqual(expect.any(String));
    expect(res.body.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    secrets.push(res.body.accessToken, res.body.refreshToken);
  });

  it("stores refresh tokens only as SHA-256 hashes", async () => {
    const rows = await server.sql<{ token_hash: string }>("select token_hash from refresh_tokens");
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows.map((r) => r.token_hash)).not.toContain(alice.refreshToken);
  });

  it("refuses a wrong password or unknown user with the same 401 invalid_credentials", async () => {
    expectError(await login(server.url, alice.user.username, "not the password at all"), 401, "invalid_credentials");
    expectError(await login(server.url, "nobody_by_this_name", STRONG_PASSWORD), 401, "invalid_credentials");
  });
});

describe("refresh rotation", () => {
  it("rotates: the next pair works, and presenting the old refresh token again revokes the whole session", async () => {
    const first = firstLogin;
    const second = await refresh(first.refreshToken);
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);
    expect(decodeJwt(second.body.accessToken).sid).toBe(decodeJwt(first.accessToken).sid);
    expect((await me(second.body.accessToken)).status).toBe(200);
    secrets.push(first.accessToken, first.refreshToken, second.body.accessToken, second.body.refreshToken);

    // A replay of the rotated token: someone else has a copy, so nobody keeps this session.
    expectError(await refresh(first.refreshToken), 401, "invalid_refresh_token");
    expectError(await refresh(second.body.refreshToken), 401, "invalid_refresh_token");
    expectError(await me(second.body.accessToken), 401, "invalid_token");
    expectError(await me(first.accessToken), 401, "invalid_token");

    const reuse = await auditRows(server, "auth.refresh_reuse", alice.user.id);
    expect(reuse).toHaveLength(1);
    expect(reuse[0].ip).toBe("127.0.0.1");
    expect(reuse[0].user_agent).toEqual(expect.any(String));
  });

  it("refuses an unknown refresh token with 401 invalid_refresh_token", async () => {
    expectError(await refresh("x".repeat(43)), 401, "invalid_refresh_token");
  });

  it("lets exactly one of two simultaneous refreshes with the same token win, and then ends the session", async () => {
    const s = await loginOk(server.url, alice.user.username);
    const [a, b] = await Promise.all([refresh(s.refreshToken), refresh(s.refreshToken)]);
    expect([a.status, b.status].sort()).toEqual([200, 401]);
    const winner = a.status === 200 ? a : b;
    expectError(await me(winner.body.accessToken), 401, "invalid_token");
    secrets.push(s.accessToken, s.refreshToken, winner.body.accessToken, winner.body.refreshToken);
  });
});

describe("many sessions per user", () => {
  let bob: Awaited<ReturnType<typeof register>>;
  let laptop: Tokens;
  let phone: Tokens;

  beforeAll(async () => {
    bob = await register(server.url, uniqueName("bob"), { deviceName: "Registration PC" });
    // X-Forwarded-For is not trusted without TRUSTED_PROXIES: the session records the real peer.
    laptop = await loginOk(server.url, bob.user.username, STRONG_PASSWORD, { deviceName: "Bob's laptop" }, { "user-agent": FIREFOX, "x-forwarded-for": "203.0.113.7" });
    phone = await loginOk(server.url, bob.user.username, STRONG_PASSWORD, {}, { "user-agent": "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/128.0 Mobile Safari/537.36" });
    secrets.push(bob.accessToken, bob.refreshToken, bob.recoveryCode, laptop.accessToken, laptop.refreshToken, phone.accessToken, phone.refreshToken);
  });

  it("lists every live session with device name, address, user agent, last use, and which one is the caller", async () => {
    const res = await sessionList(laptop.accessToken);
    expect(res.status).toBe(200);
    expect(res.body.sessions).toHaveLength(3);
    for (const s of res.body.sessions) {
      expect(s).toEqual({ id: expect.any(String), deviceName: expect.any(String), ip: "127.0.0.1", userAgent: expect.any(String), createdAt: expect.any(String), lastUsedAt: expect.any(String), current: expect.any(Boolean) });
      expect(Number.isNaN(Date.parse(s.lastUsedAt))).toBe(false);
    }
    const current = res.body.sessions.filter((s: { current: boolean }) => s.current);
    expect(current).toHaveLength(1);
    expect(current[0]).toMatchObject({ id: decodeJwt(laptop.accessToken).sid, deviceName: "Bob's laptop", userAgent: FIREFOX });
    const names = res.body.sessions.map((s: { deviceName: string }) => s.deviceName).sort();
    expect(names).toEqual(["Bob's laptop", "Chrome on Android", "Registration PC"]);
  });

  it("moves a session's last use forward when it refreshes", async () => {
    const before = (await sessionList(phone.accessToken)).body.sessions.find((s: { current: boolean }) => s.current);
    const next = await refresh(phone.refreshToken);
    expect(next.status).toBe(200);
    phone = next.body;
    secrets.push(phone.accessToken, phone.refreshToken);
    const after = (await sessionList(phone.accessToken)).body.sessions.find((s: { current: boolean }) => s.current);
    expect(after.id).toBe(before.id);
    expect(Date.parse(after.lastUsedAt)).toBeGreaterThan(Date.parse(before.lastUsedAt));
  });

  it("revokes one session: its access and refresh tokens stop working at once, the others carry on", async () => {
    const phoneSid = decodeJwt(phone.accessToken).sid as string;
    const del = await api(server.url, "DELETE", `/api/v1/users/me/sessions/${phoneSid}`, { token: laptop.accessToken });
    expect(del.status).toBe(204);
    expectError(await me(phone.accessToken), 401, "invalid_token");
    expectError(await refresh(phone.refreshToken), 401, "invalid_refresh_token");
    expect((await me(bob.accessToken)).status).toBe(200);
    const list = await sessionList(laptop.accessToken);
    expect(list.body.sessions.map((s: { id: string }) => s.id)).not.toContain(phoneSid);
    expectError(await api(server.url, "DELETE", `/api/v1/users/me/sessions/${phoneSid}`, { token: laptop.accessToken }), 404, "session_not_found");
  });

  it("does not let anyone revoke another user's session (404 session_not_found, the session survives)", async () => {
    const bobSid = decodeJwt(bob.accessToken).sid as string;
    expectError(await api(server.url, "DELETE", `/api/v1/users/me/sessions/${bobSid}`, { token: alice.accessToken }), 404, "session_not_found");
    expect((await me(bob.accessToken)).status).toBe(200);
  });

  it("revokes all other sessions and keeps the caller's", async () => {
    const res = await api(server.url, "POST", "/api/v1/users/me/sessions/revoke-others", { token: laptop.accessToken });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ revokedSessions: 1 });
    expectError(await me(bob.accessToken), 401, "invalid_token");
    const list = await sessionList(laptop.accessToken);
    expect(list.body.sessions).toHaveLength(1);
    expect(list.body.sessions[0].current).toBe(true);
  });

  it("logs out: 204, then the access token answers 401 and the refresh token is dead", async () => {
    const res = await api(server.url, "POST", "/api/v1/auth/logout", { token: laptop.accessToken });
    expect(res.status).toBe(204);
    expectError(await me(laptop.accessToken), 401, "invalid_token");
    expectError(await refresh(laptop.refreshToken), 401, "invalid_refresh_token");
    expectError(await api(server.url, "POST", "/api/v1/auth/logout", { token: laptop.accessToken }), 401, "invalid_token");
    const [row] = await auditRows(server, "auth.logout", bob.user.id);
    expect(row).toMatchObject({ ip: "127.0.0.1", user_agent: expect.any(String) });
  });
});

describe("account changes", () => {
  let carol: Awaited<ReturnType<typeof register>>;
  let otherDevice: Tokens;
  const newPassword = "carol's new passphrase 2026";

  beforeAll(async () => {
    carol = await register(server.url, uniqueName("carol"), { displayName: "Carol" });
    otherDevice = await loginOk(server.url, carol.user.username);
    secrets.push(carol.accessToken, carol.refreshToken, carol.recoveryCode, otherDevice.accessToken, otherDevice.refreshToken, newPassword);
  });

  it("changes the display name (trimmed) and refuses an empty one or unknown fields", async () => {
    const res = await api(server.url, "PATCH", "/api/v1/users/me", { token: carol.accessToken, body: { displayName: "  Carol C.  " } });
    expect(res.status).toBe(200);
    expect(res.body.displayName).toBe("Carol C.");
    expect((await me(otherDevice.accessToken)).body.displayName).toBe("Carol C.");
    expectError(await api(server.url, "PATCH", "/api/v1/users/me", { token: carol.accessToken, body: { displayName: "   " } }), 400, "invalid_body");
    expectError(await api(server.url, "PATCH", "/api/v1/users/me", { token: carol.accessToken, body: { displayName: "X", isAdmin: true } }), 400, "invalid_body");
    expect((await me(carol.accessToken)).body).toMatchObject({ displayName: "Carol C.", isAdmin: false });
  });

  it("refuses a password change with the wrong current password (401) or a weak new one (400), changing nothing", async () => {
    const wrong = await api(server.url, "POST", "/api/v1/users/me/password", { token: carol.accessToken, body: { currentPassword: "guess guess guess", newPassword } });
    expectError(wrong, 401, "invalid_credentials");
    const weak = await api(server.url, "POST", "/api/v1/users/me/password", { token: carol.accessToken, body: { currentPassword: STRONG_PASSWORD, newPassword: "password1" } });
    expectError(weak, 400, "weak_password");
    expect((await me(otherDevice.accessToken)).status).toBe(200);
  });

  it("changes the password and signs out every other session, keeping the caller's", async () => {
    const res = await api(server.url, "POST", "/api/v1/users/me/password", { token: carol.accessToken, body: { currentPassword: STRONG_PASSWORD, newPassword } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ revokedSessions: 1 });
    expectError(await me(otherDevice.accessToken), 401, "invalid_token");
    expectError(await refresh(otherDevice.refreshToken), 401, "invalid_refresh_token");
    expect((await me(carol.accessToken)).status).toBe(200);
    expectError(await login(server.url, carol.user.username, STRONG_PASSWORD), 401, "invalid_credentials");
    otherDevice = await loginOk(server.url, carol.user.username, newPassword);
    secrets.push(otherDevice.accessToken, otherDevice.refreshToken);
    const [row] = await auditRows(server, "user.change_password", carol.user.id);
    expect(row).toMatchObject({ ip: "127.0.0.1", user_agent: expect.any(String) });
  });

  it("refuses to delete the account without the right password, and keeps it", async () => {
    const res = await api(server.url, "DELETE", "/api/v1/users/me", { token: carol.accessToken, body: { password: STRONG_PASSWORD } });
    expectError(res, 401, "invalid_credentials");
    expectError(await api(server.url, "DELETE", "/api/v1/users/me", { token: carol.accessToken }), 415, "unsupported_media_type");
    expect((await me(carol.accessToken)).body.username).toBe(carol.user.username);
  });

  it("deletes the account: personal data scrubbed, every session ended, and the old credentials fail", async () => {
    // Someone who read Carol's id tries to block her deletion by taking the name a deleted account used to get.
    const squatter = await register(server.url, `deleted_${carol.user.id.replace(/-/g, "").slice(-12)}`);
    secrets.push(squatter.accessToken, squatter.refreshToken, squatter.recoveryCode);
    const res = await api(server.url, "DELETE", "/api/v1/users/me", { token: carol.accessToken, body: { password: newPassword } });
    expect(res.status).toBe(204);
    const [row] = await server.sql<{ username: string; display_name: string; deleted_at: Date | null; password_hash: string }>(
      "select username, display_name, deleted_at, password_hash from users where id = $1",
      [carol.user.id],
    );
    expect(row.username).not.toContain(carol.user.username);
    // Not a name anyone can choose ("-" is not allowed), so it never collides with a registered one.
    expect(row.username).toBe(`deleted-${carol.user.id}`);
    expect(row.display_name).toBe("Deleted user");
    expect(row.display_name).not.toContain("Carol");
    expect(row.deleted_at).not.toBeNull();
    expect(row.password_hash).not.toMatch(/^\$argon2id/);
    const [live] = await server.sql<{ n: string }>("select count(*) as n from sessions where user_id = $1 and revoked_at is null", [carol.user.id]);
    expect(Number(live.n)).toBe(0);
    expectError(await me(carol.accessToken), 401, "invalid_token");
    expectError(await me(otherDevice.accessToken), 401, "invalid_token");
    expectError(await refresh(otherDevice.refreshToken), 401, "invalid_refresh_token");
    expectError(await login(server.url, carol.user.username, newPassword), 401, "invalid_credentials");
    expect(await auditRows(server, "user.delete_account", carol.user.id)).toHaveLength(1);
  });
});

describe("suspended accounts", () => {
  it("answer 403 account_suspended to their tokens, refresh and login, without spending the refresh token", async () => {
    const dave = await register(server.url, uniqueName("dave"));
    secrets.push(dave.accessToken, dave.refreshToken, dave.recoveryCode);
    await server.sql("update users set suspended_at = now(), suspended_reason = 'test' where id = $1", [dave.user.id]);
    expectError(await me(dave.accessToken), 403, "account_suspended");
    expectError(await refresh(dave.refreshToken), 403, "account_suspended");
    expectError(await login(server.url, dave.user.username), 403, "account_suspended");
    await server.sql("update users set suspended_at = null, suspended_reason = null where id = $1", [dave.user.id]);
    // Lifting the suspension gives the same session back: nothing was revoked or rotated meanwhile.
    expect((await me(dave.accessToken)).status).toBe(200);
    const next = await refresh(dave.refreshToken);
    expect(next.status).toBe(200);
    secrets.push(next.body.accessToken, next.body.refreshToken);
  });
});

describe("audit trail", () => {
  it("records register, login, failed login, logout, refresh reuse and password change with address and user agent", async () => {
    for (const action of ["user.register", "auth.login", "auth.login_failed", "auth.logout", "auth.refresh_reuse", "user.change_password"]) {
      const rows = await auditRows(server, action);
      expect(rows.length, action).toBeGreaterThan(0);
      for (const r of rows) {
        expect(r.ip, action).toBe("127.0.0.1");
        expect(r.user_agent, action).toEqual(expect.any(String));
      }
    }
    await expectAuditFreeOf(server, secrets);
  });

  it("answered every request in this file without a server error", () => {
    expectNoServerErrors(server);
  });
});
