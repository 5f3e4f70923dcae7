/**
 * Custom emoji in the browser: the owner adds one in community settings → Emoji (the name taken from the file),
 * Alice writes `:par`, picks it from the autocomplete and sends; Bob sees the picture in the message (loaded) and
 * reacts with it from the reaction picker, and both see the chip with the picture. Deleting the emoji leaves its
 * name in the text. Screenshots light and dark; axe on the settings section.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { api, register } from "../api.ts";
import { startServer, type TestServer } from "../harness.ts";
import { axe, describeViolations, launch, screenshot, type TestBrowser } from "./browser.ts";
import { signedInPage } from "./conversation.ts";
import { png } from "./png.ts";

let server: TestServer;
let tb: TestBrowser;
let owner: Page;
let alice: Page;
let bob: Page;
let communityId = "";
let channelUrl = "";
let bobTokens: { accessToken: string; refreshToken: string };

beforeAll(async () => {
  server = await startServer({ env: { RATE_LIMITS: "0", COMMUNITY_CREATION_MODE: "open" } });
  tb = await launch(server.url);
  const o = await register(server.url, undefined, { displayName: "Olive" });
  const a = await register(server.url, undefined, { displayName: "Alice" });
  const b = await register(server.url, undefined, { displayName: "Bob" });
  bobTokens = b;
  const c = await api(server.url, "POST", "/api/v1/communities", { token: o.accessToken, body: { name: "Cat Club" } });
  communityId = c.body.id;
  const chans = await api(server.url, "GET", `/api/v1/communities/${communityId}/channels`, { token: o.accessToken });
  const general = chans.body.channels.find((ch: { kind: string }) => ch.kind === "text").id;
  const inv = await api(server.url, "POST", `/api/v1/communities/${communityId}/invites`, { token: o.accessToken, body: {} });
  for (const u of [a, b]) await api(server.url, "POST", `/api/v1/invites/${inv.body.code}/accept`, { token: u.accessToken, body: {} });
  channelUrl = `/c/${communityId}/${general}`;
  owner = await signedInPage(tb, o);
  alice = await signedInPage(tb, a);
  bob = await signedInPage(tb, b);
});
afterAll(async () => {
  await tb?.close();
  await server?.stop();
});

const customIn = (page: Page, text: string) => page.locator("hearth-message").filter({ hasText: text }).locator("img.emoji-custom");

describe("custom emoji", () => {
  it("are added in community settings, named after the file", async () => {
    await owner.goto(`/c/${communityId}/settings/emoji`);
    await owner.getByRole("heading", { name: "Emoji", level: 2 }).waitFor();
    await owner.getByLabel("Choose an emoji picture").setInputFiles({ name: "Party Cat.png", mimeType: "image/png", buffer: png(96, 96, [0xe6, 0x7e, 0x22]) });
    expect(await owner.getByLabel("Name").inputValue()).toBe("party_cat");
    await owner.getByRole("button", { name: "Add emoji" }).click();
    await owner.getByTestId("emoji-table").getByText(":party_cat:").waitFor();
    const violations = (await axe(owner)).filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(violations, describeViolations(violations)).toEqual([]);
    await screenshot(owner, "emoji-settings-light");
  });

  it("are offered while typing, sent as pictures, and taken as reactions", async () => {
    await alice.goto(channelUrl);
    await bob.goto(channelUrl);
    await alice.getByRole("log").waitFor();
    await bob.getByRole("log").waitFor();
    const box = alice.getByRole("combobox", { name: /Message #general/ });
    await box.fill("we won :par");
    await alice.getByRole("option", { name: /:party_cat:/ }).click();
    expect(await box.inputValue()).toBe("we won :party_cat: ");
    await box.press("Enter");

    const img = customIn(bob, "we won");
    await img.waitFor();
    expect(await img.getAttribute("alt")).toBe(":party_cat:");
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);

    const row = bob.locator("hearth-message").filter({ hasText: "we won" });
    await row.hover();
    await row.getByRole("button", { name: "Add reaction" }).click();
    await bob.getByRole("dialog", { name: "Pick a reaction" }).getByRole("button", { name: "party_cat" }).click();
    const chip = alice.locator("hearth-message").filter({ hasText: "we won" }).getByRole("button", { name: ":party_cat: 1" });
    await chip.waitFor();
    expect(await chip.locator("img.custom").count()).toBe(1);
    await screenshot(alice, "emoji-chat-light");
    await bob.evaluate(() => (document.documentElement.dataset.theme = "dark"));
    await screenshot(bob, "emoji-chat-dark");
  });

  it("leave their name in the text once deleted", async () => {
    await owner.goto(`/c/${communityId}/settings/emoji`);
    await owner.getByRole("button", { name: "Delete :party_cat:" }).click();
    await owner.getByRole("button", { name: "Delete emoji" }).click();
    await owner.getByText("No emoji yet.").waitFor();
    // A browser that never loaded the picture (pictures are cached for good, as their URL never changes).
    const fresh = await signedInPage(tb, bobTokens);
    await fresh.goto(channelUrl);
    const img = customIn(fresh, "we won");
    await img.waitFor();
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth === 0)).toBe(true);
    expect(await img.getAttribute("alt")).toBe(":party_cat:");
  });
});
