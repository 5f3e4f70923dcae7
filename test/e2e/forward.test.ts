/**
 * Forwarding in the browser: Alice forwards a message from a community channel to her end-to-end-encrypted DM with
 * Bob (the dialog lists her DMs and channels and filters as she types); the app opens the DM and Bob sees the quote
 * headed "Forwarded from Alice · #general". Screenshot.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { api } from "../api.ts";
import { startServer, type TestServer } from "../harness.ts";
import { launch, screenshot, type TestBrowser } from "./browser.ts";
import { dmPair, message } from "./conversation.ts";

let server: TestServer;
let tb: TestBrowser;
let alice: Page;
let bob: Page;
let dm = "";
let channelUrl = "";

beforeAll(async () => {
  server = await startServer({ env: { RATE_LIMITS: "0", COMMUNITY_CREATION_MODE: "open" } });
  tb = await launch(server.url);
  const pair = await dmPair(server, tb);
  ({ alice, bob, dm } = pair);
  const c = await api(server.url, "POST", "/api/v1/communities", { token: pair.a.accessToken, body: { name: "Club" } });
  const chans = await api(server.url, "GET", `/api/v1/communities/${c.body.id}/channels`, { token: pair.a.accessToken });
  const general = chans.body.channels.find((ch: { kind: string }) => ch.kind === "text").id;
  await api(server.url, "POST", `/api/v1/channels/${general}/messages`, { token: pair.a.accessToken, body: { content: "Meet at 7 by the fountain" } });
  channelUrl = `/c/${c.body.id}/${general}`;
});
afterAll(async () => {
  await tb?.close();
  await server?.stop();
});

describe("forwarding", () => {
  it("sends a message's text, quoted with who wrote it and where, to another conversation", async () => {
    // Bob's browser is in the DM, so its device exists when the forward is sealed.
    await bob.goto(`/dm/${dm}`);
    await bob.getByRole("log").waitFor();
    await alice.goto(channelUrl);
    const row = alice.locator("hearth-message").filter({ hasText: "Meet at 7" });
    await row.waitFor();
    await row.hover();
    await row.getByRole("button", { name: "Forward" }).click();
    await alice.getByRole("dialog", { name: "Forward message" }).waitFor();
    // The dialog's fields are the forward element's own, slotted into the dialog frame.
    const dialog = alice.locator("hearth-forward-dialog");
    await dialog.getByLabel("Send to").fill("bob");
    await dialog.getByRole("radio", { name: "@Bob" }).check();
    expect(await dialog.getByRole("radio").count()).toBe(1);
    await dialog.getByRole("button", { name: "Forward" }).click();
    await expect.poll(() => new URL(alice.url()).pathname).toBe(`/dm/${dm}`);
    await message(bob, "Meet at 7 by the fountain").waitFor();
    expect(await message(bob, "Meet at 7 by the fountain").textContent()).toContain("Forwarded from Alice · #general");
    await screenshot(bob, "forward-dm-light");
  });
});
