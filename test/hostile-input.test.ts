// Hostile request bodies, paths and strings against the auth, account and admin routes. Each one must get a clear
// 4xx with its error code, and leave every account, session and invite exactly as it was.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, register, STRONG_PASSWORD, uniqueName, type ApiResponse } from "./api.ts";
import { expectError, expectNoServerErrors, loginOk, rawHttp } from "./auth-helpers.ts";
import { startServer, type TestServer } from "./harness.ts";

let server: TestServer;
let victim: Awaited<ReturnType<typeof register>>;
let admin: Awaited<ReturnType<typeof register>>;
const MiB = 1024 * 1024;

beforeAll(async () => {
  server = await startServer({ env: { REGISTRATION_MODE: "open", ADMIN_USERNAME: "root_admin", RATE_LIMITS: "0" } });
  victim = await register(server.url, uniqueName("kvictim"), { displayName: "Victim" });
  admin = await register(server.url, "root_admin");
});
afterAll(async () => {
  await server?.stop();
});

/** Everything a hostile request could try to change, in one comparable value. */
async function state() {
  const [counts] = await server.sql(
    `select (select count(*) from users) as users, (select count(*) from sessions) as sessions,
            (select count(*) from sessions where revoked_at is not null) as revoked,
            (select count(*) from registration_invites) as invites, (select coalesce(sum(uses), 0) from registration_invites) as invite_uses`,
  );
  const accounts = await server.sql("select id, username, display_name, password_hash, recovery_code_hash, is_admin, totp_enabled, deleted_at from users order by id");
  return { counts, accounts };
}

const post = (path: string, body: unknown, token?: string) => api(server.url, "POST", path, { body, token });
const postRaw = (path: string, raw: string, contentType: string | null = "application/json") =>
  api(server.url, "POST", path, { raw, headers: contentType ? { "content-type": contentType } : {} });
const REGISTER = "/api/v1/auth/register";
const LOGIN = "/api/v1/auth/login";
const INVITES = "/api/v1/admin/registration-invites";

function rawPost(path: string, head: string[], body: Buffer | string): string | Buffer {
  const start = [`POST ${path} HTTP/1.1`, `Host: ${new URL(server.url).host}`, "Content-Type: application/json", "Connection: close", ...head, "", ""].join("\r\n");
  return Buffer.concat([Buffer.from(start), Buffer.isBuffer(body) ? body : Buffer.from(body)]);
}

function chunked(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i < body.length; i += 64 * 1024) {
    const piece = body.subarray(i, i + 64 * 1024);
    parts.push(Buffer.from(piece.length.toString(16) + "\r\n"), piece, Buffer.from("\r\n"));
  }
  parts.push(Buffer.from("0\r\n\r\n"));
  return Buffer.concat(parts);
}

/** A raw-socket response shaped like api()'s, so the same assertions apply. */
async function viaSocket(request: string | Buffer): Promise<ApiResponse> {
  const res = await rawHttp(server.url, request);
  let body: unknown = res.body;
  try {
    body = JSON.parse(res.body);
  } catch {
    /* leave as text */
  }
  return { status: res.status, body, headers: new Headers() };
}

const bigJson = (bytes: number) => JSON.stringify({ username: "someone", password: STRONG_PASSWORD, displayName: "x".repeat(bytes) });

type Case = [name: string, send: () => Promise<ApiResponse>, status: number, code: string];

