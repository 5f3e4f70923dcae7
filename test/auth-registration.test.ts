// Open registration: username and password rules, how passwords are stored, and the recovery code.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, register, STRONG_PASSWORD, uniqueName } from "./api.ts";
import { expectAuditFreeOf, expectError, expectNoServerErrors, login, loginOk, userCount } from "./auth-helpers.ts";
import { startServer, type TestServer } from "./harness.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ env: { REGISTRATION_MODE: "open", RATE_LIMITS: "0" } });
});
afterAll(async () => {
  await server?.stop();
});

const secrets: string[] = [STRONG_PASSWORD];

function tryRegister(body: Record<string, unknown>) {
  return api(server.url, "POST", "/api/v1/auth/register", { body: { password: STRONG_PASSWORD, ...body } });
}

describe("registration in open mode", () => {
  it("tells clients the instance is open", async () => {
    const res = await api(server.url, "GET", "/api/v1/instance");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ registrationMode: "open" });
  });

  it("accepts usernames of 3 and 32 characters made of a-z, 0-9, underscore and dot, and defaults the display name", async () => {
    const short = await register(server.url, "a.b");
    expect(short.user).toMatchObject({ username: "a.b", displayName: "a.b", isAdmin: false, totpEnabled: false });
    const long = "x".repeat(20) + "_y.z" + "0123456"; // 31
    const res = await register(server.url, long + "9");
    expect(res.user.username).toHaveLength(32);
    secrets.push(short.accessToken, short.refreshToken, short.recoveryCode, res.accessToken, res.refreshToken, res.recoveryCode);
  });

  it.each([
    ["too short", "ab"],
    ["too long", "a".repeat(33)],
    ["a dash", "bad-name"],
    ["a space", "two words"],
    ["a non-ASCII letter", "émile"],
    ["a slash", "a/b"],
    ["an at sign", "me@example"],
  ])("refuses a username with %s (400 invalid_body naming the field) and creates nobody", async (_why, username) => {
    const before = await userCount(server);
    const res = await tryRegister({ username });
    expectError(res, 400, "invalid_body");
    expect(res.body.error.details.fields).toHaveProperty("username");
    expect(await userCount(server)).toBe(before);
  });

  it("stores usernames lower-case and treats them case-insensitively: a differently-cased duplicate is 409 username_taken", async () => {
    const mixed = `Casey.${uniqueName("X")}`.slice(0, 32);
    const first = await register(server.url, mixed);
    expect(first.user.username).toBe(mixed.toLowerCase());
    const before = await userCount(server);
    expectError(await tryRegister({ username: mixed.toUpperCase() }), 409, "username_taken");
    expect(await userCount(server)).toBe(before);
  });

  it("lets exactly one of two simultaneous registrations of the same name through", async () => {
    const username = uniqueName("race");
    const results = await Promise.all([tryRegister({ username }), tryRegister({ username: username.toUpperCase() })]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.status === 409)!.body.error.code).toBe("username_taken");
    const rows = await server.sql("select id from users where username = $1", [username]);
    expect(rows).toHaveLength(1);
  });

  it.each([
    ["shorter than 8 characters", "k3#Lq!"],
    ["one of the most common passwords", "baseball"],
    ["a common password in another case", "BaseBall"],
    ["containing the username", "{username}-is-my-secret"],
    ["containing the username in another case", "My {USERNAME} rules 99"],
  ])("refuses a password %s with 400 weak_password and creates nobody", async (_why, template) => {
    const username = uniqueName("weak");
    const password = template.replace("{username}", username).replace("{USERNAME}", username.toUpperCase());
    const before = await userCount(server);
    const res = await api(server.url, "POST", "/api/v1/auth/register", { body: { username, password } });
    expectError(res, 400, "weak_password");
    expect(await userCount(server)).toBe(before);
  });

  it("stores passwords only as Argon2id PHC strings with m=64 MiB, t=3, p=4 and a fresh salt each", async () => {
    const rows = await server.sql<{ password_hash: string }>("select password_hash from users where deleted_at is null");
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const { password_hash } of rows) {
      expect(password_hash).toMatch(/^\$argon2id\$v=19\$m=65536,t=3,p=4\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
      expect(password_hash).not.toContain(STRONG_PASSWORD);
    }
    // Every user here has the same password; the salts make every hash different.
    expect(new Set(rows.map((r) => r.password_hash)).size).toBe(rows.length);
  });
});

