/**
 * Personal groups in the browser: the owner opens community settings → Channels, picks a member as the personal
 * group owner of a group, sees "personal: Name" next to it, and the API then reports that member as the owner.
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