const cases: Case[] = [
  // Malformed and mistyped bodies.
  ["malformed JSON", () => postRaw(REGISTER, '{"username": "mallory", "password": '), 400, "invalid_json"],
  ["JSON followed by garbage", () => postRaw(LOGIN, '{"username":"x","password":"y"} trailing'), 400, "invalid_json"],
  ["a JSON body sent as text/plain", () => postRaw(REGISTER, JSON.stringify({ username: "mallory", password: STRONG_PASSWORD }), "text/plain"), 415, "unsupported_media_type"],
  ["a JSON body with no Content-Type", () => postRaw(REGISTER, JSON.stringify({ username: "mallory", password: STRONG_PASSWORD }), null), 415, "unsupported_media_type"],
  ["a form-encoded body", () => postRaw(LOGIN, "username=root_admin&password=x", "application/x-www-form-urlencoded"), 415, "unsupported_media_type"],
  ["an empty body", () => postRaw(LOGIN, ""), 400, "invalid_body"],
  ["JSON null", () => postRaw(LOGIN, "null"), 400, "invalid_body"],
  ["an array instead of an object", () => post(REGISTER, [{ username: "mallory", password: STRONG_PASSWORD }]), 400, "invalid_body"],
  ["a number instead of a username", () => post(REGISTER, { username: 12345, password: STRONG_PASSWORD }), 400, "invalid_body"],
  ["an operator object as the password", () => post(LOGIN, { username: "root_admin", password: { $ne: null } }), 400, "invalid_body"],
  ["a username given as an array", () => post(LOGIN, { username: ["root_admin"], password: STRONG_PASSWORD }), 400, "invalid_body"],
  ["missing fields", () => post(REGISTER, {}), 400, "invalid_body"],
  ["a missing password", () => post(LOGIN, { username: "root_admin" }), 400, "invalid_body"],
  ["a TOTP code as a number", () => post(LOGIN, { username: "root_admin", password: STRONG_PASSWORD, totpCode: 123456 }), 400, "invalid_body"],
  ["a refresh token that is a number", () => post("/api/v1/auth/refresh", { refreshToken: 123 }), 400, "invalid_body"],
  ["JSON nested 100 000 deep", () => postRaw(LOGIN, "[".repeat(100_000) + "]".repeat(100_000)), 400, "*"],
  // Huge values inside a normal-sized body: refused by length, before any password hashing.
  ["a 100 000-character username", () => post(REGISTER, { username: "a".repeat(100_000), password: STRONG_PASSWORD }), 400, "invalid_body"],
  ["a 100 000-character password", () => post(LOGIN, { username: "root_admin", password: "p".repeat(100_000) }), 400, "invalid_body"],
  ["a 900 KB display name", () => postRaw(REGISTER, bigJson(900 * 1024)), 400, "invalid_body"],
  ["a 10 000-character refresh token", () => post("/api/v1/auth/refresh", { refreshToken: "r".repeat(10_000) }), 400, "invalid_body"],
  // Bodies over 1 MiB, with honest, missing and lying Content-Length.
  ["a 2 MiB body", () => postRaw(REGISTER, bigJson(2 * MiB)), 413, "payload_too_large"],
  ["a 2 MiB chunked body with no Content-Length", () => viaSocket(rawPost(REGISTER, ["Transfer-Encoding: chunked"], chunked(Buffer.from(bigJson(2 * MiB))))), 413, "payload_too_large"],
  ["a Content-Length of 5 MB on a tiny body (refused once the rest has not come for a second)", () => viaSocket(rawPost(REGISTER, ["Content-Length: 5000000"], "{}")), 413, "payload_too_large"],
  ["a Content-Length of 20 on a 2 MiB body", () => viaSocket(rawPost(REGISTER, ["Content-Length: 20"], bigJson(2 * MiB))), 400, "invalid_json"],
  ["bytes that are not UTF-8", () => api(server.url, "POST", LOGIN, { raw: Buffer.from([0x7b, 0x22, 0x75, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) as unknown as string, headers: { "content-type": "application/json" } }), 400, "invalid_json"],
  // Strings that look like code.
  ["an SQL-looking username at registration", () => post(REGISTER, { username: "x'); drop table users;--", password: STRONG_PASSWORD }), 400, "invalid_body"],
  ["an SQL-looking username at login", () => post(LOGIN, { username: "' or '1'='1", password: STRONG_PASSWORD }), 401, "invalid_credentials"],
  ["an SQL-looking password for a real user", () => post(LOGIN, { username: victim.user.username, password: "' OR '1'='1' --" }), 401, "invalid_credentials"],
  ["an SQL-looking recovery request", () => post("/api/v1/auth/recover", { username: "root_admin'--", recoveryCode: "' OR 1=1 --", newPassword: STRONG_PASSWORD }), 401, "invalid_recovery_code"],
  ["a NUL character in a login username", () => post(LOGIN, { username: "root\u0000admin", password: STRONG_PASSWORD }), 400, "invalid_body"],
  ["a NUL character in a display name", () => post(REGISTER, { username: uniqueName("nul"), password: STRONG_PASSWORD, displayName: "evil\u0000name" }), 400, "invalid_body"],
  ["a NUL character in an invite code", () => post(REGISTER, { username: uniqueName("nul"), password: STRONG_PASSWORD, inviteCode: "abc\u0000" }), 400, "invalid_body"],
  ["a NUL character in a device name", () => post(LOGIN, { username: victim.user.username, password: STRONG_PASSWORD, deviceName: "pc\u0000" }), 400, "invalid_body"],
  ["half a surrogate pair in a display name", () => post(REGISTER, { username: uniqueName("sur"), password: STRONG_PASSWORD, displayName: "evil\ud800name" }), 400, "invalid_body"],
  // Usernames that look like someone else's.
  ["the admin's name in capitals", () => post(REGISTER, { username: "ROOT_ADMIN", password: STRONG_PASSWORD }), 409, "username_taken"],
  ["the admin's name with Cyrillic o's", () => post(REGISTER, { username: "r\u043e\u043et_admin", password: STRONG_PASSWORD }), 400, "invalid_body"],
  ["a name with a Kelvin sign that lower-cases to ASCII k", () => post(REGISTER, { username: "\u212Aelvin_" + victim.user.username.slice(0, 20), password: STRONG_PASSWORD }), 400, "invalid_body"],
  ["a Kelvin-sign spelling of a real name, with its right password, at login", () => post(LOGIN, { username: "\u212A" + victim.user.username.slice(1), password: STRONG_PASSWORD }), 401, "invalid_credentials"],
  ["a name with a dotted capital I", () => post(REGISTER, { username: "\u0130nfo_" + victim.user.username.slice(0, 20), password: STRONG_PASSWORD }), 400, "invalid_body"],
  ["the admin's name in full-width letters", () => post(REGISTER, { username: "\uff52\uff4f\uff4f\uff54_admin", password: STRONG_PASSWORD }), 400, "invalid_body"],
  ["the admin's name with a zero-width space", () => post(REGISTER, { username: "root_\u200badmin", password: STRONG_PASSWORD }), 400, "invalid_body"],
  // Account routes.
  ["sneaking isAdmin and __proto__ into a profile update", () => api(server.url, "PATCH", "/api/v1/users/me", { token: victim.accessToken, raw: '{"displayName":"V","isAdmin":true,"__proto__":{"isAdmin":true}}', headers: { "content-type": "application/json" } }), 400, "invalid_body"],
  ["a 65-character display name", () => api(server.url, "PATCH", "/api/v1/users/me", { token: victim.accessToken, body: { displayName: "d".repeat(65) } }), 400, "invalid_body"],
  ["a session id that is not a UUID", () => api(server.url, "DELETE", "/api/v1/users/me/sessions/..%2F..%2Fusers", { token: victim.accessToken }), 404, "not_found"],
  ["a password change without the current password", () => post("/api/v1/users/me/password", { newPassword: "a fine new password 1" }, victim.accessToken), 400, "invalid_body"],
  // Admin invite bodies.
  ["a maxUses of 1e20", () => post(INVITES, { maxUses: 1e20 }, admin.accessToken), 400, "invalid_body"],
  ["a maxUses beyond 2^53", () => api(server.url, "POST", INVITES, { raw: '{"maxUses": 9007199254740993}', token: admin.accessToken, headers: { "content-type": "application/json" } }), 400, "invalid_body"],
  ["an expiresInSeconds of 1e400 (Infinity)", () => api(server.url, "POST", INVITES, { raw: '{"expiresInSeconds": 1e400}', token: admin.accessToken, headers: { "content-type": "application/json" } }), 400, "invalid_body"],
  ["a negative maxUses", () => post(INVITES, { maxUses: -5 }, admin.accessToken), 400, "invalid_body"],
  ["a zero maxUses", () => post(INVITES, { maxUses: 0 }, admin.accessToken), 400, "invalid_body"],
  ["a fractional maxUses", () => post(INVITES, { maxUses: 2.5 }, admin.accessToken), 400, "invalid_body"],
  ["a maxUses given as a string", () => post(INVITES, { maxUses: "10" }, admin.accessToken), 400, "invalid_body"],
  ["a negative expiresInSeconds", () => post(INVITES, { expiresInSeconds: -60 }, admin.accessToken), 400, "invalid_body"],
  ["an invite code with a NUL in the path", () => api(server.url, "DELETE", `${INVITES}/abc%00def`, { token: admin.accessToken }), 404, "not_found"],
  ["an invite code of 5 000 characters in the path", () => api(server.url, "DELETE", `${INVITES}/${"c".repeat(5000)}`, { token: admin.accessToken }), 404, "not_found"],
  // Unknown routes and methods.
  ["an unknown auth route", () => post("/api/v1/auth/become-admin", {}), 404, "route_not_found"],
  ["PUT on the login route", () => api(server.url, "PUT", LOGIN, { body: { username: "root_admin", password: STRONG_PASSWORD } }), 405, "method_not_allowed"],
  ["DELETE on the register route", () => api(server.url, "DELETE", REGISTER), 405, "method_not_allowed"],
  ["POST to a static path", () => post("/index.html", {}), 404, "route_not_found"],
];

describe("hostile requests", () => {
  it("covers at least 30 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)("refuses %s with a clear 4xx and changes nothing", async (_name, send, status, code) => {
    const before = await state();
    const res = await send();
    if (code === "*") {
      expect(res.status).toBe(status);
      expect(res.body.error.code).toMatch(/^invalid_(json|body)$/);
    } else {
      expectError(res, status, code);
    }
    expect(await state()).toEqual(before);
  });

  it("left the victim able to sign in and the admin still the only admin", async () => {
    const victimLogin = await loginOk(server.url, victim.user.username);
    expect(victimLogin.user).toMatchObject({ displayName: "Victim", isAdmin: false });
    const admins = await server.sql("select username from users where is_admin");
    expect(admins).toEqual([{ username: "root_admin" }]);
  });
});

