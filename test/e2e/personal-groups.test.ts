/**
 * Personal groups in the browser: the owner opens community settings → Channels, picks a member as the personal
 * group owner of a group, sees "personal: Name" next to it, and the API then reports that member as the owner.
 * That member, with no community-wide right to manage channels, gets "Create channel" on her group in the
 * sidebar and Community settings → Channels, where she can create channels in her group only.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { api, register, uniqueName } from "../api.ts";
import { startServer, type TestServer } from "../harness.ts";
import { launch, type TestBrowser } from "./browser.ts";

type User = Awaited<ReturnType<typeof register>>;

let server: TestServer;
let tb: TestBrowser;
let owner: User;
let member: User;
let communityId = "";
let groupId = "";
let ownerPage: Page;

const call = (u: User, method: string, path: string, body?: unknown) => api(server.url, method, path, { token: u.accessToken, body });

beforeAll(async () => {
  server = await startServer({ env: { RATE_LIMITS: "0", COMMUNITY_CREATION_MODE: "open" } });
  tb = await launch(server.url);
  owner = await register(server.url, uniqueName("owner"), { displayName: "Olive Owner" });
  member = await register(server.url, uniqueName("member"), { displayName: "Mia Member" });
  const created = await call(owner, "POST", "/api/v1/communities", { name: "Guild Hall" });
  communityId = created.body.id;
  const inv = await call(owner, "POST", `/api/v1/communities/${communityId}/invites`, { expiresInSeconds: null });
  expect((await call(member, "POST", `/api/v1/invites/${inv.body.code}/accept`)).status).toBe(200);
  const group = await call(owner, "POST", `/api/v1/communities/${communityId}/groups`, { name: "Mia's Corner" });
  expect(group.status).toBe(201);
  groupId = group.body.id;
  const ctx = await tb.newUser();
  ownerPage = ctx.page;
  await ownerPage.goto("/login");
  await ownerPage.evaluate((s) => localStorage.setItem("hearth.session", s), JSON.stringify({ accessToken: owner.accessToken, refreshToken: owner.refreshToken }));
  await ownerPage.goto(`/c/${communityId}/settings/channels`);
});
afterAll(async () => {
  await tb?.close();
  await server?.stop();
});

describe("personal groups", () => {
  it("the owner assigns a group to a member through the Channels screen", async () => {
    const page = ownerPage;
    await page.getByRole("heading", { name: "Channels", exact: true }).waitFor();
    const select = page.getByLabel("Personal group owner for Mia's Corner");
    await expect.poll(() => select.locator("option").allInnerTexts()).toContain("Mia Member");
    await select.selectOption({ label: "Mia Member" });
    await page.getByRole("group", { name: "Group Mia's Corner" }).getByText("personal: Mia Member").waitFor();
    const got = await call(owner, "GET", `/api/v1/groups/${groupId}`);
    expect(got.status).toBe(200);
    expect(got.body.ownerUserId).toBe(member.user.id);
  });
});

describe("a personal group's owner", () => {
  it("creates channels in her group from the sidebar and from Community settings, and nowhere else", async () => {
    const { page } = await tb.newUser();
    await page.goto("/login");
    await page.evaluate((s) => localStorage.setItem("hearth.session", s), JSON.stringify({ accessToken: member.accessToken, refreshToken: member.refreshToken }));
    await page.goto(`/c/${communityId}`);
    await page.getByRole("button", { name: "Create channel in Mia's Corner" }).click();
    await page.getByRole("dialog", { name: "Create channel" }).waitFor();
    // The fields are slotted into the dialog: found from the element that holds them.
    let dialog = page.locator("hearth-create-channel");
    await dialog.getByLabel("Channel name").fill("mias-notes");
    await dialog.locator("hearth-dialog").getByRole("button", { name: "Create channel" }).click();
    await page.getByTestId("channel-title").filter({ hasText: "mias-notes" }).waitFor();
    // Other groups offer her nothing.
    await expect(page.getByRole("button", { name: "Create channel in Text Channels" }).count()).resolves.toBe(0);

    await page.goto(`/c/${communityId}/settings/channels`);
    await page.getByRole("heading", { name: "Channels", exact: true }).waitFor();
    await page.getByRole("button", { name: "Create channel", exact: true }).first().click();
    await page.getByRole("dialog", { name: "Create channel" }).waitFor();
    dialog = page.locator("hearth-cs-channels");
    // Only her group can take it: no "No group", no other group.
    await expect.poll(() => dialog.getByLabel("Group").locator("option").allInnerTexts()).toEqual(["Mia's Corner"]);
    await dialog.getByLabel("Channel name").fill("mias-voice");
    await dialog.getByRole("radio", { name: "Voice" }).check();
    await dialog.locator("hearth-dialog").getByRole("button", { name: "Create channel" }).click();
    await page.getByText("#mias-voice created.").waitFor();
    const rows = await server.sql<{ name: string; kind: string; group_id: string }>("select name, kind, group_id from channels where name like 'mias-%' order by name");
    expect(rows).toEqual([
      { name: "mias-notes", kind: "text", group_id: groupId },
      { name: "mias-voice", kind: "voice", group_id: groupId },
    ]);
  });
});
