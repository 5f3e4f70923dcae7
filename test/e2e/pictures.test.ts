/**
 * Pictures in the browser: Alice uploads a profile picture in Settings → My profile (scaled to a small square
 * before upload), and it shows at once on her own page and, without a reload, on Bob's member list and beside her
 * messages; removing it brings her initials back. The community's owner uploads an icon and a banner in community
 * settings: the rail shows the icon and the channel sidebar the banner. A file that is not an image is refused
 * before any upload. A profile banner set in My profile shows atop Alice's profile card for Bob. Screenshots light and
 * dark.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { api, register } from "../api.ts";
import { startServer, type TestServer } from "../harness.ts";
import { launch, screenshot, type TestBrowser } from "./browser.ts";
import { signedInPage } from "./conversation.ts";
import { png } from "./png.ts";

let server: TestServer;
let tb: TestBrowser;
let alice: Page;
let bob: Page;
let aliceId = "";
let communityId = "";
let channelUrl = "";

beforeAll(async () => {
  server = await startServer({ env: { RATE_LIMITS: "0", COMMUNITY_CREATION_MODE: "open" } });
  tb = await launch(server.url);
  const a = await register(server.url, undefined, { displayName: "Alice" });
  const b = await register(server.url, undefined, { displayName: "Bob" });
  aliceId = a.user.id;
  const c = await api(server.url, "POST", "/api/v1/communities", { token: a.accessToken, body: { name: "Gallery" } });
  communityId = c.body.id;
  const chans = await api(server.url, "GET", `/api/v1/communities/${communityId}/channels`, { token: a.accessToken });
  const general = chans.body.channels.find((ch: { kind: string }) => ch.kind === "text").id;
  const inv = await api(server.url, "POST", `/api/v1/communities/${communityId}/invites`, { token: a.accessToken, body: {} });
  await api(server.url, "POST", `/api/v1/invites/${inv.body.code}/accept`, { token: b.accessToken, body: {} });
  await api(server.url, "POST", `/api/v1/channels/${general}/messages`, { token: a.accessToken, body: { content: "hello from Alice" } });
  channelUrl = `/c/${communityId}/${general}`;
  alice = await signedInPage(tb, a);
  bob = await signedInPage(tb, b);
});
afterAll(async () => {
  await tb?.close();
  await server?.stop();
});

/** The picture an avatar inside `scope` shows, or null for initials. */
async function avatarSrc(page: Page, scope: string): Promise<string | null> {
  return page.locator(scope).locator("hearth-avatar img").first().getAttribute("src", { timeout: 2_000 }).catch(() => null);
}

async function choose(page: Page, label: RegExp | string, file: { name: string; mimeType: string; buffer: Buffer }) {
  await page.getByLabel(label).setInputFiles(file);
}

