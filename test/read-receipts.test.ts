/**
 * Read receipts against the real bundle (docs/api/messages.md, "Read receipts"): in a DM, a participant's read
 * position reaches the other live and from GET /channels/:id/read-receipts; turning receipts off hides one's own and
 * others' both ways; community channels have none.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, register } from "./api.ts";
import { expectError, expectNoServerErrors } from "./auth-helpers.ts";
import { caller, channelsOf, community, type TestUser } from "./community-fixtures.ts";
import { startServer, type TestServer } from "./harness.ts";
import { joinChannel } from "./realtime-client.ts";

let server: TestServer;
let alice: TestUser, bob: TestUser;
let dm = "";

beforeAll(async () => {
  server = await startServer({ env: { RATE_LIMITS: "0", COMMUNITY_CREATION_MODE: "open" } });
  [alice, bob] = [await register(server.url), await register(server.url)];
  dm = (await api(server.url, "POST", "/api/v1/dms", { token: alice.accessToken, body: { userId: bob.user.id } })).body.id;
});
afterAll(async () => {
  expectNoServerErrors(server);
  await server?.stop();
});

const call = (user: TestUser | null, method: string, p: string, body?: unknown) => caller(server)(user, method, p, body);
const envelope = { alg: "test", senderDevice: "dev", ciphertext: "aGk" };

describe("read receipts", () => {
  it("tell the other person in a DM how far one has read, live and on opening", async () => {
    const sent = await call(alice, "POST", `/api/v1/channels/${dm}/messages`, { envelope });
    const { socket: a } = await joinChannel(server.url, alice.accessToken, dm);
    const { socket: b } = await joinChannel(server.url, bob.accessToken, dm);
    expect((await b.request({ type: "mark_read", seq: sent.body.seq })).type).toBe("ack");
    const receipt = await a.waitFor((f) => f.type === "read_receipt");
    expect(receipt).toEqual({ type: "read_receipt", userId: bob.user.id, seq: sent.body.seq });
    expect((await call(alice, "GET", `/api/v1/channels/${dm}/read-receipts`)).body.receipts).toEqual([{ userId: bob.user.id, seq: sent.body.seq }]);
    // One's own position is not a receipt for oneself.
    expect(b.frames.some((f) => f.type === "read_receipt")).toBe(false);
    a.close();
    b.close();
  });

  it("are off both ways for whoever turns them off", async () => {
    expect((await call(bob, "PATCH", "/api/v1/users/me", { readReceipts: false })).body.readReceipts).toBe(false);
    const sent = await call(alice, "POST", `/api/v1/channels/${dm}/messages`, { envelope });
    const { socket: a } = await joinChannel(server.url, alice.accessToken, dm);
    const { socket: b } = await joinChannel(server.url, bob.accessToken, dm);
    await b.request({ type: "mark_read", seq: sent.body.seq });
    await a.request({ type: "mark_read", seq: sent.body.seq });
    await new Promise((r) => setTimeout(r, 300));
    expect(a.frames.some((f) => f.type === "read_receipt")).toBe(false);
    expect(b.frames.some((f) => f.type === "read_receipt")).toBe(false);
    expect((await call(alice, "GET", `/api/v1/channels/${dm}/read-receipts`)).body.receipts).toEqual([]);
    expect((await call(bob, "GET", `/api/v1/channels/${dm}/read-receipts`)).body.receipts).toEqual([]);
    expect((await call(bob, "PATCH", "/api/v1/users/me", { readReceipts: true })).body.readReceipts).toBe(true);
    expectError(await call(bob, "PATCH", "/api/v1/users/me", {}), 400, "invalid_body");
    expectError(await call(bob, "PATCH", "/api/v1/users/me", { readReceipts: "yes" }), 400, "invalid_body");
    a.close();
    b.close();
  });

  it("do not exist in community channels, nor for outsiders", async () => {
    const cid = await community(server, alice, [bob]);
    const general = (await channelsOf(server, alice, cid)).channels.find((c: { name: string }) => c.name === "general")!.id;
    const sent = await call(alice, "POST", `/api/v1/channels/${general}/messages`, { content: "hello" });
    const { socket: a } = await joinChannel(server.url, alice.accessToken, general);
    const { socket: b } = await joinChannel(server.url, bob.accessToken, general);
    await b.request({ type: "mark_read", seq: sent.body.seq });
    await new Promise((r) => setTimeout(r, 300));
    expect(a.frames.some((f) => f.type === "read_receipt")).toBe(false);
    expect((await call(alice, "GET", `/api/v1/channels/${general}/read-receipts`)).body.receipts).toEqual([]);
    const carol = await register(server.url);
    expectError(await call(carol, "GET", `/api/v1/channels/${dm}/read-receipts`), 404, "channel_not_found");
    a.close();
    b.close();
  });
});
