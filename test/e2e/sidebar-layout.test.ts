/**
 * The compact sidebar (Settings → Appearance → Community list → Menu atop the channels): the rail goes, the
 * sidebar's title becomes a menu of Direct messages and every community with their unread marks, which moves
 * between them and offers "Add a community"; the choice survives a reload, and the icons come back when chosen.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { api, register } from "../api.ts";
import { startServer, type TestServer } from "../harness.ts";
import { axe, describeViolations, launch, screenshot, type TestBrowser } from "./browser.ts";
import { signedInPage } from "./conversation.ts";

let server: TestServer;
let tb: TestBrowser;
let alice: Page;
let garden = "";
let kitchen = "";
let kitchenChannel = "";
let bobToken = "";

beforeAll(async () => {
  server = await startServer({ env: { RATE_LIMITS: "0", COMMUNITY_CREATION_MODE: "open" } });
  tb = await launch(server.url);
  const a = await register(server.url, undefined, { displayName: "Alice" });
  const b = await register(server.url, undefined, { displayName: "Bob" });
  garden = (await api(server.url, "POST", "/api/v1/communities", { token: a.accessToken, body: { name: "Garden Club" } })).body.id;
  kitchen = (await api(server.url, "POST", "/api/v1/communities", { token: b.accessToken, body: { name: "Kitchen" } })).body.id;
  const inv = await api(server.url, "POST", `/api/v1/communities/${kitchen}/invites`, { token: b.accessToken, body: {} });
  expect((await api(server.url, "POST", `/api/v1/invites/${inv.body.code}/accept`, { token: a.accessToken, body: {} })).status).toBe(200);
  const chans = await api(server.url, "GET", `/api/v1/communities/${kitchen}/channels`, { token: b.accessToken });
  kitchenChannel = chans.body.channels.find((ch: { kind: string }) => ch.kind === "text").id;
  alice = await signedInPage(tb, a);
  bobToken = b.accessToken;
});
afterAll(async () => {
  await tb?.close();
  await server?.stop();
});

const picker = () => alice.locator("hearth-place-picker");

describe("the compact sidebar", () => {
  it("hides the rail and moves between places from a menu atop the channels", async () => {
    // Something unread in the Kitchen while Alice is in the app, for its mark in the menu.
    await alice.goto(`/c/${garden}`);
    await alice.locator("hearth-rail .item").nth(2).waitFor();
    await alice.getByRole("log").waitFor();
    expect((await api(server.url, "POST", `/api/v1/channels/${kitchenChannel}/messages`, { token: bobToken, body: { content: "soup's on" } })).status).toBe(201);
    await alice.locator("hearth-rail .item.unread").waitFor();
    await alice.goto("/settings/appearance");
    await alice.getByRole("radio", { name: "Menu atop the channels" }).check({ force: true });
    await alice.goto(`/c/${garden}`);
    await alice.locator("hearth-rail").waitFor({ state: "hidden" });
    await expect.poll(() => picker().getByRole("button", { name: /Garden Club/ }).count()).toBe(1);

    await picker().getByRole("button", { name: /Garden Club/ }).click();
    const menu = picker().getByRole("menu", { name: "Communities" });
    await menu.waitFor();
    // Names as a screen reader hears them (a community's initials are decoration).
    const names = await menu.getByRole("menuitem").evaluateAll((els) => els.map((el) => el.querySelector("span:not(.pic):not(.mark):not(.dot)")?.textContent?.trim()));
    expect(names).toEqual(["Direct messages", "Garden Club", "Kitchen", "Add a community"]);
    await menu.locator(`[data-community="${kitchen}"]`).getByLabel("unread").waitFor();
    await screenshot(alice, "sidebar-compact-menu");
    const violations = await axe(alice);
    expect(violations, describeViolations(violations)).toEqual([]);

    await menu.getByRole("menuitem", { name: /Kitchen/ }).click();
    await alice.waitForURL((u) => u.pathname.startsWith(`/c/${kitchen}`));
    await expect.poll(() => picker().getByRole("button", { name: /Kitchen/ }).count()).toBe(1);
    await menu.waitFor({ state: "detached" });

    await picker().getByRole("button", { name: /Kitchen/ }).click();
    await picker().getByRole("menuitem", { name: /Direct messages/ }).click();
    await alice.waitForURL((u) => u.pathname === "/");
    await picker().getByRole("button", { name: /Direct messages/ }).waitFor();

    await picker().getByRole("button", { name: /Direct messages/ }).click();
    await picker().getByRole("menuitem", { name: "Add a community" }).click();
    await alice.getByRole("dialog", { name: /community/i }).first().waitFor();
    await alice.keyboard.press("Escape");
  });

  it("keeps the choice across a reload, and brings the icons back when chosen", async () => {
    await alice.goto(`/c/${garden}`);
    await picker().waitFor();
    await expect(alice.locator("hearth-rail").isVisible()).resolves.toBe(false);
    await alice.goto("/settings/appearance");
    await alice.getByRole("radio", { name: "Icons down the side" }).check({ force: true });
    await alice.goto(`/c/${garden}`);
    await alice.locator("hearth-rail").waitFor();
    await expect(picker().count()).resolves.toBe(0);
  });
});
