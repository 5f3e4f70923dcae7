// Per-address rate limits, on (the default): 5/s on auth routes, 20/s on the rest of the API, 429 with Retry-After.
// TRUSTED_PROXIES=127.0.0.1 lets each test speak from its own address via X-Forwarded-For, so tests don't share buckets.
import http from "node:http";
import { uuidv7 } from "uuidv7";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, type ApiResponse } from "./api.ts";
import { expectError, expectNoServerErrors } from "./auth-helpers.ts";
import { startServer, type TestServer } from "./harness.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ env: { TRUSTED_PROXIES: "127.0.0.1" } });
});
afterAll(async () => {
  await server?.stop();
});

const from = (ip: string) => ({ "x-forwarded-for": ip });

/** A WebSocket upgrade request from `ip`: the status it got (101: upgraded), with the body and headers of anything else. */
function upgradeAttempt(path: string, ip: string): Promise<ApiResponse> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = http.get({ hostname, port, path, headers: { ...from(ip), connection: "Upgrade", upgrade: "websocket", "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==", "sec-websocket-version": "13" } });
    req.on("upgrade", (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, headers: new Headers(), body: null } as ApiResponse);
    });
    req.on("response", (res) => {
      let text = "";
      res.on("data", (d: Buffer) => (text += d.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: new Headers(res.headers as Record<string, string>), body: text ? JSON.parse(text) : null } as ApiResponse));
    });
    req.on("error", reject);
  });
}
// An invalid body is refused after the limiter and before any Argon2 work, so bursts stay cheap.
const authAttempt = (ip: string) => api(server.url, "POST", "/api/v1/auth/login", { body: {}, headers: from(ip) });

function expectRateLimited(res: ApiResponse): void {
  expectError(res, 429, "rate_limited");
  const retryAfter = res.headers.get("retry-after");
  expect(retryAfter).toMatch(/^\d+$/);
  expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  expect(res.body.error.details.retryAfterS).toBe(Number(retryAfter));
  // Limited responses are still ordinary responses: same headers as everything else.
  expect(res.headers.get("x-frame-options")).toBe("DENY");
}

describe("rate limits per client address", () => {
  it("lets a burst of 5 auth requests through and answers the rest with 429 and Retry-After", async () => {
    const results = await Promise.all(Array.from({ length: 12 }, () => authAttempt("198.51.100.1")));
    const limited = results.filter((r) => r.status === 429);
    const passed = results.filter((r) => r.status !== 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(passed.length).toBeGreaterThanOrEqual(5);
    for (const r of passed) expectError(r, 400, "invalid_body");
    for (const r of limited) expectRateLimited(r);
  });

  it("limits each address on its own: another address is not held back", async () => {
    await Promise.all(Array.from({ length: 10 }, () => authAttempt("198.51.100.2")));
    expectError(await authAttempt("198.51.100.3"), 400, "invalid_body");
  });

  it("does not hold back non-auth routes of an address that hit the auth limit", async () => {
    const burst = await Promise.all(Array.from({ length: 10 }, () => authAttempt("198.51.100.4")));
    expect(burst.some((r) => r.status === 429)).toBe(true);
    const res = await api(server.url, "GET", "/api/v1/instance", { headers: from("198.51.100.4") });
    expect(res.status).toBe(200);
  });

  it("refills: a limited address gets through again after Retry-After", async () => {
    const burst = await Promise.all(Array.from({ length: 10 }, () => authAttempt("198.51.100.5")));
    expect(burst.some((r) => r.status === 429)).toBe(true);
    const deadline = Date.now() + 5_000;
    let res = await authAttempt("198.51.100.5");
    while (res.status === 429 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      res = await authAttempt("198.51.100.5");
    }
    expectError(res, 400, "invalid_body");
  });

  it("puts account actions that check a password (here: password change) in the 5/s auth bucket too", async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, () => api(server.url, "POST", "/api/v1/users/me/password", { body: {}, headers: from("198.51.100.7") })),
    );
    const limited = results.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    for (const r of limited) expectRateLimited(r);
    for (const r of results.filter((r) => r.status !== 429)) expectError(r, 401, "unauthorized");
  });

  it("answers more than 20 general API requests a second from one address with 429", async () => {
    const results = await Promise.all(Array.from({ length: 35 }, () => api(server.url, "GET", "/api/v1/no-such-route", { headers: from("198.51.100.6") })));
    const limited = results.filter((r) => r.status === 429);
    const passed = results.filter((r) => r.status !== 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(passed.length).toBeGreaterThanOrEqual(20);
    for (const r of passed) expectError(r, 404, "route_not_found");
    for (const r of limited) expectRateLimited(r);
  });

  it("counts socket upgrades against the address's 20/s too (bad tickets get a closing socket until then)", async () => {
    for (const [path, ip] of [
      [`/api/v1/channels/${uuidv7()}/ws?ticket=forged`, "198.51.100.8"],
      ["/api/v1/realtime/hub?ticket=forged", "198.51.100.9"],
    ]) {
      const results = await Promise.all(Array.from({ length: 35 }, () => upgradeAttempt(path, ip)));
      const limited = results.filter((r) => r.status === 429);
      expect(limited.length, path).toBeGreaterThan(0);
      expect(results.filter((r) => r.status === 101).length, path).toBeGreaterThanOrEqual(20);
      for (const r of limited) expectRateLimited(r);
    }
  });

  it("answered every request in this file without a server error", () => {
    expectNoServerErrors(server);
  });
});