describe("recovery code", () => {
  const newPassword = "a brand new passphrase 77";
  let username: string;
  let reg: Awaited<ReturnType<typeof register>>;
  let nextCode: string;

  beforeAll(async () => {
    username = uniqueName("forgetful");
    reg = await register(server.url, username);
    secrets.push(reg.accessToken, reg.refreshToken, reg.recoveryCode, newPassword);
  });

  it("is shown once at registration and stored only as a hash", async () => {
    expect(reg.recoveryCode).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){4}$/);
    const [row] = await server.sql<{ recovery_code_hash: string }>("select recovery_code_hash from users where id = $1", [reg.user.id]);
    expect(row.recovery_code_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.recovery_code_hash).not.toContain(reg.recoveryCode);
  });

  it("refuses a wrong code with 401 invalid_recovery_code and leaves the password alone", async () => {
    const res = await api(server.url, "POST", "/api/v1/auth/recover", { body: { username, recoveryCode: "AAAAA-BBBBB-CCCCC-DDDDD-EEEEE", newPassword } });
    expectError(res, 401, "invalid_recovery_code");
    const unknown = await api(server.url, "POST", "/api/v1/auth/recover", { body: { username: "nobody_here", recoveryCode: reg.recoveryCode, newPassword } });
    expectError(unknown, 401, "invalid_recovery_code");
  });

  it("refuses a weak new password with 400 weak_password without spending the code", async () => {
    const res = await api(server.url, "POST", "/api/v1/auth/recover", { body: { username, recoveryCode: reg.recoveryCode, newPassword: "password" } });
    expectError(res, 400, "weak_password");
  });

  it("resets the password, returns a new code, and ends every old session", async () => {
    const other = await loginOk(server.url, username);
    const res = await api(server.url, "POST", "/api/v1/auth/recover", { body: { username, recoveryCode: reg.recoveryCode, newPassword } });
    expect(res.status).toBe(200);
    nextCode = res.body.recoveryCode;
    expect(nextCode).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){4}$/);
    expect(nextCode).not.toBe(reg.recoveryCode);
    secrets.push(nextCode, other.accessToken, other.refreshToken);

    for (const token of [reg.accessToken, other.accessToken]) expectError(await api(server.url, "GET", "/api/v1/users/me", { token }), 401, "invalid_token");
    expectError(await api(server.url, "POST", "/api/v1/auth/refresh", { body: { refreshToken: other.refreshToken } }), 401, "invalid_refresh_token");
    expectError(await login(server.url, username, STRONG_PASSWORD), 401, "invalid_credentials");
    await loginOk(server.url, username, newPassword);
  });

  it("does not accept the spent code again, while the new one works as typed loosely (lower case, no dashes)", async () => {
    const again = await api(server.url, "POST", "/api/v1/auth/recover", { body: { username, recoveryCode: reg.recoveryCode, newPassword: "yet another passphrase 88" } });
    expectError(again, 401, "invalid_recovery_code");
    const loose = nextCode.toLowerCase().replace(/-/g, " ");
    const res = await api(server.url, "POST", "/api/v1/auth/recover", { body: { username: username.toUpperCase(), recoveryCode: loose, newPassword: "yet another passphrase 88" } });
    expect(res.status).toBe(200);
    secrets.push(res.body.recoveryCode, "yet another passphrase 88");
  });
});

describe("a new recovery code from settings", () => {
  it("needs the password, replaces the code at once, and the new one recovers the account", async () => {
    const username = uniqueName("rotating");
    const reg = await register(server.url, username);
    secrets.push(reg.accessToken, reg.refreshToken, reg.recoveryCode);
    const regen = (password: string) => api(server.url, "POST", "/api/v1/users/me/recovery-code", { token: reg.accessToken, body: { password } });
    expectError(await regen("not my password"), 401, "invalid_credentials");
    expectError(await api(server.url, "POST", "/api/v1/users/me/recovery-code", { body: { password: STRONG_PASSWORD } }), 401, "unauthorized");
    expectError(await api(server.url, "POST", "/api/v1/users/me/recovery-code", { token: reg.accessToken, body: {} }), 400, "invalid_body");
    const res = await regen(STRONG_PASSWORD);
    expect(res.status).toBe(200);
    const fresh: string = res.body.recoveryCode;
    secrets.push(fresh);
    expect(fresh).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){4}$/);
    expect(fresh).not.toBe(reg.recoveryCode);
    const newPassword = "rotated passphrase 4242";
    secrets.push(newPassword);
    expectError(await api(server.url, "POST", "/api/v1/auth/recover", { body: { username, recoveryCode: reg.recoveryCode, newPassword } }), 401, "invalid_recovery_code");
    const recovered = await api(server.url, "POST", "/api/v1/auth/recover", { body: { username, recoveryCode: fresh, newPassword } });
    expect(recovered.status).toBe(200);
    secrets.push(recovered.body.recoveryCode);
    expect((await server.sql("select 1 from audit_log where action = 'user.regenerate_recovery_code' and actor_id = $1", [reg.user.id])).length).toBe(1);
  });
});

describe("what the server keeps", () => {
  it("records registrations in the audit log with address and user agent, and no secret anywhere in it", async () => {
    const res = await api(server.url, "POST", "/api/v1/auth/register", { body: { username: uniqueName("audited"), password: STRONG_PASSWORD }, headers: { "user-agent": "HearthTest/1.0 (audit)" } });
    expect(res.status).toBe(201);
    secrets.push(res.body.accessToken, res.body.refreshToken, res.body.recoveryCode);
    const [row] = await server.sql<{ ip: string; user_agent: string; actor_id: string }>("select ip, user_agent, actor_id from audit_log where action = 'user.register' and actor_id = $1", [res.body.user.id]);
    expect(row).toMatchObject({ ip: "127.0.0.1", user_agent: "HearthTest/1.0 (audit)" });
    await expectAuditFreeOf(server, secrets);
  });

  it("answered every request in this file without a server error", () => {
    expectNoServerErrors(server);
  });
});
