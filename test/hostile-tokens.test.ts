// Forged, tampered, expired and misplaced credentials. The server runs with a signing key generated here, so the
// tests can also mint tokens that are correctly signed but wrong in some other way (expired, wrong claims).
import crypto from "node:crypto";
import { decodeJwt, exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSecrets } from "../scripts/lib/secrets.ts";
import { api, register, STRONG_PASSWORD, uniqueName, type ApiResponse } from "./api.ts";
import { expectError, expectNoServerErrors, loginOk } from "./auth-helpers.ts";
import { startServer, type TestServer } from "./harness.ts";

const keys = generateSecrets();
const serverJwk = JSON.parse(keys.JWT_PRIVATE_KEY) as JWK;
const publicJwk = { kty: serverJwk.kty, crv: serverJwk.crv, x: serverJwk.x };
const INVITES = "/api/v1/admin/registration-invites";

let server: TestServer;
let victim: Awaited<ReturnType<typeof register>>;
let admin: Awaited<ReturnType<typeof register>>;
let victimSid: string;
let endedSession: { accessToken: string; refreshToken: string };
let serverKey: CryptoKey;
let otherKey: CryptoKey;
let otherPublicJwk: JWK;

beforeAll(async () => {
  server = await startServer({ env: { ...keys, ADMIN_USERNAME: "root_admin", RATE_LIMITS: "0" } });
  victim = await register(server.url, uniqueName("victim"));
  admin = await register(server.url, "root_admin");
  victimSid = decodeJwt(victim.accessToken).sid as string;
  endedSession = await loginOk(server.url, victim.user.username);
  expect((await api(server.url, "POST", "/api/v1/auth/logout", { token: endedSession.accessToken })).status).toBe(204);
  serverKey = (await importJWK(serverJwk, "EdDSA")) as CryptoKey;
  const other = await generateKeyPair("EdDSA", { extractable: true });
  otherKey = other.privateKey as CryptoKey;
  otherPublicJwk = await exportJWK(other.publicKey);
});
afterAll(async () => {
  await server?.stop();
});

const b64url = (v: unknown) => Buffer.from(typeof v === "string" ? v : JSON.stringify(v)).toString("base64url");
const now = () => Math.floor(Date.now() / 1000);

/** Claims that would make the caller the instance admin, if the server believed them. */
const adminClaims = () => ({ sub: admin.user.id, sid: decodeJwt(admin.accessToken).sid as string, iss: "hearth", aud: "hearth-api", iat: now(), exp: now() + 900 });

function sign(key: CryptoKey, claims: Record<string, unknown>, header: Record<string, unknown> = {}): Promise<string> {
  // jose refuses to sign a `crit` extension it was not told about; this test wants exactly such a token.
  const crit = Object.fromEntries(((header.crit as string[] | undefined) ?? []).map((name) => [name, true]));
  return new SignJWT(claims).setProtectedHeader({ alg: "EdDSA", typ: "JWT", ...header }).sign(key, { crit });
}

function hs256(secret: Buffer | string, claims: Record<string, unknown>): string {
  const unsigned = `${b64url({ alg: "HS256", typ: "JWT" })}.${b64url(claims)}`;
  return `${unsigned}.${crypto.createHmac("sha256", secret).update(unsigned).digest("base64url")}`;
}

function withPayload(token: string, change: (claims: Record<string, unknown>) => void): string {
  const [header, payload, signature] = token.split(".");
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
  change(claims);
  return `${header}.${b64url(claims)}.${signature}`;
}

async function state() {
  const [row] = await server.sql(
    `select (select count(*) from registration_invites) as invites, (select count(*) from users) as users,
            (select count(*) from users where is_admin) as admins, (select count(*) from sessions where revoked_at is null) as live_sessions`,
  );
  return row;
}

/** Tries the most valuable thing a forged token could do (mint a registration invite as the admin). */
function asAdmin(headers: Record<string, string>): Promise<ApiResponse> {
  return api(server.url, "POST", INVITES, { body: { maxUses: 1000 }, headers });
}
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

type Case = [name: string, headers: () => Promise<Record<string, string>> | Record<string, string>, status: number, code: string];

