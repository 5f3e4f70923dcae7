// REGISTRATION_MODE=closed: only the bootstrap admin invite and ADMIN_USERNAME get in.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrapAdminInvite } from "../scripts/lib/bootstrap.ts";
import { api, register, STRONG_PASSWORD, uniqueName } from "./api.ts";
import { expectError, expectNoServerErrors, userCount } from "./auth-helpers.ts";
import { startServer, type TestServer } from "./harness.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ env: { REGISTRATION_MODE: "closed", ADMIN_USERNAME: "root_admin", RATE_LIMITS: "0" } });
});
afterAll(async () => {
  await server?.stop();
});

function tryRegister(username: string, inviteCode?: string) {
  return api(server.url, "POST", "/api/v1/auth/register", { body: { username, password: STRONG_PASSWORD, ...(inviteCode === undefined ? {} : { inviteCode }) } });
}

describe("closed registration", () => {
  let firstAdmin: Awaited<ReturnType<typeof register>>;
  let bootstrapCode: string;

  it("tells clients registration is closed", async () => {
    const res = await api(server.url, "GET", "/api/v1/instance");
    expect(res.body).toMatchObject({ registrationMode: "closed" });
  });

  it("refuses registration without a code with 403 registration_closed", async () => {
    expectError(await tryRegister(uniqueName("outsider")), 403, "registration_closed");
    expect(await userCount(server)).toBe(0);
  });

  it("gives a fresh instance a one-time invite (the same one until used) that makes its user an admin even when closed", async () => {
    bootstrapCode = (await bootstrapAdminInvite(server.databaseUrl))!;
    expect(bootstrapCode).toEqual(expect.any(String));
    expect(await bootstrapAdminInvite(server.databaseUrl)).toBe(bootstrapCode);
    firstAdmin = await register(server.url, uniqueName("founder"), { inviteCode: bootstrapCode });
    expect(firstAdmin.user.isAdmin).toBe(true);
  });

  it("does not accept the bootstrap invite twice, and issues none once someone is in", async () => {
    expectError(await tryRegister(uniqueName("second"), bootstrapCode), 403, "invalid_invite");
    expect(await bootstrapAdminInvite(server.databaseUrl)).toBeNull();
  });

  it("keeps ordinary invites out while closed (403 registration_closed) without using them up", async () => {
    const created = await api(server.url, "POST", "/api/v1/admin/registration-invites", { token: firstAdmin.accessToken, body: { maxUses: 1 } });
    expect(created.status).toBe(201);
    const before = await userCount(server);
    expectError(await tryRegister(uniqueName("invited"), created.body.code), 403, "registration_closed");
    expect(await userCount(server)).toBe(before);
    const [row] = await server.sql<{ uses: number }>("select uses from registration_invites where code = $1", [created.body.code]);
    expect(row.uses).toBe(0);
  });

  it("lets ADMIN_USERNAME register while closed, as an instance admin", async () => {
    const root = await register(server.url, "root_admin");
    expect(root.user).toMatchObject({ username: "root_admin", isAdmin: true });
    const list = await api(server.url, "GET", "/api/v1/admin/registration-invites", { token: root.accessToken });
    expect(list.status).toBe(200);
    expect(list.body.invites.length).toBeGreaterThanOrEqual(2);
  });

  it("answered every request in this file without a server error", () => {
    expectNoServerErrors(server);
  });
});
