/**
 * Trust on first use and verification in the browser (docs/encryption.md, "Key changes and verification"): a
 * contact's new device shows as a notice in the DM with its fingerprint and is highlighted in the encryption
 * panel; after Alice marks Bob verified, another new device of Bob's puts a warning above her composer and holds
 * her message back until she reviews or sends anyway; a message whose keys could not be fetched opens by itself
 * once the network is back.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { deviceFingerprint } from "../../protocol/e2ee.ts";
import { loginOk } from "../auth-helpers.ts";
import { startServer, type TestServer } from "../harness.ts";
import { axe, describeViolations, launch, screenshot, type TestBrowser } from "./browser.ts";
import { dmPair, message, say, signedInPage } from "./conversation.ts";

let server: TestServer;
let tb: TestBrowser;
let alice: Page;
let bob: Page;
let dm = "";
let bobId = "";
let bobName = "";

const pageFor = (tokens: { accessToken: string; refreshToken: string }) => signedInPage(tb, tokens);

/** Bob signs in on another browser (a new device) with the DM open, and waits until its keys are registered. */
async function newDeviceForBob(): Promise<{ page: Page; fingerprint: string }> {
  const before = await liveDeviceCount(bobId);
  const page = await pageFor(await loginOk(server.url, bobName));
  await page.goto(`/dm/${dm}`);
  await page.getByRole("log").waitFor();
  await expect.poll(() => liveDeviceCount(bobId)).toBe(before + 1);
  const [row] = await server.sql<{ ed25519: string; x25519: string }>("select ed25519, x25519 from device_keys where user_id = $1 and revoked_at is null order by created_at desc limit 1", [bobId]);
  return { page, fingerprint: deviceFingerprint(bobId, row.ed25519, row.x25519) };
}

async function liveDeviceCount(userId: string): Promise<number> {
  const [r] = await server.sql<{ n: number }>("select count(*)::int as n from device_keys where user_id = $1 and revoked_at is null", [userId]);
  return r.n;
}

beforeAll(async () => {
  server = await startServer({ env: { RATE_LIMITS: "0" } });
  tb = await launch(server.url);
  const pair = await dmPair(server, tb);
  ({ dm, alice, bob } = pair);
  bobId = pair.b.user.id;
  bobName = pair.b.user.username;
});
afterAll(async () => {
  await tb?.close();
  await server?.stop();
});

