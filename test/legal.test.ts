/**
 * The terms of service and privacy notice (docs/api/legal.md): readable by anyone, Hearth's defaults until the
 * instance admins write their own, reset to the defaults, audited, and refused to everyone else.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { register } from "./api.ts";
import { auditRows, expectError, expectNoServerErrors } from "./auth-helpers.ts";
import { caller, type TestUser } from "./community-fixtures.ts";
import { startServer, type TestServer } from "./harness.ts";

let server: TestServer;
let admin: TestUser, alice: TestUser;

beforeAll(async () => {
  server = await startServer({ env: { RATE_LIMITS: "0" } });
  [admin, alice] = [await register(server.url), await register(server.url)];
  await server.sql(`update users set is_admin = true where id = $1`, [admin.user.id]);
});
afterAll(async () => {
  expectNoServerErrors(server);
  await server?.stop();
});

const call = (user: TestUser | null, method: string, p: string, body?: unknown) => caller(server)(user, method, p, body);

describe("legal texts", () => {
  it("serves the defaults to anyone, signed in or not", async () => {
    for (const [doc, heading] of [["terms", "# Terms of service"], ["privacy", "# Privacy notice"]]) {
      const res = await call(null, "GET", `/api/v1/legal/${doc}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ custom: false, updatedAt: null });
      expect(res.body.markdown.startsWith(heading)).toBe(true);
    }
    expect((await call(null, "GET", "/api/v1/legal/cookies")).status).toBe(404);
  });

  it("lets instance admins replace and reset them, audited; nobody else", async () => {
    const mine = "# Our rules\n\nBe kind. Questions: admin@example.org";
    const put = await call(admin, "PUT", "/api/v1/admin/legal/privacy", { markdown: mine });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ markdown: mine, custom: true });
    expect((await call(null, "GET", "/api/v1/legal/privacy")).body).toMatchObject({ markdown: mine, custom: true, updatedAt: expect.any(String) });
    expect((await call(null, "GET", "/api/v1/legal/terms")).body.custom).toBe(false);
    expect((await auditRows(server, "admin.legal_update", admin.user.id)).length).toBe(1);

    expectError(await call(alice, "PUT", "/api/v1/admin/legal/terms", { markdown: "mine now" }), 403, "forbidden");
    expectError(await call(null, "PUT", "/api/v1/admin/legal/terms", { markdown: "mine now" }), 401, "unauthorized");
    expectError(await call(admin, "PUT", "/api/v1/admin/legal/terms", { markdown: "   " }), 400, "invalid_body");
    expectError(await call(admin, "PUT", "/api/v1/admin/legal/terms", { markdown: "x".repeat(50_001) }), 400, "invalid_body");
    expectError(await call(admin, "PUT", "/api/v1/admin/legal/terms", { text: "wrong field" }), 400, "invalid_body");

    expect((await call(admin, "DELETE", "/api/v1/admin/legal/privacy")).status).toBe(204);
    expect((await call(null, "GET", "/api/v1/legal/privacy")).body.custom).toBe(false);
  });
});
