/**
 * Read receipts in the browser: Alice writes to Bob in their DM; when Bob opens it, Alice sees "Seen" under her
 * message without reloading. Bob turns receipts off in Settings → My profile: Alice's next message stays unseen for
 * her after Bob reads it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { startServer, type TestServer } from "../harness.ts";
import { launch, screenshot, type TestBrowser } from "./browser.ts";
import { dmPair, message, say } from "./conversation.ts";

let server: TestServer;
let tb: TestBrowser;
let alice: Page;
let bob: Page;
let dm = "";

beforeAll(async () => {
  server = await startServer({ env: { RATE_LIMITS: "0" } });
  tb = await launch(server.url);
  ({ alice, bob, dm } = await dmPair(server, tb));
});
afterAll(async () => {
  await tb?.close();
  await server?.stop();
});

describe("read receipts", () => {
  it("show Seen under one's message once the other has read it", async () => {
    // Bob's browser sets up its device first (messages are sealed for the devices that exist), then looks elsewhere.
    await bob.goto(`/dm/${dm}`);
    await bob.getByRole("log").waitFor();
    await bob.goto("/settings/profile");
    await alice.goto(`/dm/${dm}`);
    await say(alice, "are you coming tonight?");
    await message(alice, "are you coming tonight?").waitFor();
    await new Promise((r) => setTimeout(r, 500));
    expect(await alice.getByTestId("seen").count()).toBe(0);
    await bob.goto(`/dm/${dm}`);
    await message(bob, "are you coming tonight?").waitFor();
    await expect.poll(() => alice.getByTestId("seen").textContent(), { timeout: 10_000 }).toBe("Seen");
    await screenshot(alice, "read-receipts-light");
  });

  it("stop both ways when turned off", async () => {
    await bob.goto("/settings/profile");
    await bob.getByLabel("Read receipts in direct messages").uncheck();
    await bob.getByText("Read receipts off.").waitFor();
    await say(alice, "ok, see you then");
    await message(alice, "ok, see you then").waitFor();
    await bob.goto(`/dm/${dm}`);
    await message(bob, "ok, see you then").waitFor();
    await new Promise((r) => setTimeout(r, 1_000));
    // The Seen line stays with the message Bob read while receipts were on.
    const seen = alice.getByTestId("seen");
    const rows = alice.locator("hearth-message-list [data-testid='message']");
    const last = await rows.last().textContent();
    expect(last).toContain("ok, see you then");
    expect(await seen.count()).toBe(0);
  });
});