const cases: Case[] = [
  ["no Authorization header", () => ({}), 401, "unauthorized"],
  ["Basic credentials instead of a Bearer token", () => ({ authorization: `Basic ${b64url(`root_admin:${STRONG_PASSWORD}`)}` }), 401, "unauthorized"],
  ["a Bearer value full of markup", () => ({ authorization: "Bearer <script>alert(1)</script>" }), 401, "unauthorized"],
  ["an empty Bearer value", () => ({ authorization: "Bearer " }), 401, "unauthorized"],
  ["a Bearer value that is not a JWT", () => bearer("garbage"), 401, "invalid_token"],
  ["three empty-ish JWT parts", () => bearer("a.b.c"), 401, "invalid_token"],
  ["a 20 KB Bearer value", () => bearer("A".repeat(10_000) + "." + "B".repeat(10_000)), 401, "invalid_token"],
  ["an unsigned token with alg none", () => bearer(`${b64url({ alg: "none", typ: "JWT" })}.${b64url(adminClaims())}.`), 401, "invalid_token"],
  ["an unsigned token with alg NONE", () => bearer(`${b64url({ alg: "NONE" })}.${b64url(adminClaims())}.`), 401, "invalid_token"],
  ["an HS256 token keyed with the public key's bytes", () => bearer(hs256(Buffer.from(serverJwk.x!, "base64url"), adminClaims())), 401, "invalid_token"],
  ["an HS256 token keyed with the public JWK text", () => bearer(hs256(JSON.stringify(publicJwk), adminClaims())), 401, "invalid_token"],
  ["a real token with its payload changed to the admin's id", () => bearer(withPayload(victim.accessToken, (c) => (c.sub = admin.user.id))), 401, "invalid_token"],
  ["a real token with its expiry pushed out", () => bearer(withPayload(victim.accessToken, (c) => (c.exp = now() + 365 * 86400))), 401, "invalid_token"],
  ["a real token with its header switched to HS256", () => bearer([b64url({ alg: "HS256", typ: "JWT" }), ...victim.accessToken.split(".").slice(1)].join(".")), 401, "invalid_token"],
  ["a real token with its signature stripped", () => bearer(victim.accessToken.split(".").slice(0, 2).join(".") + "."), 401, "invalid_token"],
  ["a token signed by another Ed25519 key", async () => bearer(await sign(otherKey, adminClaims())), 401, "invalid_token"],
  ["a token signed by another key that carries that key in its header", async () => bearer(await sign(otherKey, adminClaims(), { jwk: otherPublicJwk })), 401, "invalid_token"],
  ["an expired token signed by another key", async () => bearer(await sign(otherKey, { ...adminClaims(), iat: now() - 3600, exp: now() - 1800 })), 401, "invalid_token"],
  ["an expired token signed by the server's key", async () => bearer(await sign(serverKey, { ...adminClaims(), iat: now() - 3600, exp: now() - 1800 })), 401, "token_expired"],
  ["a server-signed token with no expiry", async () => bearer(await sign(serverKey, { ...adminClaims(), exp: undefined })), 401, "invalid_token"],
  ["a server-signed token from another issuer", async () => bearer(await sign(serverKey, { ...adminClaims(), iss: "evil" })), 401, "invalid_token"],
  ["a server-signed token for another audience", async () => bearer(await sign(serverKey, { ...adminClaims(), aud: "other-api" })), 401, "invalid_token"],
  ["a server-signed token not valid yet", async () => bearer(await sign(serverKey, { ...adminClaims(), nbf: now() + 3600 })), 401, "invalid_token"],
  ["a server-signed token with an unknown critical header", async () => bearer(await sign(serverKey, adminClaims(), { crit: ["x-evil"], "x-evil": 1 })), 401, "invalid_token"],
  ["a server-signed token naming the admin but the victim's session", async () => bearer(await sign(serverKey, { ...adminClaims(), sid: victimSid })), 401, "invalid_token"],
  ["a server-signed token whose ids are SQL, not UUIDs", async () => bearer(await sign(serverKey, { ...adminClaims(), sub: "' OR 1=1 --", sid: "x' OR 'a'='a" })), 401, "invalid_token"],
  ["a server-signed token whose ids are numbers", async () => bearer(await sign(serverKey, { ...adminClaims(), sub: 1, sid: 2 })), 401, "invalid_token"],
  ["a server-signed token for a session that never existed", async () => bearer(await sign(serverKey, { ...adminClaims(), sid: crypto.randomUUID() })), 401, "invalid_token"],
  ["the access token of a session that logged out", () => bearer(endedSession.accessToken), 401, "invalid_token"],
  ["a real token passed in the query string", () => ({ "x-query": "" }), 401, "unauthorized"],
  ["a real token passed in a cookie", () => ({ cookie: `access_token=${admin.accessToken}; token=${admin.accessToken}` }), 401, "unauthorized"],
  ["the victim's own valid token on an admin route", () => bearer(victim.accessToken), 403, "forbidden"],
];

describe("hostile credentials", () => {
  it("covers at least 25 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  it.each(cases)("refuses %s and changes nothing", async (name, headers, status, code) => {
    const before = await state();
    const h = await headers();
    const res = name.includes("query string")
      ? await api(server.url, "POST", `${INVITES}?access_token=${admin.accessToken}&token=${admin.accessToken}`, { body: { maxUses: 1000 } })
      : await asAdmin(h);
    expectError(res, status, code);
    if (status === 401) expectError(await api(server.url, "GET", "/api/v1/users/me", { headers: h }), 401, code);
    expect(await state()).toEqual(before);
  });
});

describe("hostile refresh tokens", () => {
  it("refuses a replayed refresh token and ends the session it belonged to", async () => {
    const s = await loginOk(server.url, victim.user.username);
    const next = await api(server.url, "POST", "/api/v1/auth/refresh", { body: { refreshToken: s.refreshToken } });
    expect(next.status).toBe(200);
    expectError(await api(server.url, "POST", "/api/v1/auth/refresh", { body: { refreshToken: s.refreshToken } }), 401, "invalid_refresh_token");
    expectError(await api(server.url, "GET", "/api/v1/users/me", { token: next.body.accessToken }), 401, "invalid_token");
  });

  it("refuses the refresh token of a logged-out session, a tampered one, and an access token in its place", async () => {
    const before = await state();
    for (const refreshToken of [endedSession.refreshToken, victim.refreshToken.slice(0, -2) + (victim.refreshToken.endsWith("AA") ? "BB" : "AA")]) {
      expectError(await api(server.url, "POST", "/api/v1/auth/refresh", { body: { refreshToken } }), 401, "invalid_refresh_token");
    }
    // An access token is far longer than any refresh token: refused by shape before any lookup.
    expectError(await api(server.url, "POST", "/api/v1/auth/refresh", { body: { refreshToken: victim.accessToken } }), 400, "invalid_body");
    expect(await state()).toEqual(before);
    // The victim's untouched session is still fine.
    expect((await api(server.url, "GET", "/api/v1/users/me", { token: victim.accessToken })).status).toBe(200);
  });

  it("answered every request in this file without a server error", () => {
    expectNoServerErrors(server);
  });
});
