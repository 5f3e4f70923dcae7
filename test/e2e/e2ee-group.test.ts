/**
 * An end-to-end encrypted group DM of three people, started from the web UI: Alice picks Bob and Carol under
 * "New message" (people she shares a community with); each of them, in their own browser, finds the group in
 * their DM list and reads everyone's messages decrypted; every message is sealed for every participant's devices
 * and the server stores none of the text. Someone added to the group later shows up as a notice before anything
 * is sealed for them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { api, register } from "../api.ts";
import { startServer, type TestServer } from "../harness.ts";
import { axe, describeViolations, launch, screenshot, type TestBrowser } from "./browser.ts";
import { message, say, signedInPage } from "./conversation.ts";

let server: TestServer;
let tb: TestBrowser;
const pages: Record<"alice" | "bob" | "carol", Page> = {} as never;
const ids: Record<"alice" | "bob" | "carol" | "dave", string> = {} as never;
let aliceToken = "";
let daveTokens = { accessToken: "", refreshToken: "" };
let group = "";

const pageFor = (tokens: { accessToken: string; refreshToken: string }) => signedInPage(tb, tokens);

beforeAll(async () => {
  server = await startServer({ env: { RATE_LIMITS: "0", COMMUNITY_CREATION_MODE: "open" } });
  tb = await launch(server.url);
  const a = await register(server.url, undefined, { displayName: "Alice" });
  const b = await register(server.url, undefined, { displayName: "Bob" });
  const c = await register(server.url, undefined, { displayName: "Carol" });
  const d = await register(server.url, undefined, { displayName: "Dave" });
  ids.alice = a.user.id;
  ids.bob = b.user.id;
  ids.carol = c.user.id;
  ids.dave = d.user.id;
  aliceToken = a.accessToken;
  daveTokens = d;
  // Alice shares a community with Bob, Carol and Dave; Dave is not in the group.
  const community = (await api(server.url, "POST", "/api/v1/communities", { token: a.accessToken, body: { name: "Book club" } })).body.id;
  for (const who of [b, c, d]) {
    const inv = await api(server.url, "POST", `/api/v1/communities/${community}/invites`, { token: a.accessToken, body: {} });
    expect((await api(server.url, "POST", `/api/v1/invites/${inv.body.code}/accept`, { token: who.accessToken })).status).toBe(200);
  }
  pages.alice = await pageFor(a);
  pages.bob = await pageFor(b);
  pages.carol = await pageFor(c);
});
afterAll(async () => {
  await tb?.close();
  await server?.stop();
});

describe("an end-to-end encrypted group DM", () => {
  it("is started from New message by picking people one shares a community with", async () => {
    // Bob and Carol have their keys registered (signed in) before Alice writes.
    for (const p of [pages.bob, pages.carol]) await p.goto("/");
    await expect.poll(async () => (await server.sql<{ n: number }>("select count(distinct user_id)::int as n from device_keys where revoked_at is null")).at(0)?.n).toBe(2);
    const alice = pages.alice;
    await alice.goto("/");
    await alice.getByRole("button", { name: "New message" }).first().click();
    await alice.getByRole("dialog", { name: "New message" }).waitFor();
    // The people are slotted into the dialog (light DOM of the picker), so they are found from the picker.
    const dialog = alice.locator("hearth-new-message");
    await dialog.getByRole("checkbox", { name: /^Bob/ }).waitFor();
    await expect(dialog.getByRole("checkbox").count()).resolves.toBe(3);
    await dialog.getByLabel("Find people").fill("car");
    await expect(dialog.getByRole("checkbox").count()).resolves.toBe(1);
    await dialog.getByRole("checkbox", { name: /^Carol/ }).check();
    await dialog.getByLabel("Find people").fill("");
    await dialog.getByRole("checkbox", { name: /^Bob/ }).check();
    await dialog.getByText("2 of 9 picked.").waitFor();
    await screenshot(alice, "e2ee-group-new-message");
    const violations = await axe(alice);
    expect(violations, describeViolations(violations)).toEqual([]);
    await dialog.getByRole("button", { name: "Start group conversation" }).click();
    await alice.waitForURL(/\/dm\/[0-9a-f-]{36}$/);
    group = alice.url().split("/dm/")[1];
    await expect(alice.getByTestId("channel-title").innerText()).resolves.toBe("Bob, Carol");
    const [ch] = await server.sql<{ kind: string; encrypted: boolean }>("select kind, encrypted from channels where id = $1", [group]);
    expect(ch).toEqual({ kind: "group_dm", encrypted: true });
    const members = await server.sql<{ user_id: string }>("select user_id from dm_participants where channel_id = $1", [group]);
    expect(members.map((m) => m.user_id).sort()).toEqual([ids.alice, ids.bob, ids.carol].sort());
  });

  it("lets each of the three read the others' messages, sealed for every participant's devices", async () => {
    const { alice, bob, carol } = pages;
    await alice.getByRole("log").waitFor();
    await say(alice, "Welcome to the **secret** book club");

    // Bob and Carol find the group in their DM list (the hub tells them) and open it.
    for (const [p, title] of [
      [bob, "Alice, Carol"],
      [carol, "Alice, Bob"],
    ] as const) {
      const link = p.locator(`a[href="/dm/${group}"]`);
      await link.waitFor({ timeout: 10_000 });
      await expect(link.innerText()).resolves.toContain(title);
      await link.click();
      await message(p, "secret book club").waitFor({ timeout: 5000 });
    }
    await say(bob, "Bob here: I vote for Dune");
    await say(carol, "Carol here: Middlemarch, obviously");
    for (const p of [alice, bob, carol]) {
      await message(p, "I vote for Dune").waitFor({ timeout: 5000 });
      await message(p, "Middlemarch, obviously").waitFor({ timeout: 5000 });
      await message(p, "secret book club").waitFor();
      await expect(p.getByTestId("message-locked").count()).resolves.toBe(0);
    }

    // Every message was sealed for exactly the live devices of the three, and no text reached the server.
    const devices = (await server.sql<{ id: string }>("select id from device_keys where revoked_at is null and user_id = any($1::uuid[])", [[ids.alice, ids.bob, ids.carol]])).map((d) => d.id).sort();
    expect(devices).toHaveLength(3);
    const rows = await server.sql<{ envelope: { keys: { d: string }[] }; content: string | null; author_id: string }>("select envelope, content, author_id from messages where channel_id = $1 order by seq", [group]);
    expect(rows.map((r) => r.author_id)).toEqual([ids.alice, ids.bob, ids.carol]);
    for (const r of rows) {
      expect(r.content).toBeNull();
      expect(r.envelope.keys.map((k) => k.d).sort()).toEqual(devices);
    }
    const stored = (await server.sql<{ row: string }>("select m::text as row from messages m where channel_id = $1 union all select e::text from channel_events e where channel_id = $1", [group])).map((r) => r.row).join("\n");
    for (const word of ["secret", "Dune", "Middlemarch"]) expect(stored).not.toContain(word);

    // The encryption panel lists all three people with their devices.
    await carol.getByRole("button", { name: "Encryption" }).click();
    const panel = carol.getByTestId("encryption-panel");
    await expect.poll(() => panel.getByTestId("device-fingerprint").count()).toBe(3);
    await expect(panel.getByTestId("device-person").count()).resolves.toBe(3);
    await screenshot(carol, "e2ee-group-carol");
    await carol.getByRole("button", { name: "Encryption" }).click();
    await screenshot(alice, "e2ee-group-alice");
  });

  it("tells the others when someone is added to the group, before anything is sealed for them", async () => {
    const { bob } = pages;
    // Added through the API, with no word in Bob's window: as a server acting on its own would.
    expect((await api(server.url, "POST", `/api/v1/dms/${group}/participants`, { token: aliceToken, body: { userId: ids.dave } })).status).toBe(200);
    const dave = await pageFor(daveTokens);
    await dave.goto("/");
    await expect.poll(async () => (await server.sql<{ n: number }>("select count(*)::int as n from device_keys where user_id = $1 and revoked_at is null", [ids.dave])).at(0)?.n).toBe(1);

    // Bob's next look at the group's device list (reopening it) shows who joined, named, in the timeline, and the
    // stored change (GET /dms/:id/changes) names who added him.
    await bob.reload();
    const notice = bob.getByTestId("member-notice");
    await notice.waitFor({ timeout: 10_000 });
    await expect.poll(() => notice.innerText(), { timeout: 10_000 }).toMatch(/Alice added Dave: messages sent from now on are encrypted for their devices too\./);
    await expect.poll(() => bob.getByTestId("channel-title").innerText()).toBe("Alice, Carol, Dave");
    await screenshot(bob, "e2ee-group-member-notice");

    await say(bob, "Hi Dave, welcome aboard");
    const link = dave.locator(`a[href="/dm/${group}"]`);
    await link.waitFor({ timeout: 10_000 });
    await link.click();
    await message(dave, "welcome aboard").waitFor({ timeout: 5000 });
    // Dave's device did not exist for the earlier messages: they stay locked for him.
    // (Each is shown as "Decrypting…" until its open fails, so the count is waited for, not read once.)
    await expect.poll(() => dave.getByTestId("message-before-join").count()).toBe(3);
  });
});
