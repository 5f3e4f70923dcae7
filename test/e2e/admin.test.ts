/**
 * An invite-only instance in the browser: the admin (ADMIN_USERNAME) registers without a code, creates a
 * registration invite in the admin panel, and a newcomer registers through the invite link; a revoked code is
 * refused with a message beside the field.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STRONG_PASSWORD } from "../api.ts";
import { startServer, type TestServer } from "../harness.ts";
import { axe, describeViolations, launch, registerViaUi, screenshot, type TestBrowser } from "./browser.ts";

const ADMIN = "root_admin";
let server: TestServer;
let tb: TestBrowser;
beforeAll(async () => {
  server = await startServer({ env: { RATE_LIMITS: "0", REGISTRATION_MODE: "invite_only", ADMIN_USERNAME: ADMIN } });
  tb = await launch(server.url);
});
afterAll(async () => {
  await tb?.close();
  await server?.stop();
});

describe("instance admin", () => {
  it("creates and revokes registration invites; the link registers a newcomer, a revoked code is refused", async () => {
    const admin = await tb.newUser();
    await registerViaUi(admin.page, ADMIN, { displayName: "The Admin" });
    await admin.page.goto("/settings/admin");
    await admin.page.getByRole("heading", { name: "Registration invites" }).waitFor();
    await admin.page.getByText("No invites yet").waitFor();
    await admin.page.getByLabel("Max uses").fill("1");
    await admin.page.getByRole("button", { name: "Create invite" }).click();
    const table = admin.page.getByTestId("admin-invites");
    const firstCode = (await table.locator("tbody tr td.mono").first().innerText()).trim();
    await admin.page.getByRole("button", { name: "Create invite" }).click();
    await expect.poll(() => table.locator("tbody tr").count()).toBe(2);
    const codes = await table.locator("tbody tr td.mono").allInnerTexts();
    const secondCode = codes.map((c) => c.trim()).find((c) => c !== firstCode)!;
    await admin.page.getByRole("button", { name: `Revoke invite ${secondCode}` }).click();
    await expect.poll(() => table.locator("tr", { hasText: secondCode }).innerText()).toMatch(/revoked/i);
    await screenshot(admin.page, "admin-invites");
    const violations = await axe(admin.page);
    expect(violations, describeViolations(violations)).toEqual([]);

    // The register form asks for a code on an invite-only instance; the revoked one is refused beside the field.
    const newcomer = await tb.newUser();
    await newcomer.page.goto(`/register?invite=${encodeURIComponent(secondCode)}`);
    await newcomer.page.getByText("This instance is invite-only").waitFor();
    await newcomer.page.getByLabel("Username").fill("newcomer_one");
    await newcomer.page.getByLabel("Password", { exact: true }).fill(STRONG_PASSWORD);
    await newcomer.page.getByLabel("Confirm password").fill(STRONG_PASSWORD);
    await newcomer.page.getByRole("button", { name: "Create account" }).click();
    await newcomer.page.getByText(/not valid/).waitFor();
    await expect(newcomer.page.getByLabel("Invite code").getAttribute("aria-invalid")).resolves.toBe("true");

    await registerViaUi(newcomer.page, "newcomer_two", { invite: firstCode });
    await newcomer.page.getByRole("heading", { name: /Welcome to Hearth/ }).waitFor();
    await expect.poll(async () => (await admin.page.reload(), await table.locator("tr", { hasText: firstCode }).innerText())).toMatch(/used up/i);
  });

  it("changes instance settings and suspends a user, who is then signed out", async () => {
    const admin = await tb.newUser();
    await admin.page.goto("/login");
    await admin.page.getByLabel("Username").fill(ADMIN);
    await admin.page.getByLabel("Password").fill(STRONG_PASSWORD);
    await admin.page.getByRole("button", { name: "Log in" }).click();
    await admin.page.waitForURL((u) => u.pathname === "/");

    await admin.page.goto("/settings/admin-settings");
    await admin.page.getByLabel("Registration").selectOption("open");
    await admin.page.getByRole("button", { name: "Save settings" }).click();
    await admin.page.getByText("Instance settings saved.").waitFor();
    const instance = (await fetch(`${server.url}/api/v1/instance`).then((r) => r.json())) as { registrationMode: string };
    expect(instance.registrationMode).toBe("open");

    const member = await tb.newUser();
    await registerViaUi(member.page, "soon_suspended");
    await admin.page.goto("/settings/admin-users");
    await admin.page.getByLabel("Search by name").fill("soon_sus");
    await admin.page.getByRole("button", { name: "Suspend soon_suspended" }).click();
    await expect.poll(() => admin.page.getByTestId("admin-users").innerText(), { timeout: 10_000 }).toMatch(/suspended/i);
    await screenshot(admin.page, "admin-users");
    await member.page.goto("/settings/profile");
    await member.page.waitForURL(/\/login/);
  });
});
