/**
 * Accounts in the browser: register (recovery code must be acknowledged), log in and out, two-factor set-up and
 * sign-in with a code and with a backup code, password recovery, settings (profile, sessions, password,
 * appearance), account deletion, axe on the signed-out and settings screens.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { STRONG_PASSWORD, uniqueName } from "../api.ts";
import { startServer, type TestServer } from "../harness.ts";
import { axe, describeViolations, launch, loginViaUi, registerViaUi, screenshot, totp, type TestBrowser } from "./browser.ts";

let server: TestServer;
let tb: TestBrowser;
beforeAll(async () => {
  server = await startServer({ env: { RATE_LIMITS: "0" } });
  tb = await launch(server.url);
});
afterAll(async () => {
  await tb?.close();
  await server?.stop();
});

async function htmlTheme(page: Page): Promise<string | null> {
  return page.evaluate(() => document.documentElement.dataset.theme ?? null);
}

describe("signed-out screens", () => {
  it("sends a signed-out visitor of an app URL to /login, remembering where they were going", async () => {
    const { page, context } = await tb.newUser();
    await page.goto("/settings/sessions");
    await page.waitForURL(/\/login\?next=%2Fsettings%2Fsessions$/);
    await expect(page.getByRole("heading", { name: "Welcome back" }).isVisible()).resolves.toBe(true);
    await screenshot(page, "login");
    const violations = await axe(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await context.close();
  });

  it("shows the server's error for a wrong password without leaving the form", async () => {
    const { page, context } = await tb.newUser();
    await loginViaUi(page, "nobody_here", "wrong password 123");
    await expect(page.getByRole("alert").innerText()).resolves.toContain("Wrong username or password");
    await context.close();
  });
});

describe("register, recovery code, login", () => {
  it("will not continue past the recovery code until it is acknowledged, then lands at Home", async () => {
    const { page, context } = await tb.newUser();
    const username = uniqueName("reg");
    await page.goto("/register");
    const violations = await axe(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await page.getByLabel("Username").fill(username);
    await page.getByLabel(/Display name/).fill("Regina Reg");
    await page.getByLabel("Password", { exact: true }).fill(STRONG_PASSWORD);
    await page.getByLabel("Confirm password").fill(STRONG_PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    const code = await page.getByTestId("recovery-code").innerText();
    expect(code.trim()).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){4}$/);
    const cont = page.getByRole("button", { name: "Continue" });
    await expect(cont.isDisabled()).resolves.toBe(true);
    await page.getByLabel(/I have saved my recovery code/).check();
    await cont.click();
    await page.waitForURL((u) => u.pathname === "/");
    await page.getByRole("heading", { name: /Welcome to Hearth, Regina Reg/ }).waitFor();
    await screenshot(page, "home-empty");
    const homeViolations = await axe(page);
    expect(homeViolations, describeViolations(homeViolations)).toEqual([]);
    // A reload keeps the session (refresh token in storage).
    await page.reload();
    await page.getByRole("heading", { name: /Welcome to Hearth, Regina Reg/ }).waitFor();
    await context.close();
  });

  it("refuses mismatched passwords and a taken username with messages beside the fields", async () => {
    const { page, context } = await tb.newUser();
    const username = uniqueName("dup");
    await registerViaUi(page, username);
    await context.clearCookies();
    await page.evaluate(() => localStorage.clear());
    await page.goto("/register");
    await page.getByLabel("Username").fill(username);
    await page.getByLabel("Password", { exact: true }).fill(STRONG_PASSWORD);
    await page.getByLabel("Confirm password").fill(STRONG_PASSWORD + "x");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByText("The two passwords don't match.").waitFor();
    await page.getByLabel("Confirm password").fill(STRONG_PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByText("That username is taken. Try another.").waitFor();
    await context.close();
  });
});

describe("two-factor authentication", () => {
  it("sets up TOTP from the QR screen, then asks for a code at login, and accepts a backup code", async () => {
    const { page, context } = await tb.newUser();
    const username = uniqueName("tfa");
    await registerViaUi(page, username);
    await page.goto("/settings/security");
    await page.getByRole("button", { name: "Set up two-factor authentication" }).click();
    await page.getByLabel("Confirm your password").fill(STRONG_PASSWORD);
    await page.getByRole("button", { name: "Continue" }).click();
    const qr = page.getByTestId("totp-qr");
    await qr.waitFor();
    // The QR code renders as an image (an image document cannot run script) and actually decodes to pixels.
    expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0 && img.src.startsWith("data:image/svg+xml"))).toBe(true);
    const secret = (await page.getByTestId("totp-secret").innerText()).trim();
    await page.getByLabel("Code from the app").fill(totp(secret));
    await page.getByRole("button", { name: "Turn on" }).click();
    const codes = (await page.getByTestId("backup-codes").innerText()).split(/\s+/).filter(Boolean);
    expect(codes).toHaveLength(8);
    await page.getByRole("button", { name: "I saved them" }).click();
    await page.getByText("Signing in asks for a code").waitFor();

    // Log out, log in: the password step leads to the code step.
    await page.goto("/settings/account");
    await page.getByRole("button", { name: "Log out" }).first().click();
    await page.waitForURL(/\/login/);
    await loginViaUi(page, username);
    await page.getByRole("heading", { name: "Two-factor check" }).waitFor();
    await page.getByLabel("Authentication code").fill("000000" === totp(secret) ? "111111" : "000000");
    await page.getByRole("button", { name: "Verify" }).click();
    await expect(page.getByRole("alert").innerText()).resolves.toContain("didn't work");
    // The same step can't be used twice, so wait for the code to differ from the one used to enable.
    await page.getByLabel("Authentication code").fill(totp(secret, Date.now() + 30_000));
    await page.getByRole("button", { name: "Verify" }).click();
    await page.waitForURL((u) => u.pathname === "/");

    await page.goto("/settings/account");
    await page.getByRole("button", { name: "Log out" }).first().click();
    await page.waitForURL(/\/login/);
    await loginViaUi(page, username);
    await page.getByRole("button", { name: "Use a backup code instead" }).click();
    await page.getByLabel("Backup code").fill(codes[0]);
    await page.getByRole("button", { name: "Verify" }).click();
    await page.waitForURL((u) => u.pathname === "/");

    // Turning it off needs the password and a code.
    await page.goto("/settings/security");
    await page.getByRole("button", { name: "Turn off" }).click();
    await page.getByLabel("Password", { exact: true }).fill(STRONG_PASSWORD);
    await page.getByLabel("Authentication code or backup code").fill(codes[1]);
    await page.getByRole("button", { name: "Turn off" }).click();
    await page.getByRole("button", { name: "Set up two-factor authentication" }).waitFor();
    await context.close();
  });
});

describe("recovery", () => {
  it("resets a forgotten password with the recovery code and shows the next code once", async () => {
    const { page, context } = await tb.newUser();
    const username = uniqueName("rec");
    const code = await registerViaUi(page, username);
    await page.evaluate(() => localStorage.clear());
    await page.goto("/recover");
    await page.getByLabel("Username").fill(username);
    await page.getByLabel("Recovery code").fill(code);
    await page.getByLabel("New password").fill("a brand new passphrase 7");
    await page.getByRole("button", { name: "Reset password" }).click();
    const next = (await page.getByTestId("recovery-code").innerText()).trim();
    expect(next).not.toBe(code);
    await page.getByLabel(/I have saved/).check();
    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForURL(/\/login/);
    await loginViaUi(page, username, "a brand new passphrase 7");
    await page.waitForURL((u) => u.pathname === "/");
    await context.close();
  });
});

describe("settings", () => {
  it("changes the display name, lists sessions and signs out another device", async () => {
    const a = await tb.newUser();
    const b = await tb.newUser();
    const username = uniqueName("set");
    await registerViaUi(a.page, username, { displayName: "Setty" });
    await loginViaUi(b.page, username);
    await b.page.waitForURL((u) => u.pathname === "/");

    await a.page.goto("/settings/profile");
    await a.page.getByLabel("Display name").fill("Setty Renamed");
    await a.page.getByRole("button", { name: "Save changes" }).click();
    await a.page.getByText("Saved.").waitFor();
    await a.page.reload();
    await expect(a.page.getByLabel("Display name").inputValue()).resolves.toBe("Setty Renamed");
    await screenshot(a.page, "settings-profile");
    const violations = await axe(a.page);
    expect(violations, describeViolations(violations)).toEqual([]);

    await a.page.goto("/settings/sessions");
    const list = a.page.getByTestId("sessions");
    await list.getByText("This device").waitFor();
    await expect(list.locator(".item").count()).resolves.toBe(2);
    await a.page.getByRole("button", { name: "Sign out 1 other session" }).click();
    await a.page.getByTestId("only-session").waitFor();
    await screenshot(a.page, "settings-sessions");
    // Escape leaves settings.
    await a.page.keyboard.press("Escape");
    await a.page.waitForURL((u) => !u.pathname.startsWith("/settings"));

    // The other device finds itself signed out on its next request.
    await b.page.goto("/settings/profile");
    await b.page.waitForURL(/\/login/);
    await a.context.close();
    await b.context.close();
  });

  it("switches theme, accent and clock at once, and keeps them for the account after a reload", async () => {
    const { page, context } = await tb.newUser();
    await registerViaUi(page, uniqueName("look"));
    await page.goto("/settings/appearance");
    for (const [label, id] of [["Dracula", "dracula"], ["Nord", "nord"], ["Default light", "light"]] as const) {
      await page.locator(`[data-theme-option="${id}"]`).click();
      await expect(htmlTheme(page)).resolves.toBe(id);
      expect(label).toBeTruthy();
    }
    await screenshot(page, "settings-appearance-light");
    let violations = await axe(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await page.locator('[data-theme-option="dark"]').click();
    await page.getByLabel("rose").check({ force: true });
    await page.getByText("24-hour").click();
    await page.getByText("Compact").click();
    await page.reload();
    await page.getByRole("heading", { name: "Appearance" }).waitFor();
    const attrs = await page.evaluate(() => ({ ...document.documentElement.dataset }));
    expect(attrs).toMatchObject({ theme: "dark", accent: "rose", density: "compact" });
    await expect(page.getByText(/^Now: \d{2}:\d{2}$/).isVisible()).resolves.toBe(true);
    await screenshot(page, "settings-appearance-dark");
    violations = await axe(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await context.close();
  });

  it("generates a new recovery code in settings after the password, shown once", async () => {
    const { page, context } = await tb.newUser();
    await registerViaUi(page, uniqueName("rot"));
    await page.goto("/settings/security");
    await page.getByRole("button", { name: "New recovery code" }).click();
    await page.getByLabel("Password", { exact: true }).fill("wrong one entirely");
    await page.getByRole("button", { name: "Generate new code" }).click();
    await page.getByText("That password is wrong.").waitFor();
    await page.getByLabel("Password", { exact: true }).fill(STRONG_PASSWORD);
    await page.getByRole("button", { name: "Generate new code" }).click();
    const code = page.getByTestId("new-recovery-code");
    await expect(code.innerText()).resolves.toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){4}$/);
    await expect(page.getByText("That password is wrong.").count()).resolves.toBe(0);
    await screenshot(page, "settings-recovery-code");
    await page.getByRole("button", { name: "I saved it" }).click();
    await expect(code.count()).resolves.toBe(0);
    await context.close();
  });

  it("changes the password and deletes the account, which then cannot log in", async () => {
    const { page, context } = await tb.newUser();
    const username = uniqueName("del");
    await registerViaUi(page, username);
    await page.goto("/settings/security");
    await page.getByLabel("Current password").fill(STRONG_PASSWORD);
    await page.getByLabel("New password").fill("second strong passphrase 9");
    await page.getByRole("button", { name: "Change password" }).click();
    await page.getByText("Password changed.").waitFor();

    await page.goto("/settings/account");
    await page.getByRole("button", { name: "Delete account" }).click();
    // The dialog's fields are slotted into <hearth-dialog>; its buttons live in the dialog's own shadow root.
    const confirm = page.locator("hearth-dialog").getByRole("button", { name: "Delete account" });
    await page.getByLabel("Password").fill("wrong one entirely");
    await confirm.click();
    await page.getByText("That password is wrong.").waitFor();
    await page.getByLabel("Password").fill("second strong passphrase 9");
    await confirm.click();
    await page.waitForURL(/\/login/);
    await loginViaUi(page, username, "second strong passphrase 9");
    await expect(page.getByRole("alert").innerText()).resolves.toContain("Wrong username or password");
    await context.close();
  });
});
