/**
 * End-to-end encrypted DMs in the browser (docs/encryption.md): two people, each in their own browser context,
 * write to each other in real time and read each other's messages decrypted; the server's database holds none of
 * the text; a reload keeps them readable; an edit arrives re-encrypted; a device added later (a new login in a
 * fresh browser) sees the older messages locked and reads the new ones; the encryption panel lists every device's
 * fingerprint and updates when a device is added.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { STRONG_PASSWORD } from "../api.ts";
import { loginOk } from "../auth-helpers.ts";
import { startServer, type TestServer } from "../harness.ts";
import { axe, describeViolations, launch, screenshot, xssHits, type TestBrowser } from "./browser.ts";
import { dmPair, message, say, signedInPage } from "./conversation.ts";

let server: TestServer;
let tb: TestBrowser;
let alice: Page;
let bob: Page;
let dm = "";
let bobName = "";
let bobId = "";

const pageFor = (tokens: { accessToken: string; refreshToken: string }) => signedInPage(tb, tokens);

/** Everything stored for the DM's messages and events, as text. */
async function storedText(): Promise<string> {
  const rows = await server.sql<{ row: string }>("select m::text as row from messages m where channel_id = $1 union all select e::text from channel_events e where channel_id = $1", [dm]);
  return rows.map((r) => r.row).join("\n");
}

beforeAll(async () => {
  server = await startServer({ env: { RATE_LIMITS: "0" } });
  tb = await launch(server.url);
  const pair = await dmPair(server, tb);
  ({ dm, alice, bob } = pair);
  bobName = pair.b.user.username;
  bobId = pair.b.user.id;
});
afterAll(async () => {
  await tb?.close();
  await server?.stop();
});

