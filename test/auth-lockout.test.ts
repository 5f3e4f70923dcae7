// Lockout: LOCKOUT_THRESHOLD failed sign-ins lock an account for 15 minutes, whatever password comes next.
// The per-IP rate limit is off here (RATE_LIMITS=0) so the failures reach the account; rate limits have their own file.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, register, STRONG_PASSWORD, uniqueName } from "./api.ts";
import { auditRows, expectAuditFreeOf, expectError, expectNoServerErrors, login, loginOk } from "./auth-helpers.ts";
import { startServer, type TestServer } from "./harness.ts";

let server: TestServer;
let frank: Awaited<ReturnType<typeof register>>;
const WRONG = "not frank's password";

beforeAll(async () => {
  server = await startServer({ env: { RATE_LIMITS: "0" } });
  frank = await register(server.url, uniqueName("frank"));
});
afterAll(async () => {
  await server?.stop();
});

describe("account lockout", () => {
  let lockedUntil: string;

  it("answers the first nine wrong passwords with 401 and the tenth with 423 account_locked until ~15 minutes ahead", async () => {
    for (let i = 1; i <= 9; i++) expectError(await login(server.url, frank.user.username, WRONG), 401, "invalid_credentials");
    const before = Date.now();
    const tenth = await login(server.url, frank.user.username, WRONG);
    expectError(tenth, 423, "account_locked");
    lockedUntil = tenth.body.error.details.lockedUntil;
    const ahead = Date.parse(lockedUntil) - before;
    expect(ahead).toBeGreaterThan(14 * 60_000);
    expect(ahead).toBeLessThanOrEqual(15 * 60_000 + 5_000);
    expect(tenth.body.error.message).toContain(lockedUntil);
  });

  it("refuses even the right password while locked, with the same lockedUntil", async () => {
    const res = await login(server.url, frank.user.username, STRONG_PASSWORD);
    expectError(res, 423, "account_locked");
    expect(res.body.error.details.lockedUntil).toBe(lockedUntil);
  });

  it("keeps sessions that were already open working (the lock is about guessing, not about the owner)", async () => {
    expect((await api(server.url, "GET", "/api/v1/users/me", { token: frank.accessToken })).status).toBe(200);
  });

  it("records each failure and the lock in the audit log with address and user agent", async () => {
    const failed = await auditRows(server, "auth.login_failed", frank.user.id);
    expect(failed).toHaveLength(10);
    const locks = await auditRows(server, "auth.locked", frank.user.id);
    expect(locks).toHaveLength(1);
    expect(locks[0]).toMatchObject({ ip: "127.0.0.1", user_agent: expect.any(String) });
    await expectAuditFreeOf(server, [WRONG, STRONG_PASSWORD, frank.accessToken, frank.refreshToken]);
  });

  it("lets the right password in once the lock has expired, and a good login starts the count afresh", async () => {
    // Nine earlier failures on record: the good login must clear them, or the next typo would lock again.
    await server.sql("update users set locked_until = now() - interval '1 second', failed_logins = 9 where id = $1", [frank.user.id]);
    await loginOk(server.url, frank.user.username);
    expectError(await login(server.url, frank.user.username, WRONG), 401, "invalid_credentials");
    const [row] = await server.sql<{ failed_logins: number; locked_until: Date | null }>("select failed_logins, locked_until from users where id = $1", [frank.user.id]);
    expect(row).toEqual({ failed_logins: 1, locked_until: null });
  });

  it("counts wrong passwords given to re-authenticate (password change) toward the same lock", async () => {
    await server.sql("update users set failed_logins = 9 where id = $1", [frank.user.id]);
    const changePassword = (currentPassword: string) =>
      api(server.url, "POST", "/api/v1/users/me/password", { token: frank.accessToken, body: { currentPassword, newPassword: "frank's next passphrase 1" } });
    const res = await changePassword(WRONG);
    expectError(res, 423, "account_locked");
    expect(Date.parse(res.body.error.details.lockedUntil)).toBeGreaterThan(Date.now() + 14 * 60_000);
    // Locked means locked, for the right password too, here and at sign-in.
    expectError(await changePassword(STRONG_PASSWORD), 423, "account_locked");
    expectError(await login(server.url, frank.user.username, STRONG_PASSWORD), 423, "account_locked");
    const reasons = (await auditRows(server, "auth.login_failed", frank.user.id)).map((r) => (r.details as { reason: string }).reason);
    expect(reasons).toContain("reauth_password");
    expect(await auditRows(server, "auth.locked", frank.user.id)).toHaveLength(2);
  });

  it("answered every request in this file without a server error", () => {
    expectNoServerErrors(server);
  });
});