describe("key changes in an encrypted DM", () => {
  it("shows a notice with the fingerprint when a contact signs in on a new device, and highlights it in the panel", async () => {
    await bob.goto(`/dm/${dm}`);
    await bob.getByRole("log").waitFor();
    await alice.goto(`/dm/${dm}`);
    await alice.getByRole("log").waitFor();
    await say(alice, "Hello Bob, just us two");
    await message(bob, "just us two").waitFor({ timeout: 5000 });
    // First contact is trusted as it is: no notice.
    await expect(alice.getByTestId("device-notice").count()).resolves.toBe(0);

    const laptop = await newDeviceForBob();
    const notice = alice.getByTestId("device-notice").filter({ hasText: laptop.fingerprint });
    await notice.waitFor({ timeout: 10_000 });
    await expect(notice.innerText()).resolves.toMatch(new RegExp(`Bob signed in on a new device \\(fingerprint ${laptop.fingerprint}\\)\\. If you didn't expect this, verify it\\.`));
    // Bob's first browser is told too: it is his account.
    await bob.getByTestId("device-notice").filter({ hasText: `You signed in on a new device (fingerprint ${laptop.fingerprint})` }).waitFor({ timeout: 10_000 });
    await screenshot(alice, "e2ee-trust-notice");

    // "verify it" opens the panel, where the new device is marked New and highlighted.
    await notice.getByRole("button", { name: "verify it" }).click();
    const panel = alice.getByTestId("encryption-panel");
    const bobSection = panel.getByTestId("device-person").filter({ has: alice.getByRole("heading", { name: "Bob" }) });
    await expect.poll(() => bobSection.getByTestId("device-fingerprint").count()).toBe(2);
    const row = bobSection.getByTestId("device-fingerprint").filter({ hasText: laptop.fingerprint });
    await expect(row.getAttribute("data-status")).resolves.toBe("new");
    await expect(row.getByText("New", { exact: true }).isVisible()).resolves.toBe(true);
    await expect(bobSection.getAttribute("data-status")).resolves.toBe("unverified");
    await screenshot(alice, "e2ee-trust-panel-new-device");
    const violations = await axe(alice);
    expect(violations, describeViolations(violations)).toEqual([]);

    // Remembered in this browser: a reload shows the same notice in its place.
    await alice.reload();
    await alice.getByTestId("device-notice").filter({ hasText: laptop.fingerprint }).waitFor();
    await message(alice, "just us two").waitFor();
    await laptop.page.context().close();
  });

  it("after verifying, a contact's next new device warns above the composer and holds the message until Send anyway", async () => {
    await alice.getByRole("button", { name: "Encryption" }).click();
    const panel = alice.getByTestId("encryption-panel");
    const bobSection = panel.getByTestId("device-person").filter({ has: alice.getByRole("heading", { name: "Bob" }) });
    // Closing the laptop's browser did not sign it out: Bob still has two devices.
    await expect.poll(() => bobSection.getByTestId("device-fingerprint").count()).toBe(2);
    await bobSection.getByRole("button", { name: "Mark as verified: Bob" }).click();
    await expect.poll(() => bobSection.getAttribute("data-status")).toBe("verified");
    await expect(bobSection.locator('[data-testid="device-fingerprint"][data-status="verified"]').count()).resolves.toBe(2);
    await alice.getByRole("button", { name: "Encryption" }).click();
    await expect(alice.getByTestId("trust-warning").count()).resolves.toBe(0);
    await say(alice, "Verified you, Bob");
    await message(bob, "Verified you, Bob").waitFor({ timeout: 5000 });

    const tablet = await newDeviceForBob();
    const warning = alice.getByTestId("trust-warning");
    await warning.waitFor({ timeout: 10_000 });
    await expect(warning.innerText()).resolves.toMatch(/Bob has a new, unverified device\.\s*Messages you send will be readable on it\./);

    // Sending now holds the message back: it is not sent to anyone.
    await say(alice, "The vault code is 9931");
    await alice.getByText(/Not sent: a device you haven't verified would be able to read it/).waitFor({ timeout: 5000 });
    await expect(warning.innerText()).resolves.toContain("One message is waiting to be sent.");
    await screenshot(alice, "e2ee-trust-warning");
    const stored = await server.sql<{ n: number }>("select count(*)::int as n from messages where channel_id = $1", [dm]);
    expect(stored[0].n).toBe(2);

    // Review: the panel opens with the tablet highlighted as the device nobody compared.
    await warning.getByRole("button", { name: "Review devices" }).click();
    const bobSection2 = alice.getByTestId("encryption-panel").getByTestId("device-person").filter({ has: alice.getByRole("heading", { name: "Bob" }) });
    await expect.poll(() => bobSection2.getAttribute("data-status")).toBe("changed");
    const tabletRow = bobSection2.getByTestId("device-fingerprint").filter({ hasText: tablet.fingerprint });
    await expect(tabletRow.getAttribute("class")).resolves.toContain("unexpected");
    await expect(tabletRow.getAttribute("data-status")).resolves.toBe("new");
    await screenshot(alice, "e2ee-trust-review");
    await alice.getByRole("button", { name: "Encryption" }).click();

    // Send anyway: the held message goes out, readable by Bob's devices, the tablet included.
    await warning.getByRole("button", { name: "Send anyway" }).click();
    await message(bob, "vault code is 9931").waitFor({ timeout: 5000 });
    await message(tablet.page, "vault code is 9931").waitFor({ timeout: 5000 });
    await expect(alice.getByTestId("trust-warning").count()).resolves.toBe(0);
    await expect(alice.getByText(/Not sent/).count()).resolves.toBe(0);
    // Bob stays marked as only partly verified until Alice compares the tablet's code.
    await alice.getByRole("button", { name: "Encryption" }).click();
    await expect.poll(() => bobSection2.getAttribute("data-status")).toBe("partly");
    await alice.getByRole("button", { name: "Encryption" }).click();
    await tablet.page.context().close();
  });

  it("opens a message whose keys couldn't be fetched once the network is back, without a reload", async () => {
    // The device directory is unreachable (a flaky network) while Alice loads the DM.
    const blockDevices = (route: import("playwright-core").Route) => (route.request().method() === "GET" ? route.abort("internetdisconnected") : route.continue());
    await alice.route(/\/api\/v1\/devices\/[0-9a-f-]{36}$/, blockDevices);
    await alice.reload();
    await alice.getByRole("log").waitFor();
    await expect.poll(() => alice.getByTestId("message-waiting").count()).toBeGreaterThan(0);
    await expect(alice.getByTestId("message-locked").count()).resolves.toBe(0);
    await screenshot(alice, "e2ee-waiting-for-network");

    // The network comes back (the browser's online event fires): the messages open by themselves.
    await alice.context().setOffline(true);
    await alice.unroute(/\/api\/v1\/devices\/[0-9a-f-]{36}$/, blockDevices);
    await alice.context().setOffline(false);
    await message(alice, "vault code is 9931").waitFor({ timeout: 15_000 });
    await message(alice, "just us two").waitFor();
    await expect(alice.getByTestId("message-waiting").count()).resolves.toBe(0);
    await expect(alice.getByTestId("message-locked").count()).resolves.toBe(0);
  });
});
