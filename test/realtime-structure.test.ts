/**
 * Structure and permission changes reaching users who are online but not in the changed channel (H5
 * `channels_changed`), and tickets that predate a permission change for everyone (P25): real bundle, real Postgres.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { permissionBits } from "../protocol/permissions.ts";
import { api } from "./api.ts";
import { caller, channelsOf, community, roleId, users, type TestUser } from "./community-fixtures.ts";
import { startServer, type TestServer } from "./harness.ts";
import { joinChannel, openHub, TestSocket } from "./realtime-client.ts";

let server: TestServer;
let call: ReturnType<typeof caller>;
let owner: TestUser, member: TestUser, outsider: TestUser;
let cid: string;

beforeAll(async () => {
  server = await startServer({ env: { COMMUNITY_CREATION_MODE: "open", RATE_LIMITS: "0" } });
  call = caller(server);
  [owner, member, outsider] = await users(server, 3);
  cid = await community(server, owner, [member], "Structure live");
  await community(server, outsider, [], "Elsewhere");
});
afterAll(async () => {
  await server?.stop();
});

const HIDE = { allow: "0", deny: permissionBits("VIEW_CHANNEL").toString() };

const wsUrl = (channelId: string, ticket: string) => `${server.url.replace(/^http/, "ws")}/api/v1/channels/${channelId}/ws?ticket=${encodeURIComponent(ticket)}`;

describe("H5 channels_changed", () => {
  it("tells online members when a channel appears, and their badges then count it", async () => {
    const hub = await openHub(server.url, member.accessToken);
    const outsiderHub = await openHub(server.url, outsider.accessToken);
    const created = await call(owner, "POST", `/api/v1/communities/${cid}/channels`, { name: "fresh", kind: "text" });
    expect(created.status).toBe(201);
    const notice = await hub.waitFor((f) => f.type === "membership_changed" && f.change === "channels_changed");
    expect(notice).toMatchObject({ communityId: cid, channelId: created.body.id });

    // The hub now watches the new channel: a message there shows up as a badge without reconnecting.
    expect((await call(owner, "POST", `/api/v1/channels/${created.body.id}/messages`, { content: "first in fresh" })).status).toBe(201);
    expect(await hub.waitFor((f) => f.type === "unread_updated" && f.channelId === created.body.id)).toMatchObject({ unread: 1 });

    // Renames reach the member too; a member of another community hears nothing.
    const from = hub.frames.length;
    expect((await call(owner, "PATCH", `/api/v1/channels/${created.body.id}`, { name: "renamed" })).status).toBe(200);
    await hub.waitFor((f) => f.type === "membership_changed" && f.change === "channels_changed", { from });
    expect(outsiderHub.frames.some((f) => f.type === "membership_changed")).toBe(false);
    hub.close();
    outsiderHub.close();
  });

  it("stops counting a channel the member can no longer see, and forgets a deleted one", async () => {
    const hidden = (await call(owner, "POST", `/api/v1/communities/${cid}/channels`, { name: "soon-private", kind: "text" })).body.id;
    const hub = await openHub(server.url, member.accessToken);
    const everyone = await roleId(server, owner, cid, "@everyone");
    let from = hub.frames.length;
    expect((await call(owner, "PUT", `/api/v1/channels/${hidden}/overrides/role/${everyone}`, HIDE)).status).toBe(200);
    await hub.waitFor((f) => f.type === "membership_changed" && f.change === "channels_changed", { from });
    await call(owner, "POST", `/api/v1/channels/${hidden}/messages`, { content: "members cannot see this" });
    const general = (await channelsOf(server, owner, cid)).channels.find((c) => c.name === "general")!.id;
    await call(owner, "POST", `/api/v1/channels/${general}/messages`, { content: "but they see this" });
    await hub.waitFor((f) => f.type === "unread_updated" && f.channelId === general, { from });
    expect(hub.frames.slice(from).some((f) => f.type === "unread_updated" && f.channelId === hidden)).toBe(false);

    from = hub.frames.length;
    expect((await call(owner, "DELETE", `/api/v1/channels/${general}`)).status).toBe(204);
    expect(await hub.waitFor((f) => f.type === "membership_changed" && f.change === "channels_changed", { from })).toMatchObject({ channelId: general });
    hub.close();
  });
});

describe("P25 tickets issued before a permission change for everyone", () => {
  it("refuses a resume ticket from before a role change with 4401, and the fresh ticket carries the new answer", async () => {
    const secret = (await call(owner, "POST", `/api/v1/communities/${cid}/channels`, { name: "secret", kind: "text" })).body.id;
    const room = await joinChannel(server.url, member.accessToken, secret);
    const resumeTicket: string = room.welcome.resumeTicket;
    expect(resumeTicket).toBeTruthy();
    room.socket.close();
    await room.socket.closed;

    // While the member is away, @everyone loses the channel.
    const everyone = await roleId(server, owner, cid, "@everyone");
    expect((await call(owner, "PUT", `/api/v1/channels/${secret}/overrides/role/${everyone}`, HIDE)).status).toBe(200);

    const stale = await TestSocket.open(wsUrl(secret, resumeTicket));
    expect((await stale.closed).code).toBe(4401);
    expect((await api(server.url, "POST", `/api/v1/channels/${secret}/ws-ticket`, { token: member.accessToken })).status).toBe(404);
  });

  it("refuses a connect ticket issued before a change in a room that was never opened", async () => {
    const quiet = (await call(owner, "POST", `/api/v1/communities/${cid}/channels`, { name: "never-opened", kind: "text" })).body.id;
    const ticket = await api(server.url, "POST", `/api/v1/channels/${quiet}/ws-ticket`, { token: member.accessToken });
    expect(ticket.status).toBe(201);
    const everyone = await roleId(server, owner, cid, "@everyone");
    expect((await call(owner, "PUT", `/api/v1/channels/${quiet}/overrides/role/${everyone}`, HIDE)).status).toBe(200);
    const socket = await TestSocket.open(ticket.body.url);
    expect((await socket.closed).code).toBe(4401);
  });

  it("keeps tickets issued after the change working", async () => {
    const open = (await call(owner, "POST", `/api/v1/communities/${cid}/channels`, { name: "still-open", kind: "text" })).body.id;
    const everyone = await roleId(server, owner, cid, "@everyone");
    expect((await call(owner, "PUT", `/api/v1/channels/${open}/overrides/role/${everyone}`, { allow: "0", deny: permissionBits("ADD_REACTIONS").toString() })).status).toBe(200);
    const room = await joinChannel(server.url, member.accessToken, open);
    expect(room.welcome.type).toBe("welcome");
    room.socket.close();
  });
});