describe("an end-to-end encrypted DM", () => {
  it("carries messages both ways in real time, readable by both, with no text on the server", async () => {
    // Bob's browser registers its device as the DM opens. A message sealed before that is not for it (as for any
    // device added later), so Bob's is registered before Alice's page reads the DM's device list.
    await bob.goto(`/dm/${dm}`);
    await bob.getByRole("log").waitFor();
    await expect.poll(async () => (await server.sql("select 1 from device_keys where user_id = $1 and revoked_at is null", [bobId])).length).toBe(1);
    await alice.goto(`/dm/${dm}`);
    await alice.getByRole("log").waitFor();
    await expect(alice.getByRole("combobox", { name: /Message @Bob/ }).isEnabled()).resolves.toBe(true);

    await say(alice, "Hi Bob, the **vault code** is 4711 🔐");
    await message(bob, "the vault code is 4711").waitFor({ timeout: 5000 });
    await expect(message(bob, "4711").locator("strong").innerText()).resolves.toBe("vault code");
    await say(bob, "Got it, shredding the note now.");
    await message(alice, "shredding the note").waitFor({ timeout: 5000 });
    // Each side also reads its own message back from the server's copy, not just the optimistic one.
    await message(alice, "4711").waitFor();

    // Decrypted text goes through the same sanitizing renderer as any message.
    await say(bob, `<img src=x onerror="__xss('e2ee')"> [click](javascript:__xss('link'))`);
    await message(alice, "click").waitFor({ timeout: 5000 });
    expect(await xssHits(alice)).toEqual([]);

    const stored = await storedText();
    expect(stored).toContain("hearth-e2ee-v1");
    for (const word of ["vault", "4711", "shredding", "Got it"]) expect(stored).not.toContain(word);
    await screenshot(alice, "e2ee-dm-alice");
  });

  it("keeps the conversation readable after a reload, and delivers an edit re-encrypted", async () => {
    await bob.reload();
    await message(bob, "4711").waitFor();
    await message(bob, "shredding the note").waitFor();
    await expect(bob.getByTestId("message-locked").count()).resolves.toBe(0);

    const box = alice.getByRole("combobox", { name: /Message @Bob/ });
    await box.click();
    await box.press("ArrowUp");
    const editor = alice.getByLabel("Edit message");
    await editor.fill("Hi Bob, the **vault code** is 4712 now 🔐");
    await editor.press("Enter");
    await message(bob, "4712 now").getByText("(edited)").waitFor({ timeout: 5000 });
    expect(await storedText()).not.toContain("4712");
  });

  it("shows a device added later the older messages as locked, and lets it read new ones", async () => {
    // Bob signs in on a new device: a fresh browser with no keys, so a new device identity.
    const tokens = await loginOk(server.url, bobName);
    const laptop = await pageFor(tokens);
    await laptop.goto(`/dm/${dm}`);
    await laptop.getByRole("log").waitFor();
    await expect.poll(() => laptop.getByTestId("message-locked").count()).toBe(3);
    await expect(laptop.getByText("Can't decrypt this message on this device").first().isVisible()).resolves.toBe(true);

    // Alice's client hears of Bob's new device (H7): her encryption panel now lists two devices for Bob.
    await alice.getByRole("button", { name: "Encryption" }).click();
    const panel = alice.getByTestId("encryption-panel");
    await expect.poll(() => panel.getByTestId("device-fingerprint").count()).toBe(3);
    await expect(panel.getByText("This device").count()).resolves.toBe(1);
    await screenshot(alice, "e2ee-encryption-panel");
    const violations = await axe(alice);
    expect(violations, describeViolations(violations)).toEqual([]);
    await alice.getByRole("button", { name: "Encryption" }).click();

    await say(alice, "Welcome to your new laptop, Bob");
    await message(laptop, "new laptop").waitFor({ timeout: 5000 });
    await message(bob, "new laptop").waitFor({ timeout: 5000 });
    await say(laptop, "Typed on the laptop");
    await message(alice, "Typed on the laptop").waitFor({ timeout: 5000 });
    await message(bob, "Typed on the laptop").waitFor({ timeout: 5000 });
    await expect(laptop.getByTestId("message-locked").count()).resolves.toBe(3);
    await screenshot(laptop, "e2ee-new-device");
    // The laptop, left open on the DM, would read everything for Bob (read positions are shared across devices).
    await laptop.context().close();
  });

  it("sets up a key backup, and a new device given the recovery key reads the earlier messages", async () => {
    await bob.goto("/settings/encryption");
    const state = bob.getByTestId("backup-state");
    await expect.poll(() => state.innerText()).toMatch(/^off$/i);
    await bob.getByRole("button", { name: "Set up key backup" }).click();
    await bob.getByLabel("Your password").fill(STRONG_PASSWORD);
    await bob.getByRole("button", { name: "Continue" }).click();
    const keyBox = bob.getByTestId("recovery-key");
    await keyBox.waitFor();
    const recoveryKey = (await keyBox.innerText()).trim();
    expect(recoveryKey).toMatch(/^([0-9A-Z]{4} ){13}[0-9A-Z]{4}$/);
    const done = bob.getByRole("button", { name: "Done" });
    await expect(done.isDisabled()).resolves.toBe(true);
    await screenshot(bob, "e2ee-backup-key");
    await bob.getByLabel("I have saved my recovery key somewhere safe.").check();
    await done.click();
    await expect.poll(() => state.innerText()).toMatch(/^on\s+This browser's key is backed up\. 1 device in the backup/i);
    // The server has the public half and Bob's device key sealed to it: nothing that opens either.
    const [row] = await server.sql<{ public_key: string; n: string }>("select b.public_key, (select count(*) from key_backup_keys k where k.user_id = b.user_id) as n from key_backups b where b.user_id = $1", [bobId]);
    expect(row).toMatchObject({ n: "1" });

    // Bob signs in on a phone: the earlier messages are locked, and the conversation offers the backup.
    const phone = await pageFor(await loginOk(server.url, bobName));
    await phone.goto(`/dm/${dm}`);
    await phone.getByRole("log").waitFor();
    await expect.poll(() => phone.getByTestId("message-locked").count()).toBeGreaterThan(3);
    const prompt = phone.getByTestId("backup-prompt");
    await prompt.getByRole("button", { name: "Enter recovery key" }).click();
    const input = prompt.getByTestId("recovery-key-input");
    // One character off: refused before anything is fetched, and nothing unlocks.
    const typo = recoveryKey.slice(0, 5) + (recoveryKey[5] === "A" ? "B" : "A") + recoveryKey.slice(6);
    await input.fill(typo);
    await prompt.getByRole("button", { name: "Unlock" }).click();
    await prompt.getByRole("alert").getByText("That isn't a recovery key").waitFor();
    await screenshot(phone, "e2ee-backup-prompt");
    // Typed in lower case without spaces, as people do.
    await input.fill(recoveryKey.replace(/ /g, "").toLowerCase());
    await prompt.getByRole("button", { name: "Unlock" }).click();
    await prompt.waitFor({ state: "detached" });
    await expect.poll(() => phone.getByTestId("message-locked").count()).toBe(0);
    await message(phone, "4712 now").waitFor();
    await message(phone, "shredding the note").waitFor();
    await message(phone, "Typed on the laptop").waitFor();
    await screenshot(phone, "e2ee-backup-unlocked");

    // The phone put its own key in the backup, so the device after it can read what is sent to the phone.
    await phone.goto("/settings/encryption");
    await expect.poll(() => phone.getByTestId("backup-state").innerText()).toMatch(/^on\s+This browser's key is backed up\. 2 devices/i);
    await screenshot(phone, "e2ee-backup-settings");
    const violations = await axe(phone);
    expect(violations, describeViolations(violations)).toEqual([]);
    await phone.context().close();
  });

  it("lights the DM's unread badge for a person elsewhere, with no ciphertext in the list, and clears it on opening", async () => {
    await bob.goto("/");
    const link = bob.locator(`a[href="/dm/${dm}"]`);
    await link.waitFor();
    await expect.poll(() => link.getAttribute("class")).not.toContain("unread");
    await say(alice, "Are you around this afternoon?");
    await expect.poll(() => link.getAttribute("class"), { timeout: 10_000 }).toContain("unread");
    await expect(link.innerText()).resolves.toMatch(/^\s*\S*\s*Alice\s*1?\s*$/);
    await link.click();
    await message(bob, "this afternoon").waitFor({ timeout: 5000 });
    await expect.poll(() => link.getAttribute("class"), { timeout: 10_000 }).not.toContain("unread");
  });

  it("tells someone reporting an encrypted message that the admins will not see its text, and files the report", async () => {
    await message(bob, "this afternoon").hover();
    await bob.getByRole("button", { name: "Report" }).click();
    const dialog = bob.locator("hearth-report-dialog hearth-dialog");
    await dialog.getByRole("heading", { name: "Report message" }).waitFor();
    await expect(dialog.innerText()).resolves.toContain("end-to-end encrypted, so the admins of this server will not see its text");
    await dialog.getByRole("textbox").fill("unsolicited: 'Are you around this afternoon?'");
    await dialog.getByRole("button", { name: "Send report" }).click();
    await dialog.getByRole("heading", { name: "Report message" }).waitFor({ state: "hidden" });
    const [report] = await server.sql<{ reason: string; excerpt: string | null }>("select reason, message_excerpt as excerpt from reports where channel_id = $1", [dm]);
    expect(report.reason).toContain("this afternoon");
    expect(report.excerpt ?? "").not.toContain("afternoon");
  });

  it("searches the encrypted conversation in the browser: decrypted matches, marked, with nothing sent to the server", async () => {
    const searched: string[] = [];
    const onRequest = (r: { url(): string }) => void (r.url().includes("/search") && searched.push(r.url()));
    alice.on("request", onRequest);
    await alice.goto(`/dm/${dm}`);
    await message(alice, "this afternoon").waitFor();
    // Ctrl+F opens the conversation's own search, as in a plain channel.
    await alice.getByRole("combobox", { name: /Message @Bob/ }).click();
    await alice.keyboard.press("Control+f");
    const panel = alice.locator("hearth-search-panel");
    await panel.getByTestId("search-local").waitFor();
    await panel.getByRole("searchbox", { name: "Search messages in this channel" }).fill("vault 471");
    const result = panel.getByTestId("search-result");
    await expect.poll(() => result.count()).toBe(1);
    await expect(result.locator("mark").allInnerTexts()).resolves.toEqual(["vault", "471"]);
    await expect(result.innerText()).resolves.toContain("4712 now");
    await screenshot(alice, "e2ee-search");
    await result.getByRole("button", { name: "Jump" }).click();
    await message(alice, "4712 now").waitFor();
    await panel.getByRole("searchbox", { name: "Search messages in this channel" }).fill("nothing like this");
    await panel.getByText("No messages match").waitFor();
    alice.off("request", onRequest);
    expect(searched).toEqual([]);
  });

  it("asks before signing out a browser whose keys are in no backup, and not one whose keys are", async () => {
    // Alice has an encrypted conversation and no key backup: signing out would lose this browser's keys.
    await alice.goto("/settings/account");
    await alice.locator("hearth-settings-account").getByRole("button", { name: "Log out" }).click();
    const dialog = alice.locator("hearth-dialog").filter({ hasText: "Sign out without a key backup?" });
    await dialog.getByRole("heading", { name: "Sign out without a key backup?" }).waitFor();
    await screenshot(alice, "e2ee-logout-guard");
    await dialog.getByRole("link", { name: "Set up key backup" }).click();
    await alice.waitForURL(/\/settings\/encryption$/);
    await expect.poll(() => alice.getByTestId("backup-state").innerText()).toMatch(/^off$/i);
    expect(await alice.evaluate(() => localStorage.getItem("hearth.session"))).not.toBeNull();

    // Bob's browser is in his backup: he is signed out at once.
    await bob.goto("/settings/account");
    await bob.getByRole("navigation", { name: "Settings" }).getByRole("button", { name: "Log out" }).click();
    await bob.waitForURL(/\/login/);
  });
});
