/**
 * Incoming webhooks against the real bundle and Postgres (docs/api/webhooks.md): creating one (MANAGE_WEBHOOKS),
 * posting through its URL with no account, the message arriving live under the webhook's name and marked as an
 * app's, renaming, a new token ending the old, deletion, the admin overview, and what is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, register } from "./api.ts";
import { expectError, expectNoServerErrors } from "./auth-helpers.ts";
import { caller, channelsOf, community, type TestUser } from "./community-fixtures.ts";
import { startServer, type TestServer } from "./harness.ts";
import { joinChannel } from "./realtime-client.ts";

let server: TestServer;
let owner: TestUser, alice: TestUser, outsider: TestUser;
let communityId: string;
let general: string;

beforeAll(async () => {
  server = await startServer({ env: { COMMUNITY_CREATION_MODE: "open", RATE_LIMITS: "0", ADMIN_USERNAME: "" } });
  [owner, alice, outsider] = [await register(server.url), await register(server.url), await register(server.url)];
  communityId = await community(server, owner, [alice]);
  general = (await channelsOf(server, owner, communityId)).channels.find((c: { name: string }) => c.name === "general")!.id;
});
afterAll(async () => {
  expectNoServerErrors(server);
  await server?.stop();
});

const call = (user: TestUser | null, method: string, p: string, body?: unknown) => caller(server)(user, method, p, body);

/** Posts to a webhook URL with no account, as another program would. */
function post(url: string, body: unknown) {
  return api(server.url, "POST", new URL(url).pathname, { body });
}

