import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, register, STRONG_PASSWORD, uniqueName } from "./api.ts";
import { startServer, type TestServer } from "./harness.ts";

// The same app on the other driver: @neondatabase/serverless speaking straight to our Postgres over TCP.
let server: TestServer;
beforeAll(async () => {
  server = await startServer({ env: { DB_DRIVER: "neon" } });
});
afterAll(async () => {
  await server?.stop();
});

describe("DB_DRIVER=neon", () => {
  it("reports the database up", async () => {
    expect((await api(server.url, "GET", "/healthz")).body).toEqual({ ok: true, db: "up" });
  });

  it("registers, logs in and reads the profile, with transactions, through the neon driver", async () => {
    const username = uniqueName("neon");
    const reg = await register(server.url, username, { displayName: "Neon Person" });
    const login = await api(server.url, "POST", "/api/v1/auth/login", { body: { username, password: STRONG_PASSWORD } });
    expect(login.status).toBe(200);
    const me = await api(server.url, "GET", "/api/v1/users/me", { token: login.body.accessToken });
    expect(me.body).toMatchObject({ id: reg.user.id, displayName: "Neon Person" });
    const rows = await server.sql<{ n: string }>("select count(*)::text as n from sessions where user_id = $1", [reg.user.id]);
    expect(rows[0].n).toBe("2");
  });
});
