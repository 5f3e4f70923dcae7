/**
 * Custom emoji against the real bundle, the blob store and Postgres (docs/api/emoji.md): upload (MANAGE_EMOJI),
 * list (members), the picture served publicly, names checked and unique, rename, delete (picture gone), the
 * per-community limit, messages and reactions carrying `<:name:id>`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_EMOJI_PER_COMMUNITY } from "../protocol/emoji.ts";
import { register } from "./api.ts";
import { expectError, expectNoServerErrors } from "./auth-helpers.ts";
import { caller, channelsOf, community, type TestUser } from "./community-fixtures.ts";
import { png } from "./e2e/png.ts";
import { startServer, type TestServer } from "./harness.ts";
import { joinChannel } from "./realtime-client.ts";

let server: TestServer;
let owner: TestUser, alice: TestUser, outsider: TestUser;
let communityId: string;

beforeAll(async () => {
  server = await startServer({ env: { COMMUNITY_CREATION_MODE: "open", RATE_LIMITS: "0" } });
  [owner, alice, outsider] = [await register(server.url), await register(server.url), await register(server.url)];
  communityId = await community(server, owner, [alice]);
});
afterAll(async () => {
  expectNoServerErrors(server);
  await server?.stop();
});

const call = (user: TestUser | null, method: string, p: string, body?: unknown) => caller(server)(user, method, p, body);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function upload(user: TestUser, name: string, bytes: Uint8Array = png(64, 64), cid = communityId): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}/api/v1/communities/${cid}/emoji?name=${encodeURIComponent(name)}`, {
    method: "POST",
    headers: { authorization: `Bearer ${user.accessToken}`, "content-type": "image/png" },
    body: new Blob([bytes as Uint8Array<ArrayBuffer>]),
  });
  return { status: res.status, body: await res.json() };
}

describe("custom emoji", () => {
  it("uploads one that every member lists and anyone can load, and messages and reactions carry its token", async () => {
    const made = await upload(owner, "Party_Cat");
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const emoji = made.body.emoji;
    expect(emoji).toMatchObject({ name: "party_cat", communityId, animated: false, createdBy: owner.user.id, url: `/api/v1/images/${emoji.id}` });
    expect((await call(alice, "GET", `/api/v1/communities/${communityId}/emoji`)).body.emoji).toEqual([emoji]);
    const img = await fetch(`${server.url}${emoji.url}`);
    expect(img.status).toBe(200);
    expect(img.headers.get("content-type")).toBe("image/png");

    const general = (await channelsOf(server, owner, communityId)).channels.find((c: { name: string }) => c.name === "general")!.id;
    const token = `<:party_cat:${emoji.id}>`;
    const sent = await call(alice, "POST", `/api/v1/channels/${general}/messages`, { content: `so happy ${token}` });
    expect(sent.body.message.content).toBe(`so happy ${token}`);
    const { socket } = await joinChannel(server.url, alice.accessToken, general);
    expect((await socket.request({ type: "add_reaction", messageId: sent.body.id, emoji: token })).type).toBe("ack");
    const history = await call(owner, "GET", `/api/v1/channels/${general}/messages`);
    expect(history.body.messages.at(-1).reactions).toEqual([{ emoji: token, count: 1, me: false }]);
    socket.close();
  });

  it("checks names: the pattern, and one per name in a community", async () => {
    for (const bad of ["a", "x".repeat(33), "no spaces", "dash-ed", "ünïcode"]) expectError({ ...(await upload(owner, bad)), headers: new Headers() }, 400, "invalid_query");
    expectError({ ...(await upload(owner, "party_cat")), headers: new Headers() }, 409, "conflict");
    const other = await upload(owner, "wave");
    expectError(await call(owner, "PATCH", `/api/v1/emoji/${other.body.emoji.id}`, { name: "party_cat" }), 409, "conflict");
    expect((await call(owner, "PATCH", `/api/v1/emoji/${other.body.emoji.id}`, { name: "Wave_Hello" })).body.emoji.name).toBe("wave_hello");
  });

  it("takes MANAGE_EMOJI to add, rename or delete; outsiders see nothing", async () => {
    expectError({ ...(await upload(alice, "mine")), headers: new Headers() }, 403, "missing_permission");
    const list = (await call(alice, "GET", `/api/v1/communities/${communityId}/emoji`)).body.emoji;
    expectError(await call(alice, "DELETE", `/api/v1/emoji/${list[0].id}`), 403, "missing_permission");
    expectError(await call(alice, "PATCH", `/api/v1/emoji/${list[0].id}`, { name: "renamed" }), 403, "missing_permission");
    expectError(await call(outsider, "GET", `/api/v1/communities/${communityId}/emoji`), 404, "community_not_found");
    expectError(await call(outsider, "DELETE", `/api/v1/emoji/${list[0].id}`), 404, "not_found");
  });

  it("refuses what is not an image or too big, and stores nothing", async () => {
    const text = new TextEncoder().encode("not an image at all");
    expect((await upload(owner, "textual", text)).status).toBe(415);
    const big = new Uint8Array(256 * 1024 + 1);
    big.set(png(1, 1).subarray(0, 8));
    expect((await upload(owner, "huge", big)).status).toBe(413);
    const names = (await call(owner, "GET", `/api/v1/communities/${communityId}/emoji`)).body.emoji.map((e: { name: string }) => e.name);
    expect(names).not.toContain("textual");
    expect(names).not.toContain("huge");
  });

  it("deletes one with its picture, and holds at most the limit", async () => {
    const made = await upload(owner, "short_lived");
    expect((await call(owner, "DELETE", `/api/v1/emoji/${made.body.emoji.id}`)).status).toBe(204);
    expect((await fetch(`${server.url}${made.body.emoji.url}`)).status).toBe(404);
    const cid = await community(server, owner, [], "Emoji heavy");
    for (let i = 0; i < MAX_EMOJI_PER_COMMUNITY; i++) expect((await upload(owner, `e_${i}`, png(4, 4), cid)).status).toBe(201);
    expectError({ ...(await upload(owner, "one_more", png(4, 4), cid)), headers: new Headers() }, 409, "conflict");
  });
});