describe("webhooks", () => {
  it("posts into the channel through its secret URL, live, as the webhook", async () => {
    const made = await call(owner, "POST", `/api/v1/channels/${general}/webhooks`, { name: "  CI builds " });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.webhook).toMatchObject({ name: "CI builds", channelId: general, communityId, createdBy: owner.user.id, lastUsedAt: null });
    expect(made.body.url).toMatch(new RegExp(`/api/v1/webhooks/${made.body.webhook.id}/[A-Za-z0-9_-]{40,}$`));

    const { socket } = await joinChannel(server.url, alice.accessToken, general);
    const sent = await post(made.body.url, { content: "Build #42 passed ✅ <@everyone> @everyone" });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const created = await socket.waitFor((f) => f.type === "message_created" && f.message.id === sent.body.id);
    expect(created.message).toMatchObject({ authorId: made.body.webhook.userId, content: "Build #42 passed ✅ <@everyone> @everyone", mentionsEveryone: false });
    socket.close();

    // Everyone in the community can name it (and sees it is an app); history says the same.
    const named = await call(alice, "GET", `/api/v1/users?ids=${made.body.webhook.userId}`);
    expect(named.body.users[0]).toMatchObject({ displayName: "CI builds", isBot: true });
    const history = await call(alice, "GET", `/api/v1/channels/${general}/messages`);
    expect(history.body.messages.at(-1).author).toMatchObject({ displayName: "CI builds", isBot: true });
    expect((await call(outsider, "GET", `/api/v1/users?ids=${made.body.webhook.userId}`)).body.users).toEqual([]);

    // A retried post with the same nonce stores once.
    const first = await post(made.body.url, { content: "once", nonce: "deploy-7" });
    const again = await post(made.body.url, { content: "once", nonce: "deploy-7" });
    expect(again).toMatchObject({ status: 200, body: { id: first.body.id } });

    const list = await call(owner, "GET", `/api/v1/channels/${general}/webhooks`);
    expect(list.body.webhooks[0].lastUsedAt).not.toBeNull();
    const all = await call(owner, "GET", `/api/v1/communities/${communityId}/webhooks`);
    expect(all.body.webhooks.map((w: { id: string }) => w.id)).toContain(made.body.webhook.id);
    expect((await call(alice, "GET", `/api/v1/communities/${communityId}/webhooks`)).body.webhooks).toEqual([]);
    expect(JSON.stringify(list.body)).not.toContain(made.body.url.split("/").pop());
  });

  it("renames, replaces the token (the old URL stops working) and deletes; old messages keep the name", async () => {
    const made = await call(owner, "POST", `/api/v1/channels/${general}/webhooks`, { name: "Alerts" });
    const id = made.body.webhook.id;
    expect((await call(owner, "PATCH", `/api/v1/webhooks/${id}`, { name: "Pager" })).body.webhook.name).toBe("Pager");
    const renewed = await call(owner, "POST", `/api/v1/webhooks/${id}/token`);
    expect(renewed.body.url).not.toBe(made.body.url);
    expectError(await post(made.body.url, { content: "old token" }), 404, "not_found");
    const ok = await post(renewed.body.url, { content: "new token" });
    expect(ok.status).toBe(201);
    expect((await call(owner, "DELETE", `/api/v1/webhooks/${id}`)).status).toBe(204);
    expectError(await post(renewed.body.url, { content: "after delete" }), 404, "not_found");
    const history = await call(alice, "GET", `/api/v1/channels/${general}/messages`);
    expect(history.body.messages.find((m: { id: string }) => m.id === ok.body.id).author.displayName).toBe("Pager");
  });

  it("refuses people without MANAGE_WEBHOOKS, bad names, bad posts and encrypted or voice channels", async () => {
    expectError(await call(alice, "POST", `/api/v1/channels/${general}/webhooks`, { name: "Mine" }), 403, "missing_permission");
    expectError(await call(alice, "GET", `/api/v1/channels/${general}/webhooks`), 403, "missing_permission");
    expectError(await call(outsider, "GET", `/api/v1/channels/${general}/webhooks`), 404, "channel_not_found");
    expectError(await call(owner, "POST", `/api/v1/channels/${general}/webhooks`, { name: " " }), 400, "invalid_body");
    const voice = ((await channelsOf(server, owner, communityId)).channels as unknown as { id: string; kind: string }[]).find((c) => c.kind === "voice")!.id;
    expectError(await call(owner, "POST", `/api/v1/channels/${voice}/webhooks`, { name: "Voice" }), 400, "invalid_body");
    const made = await call(owner, "POST", `/api/v1/channels/${general}/webhooks`, { name: "Strict" });
    expectError(await call(alice, "DELETE", `/api/v1/webhooks/${made.body.webhook.id}`), 403, "missing_permission");
    for (const body of [{}, { content: "" }, { content: "   " }, { content: "x".repeat(4001) }, { content: "hi", extra: true }]) {
      expectError(await post(made.body.url, body), 400, "invalid_body");
    }
    expectError(await post(`${server.url}/api/v1/webhooks/${made.body.webhook.id}/short`, { content: "hi" }), 404, "not_found");
    const rows = await server.sql<{ n: number }>(`select count(*)::int as n from messages where author_id = $1`, [made.body.webhook.userId]);
    expect(rows[0].n).toBe(0);
  });

  it("lists every webhook in the admin overview, and webhook accounts cannot sign in", async () => {
    const admin = await register(server.url);
    await server.sql(`update users set is_admin = true where id = $1`, [admin.user.id]);
    const overview = await call(admin, "GET", "/api/v1/admin/webhooks");
    expect(overview.body.available).toBe(true);
    expect(overview.body.webhooks.length).toBeGreaterThanOrEqual(2);
    expect(overview.body.webhooks[0]).toMatchObject({ communityName: "Test community", channelName: "general", createdByUsername: owner.user.username });
    expectError(await call(alice, "GET", "/api/v1/admin/webhooks"), 403, "forbidden");
    const hook = overview.body.webhooks[0];
    const login = await call(null, "POST", "/api/v1/auth/login", { username: `webhook-${hook.id}`, password: "!webhook" });
    expect(login.status).toBeGreaterThanOrEqual(400);
    expect(login.status).toBeLessThan(500);
  });
});
