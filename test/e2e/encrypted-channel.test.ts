/**
 * An end-to-end encrypted community channel, made from the web UI: Alice ticks "End-to-end encrypted" in the
 * sidebar's Create channel dialog (the choice is there for text channels only), the sidebar marks the channel with a
 * lock, Bob reads her message decrypted while the server holds only an envelope, and a thread started from that
 * message shows it opened at the top of the thread for both. Community settings → Channels offers the same choice.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { startServer, type TestServer } from "../harness.ts";
import { axe, describeViolations, launch, screenshot, type TestBrowser } from "./browser.ts";
import { communityPair, message } from "./conversation.ts";

let server: TestServer;
let tb: TestBrowser;
let alice: Page;
let bob: Page;
let communityId = "";
let general = "";
let secret = "";

const SECRET = "The launch date is June 3, keep it quiet";

beforeAll(async () => {
  server = await startServer({ env: { RATE_LIMITS: "0", COMMUNITY_CREATION_MODE: "open" } });
  tb = await launch(server.url);
  ({ alice, bob, communityId, general } = await communityPair(server, tb, "Launch Crew"));
});
afterAll(async () => {
  await tb?.close();
  await server?.stop();
});

describe("an end-to-end encrypted community channel", () => {
  it("is made from the sidebar's Create channel dialog, which offers encryption for text channels only", async () => {
    // Bob's browser registers its device before Alice writes, so her message is sealed for it.
    await bob.goto(`/c/${communityId}/${general}`);
    await alice.goto(`/c/${communityId}/${general}`);
    await expect.poll(async () => (await server.sql<{ n: number }>("select count(distinct user_id)::int as n from device_keys where revoked_at is null")).at(0)?.n).toBe(2);
    await alice.getByRole("button", { name: "Create channel in Text Channels" }).click();
    await alice.getByRole("dialog", { name: "Create channel" }).waitFor();
    // The fields are slotted into the dialog: found from the element that holds them.
    const dialog = alice.locator("hearth-create-channel");
    const encrypt = dialog.getByRole("switch", { name: "End-to-end encrypted" });
    await expect(encrypt.isChecked()).resolves.toBe(false);
    await dialog.getByRole("radio", { name: "Voice" }).check();
    await expect.poll(() => encrypt.count()).toBe(0);
    await dialog.getByRole("radio", { name: "Text" }).check();
    await dialog.getByLabel("Channel name").fill("Secret Plans");
    await encrypt.check();
    await screenshot(alice, "encrypted-channel-create");
    const violations = await axe(alice);
    expect(violations, describeViolations(violations)).toEqual([]);
    await dialog.getByRole("button", { name: "Create channel" }).click();
    await alice.getByTestId("channel-title").filter({ hasText: "secret-plans" }).waitFor();
    secret = new URL(alice.url()).pathname.split("/").pop()!;
    const [row] = await server.sql<{ encrypted: boolean; kind: string }>("select encrypted, kind from channels where id = $1", [secret]);
    expect(row).toEqual({ encrypted: true, kind: "text" });
    await alice.locator(`hearth-sidebar a.ch[data-channel="${secret}"]`).getByLabel("end-to-end encrypted").waitFor();
    await alice.locator(`hearth-sidebar a.ch[data-channel="${general}"] .e2ee`).waitFor({ state: "detached" });
  });

  it("carries Alice's message to Bob decrypted while the server keeps only an envelope", async () => {
    const box = alice.getByRole("combobox", { name: "Message #secret-plans" });
    await box.fill(SECRET);
    await box.press("Enter");
    await message(alice, SECRET).waitFor();
    await bob.goto(`/c/${communityId}/${secret}`);
    await message(bob, SECRET).waitFor();
    await bob.locator(`hearth-sidebar a.ch[data-channel="${secret}"]`).getByLabel("end-to-end encrypted").waitFor();
    const stored = await server.sql<{ content: string | null; sealed: boolean }>("select content, envelope is not null as sealed from messages where channel_id = $1", [secret]);
    expect(stored).toEqual([{ content: null, sealed: true }]);
    await screenshot(bob, "encrypted-channel-bob");
  });

  it("shows the message a thread started from, opened, at the top of the thread", async () => {
    const row = alice.locator("hearth-message-list").getByTestId("message").filter({ hasText: SECRET }).last();
    await row.hover();
    await row.getByRole("button", { name: "Create thread" }).click();
    await alice.getByRole("dialog", { name: "Create thread" }).waitFor();
    await alice.getByText("its name is not: the server can read it").waitFor();
    await alice.getByLabel("Thread name").fill("Launch logistics");
    await alice.getByRole("dialog", { name: "Create thread" }).getByRole("button", { name: "Create thread" }).click();
    await expect.poll(() => alice.getByTestId("channel-title").innerText()).toBe("Launch logistics");
    const threadPath = new URL(alice.url()).pathname;
    await expect.poll(() => alice.getByTestId("thread-root").getByTestId("message-content").innerText(), { timeout: 10_000 }).toContain(SECRET);
    await bob.goto(threadPath);
    await expect.poll(() => bob.getByTestId("thread-root").getByTestId("message-content").innerText(), { timeout: 10_000 }).toContain(SECRET);
    await screenshot(bob, "encrypted-channel-thread");
  });

  it("can be made from Community settings → Channels too", async () => {
    await alice.goto(`/c/${communityId}/settings/channels`);
    await alice.getByRole("button", { name: "Create channel", exact: true }).first().click();
    await alice.getByRole("dialog", { name: "Create channel" }).waitFor();
    const dialog = alice.locator("hearth-cs-channels");
    await dialog.getByLabel("Channel name").fill("vault");
    await dialog.getByRole("switch", { name: "End-to-end encrypted" }).check();
    await dialog.locator("hearth-dialog").getByRole("button", { name: "Create channel" }).click();
    await alice.getByText("#vault created.").waitFor();
    const [row] = await server.sql<{ encrypted: boolean }>("select encrypted from channels where name = 'vault'");
    expect(row).toEqual({ encrypted: true });
    await alice.locator('[data-channel-row="vault"]').getByRole("button", { name: "Edit vault" }).click();
    await alice.getByText("End-to-end encrypted text channel").waitFor();
  });
});
