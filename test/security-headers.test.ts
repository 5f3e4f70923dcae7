// Security headers on every kind of response: JSON, errors, no-content, the HTML shell and static files.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, register, uniqueName, type ApiResponse } from "./api.ts";
import { expectNoServerErrors } from "./auth-helpers.ts";
import { startServer, type TestServer } from "./harness.ts";

let server: TestServer;
let token: string;
beforeAll(async () => {
  server = await startServer();
  token = (await register(server.url, uniqueName("headers"))).accessToken;
});
afterAll(async () => {
  await server?.stop();
});

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(";").map((d) => d.trim().split(/\s+/)).filter((p) => p[0]).map(([name, ...values]) => [name, values]));
}

function expectSecurityHeaders(res: ApiResponse | Response, what: string): void {
  const h = res.headers;
  const hsts = h.get("strict-transport-security") ?? "";
  expect(Number(/max-age=(\d+)/.exec(hsts)?.[1] ?? 0), `${what}: HSTS`).toBeGreaterThanOrEqual(31536000);
  expect(h.get("x-frame-options"), what).toBe("DENY");
  expect(h.get("x-content-type-options"), what).toBe("nosniff");
  expect(h.get("referrer-policy"), what).toBe("no-referrer");
  expect(h.get("permissions-policy"), what).toMatch(/geolocation=\(\)/);
  const csp = directives(h.get("content-security-policy") ?? "");
  const scriptSrc = csp.get("script-src") ?? csp.get("default-src");
  expect(scriptSrc, `${what}: script-src`).toEqual(["'self'"]);
  expect(csp.get("object-src"), what).toEqual(["'none'"]);
  expect(csp.get("frame-ancestors"), what).toEqual(["'none'"]);
}

describe("security headers", () => {
  it("are on successful API responses", async () => {
    const res = await api(server.url, "GET", "/api/v1/instance");
    expect(res.status).toBe(200);
    expectSecurityHeaders(res, "GET /api/v1/instance");
    expectSecurityHeaders(await api(server.url, "GET", "/api/v1/users/me", { token }), "GET /api/v1/users/me");
    expectSecurityHeaders(await api(server.url, "GET", "/healthz"), "GET /healthz");
  });

  it("are on error responses (400, 401, 404, 415), which stay JSON", async () => {
    const cases: [string, Promise<ApiResponse>, number][] = [
      ["bad body", api(server.url, "POST", "/api/v1/auth/login", { body: {} }), 400],
      ["no token", api(server.url, "GET", "/api/v1/users/me"), 401],
      ["unknown route", api(server.url, "GET", "/api/v1/does-not-exist"), 404],
      ["wrong type", api(server.url, "POST", "/api/v1/auth/login", { raw: "x", headers: { "content-type": "text/plain" } }), 415],
    ];
    for (const [what, pending, status] of cases) {
      const res = await pending;
      expect(res.status, what).toBe(status);
      expect(res.headers.get("content-type"), what).toMatch(/^application\/json/);
      expectSecurityHeaders(res, what);
    }
  });

  it("are on 204 No Content responses", async () => {
    const res = await api(server.url, "POST", "/api/v1/auth/logout", { token });
    expect(res.status).toBe(204);
    expectSecurityHeaders(res, "logout");
  });

  it("are on the HTML shell (for / and for client routes), whose scripts are all external so the CSP allows them", async () => {
    for (const path of ["/", "/c/some-community/some-channel"]) {
      const res = await fetch(server.url + path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/html/);
      expectSecurityHeaders(res, path);
      const html = await res.text();
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
      expect(scripts.length).toBeGreaterThan(0);
      for (const [, attrs, body] of scripts) {
        expect(attrs).toMatch(/\bsrc="\/[^"]+"/);
        expect(body.trim()).toBe("");
      }
      expect(html).not.toMatch(/\son[a-z]+=/i);
    }
  });

  it("are on static files and on a missing static file", async () => {
    const shell = await (await fetch(server.url + "/")).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(shell)![1];
    const asset = await fetch(server.url + script);
    expect(asset.status).toBe(200);
    expect(asset.headers.get("content-type")).toMatch(/^text\/javascript/);
    expectSecurityHeaders(asset, script);
    const missing = await api(server.url, "GET", "/assets/missing-file.js");
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("not_found");
    expectSecurityHeaders(missing, "missing asset");
  });

  it("answered every request in this file without a server error", () => {
    expectNoServerErrors(server);
  });
});
