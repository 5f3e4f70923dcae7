// TOTP two-factor authentication: enrolment, login with codes and backup codes, replay refusal, disabling, and
// deleting an account that has 2FA on. Codes are computed here from the enrolment secret, as an app would.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { base32Decode } from "../workers/auth/totp.ts";
import { api, register, STRONG_PASSWORD, uniqueName } from "./api.ts";
import { auditRows, expectAuditFreeOf, expectError, expectNoServerErrors, login, loginOk, totpCode } from "./auth-helpers.ts";
import { startServer, type TestServer } from "./harness.ts";

const TOTP = "/api/v1/users/me/totp";
let server: TestServer;
let dana: Awaited<ReturnType<typeof register>>;
let secret: string;
let backupCodes: string[];
let enableCode: string;
const secrets: string[] = [STRONG_PASSWORD];

beforeAll(async () => {
  server = await startServer({ env: { RATE_LIMITS: "0" } });
  dana = await register(server.url, uniqueName("dana"));
  secrets.push(dana.accessToken, dana.refreshToken, dana.recoveryCode);
});
afterAll(async () => {
  await server?.stop();
});

/** A code that is none of the ones valid around now. */
async function wrongCode(): Promise<string> {
  const valid = await Promise.all([-1, 0, 1].map((o) => totpCode(secret, o)));
  for (let n = 0; ; n++) {
    const candidate = String(n).padStart(6, "0");
    if (!valid.includes(candidate)) return candidate;
  }
}

/** Forget which steps were used, as if the clock had moved on: lets a test use a fresh code without waiting. */
const forgetUsedSteps = () => server.sql("update users set totp_last_step = null where id = $1", [dana.user.id]);

