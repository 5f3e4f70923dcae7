/**
 * Communities in the browser: create one, make an invite, a second person joins by pasting the link in the
 * address bar, both see the channels and the member list; the quick switcher; reload keeps the view; phone layout.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WEB_DIST } from "../../scripts/lib/paths.ts";
import type { BrowserContext, Page } from "playwright-core";
import { api, uniqueName } from "../api.ts";
import { startServer, type TestServer } from "../harness.ts";
import { axe, describeViolations, launch, registerViaUi, screenshot, type TestBrowser } from "./browser.ts";

let server: TestServer;
let tb: TestBrowser;
let owner: { page: Page; context: BrowserContext; username: string };
let guest: { page: Page; context: BrowserContext; username: string };
let inviteUrl = "";
let communityUrl = "";

beforeAll(async () => {
  server = await startServer({ env: { RATE_LIMITS: "0", COMMUNITY_CREATION_MODE: "open" } });
  tb = await launch(server.url);
  const a = await tb.newUser();
  const b = await tb.newUser();
  owner = { ...a, username: uniqueName("owner") };
  guest = { ...b, username: uniqueName("guest") };
  await registerViaUi(owner.page, owner.username, { displayName: "Olive Owner" });
  await registerViaUi(guest.page, guest.username, { displayName: "Gus Guest" });
});
afterAll(async () => {
  await tb?.close();
  await server?.stop();
});

describe("communities", () => {
  it("creates a community from the rail and lands in its first channel", async () => {
    const { page } = owner;
    await page.getByRole("button", { name: "Add a community" }).click();
    await page.getByLabel("Community name").fill("Tea Club");
    await page.locator("hearth-dialog").getByRole("button", { name: "Create" }).click();
    await page.waitForURL(/\/c\/[0-9a-f-]+\/[0-9a-f-]+$/);
    communityUrl = new URL(page.url()).pathname;
    await page.getByRole("link", { name: "Tea Club" }).waitFor();
    await expect(page.getByTestId("channel-title").innerText()).resolves.toBe("general");
  });

  it("makes an invite link that a second person opens from the address bar to join", async () => {
    await owner.page.getByRole("button", { name: "Invite people" }).click();
    const link = owner.page.getByTestId("invite-link");
    await expect.poll(() => link.inputValue()).toMatch(/\/invite\/[A-Za-z0-9_-]+$/);
    inviteUrl = await link.inputValue();
    await owner.page.locator("hearth-dialog").getByRole("button", { name: "Done" }).click();

    await guest.page.goto(new URL(inviteUrl).pathname);
    await expect(guest.page.getByTestId("invite-community").innerText()).resolves.toBe("Tea Club");
    await screenshot(guest.page, "invite");
    const inviteViolations = await axe(guest.page);
    expect(inviteViolations, describeViolations(inviteViolations)).toEqual([]);
    await guest.page.getByRole("button", { name: "Accept invite" }).click();
    await guest.page.waitForURL(/\/c\/[0-9a-f-]+\/[0-9a-f-]+$/);
    await guest.page.getByRole("link", { name: "Tea Club" }).waitFor();
    const members = guest.page.getByTestId("member-list");
    await members.getByText("Olive Owner").waitFor();
    await members.getByText("Gus Guest").waitFor();
  });

  it("shows a channel another member creates, renames and deletes without a reload", async () => {
    const token = await owner.page.evaluate(() => JSON.parse(localStorage.getItem("hearth.session")!).accessToken as string);
    const communityId = communityUrl.split("/")[2];
    const sidebar = guest.page.getByRole("navigation", { name: "Channels" });
    const created = await api(server.url, "POST", `/api/v1/communities/${communityId}/channels`, { token, body: { name: "announcements", kind: "text" } });
    expect(created.status).toBe(201);
    await sidebar.getByRole("link", { name: /announcements/ }).waitFor();
    expect((await api(server.url, "PATCH", `/api/v1/channels/${created.body.id}`, { token, body: { name: "news" } })).status).toBe(200);
    await sidebar.getByRole("link", { name: /news/ }).waitFor();
    expect((await api(server.url, "DELETE", `/api/v1/channels/${created.body.id}`, { token })).status).toBe(204);
    await sidebar.getByRole("link", { name: /news/ }).waitFor({ state: "detached" });
  });

  it("keeps the view across a reload and goes back with the browser's Back", async () => {
    const { page } = guest;
    const before = new URL(page.url()).pathname;
    await page.reload();
    await page.getByTestId("channel-title").waitFor();
    expect(new URL(page.url()).pathname).toBe(before);
    await page.goto("/settings/profile");
    await page.goBack();
    await page.getByTestId("channel-title").waitFor();
    expect(new URL(page.url()).pathname).toBe(before);
  });

  it("jumps anywhere with the Ctrl+K quick switcher", async () => {
    const { page } = owner;
    await page.goto("/");
    await page.getByRole("heading", { name: /Welcome back/ }).waitFor();
    await page.keyboard.press("Control+k");
    await page.getByLabel("Search channels, conversations and communities").fill("gen");
    await page.getByRole("option", { name: /general/ }).first().waitFor();
    await page.keyboard.press("Enter");
    await page.waitForURL((u) => u.pathname === communityUrl);
    await expect(page.getByTestId("channel-title").innerText()).resolves.toBe("general");
  });

  it("passes axe on the community view and collapses into drawers on a phone", async () => {
    const violations = await axe(owner.page);
    expect(violations, describeViolations(violations)).toEqual([]);
    const phone = await tb.newUser({ mobile: true });
    await phone.page.goto("/login");
    await phone.page.evaluate(({ s }) => localStorage.setItem("hearth.session", s), { s: await owner.page.evaluate(() => localStorage.getItem("hearth.session")!) });
    await phone.page.goto(communityUrl);
    await phone.page.getByTestId("channel-title").waitFor();
    // The sidebar is off-screen until the menu button opens it.
    await expect(phone.page.getByRole("navigation", { name: "Channels" }).isVisible()).resolves.toBe(false);
    await screenshot(phone.page, "mobile-chat");
    await phone.page.getByRole("button", { name: "Open navigation" }).click();
    const drawer = phone.page.getByRole("navigation", { name: "Channels" });
    await drawer.waitFor({ state: "visible" });
    // The drawer slides in; wait until it has arrived before the picture.
    await expect.poll(async () => (await drawer.boundingBox())?.x ?? -1).toBeGreaterThanOrEqual(72);
    await screenshot(phone.page, "mobile-drawer");
    const phoneViolations = await axe(phone.page);
    expect(phoneViolations, describeViolations(phoneViolations)).toEqual([]);
    await phone.context.close();
  });

  it("edits roles, a channel's permission overrides and members' roles in community settings", async () => {
    const { page } = owner;
    await page.goto(`${communityUrl.split("/").slice(0, 3).join("/")}/settings/overview`);
    await page.getByRole("heading", { name: "Overview" }).waitFor();
    await screenshot(page, "community-settings-overview");

    await page.getByRole("link", { name: "Roles" }).click();
    await page.getByTestId("role-list").getByRole("button", { name: "Moderator", exact: true }).click();
    await expect(page.getByLabel("Role name").inputValue()).resolves.toBe("Moderator");
    await screenshot(page, "community-settings-role-moderator");
    let violations = await axe(page);
    expect(violations, describeViolations(violations)).toEqual([]);

    await page.getByRole("link", { name: "Channels", exact: true }).click();
    await page.locator('[data-channel-row="general"]').getByRole("button", { name: "Edit" }).click();
    await page.getByRole("tab", { name: "Permissions" }).click();
    const grid = page.getByTestId("override-grid");
    await grid.waitFor();
    await grid.getByRole("radiogroup", { name: "Embed links" }).getByLabel("Deny").check({ force: true });
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("Permissions saved.").waitFor();
    await page.reload();
    await page.locator('[data-channel-row="general"]').getByRole("button", { name: "Edit" }).click();
    await page.getByRole("tab", { name: "Permissions" }).click();
    await expect(page.getByTestId("override-grid").getByRole("radiogroup", { name: "Embed links" }).getByLabel("Deny").isChecked()).resolves.toBe(true);
    await screenshot(page, "community-settings-permissions");
    violations = await axe(page);
    expect(violations, describeViolations(violations)).toEqual([]);

    // Drag to reorder: a new channel above #general, then the voice group above the text group.
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Create channel in Text Channels" }).click();
    await page.getByLabel("Channel name").fill("Random Stuff");
    await page.locator("hearth-create-channel hearth-dialog").getByRole("button", { name: "Create channel" }).click();
    await page.getByTestId("channel-title").filter({ hasText: "random-stuff" }).waitFor();
    await page.goto(`${communityUrl.split("/").slice(0, 3).join("/")}/settings/channels`);
    await page.locator('[data-channel-row="random-stuff"]').dragTo(page.locator('[data-channel-row="general"]'));
    await page.getByText("Order saved.").waitFor();
    await page.locator('[data-group-row="Voice Channels"]').dragTo(page.locator('[data-group-row="Text Channels"]'));
    await page.getByText("Group order saved.").waitFor();
    const sidebarOrder = () => page.locator("hearth-sidebar a.ch .name").allInnerTexts();
    await expect.poll(sidebarOrder, { timeout: 10_000 }).toEqual(["General", "random-stuff", "general"]);

    await page.getByRole("link", { name: "Members" }).click();
    await page.getByRole("button", { name: "Manage Gus Guest" }).click();
    await page.getByTestId("member-roles").getByRole("switch", { name: "Moderator" }).check();
    await page.getByText("Gave Moderator to Gus Guest.").waitFor();
    await page.keyboard.press("Escape");
    await page.waitForURL((u) => u.pathname.startsWith(communityUrl.split("/").slice(0, 3).join("/")) && !u.pathname.includes("/settings"));
    await owner.page.getByTestId("member-list").getByRole("heading", { name: /Moderator/ }).waitFor();
    // Alt+Up / Alt+Down walk the text channels of the sidebar without the mouse.
    await expect(page.getByTestId("channel-title").innerText()).resolves.toBe("random-stuff");
    await page.keyboard.press("Alt+ArrowDown");
    await page.getByTestId("channel-title").filter({ hasText: /^general$/ }).waitFor();
    await page.keyboard.press("Alt+ArrowUp");
    await page.getByTestId("channel-title").filter({ hasText: "random-stuff" }).waitFor();
  });

  it("installs as a PWA whose service worker serves the app shell offline", async () => {
    const { page, context } = await tb.newUser({ serviceWorkers: true });
    await page.goto("/login");
    const manifest = await page.evaluate(async () => (await fetch("/manifest.webmanifest")).json());
    expect(manifest).toMatchObject({ name: "Hearth", display: "standalone", start_url: "/" });
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    // Every built script is precached, lazily loaded screens included.
    const built = fs.readdirSync(path.join(WEB_DIST, "assets")).filter((f) => f.endsWith(".js")).map((f) => `/assets/${f}`);
    const cached = await page.evaluate(async () => {
      const names = await caches.keys();
      const c = await caches.open(names[0]);
      return (await c.keys()).map((r) => new URL(r.url).pathname);
    });
    expect(cached).toEqual(expect.arrayContaining(built));
    await context.setOffline(true);
    await page.reload();
    await page.getByRole("heading", { name: "Welcome back" }).waitFor();
    await context.close();
  });
});