describe("hostile strings that are allowed", () => {
  it("stores HTML-looking display names verbatim and returns them as plain JSON strings", async () => {
    const html = `<img src=x onerror="alert(1)"><script>alert('x')</script>`;
    const reg = await register(server.url, uniqueName("html"), { displayName: html });
    expect(reg.user.displayName).toBe(html);
    const patched = `</script><svg onload=alert(2)>&amp;`;
    const res = await api(server.url, "PATCH", "/api/v1/users/me", { token: reg.accessToken, body: { displayName: patched } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const me = await api(server.url, "GET", "/api/v1/users/me", { token: reg.accessToken });
    expect(me.body.displayName).toBe(patched);
    const [row] = await server.sql<{ display_name: string }>("select display_name from users where id = $1", [reg.user.id]);
    expect(row.display_name).toBe(patched);
  });

  it("stores an SQL-looking display name verbatim, and the users table is still there", async () => {
    const name = "Robert'); DROP TABLE users;--";
    const [before] = await server.sql<{ n: string }>("select count(*) as n from users");
    const res = await api(server.url, "PATCH", "/api/v1/users/me", { token: victim.accessToken, body: { displayName: name } });
    expect(res.status).toBe(200);
    expect(res.body.displayName).toBe(name);
    const [after] = await server.sql<{ n: string }>("select count(*) as n from users");
    expect(after.n).toBe(before.n);
    await api(server.url, "PATCH", "/api/v1/users/me", { token: victim.accessToken, body: { displayName: "Victim" } });
  });

  it("ignores isAdmin and __proto__ smuggled into a registration", async () => {
    const username = uniqueName("smuggler");
    const res = await api(server.url, "POST", REGISTER, { raw: JSON.stringify({ username, password: STRONG_PASSWORD, isAdmin: true }).replace("}", ',"__proto__":{"isAdmin":true}}'), headers: { "content-type": "application/json" } });
    expect(res.status).toBe(201);
    expect(res.body.user.isAdmin).toBe(false);
    const [row] = await server.sql<{ is_admin: boolean }>("select is_admin from users where username = $1", [username]);
    expect(row.is_admin).toBe(false);
  });
});

describe("path traversal in static paths", () => {
  it.each([
    "/../../etc/passwd",
    "/assets/../../../../etc/passwd",
    "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/assets/..%2f..%2f..%2f..%2fetc%2fpasswd.txt",
    "/..%2f..%2fpackage.json",
    "/assets/..%5c..%5c..%5cpackage.json",
    "/%2e%2e%2f%2e%2e%2fwrangler.toml.txt",
  ])("never serves a file outside the web root for %s", async (path) => {
    const res = await rawHttp(server.url, `GET ${path} HTTP/1.1\r\nHost: ${new URL(server.url).host}\r\nConnection: close\r\n\r\n`);
    expect(res.body).not.toMatch(/root:.*:0:0:/);
    expect(res.body).not.toMatch(/"name": "hearth"/);
    expect(res.body).not.toMatch(/compatibility_date/);
    if (res.status === 200) expect(res.body).toContain("<hearth-app>");
    else expect([400, 404]).toContain(res.status);
  });

  it("answered every request in this file without a server error", () => {
    expectNoServerErrors(server);
  });
});