describe("enrolment", () => {
  it("cannot be enabled before setup", async () => {
    expectError(await api(server.url, "POST", `${TOTP}/enable`, { token: dana.accessToken, body: { code: "123456" } }), 409, "totp_not_enrolled");
  });

  it("returns an otpauth:// URI and an SVG QR code carrying a fresh secret", async () => {
    const res = await api(server.url, "POST", `${TOTP}/setup`, { token: dana.accessToken, body: { password: STRONG_PASSWORD } });
    expect(res.status).toBe(200);
    secret = res.body.secret;
    expect(base32Decode(secret)).toHaveLength(20);
    const uri = new URL(res.body.otpauthUri);
    expect(uri.protocol).toBe("otpauth:");
    expect(uri.host).toBe("totp");
    expect(decodeURIComponent(uri.pathname)).toBe(`/Hearth:${dana.user.username}`);
    expect(Object.fromEntries(uri.searchParams)).toMatchObject({ secret, issuer: "Hearth", digits: "6", period: "30", algorithm: "SHA1" });
    expect(res.body.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
  });

  it("keeps the secret sealed in the database, never as its base32 text or raw bytes", async () => {
    const [row] = await server.sql<{ totp_secret_sealed: string; totp_enabled: boolean }>("select totp_secret_sealed, totp_enabled from users where id = $1", [dana.user.id]);
    expect(row.totp_enabled).toBe(false);
    expect(row.totp_secret_sealed).toMatch(/^v1\.[A-Za-z0-9_-]{32}\.[A-Za-z0-9_-]+$/);
    expect(row.totp_secret_sealed).not.toContain(secret);
    expect(row.totp_secret_sealed).not.toContain(Buffer.from(base32Decode(secret)).toString("base64url"));
    expect(row.totp_secret_sealed).not.toContain(Buffer.from(base32Decode(secret)).toString("hex"));
  });

  it("refuses a wrong code (400 invalid_totp) and leaves 2FA off", async () => {
    expectError(await api(server.url, "POST", `${TOTP}/enable`, { token: dana.accessToken, body: { code: await wrongCode() } }), 400, "invalid_totp");
    const [row] = await server.sql<{ totp_enabled: boolean }>("select totp_enabled from users where id = $1", [dana.user.id]);
    expect(row.totp_enabled).toBe(false);
  });

  it("turns on with a current code and hands out 8 distinct backup codes, stored only as hashes", async () => {
    enableCode = await totpCode(secret);
    const res = await api(server.url, "POST", `${TOTP}/enable`, { token: dana.accessToken, body: { code: enableCode } });
    expect(res.status).toBe(200);
    backupCodes = res.body.backupCodes;
    expect(backupCodes).toHaveLength(8);
    expect(new Set(backupCodes).size).toBe(8);
    const stored = await server.sql<{ code_hash: string }>("select code_hash from backup_codes where user_id = $1", [dana.user.id]);
    expect(stored).toHaveLength(8);
    for (const r of stored) expect(r.code_hash).toMatch(/^[0-9a-f]{64}$/);
    expect((await api(server.url, "GET", "/api/v1/users/me", { token: dana.accessToken })).body.totpEnabled).toBe(true);
    expectError(await api(server.url, "POST", `${TOTP}/setup`, { token: dana.accessToken, body: { password: STRONG_PASSWORD } }), 409, "totp_already_enabled");
    secrets.push(...backupCodes);
  });
});

describe("signing in with 2FA on", () => {
  it("asks for a code after a correct password (401 totp_required)", async () => {
    expectError(await login(server.url, dana.user.username), 401, "totp_required");
  });

  it("refuses a wrong code with 401 invalid_totp", async () => {
    expectError(await login(server.url, dana.user.username, STRONG_PASSWORD, { totpCode: await wrongCode() }), 401, "invalid_totp");
  });

  it("does not accept the code that enabled 2FA a second time", async () => {
    expectError(await login(server.url, dana.user.username, STRONG_PASSWORD, { totpCode: enableCode }), 401, "invalid_totp");
  });

  it("accepts the next code once, and refuses the same code replayed", async () => {
    const next = await totpCode(secret, 1);
    const ok = await login(server.url, dana.user.username, STRONG_PASSWORD, { totpCode: next.slice(0, 3) + " " + next.slice(3) });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    secrets.push(ok.body.accessToken, ok.body.refreshToken);
    expectError(await login(server.url, dana.user.username, STRONG_PASSWORD, { totpCode: next }), 401, "invalid_totp");
  });

  it("accepts a backup code exactly once, however it is typed", async () => {
    const typed = backupCodes[0].toUpperCase().replace("-", " ");
    const ok = await login(server.url, dana.user.username, STRONG_PASSWORD, { backupCode: typed });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    secrets.push(ok.body.accessToken, ok.body.refreshToken);
    expectError(await login(server.url, dana.user.username, STRONG_PASSWORD, { backupCode: backupCodes[0] }), 401, "invalid_totp");
    const [row] = await server.sql<{ n: string }>("select count(*) as n from backup_codes where user_id = $1 and used_at is null", [dana.user.id]);
    expect(Number(row.n)).toBe(7);
  });
});

describe("turning 2FA off", () => {
  it("needs the password and a code: password alone is 401 totp_required, a wrong code 401 invalid_totp", async () => {
    await forgetUsedSteps();
    expectError(await api(server.url, "POST", `${TOTP}/disable`, { token: dana.accessToken, body: { password: STRONG_PASSWORD } }), 401, "totp_required");
    expectError(await api(server.url, "POST", `${TOTP}/disable`, { token: dana.accessToken, body: { password: STRONG_PASSWORD, totpCode: await wrongCode() } }), 401, "invalid_totp");
    const [row] = await server.sql<{ totp_enabled: boolean }>("select totp_enabled from users where id = $1", [dana.user.id]);
    expect(row.totp_enabled).toBe(true);
  });

  it("turns off with password and code: the secret and backup codes are gone and login needs no code", async () => {
    const res = await api(server.url, "POST", `${TOTP}/disable`, { token: dana.accessToken, body: { password: STRONG_PASSWORD, totpCode: await totpCode(secret) } });
    expect(res.status).toBe(204);
    const [row] = await server.sql<{ totp_enabled: boolean; totp_secret_sealed: string | null }>("select totp_enabled, totp_secret_sealed from users where id = $1", [dana.user.id]);
    expect(row).toEqual({ totp_enabled: false, totp_secret_sealed: null });
    expect(await server.sql("select 1 from backup_codes where user_id = $1", [dana.user.id])).toHaveLength(0);
    const again = await loginOk(server.url, dana.user.username);
    secrets.push(again.accessToken, again.refreshToken);
    expectError(await api(server.url, "POST", `${TOTP}/disable`, { token: dana.accessToken, body: { password: STRONG_PASSWORD } }), 409, "totp_not_enabled");
  });

  it("records enabling, disabling and the failed second factor in the audit log with address and user agent", async () => {
    for (const action of ["auth.totp_enabled", "auth.totp_disabled"]) {
      const rows = await auditRows(server, action, dana.user.id);
      expect(rows, action).toHaveLength(1);
      expect(rows[0]).toMatchObject({ ip: "127.0.0.1", user_agent: expect.any(String) });
    }
    const failed = await auditRows(server, "auth.login_failed", dana.user.id);
    expect(failed.some((r) => (r.details as { reason?: string })?.reason === "totp")).toBe(true);
  });
});

describe("deleting an account with 2FA on", () => {
  let erin: Awaited<ReturnType<typeof register>>;
  let erinSecret: string;
  let erinBackup: string[];
  let replacedBackup: string[];

  beforeAll(async () => {
    erin = await register(server.url, uniqueName("erin"));
    const setup = await api(server.url, "POST", `${TOTP}/setup`, { token: erin.accessToken, body: { password: STRONG_PASSWORD } });
    erinSecret = setup.body.secret;
    const enable = await api(server.url, "POST", `${TOTP}/enable`, { token: erin.accessToken, body: { code: await totpCode(erinSecret) } });
    expect(enable.status).toBe(200);
    erinBackup = enable.body.backupCodes;
    secrets.push(erin.accessToken, erin.refreshToken, erin.recoveryCode, ...erinBackup);
  });

  it("replaces the backup codes on request (password + a code), after which the old ones are void", async () => {
    const res = await api(server.url, "POST", `${TOTP}/backup-codes`, { token: erin.accessToken, body: { password: STRONG_PASSWORD, backupCode: erinBackup[0] } });
    expect(res.status).toBe(200);
    expect(res.body.backupCodes).toHaveLength(8);
    expect(res.body.backupCodes.filter((code: string) => erinBackup.includes(code))).toEqual([]);
    replacedBackup = erinBackup;
    erinBackup = res.body.backupCodes;
    secrets.push(...erinBackup);
  });

  it("refuses the password alone (401 totp_required) or with a void code (401 invalid_totp), keeping the account", async () => {
    expectError(await api(server.url, "DELETE", "/api/v1/users/me", { token: erin.accessToken, body: { password: STRONG_PASSWORD } }), 401, "totp_required");
    // Never used, but replaced above.
    expectError(await api(server.url, "DELETE", "/api/v1/users/me", { token: erin.accessToken, body: { password: STRONG_PASSWORD, backupCode: replacedBackup[1] } }), 401, "invalid_totp");
    expect((await api(server.url, "GET", "/api/v1/users/me", { token: erin.accessToken })).status).toBe(200);
  });

  it("deletes with password and a backup code: name scrubbed, 2FA data gone, sessions ended", async () => {
    const res = await api(server.url, "DELETE", "/api/v1/users/me", { token: erin.accessToken, body: { password: STRONG_PASSWORD, backupCode: erinBackup[3] } });
    expect(res.status).toBe(204);
    const [row] = await server.sql<{ username: string; display_name: string; totp_secret_sealed: string | null }>("select username, display_name, totp_secret_sealed from users where id = $1", [erin.user.id]);
    expect(row.username).not.toBe(erin.user.username);
    expect(row.display_name).toBe("Deleted user");
    expect(row.totp_secret_sealed).toBeNull();
    expect(await server.sql("select 1 from backup_codes where user_id = $1", [erin.user.id])).toHaveLength(0);
    expectError(await api(server.url, "GET", "/api/v1/users/me", { token: erin.accessToken }), 401, "invalid_token");
  });

  it("never put a secret, code or token in the audit log", async () => {
    await expectAuditFreeOf(server, [...secrets, secret, erinSecret]);
  });

  it("answered every request in this file without a server error", () => {
    expectNoServerErrors(server);
  });
});
