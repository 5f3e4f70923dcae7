import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, register, STRONG_PASSWORD, uniqueName } from "./api.ts";
import { startServer, type TestServer } from "./harness.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

describe("health and basics", () => {
  it("reports database reachability on /healthz", async () => {
    const res = await api(server.url, "GET", "/healthz");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, db: "up" });
  });

  it("answers unknown API routes with a JSON 404", async () => {
    const res = await api(server.url, "GET", "/api/v1/nope");
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("route_not_found");
  });

  it("answers a known API path asked with another method with 405 and the methods it takes in Allow", async () => {
    const login = await api(server.url, "DELETE", "/api/v1/auth/login");
    expect(login.status).toBe(405);
    expect(login.headers.get("allow")).toBe("POST");
    expect(login.body.error).toMatchObject({ code: "method_not_allowed", details: { allow: ["POST"] } });
    // Bearer routes authenticate first, then say which methods the path takes.
    const user = await register(server.url);
    const channel = "01940000-0000-7000-8000-000000000000";
    expect((await api(server.url, "PUT", `/api/v1/channels/${channel}/messages`)).status).toBe(401);
    const messages = await api(server.url, "PUT", `/api/v1/channels/${channel}/messages`, { token: user.accessToken, body: {} });
    expect(messages.status).toBe(405);
    expect(messages.headers.get("allow")).toBe("GET, HEAD, POST");
    // A path no route has is still a 404, whatever the method.
    expect((await api(server.url, "DELETE", "/api/v1/nope")).body.error.code).toBe("route_not_found");
  });
});

describe("register and login", () => {
  it("registers, then logs in with the same credentials and reads /users/me", async () => {
    const username = uniqueName("alice");
    const reg = await register(server.url, username, { displayName: "Alice" });
    expect(reg.user).toMatchObject({ username, displayName: "Alice" });
    expect(reg.recoveryCode).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){4}$/);

    const login = await api(server.url, "POST", "/api/v1/auth/login", { body: { username: username.toUpperCase(), password: STRONG_PASSWORD } });
    expect(login.status).toBe(200);
    const me = await api(server.url, "GET", "/api/v1/users/me", { token: login.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: reg.user.id, username, displayName: "Alice" });
  });
});