describe("profile pictures", () => {
  it("uploads a picture in settings that everyone sees at once, scaled down; removing it brings the initials back", async () => {
    await bob.goto(channelUrl);
    await bob.getByRole("log").waitFor();
    const toggle = bob.getByRole("button", { name: "Member list" });
    if ((await toggle.getAttribute("aria-pressed")) !== "true") await toggle.click();
    await bob.locator("hearth-member-list").getByText("Alice").first().waitFor();
    await alice.goto("/settings/profile");
    await alice.getByRole("heading", { name: "My profile" }).waitFor();
    await choose(alice, "Choose a picture", { name: "me.png", mimeType: "image/png", buffer: png(900, 600, [0xd9, 0x48, 0x1c]) });
    await alice.getByRole("button", { name: "Remove picture" }).waitFor();
    const src = await alice.locator("hearth-settings-profile hearth-avatar img").getAttribute("src");
    expect(src).toMatch(/^\/api\/v1\/images\//);
    // What was stored is the small square, not the 900 × 600 original.
    const size = await alice.evaluate(async (u) => {
      const bmp = await createImageBitmap(await (await fetch(u)).blob());
      return [bmp.width, bmp.height];
    }, src!);
    expect(size).toEqual([256, 256]);
    await screenshot(alice, "pictures-profile-light");

    // Bob sees it beside her message and in the member list, without reloading.
    await expect.poll(() => bob.locator(`hearth-message`).filter({ hasText: "hello from Alice" }).locator("hearth-avatar img").count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => bob.locator("hearth-member-list hearth-avatar img").count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await screenshot(bob, "pictures-chat-light");

    await alice.getByRole("button", { name: "Remove picture" }).click();
    await alice.getByRole("button", { name: "Remove picture" }).waitFor({ state: "detached" });
    await alice.getByText("Upload picture").waitFor();
    expect(await avatarSrc(alice, "hearth-settings-profile")).toBeNull();
    await expect.poll(() => bob.locator(`hearth-message`).filter({ hasText: "hello from Alice" }).locator("hearth-avatar img").count(), { timeout: 10_000 }).toBe(0);
    expect(aliceId).toBeTruthy();
  });

  it("refuses a file that is not an image before uploading it", async () => {
    await alice.goto("/settings/profile");
    await choose(alice, "Choose a picture", { name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("not a picture") });
    await expect.poll(() => alice.getByRole("alert").textContent()).toContain("PNG, JPEG, GIF or WebP");
  });
});

describe("profile banners", () => {
  it("uploads a banner in settings, scaled to a wide strip, which Bob sees atop Alice's profile card", async () => {
    await alice.goto("/settings/profile");
    await alice.getByRole("heading", { name: "My profile" }).waitFor();
    await choose(alice, "Choose a banner", { name: "wide.png", mimeType: "image/png", buffer: png(2400, 800, [0x1c, 0x6a, 0xd9]) });
    await alice.getByRole("button", { name: "Remove banner" }).waitFor();
    const src = await alice.getByTestId("profile-banner").locator("img").getAttribute("src");
    expect(src).toMatch(/^\/api\/v1\/images\//);
    const width = await alice.evaluate(async (u) => (await createImageBitmap(await (await fetch(u)).blob())).width, src!);
    expect(width).toBeLessThan(2400);
    await screenshot(alice, "pictures-profile-banner");

    await bob.goto(channelUrl);
    const toggle = bob.getByRole("button", { name: "Member list" });
    if ((await toggle.getAttribute("aria-pressed")) !== "true") await toggle.click();
    await bob.locator("hearth-member-list button.member").filter({ hasText: "Alice" }).click();
    const card = bob.getByRole("dialog", { name: "Alice profile" });
    await expect.poll(() => card.getByTestId("card-banner").locator("img").getAttribute("src", { timeout: 2_000 }).catch(() => null), { timeout: 10_000 }).toBe(src);
    await screenshot(bob, "pictures-profile-card");
    await bob.keyboard.press("Escape");

    await alice.getByRole("button", { name: "Remove banner" }).click();
    await alice.getByRole("button", { name: "Remove banner" }).waitFor({ state: "detached" });
    await expect(alice.getByTestId("profile-banner").locator("img").count()).resolves.toBe(0);
  });
});

describe("community icon and banner", () => {
  it("shows an uploaded icon in the rail and the banner above the channels", async () => {
    await alice.goto(`/c/${communityId}/settings/overview`);
    await choose(alice, "Choose an icon", { name: "icon.png", mimeType: "image/png", buffer: png(300, 300, [0x23, 0x70, 0x32]) });
    await alice.getByRole("button", { name: "Remove icon" }).waitFor();
    await choose(alice, "Choose a banner", { name: "banner.png", mimeType: "image/png", buffer: png(1500, 600, [0x6d, 0x28, 0xd9]) });
    await alice.getByRole("button", { name: "Remove banner" }).waitFor();
    await alice.goto(channelUrl);
    await alice.getByRole("log").waitFor();
    const railIcon = alice.locator(`hearth-rail a[data-community="${communityId}"] img`);
    await railIcon.waitFor();
    expect(await railIcon.getAttribute("src")).toMatch(/^\/api\/v1\/images\//);
    await alice.locator("hearth-sidebar .banner img").waitFor();
    await alice.evaluate(() => (document.documentElement.dataset.theme = "dark"));
    await screenshot(alice, "pictures-community-dark");
  });
});
