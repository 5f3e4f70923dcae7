/**
 * The instance admin panel in the browser, on an invite-only instance: the admin (ADMIN_USERNAME) registers without
 * a code and makes registration invites (a revoked code is refused beside the field); opens registration; suspends a
 * user, who can then no longer sign in; resets a password to a recovery code shown once; posts an announcement that
 * users see and dismiss; reads feedback a user sent. Each change is checked through the API.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { api, register, STRONG_PASSWORD } from "../api.ts";
import { startServer, type TestServer } from "../harness.ts";
import { axe, describeViolations, launch, loginViaUi, registerViaUi, screenshot, type TestBrowser } from "./browser.ts";

const ADMIN = "root_admin";
let server: TestServer;
let tb: TestBrowser;
let admin: Page;

/** Scrolls the settings layer back to the top, so a screenshot shows the screen as one first sees it. */
async function scrollTop(page: Page) {
  await page.locator("hearth-settings").evaluate((el) => el.shadowRoot!.querySelector(".content")!.scrollTo(0, 0));
}

async function expectAxeClean(page: Page) {
  const violations = await axe(page);
  expect(violations, describeViolations(violations)).toEqual([]);
}
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
    const ctx = await tb.newUser();
    admin = ctx.page;
    await registerViaUi(admin, ADMIN, { displayName: "The Admin" });
    await admin.goto("/settings/admin");
    await admin.getByRole("heading", { name: "Registration invites" }).waitFor();
    await admin.getByText("No invites yet").waitFor();
    await admin.getByLabel("Max uses").fill("1");
    await admin.getByRole("button", { name: "Create invite" }).click();
    const table = admin.getByTestId("admin-invites");
    const firstCode = (await table.locator("tbody tr td.mono").first().innerText()).trim();
    await admin.getByRole("button", { name: "Create invite" }).click();
    await expect.poll(() => table.locator("tbody tr").count()).toBe(2);
    const codes = await table.locator("tbody tr td.mono").allInnerTexts();
    const secondCode = codes.map((c) => c.trim()).find((c) => c !== firstCode)!;
    await admin.getByRole("button", { name: `Revoke invite ${secondCode}` }).click();
    await admin.locator("hearth-dialog").getByRole("button", { name: "Revoke invite" }).click();
    await expect.poll(() => table.locator("tr", { hasText: secondCode }).innerText()).toMatch(/revoked/i);
    await screenshot(admin, "admin-invites");
    await expectAxeClean(admin);

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
    await expect.poll(async () => (await admin.reload(), await table.locator("tr", { hasText: firstCode }).innerText())).toMatch(/used up/i);
  });

  it("opens registration from instance settings", async () => {
    await admin.getByRole("link", { name: "Instance settings" }).click();
    await admin.getByRole("radio", { name: /^Open/ }).check();
    await admin.getByRole("button", { name: "Save changes" }).click();
    await admin.getByText("Instance settings saved.").waitFor();
    const instance = (await api(server.url, "GET", "/api/v1/instance")).body as { registrationMode: string };
    expect(instance.registrationMode).toBe("open");
    await scrollTop(admin);
    await screenshot(admin, "admin-settings");
    await expectAxeClean(admin);
  });

  it("suspends a user from the panel: they are signed out and can no longer sign in", async () => {
    const member = await tb.newUser();
    await registerViaUi(member.page, "soon_suspended", { displayName: "Sam Soon" });
    await admin.getByRole("link", { name: "Users", exact: true }).click();
    await admin.getByLabel("Search users").fill("soon_sus");
    await expect.poll(() => admin.getByTestId("admin-users").locator("tbody tr").count()).toBe(1);
    await screenshot(admin, "admin-users");
    await expectAxeClean(admin);
    await admin.getByRole("button", { name: "Open soon_suspended" }).click();
    await admin.getByRole("button", { name: "Suspend" }).click();
    await admin.getByLabel(/Reason/).fill("Spamming invites");
    await admin.locator("hearth-dialog").getByRole("button", { name: "Suspend" }).click();
    await admin.getByTestId("suspended-state").waitFor();
    await expect(admin.getByTestId("suspended-state").innerText()).resolves.toMatch(/Spamming invites/);
    await scrollTop(admin);
    await screenshot(admin, "admin-user");

    // Their open session ends, and signing in again is refused with a reason.
    await member.page.goto("/settings/profile");
    await member.page.waitForURL(/\/login/);
    const login = await api(server.url, "POST", "/api/v1/auth/login", { body: { username: "soon_suspended", password: STRONG_PASSWORD } });
    expect(login.status).toBe(403);
    expect(login.body.error.code).toBe("account_suspended");
    await loginViaUi(member.page, "soon_suspended");
    await member.page.getByRole("alert").getByText(/suspended/i).waitFor();
  });

  it("resets a password to a recovery code shown once, which the person then uses", async () => {
    await register(server.url, "forgetful_fay");
    await admin.getByRole("button", { name: "All users" }).click();
    await admin.getByLabel("Search users").fill("forgetful");
    await admin.getByRole("button", { name: "Open forgetful_fay" }).click();
    await admin.getByRole("button", { name: "Reset password" }).click();
    await admin.locator("hearth-dialog").getByRole("button", { name: "Reset password" }).click();
    const code = (await admin.getByTestId("admin-recovery-code").innerText()).trim();
    expect(code.length).toBeGreaterThan(10);
    await admin.getByRole("button", { name: "I've handed it over" }).click();
    await expect(admin.getByTestId("admin-recovery-code").count()).resolves.toBe(0);

    const old = await api(server.url, "POST", "/api/v1/auth/login", { body: { username: "forgetful_fay", password: STRONG_PASSWORD } });
    expect(old.status).toBe(401);
    const recovered = await api(server.url, "POST", "/api/v1/auth/recover", { body: { username: "forgetful_fay", recoveryCode: code, newPassword: "another strong passphrase 77" } });
    expect(recovered.status).toBeLessThan(300);
  });

  it("posts an announcement that users see and can dismiss for good", async () => {
    const reader = await register(server.url, "news_reader");
    await admin.getByRole("link", { name: "Announcements", exact: true }).click();
    await admin.getByText("No announcements yet.").waitFor();
    await admin.getByLabel("Title").fill("Maintenance tonight");
    await admin.getByLabel("Message", { exact: true }).fill("The server restarts at 22:00 UTC.");
    await admin.getByLabel("Show for").selectOption({ label: "7 days" });
    await admin.getByRole("button", { name: "Post announcement" }).click();
    await admin.getByTestId("admin-announcements").getByText("Maintenance tonight").waitFor();
    await scrollTop(admin);
    await screenshot(admin, "admin-announcements");
    await expectAxeClean(admin);

    const user = await tb.newUser();
    await user.page.goto("/login");
    await user.page.evaluate((s) => localStorage.setItem("hearth.session", s), JSON.stringify({ accessToken: reader.accessToken, refreshToken: reader.refreshToken }));
    await user.page.goto("/");
    const banner = user.page.getByRole("region", { name: "Announcement" });
    await banner.getByText("Maintenance tonight").waitFor();
    await screenshot(user.page, "announcement-banner");
    await banner.getByRole("button", { name: "Dismiss announcement" }).click();
    await expect(banner.count()).resolves.toBe(0);
    await expect.poll(async () => (await api(server.url, "GET", "/api/v1/announcements", { token: reader.accessToken })).body.announcements.length).toBe(0);
    await user.page.reload();
    await user.page.getByRole("heading", { name: /Welcome/ }).waitFor();
    await expect(user.page.getByRole("region", { name: "Announcement" }).count()).resolves.toBe(0);

    // Feedback from that person reaches the admins' list.
    await user.page.goto("/settings/feedback");
    await user.page.getByLabel("What is it about?").selectOption({ label: "An idea or request" });
    await user.page.getByLabel("Your feedback").fill("Dark mode for the login page, please.");
    await user.page.getByRole("button", { name: "Send feedback" }).click();
    await user.page.getByTestId("feedback-sent").waitFor();
    await admin.getByRole("link", { name: "Feedback", exact: true }).click();
    await admin.getByTestId("admin-feedback").getByText("Dark mode for the login page, please.").waitFor();
  });
});
