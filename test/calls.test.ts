/**
 * Voice channel calls against the real bundle (docs/calls.md, protocol/call-frames.ts): tickets and who may have
 * one, the roster, signalling relayed between participants, announced states checked against permissions (and
 * permission changes reaching a call at once), one seat per person, the size cap, bad frames, and a kicked member
 * leaving the call.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { permissionBits, permissionsToString } from "../protocol/permissions.ts";
import { register } from "./api.ts";
import { expectError } from "./auth-helpers.ts";
import { caller, community, roleId, type TestUser } from "./community-fixtures.ts";
import { startServer, type TestServer } from "./harness.ts";
import { TestSocket, type Frame } from "./realtime-client.ts";

let server: TestServer;
let owner: TestUser, alice: TestUser, bob: TestUser, outsider: TestUser;
let communityId: string;
let voice: string;
let text: string;

const call = (user: TestUser | null, method: string, p: string, body?: unknown) => caller(server)(user, method, p, body);

beforeAll(async () => {
  server = await startServer({ env: { COMMUNITY_CREATION_MODE: "open", RATE_LIMITS: "0", ICE_SERVERS: '[{"urls":"stun:stun.example.test:3478"},{"urls":["turn:turn.example.test"],"username":"u","credential":"c"},{"bad":1}]' } });
  [owner, alice, bob, outsider] = [await register(server.url), await register(server.url), await register(server.url), await register(server.url)];
  communityId = await community(server, owner, [alice, bob]);
  const list = (await call(owner, "GET", `/api/v1/communities/${communityId}/channels`)).body.channels as Array<{ id: string; name: string; kind: string }>;
  voice = list.find((c) => c.kind === "voice")!.id;
  text = list.find((c) => c.kind === "text")!.id;
});
afterAll(async () => {
  await server?.stop();
});

async function join(user: TestUser, channelId = voice): Promise<{ socket: TestSocket; welcome: Frame }> {
  const t = await call(user, "POST", `/api/v1/channels/${channelId}/call-ticket`);
  expect(t.status, JSON.stringify(t.body)).toBe(201);
  const socket = await TestSocket.open(t.body.url);
  const welcome = await socket.waitFor((f) => f.type === "call_welcome");
  // As the web client does: a first frame at once (workerd finishes closing a socket that never sent anything ~10 s late).
  socket.send({ type: "ping" });
  await socket.waitFor((f) => f.type === "pong");
  return { socket, welcome };
}

describe("joining", () => {
  it("issues tickets for voice channels to members who may connect, with the configured ICE servers", async () => {
    const t = await call(alice, "POST", `/api/v1/channels/${voice}/call-ticket`);
    expect(t.status).toBe(201);
    expect(t.body.url).toMatch(new RegExp(`^ws://127\\.0\\.0\\.1:\\d+/api/v1/channels/${voice}/call/ws\\?ticket=`));
    expect(t.body.iceServers).toEqual([{ urls: "stun:stun.example.test:3478" }, { urls: ["turn:turn.example.test"], username: "u", credential: "c" }]);
    expectError(await call(alice, "POST", `/api/v1/channels/${text}/call-ticket`), 404, "channel_not_found");
    expectError(await call(outsider, "POST", `/api/v1/channels/${voice}/call-ticket`), 404, "channel_not_found");
    expectError(await call(null, "POST", `/api/v1/channels/${voice}/call-ticket`), 401, "unauthorized");
    expectError(await call(outsider, "GET", `/api/v1/channels/${voice}/call`), 404, "channel_not_found");
  });

  it("welcomes each person with everyone present, tells the others, relays signals between them, and keeps the roster", async () => {
    const a = await join(alice);
    expect(a.welcome.participants).toEqual([expect.objectContaining({ id: a.welcome.selfId, userId: alice.user.id, muted: false, video: false, canSpeak: true, canVideo: true })]);
    const b = await join(bob);
    expect(b.welcome.participants.map((p: { userId: string }) => p.userId).sort()).toEqual([alice.user.id, bob.user.id].sort());
    const joined = await a.socket.waitFor((f) => f.type === "participant_joined");
    expect(joined.participant).toMatchObject({ id: b.welcome.selfId, userId: bob.user.id });

    const roster = await call(owner, "GET", `/api/v1/channels/${voice}/call`);
    expect(roster.body.participants.map((p: { userId: string }) => p.userId).sort()).toEqual([alice.user.id, bob.user.id].sort());

    const offer = { description: { type: "offer", sdp: "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n" } };
    b.socket.send({ type: "signal", to: a.welcome.selfId, data: offer });
    expect(await a.socket.waitFor((f) => f.type === "signal")).toEqual({ type: "signal", from: b.welcome.selfId, data: offer });
    const candidate = { candidate: { candidate: "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host", sdpMid: "0", sdpMLineIndex: 0, usernameFragment: "abcd" } };
    a.socket.send({ type: "signal", to: b.welcome.selfId, data: candidate });
    expect((await b.socket.waitFor((f) => f.type === "signal")).data).toEqual(candidate);

    b.socket.send({ type: "state", muted: true, deafened: false, video: true, screen: false });
    const updated = await a.socket.waitFor((f) => f.type === "participant_updated");
    expect(updated.participant).toMatchObject({ id: b.welcome.selfId, muted: true, video: true });

    b.socket.close();
    expect(await a.socket.waitFor((f) => f.type === "participant_left")).toEqual({ type: "participant_left", id: b.welcome.selfId });
    await expect.poll(async () => (await call(alice, "GET", `/api/v1/channels/${voice}/call`)).body.participants.length).toBe(1);
    a.socket.close();
    await expect.poll(async () => (await call(alice, "GET", `/api/v1/channels/${voice}/call`)).body.participants.length).toBe(0);
  });

  it("keeps one seat per person: joining again replaces the earlier connection (4411)", async () => {
    const first = await join(alice);
    const b = await join(bob);
    const second = await join(alice);
    expect((await first.socket.closed).code).toBe(4411);
    const seen = [await b.socket.waitFor((f) => f.type === "participant_left"), await b.socket.waitFor((f) => f.type === "participant_joined" && f.participant.id === second.welcome.selfId)];
    expect(seen[0].id).toBe(first.welcome.selfId);
    expect(second.welcome.participants).toHaveLength(2);
    second.socket.close();
    b.socket.close();
  });

  it("refuses a used ticket and a ticket for another channel", async () => {
    const t = await call(alice, "POST", `/api/v1/channels/${voice}/call-ticket`);
    const s = await TestSocket.open(t.body.url);
    await s.waitFor((f) => f.type === "call_welcome");
    s.close();
    const again = await TestSocket.open(t.body.url);
    expect((await again.closed).code).toBe(4401);
    const other = await call(owner, "POST", `/api/v1/communities/${communityId}/channels`, { name: "Lounge", kind: "voice" });
    const wrong = await TestSocket.open(t.body.url.replace(voice, other.body.id));
    expect((await wrong.closed).code).toBe(4401);
  });

  it("holds at most 8 people; the ninth is told the call is full (4410)", async () => {
    const room = await call(owner, "POST", `/api/v1/communities/${communityId}/channels`, { name: "Stage", kind: "voice" });
    const people = [owner, alice, bob];
    for (let i = people.length; i < 9; i++) {
      const u = await register(server.url);
      const inv = await call(owner, "POST", `/api/v1/communities/${communityId}/invites`, {});
      expect((await call(u, "POST", `/api/v1/invites/${inv.body.code}/accept`)).status).toBe(200);
      people.push(u);
    }
    const inCall = [];
    for (const p of people.slice(0, 8)) inCall.push(await join(p, room.body.id));
    expect(inCall[7].welcome.participants).toHaveLength(8);
    const t = await call(people[8], "POST", `/api/v1/channels/${room.body.id}/call-ticket`);
    const ninth = await TestSocket.open(t.body.url);
    expect((await ninth.closed).code).toBe(4410);
    for (const s of inCall) s.socket.close();
  });
});

describe("permissions and bad input", () => {
  it("checks announced states against the bits, and a permission change reaches the call at once", async () => {
    const a = await join(alice);
    const everyone = await roleId(server, owner, communityId, "@everyone");
    const deny = await call(owner, "PUT", `/api/v1/channels/${voice}/overrides/role/${everyone}`, { allow: "0", deny: permissionsToString(permissionBits("VIDEO", "SPEAK")) });
    expect(deny.status).toBeLessThan(300);
    const updated = await a.socket.waitFor((f) => f.type === "participant_updated" && f.participant.canVideo === false);
    expect(updated.participant).toMatchObject({ userId: alice.user.id, canSpeak: false, muted: true, canVideo: false });
    a.socket.send({ type: "state", muted: true, deafened: false, video: true, screen: false });
    expect(await a.socket.waitFor((f) => f.type === "error")).toMatchObject({ code: "missing_permission" });
    const from = a.socket.frames.length;
    a.socket.send({ type: "state", muted: false, deafened: false, video: false, screen: false });
    expect(await a.socket.waitFor((f) => f.type === "error", { from })).toMatchObject({ code: "missing_permission" });
    // A newcomer without SPEAK starts muted.
    const b = await join(bob);
    expect(b.welcome.participants.find((p: { userId: string }) => p.userId === bob.user.id)).toMatchObject({ muted: true, canSpeak: false });
    await call(owner, "DELETE", `/api/v1/channels/${voice}/overrides/role/${everyone}`);
    await a.socket.waitFor((f) => f.type === "participant_updated" && f.participant.userId === alice.user.id && f.participant.canSpeak === true);

    const noConnect = await call(owner, "PUT", `/api/v1/channels/${voice}/overrides/role/${everyone}`, { allow: "0", deny: permissionsToString(permissionBits("CONNECT_VOICE")) });
    expect(noConnect.status).toBeLessThan(300);
    expect((await a.socket.closed).code).toBe(4403);
    expect((await b.socket.closed).code).toBe(4403);
    expectError(await call(alice, "POST", `/api/v1/channels/${voice}/call-ticket`), 403, "missing_permission");
    await call(owner, "DELETE", `/api/v1/channels/${voice}/overrides/role/${everyone}`);
  });

  it("answers bad frames with error frames and keeps the socket open", async () => {
    const a = await join(alice);
    const b = await join(bob);
    const cases: Array<[unknown, string]> = [
      ["not json", "invalid_frame"],
      [{ no: "type" }, "invalid_frame"],
      [{ type: "dance" }, "unknown_frame_type"],
      [{ type: "signal", to: b.welcome.selfId }, "invalid_frame"],
      [{ type: "signal", to: b.welcome.selfId, data: { description: { type: "bogus", sdp: "x" } } }, "invalid_frame"],
      [{ type: "signal", to: b.welcome.selfId, data: { candidate: { candidate: 5 } } }, "invalid_frame"],
      [{ type: "signal", to: "nobody", data: { candidate: null } }, "participant_not_found"],
      [{ type: "signal", to: a.welcome.selfId, data: { candidate: null } }, "participant_not_found"],
      [{ type: "state", muted: "yes", deafened: false, video: false, screen: false }, "invalid_frame"],
      [{ type: "signal", to: b.welcome.selfId, data: { description: { type: "offer", sdp: "x".repeat(40_000) } } }, "invalid_frame"],
    ];
    for (const [frame, code] of cases) {
      const from = a.socket.frames.length;
      a.socket.send(frame);
      expect(await a.socket.waitFor((f) => f.type === "error", { from }), JSON.stringify(frame).slice(0, 80)).toMatchObject({ code });
    }
    a.socket.ws.send(new Uint8Array([1, 2, 3]));
    expect((await a.socket.waitFor((f) => f.type === "error" && /binary/.test(f.message))).code).toBe("invalid_frame");
    a.socket.send({ type: "ping" });
    await a.socket.waitFor((f) => f.type === "pong");
    expect(b.socket.frames.some((f) => f.type === "signal")).toBe(false);
    a.socket.close();
    b.socket.close();
  });

  it("a kicked member is taken out of the call at once", async () => {
    const carol = await register(server.url);
    const inv = await call(owner, "POST", `/api/v1/communities/${communityId}/invites`, {});
    await call(carol, "POST", `/api/v1/invites/${inv.body.code}/accept`);
    const a = await join(alice);
    const c = await join(carol);
    expect((await call(owner, "POST", `/api/v1/communities/${communityId}/members/${carol.user.id}/kick`)).status).toBe(204);
    expect((await c.socket.closed).code).toBe(4403);
    expect((await a.socket.waitFor((f) => f.type === "participant_left")).id).toBe(c.welcome.selfId);
    a.socket.close();
  });
});
