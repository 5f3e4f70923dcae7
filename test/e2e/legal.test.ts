/**
 * The terms and privacy notice in the browser: linked from the login and registration pages, readable signed out,
 * and edited by an instance admin in Admin → Settings, after which everyone reads the new text. Screenshot.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { register } from "../api.ts";
import { startServer, type TestServer } from "../harness.ts";
import { launch, screenshot, type TestBrowser } from "./browser.ts";
import { signedInPage } from "./conversation.ts";

let server: TestServer;
let tb: TestBrowser;
let admin: Page;

beforeAll(async () => {
  server = await startServer({ env: { RATE_LIMITS: "0", REGISTRATION_MODE: "open" } });
  tb = await launch(server.url);
  const a = await register(server.url);
  await server.sql(`update users set is_admin = true where id = $1`, [a.user.id]);
  admin = await signedInPage(tb, a);
});
afterAll(async () => {
  await tb?.close();
  await server?.stop();
});

describe("legal pages", () => {
  it("are linked from registration and readable signed out", async () => {
    const { page } = await tb.newUser();
    await page.goto("/register");
    await page.getByRole("link", { name: "terms of service" }).click();
    await page.getByRole("heading", { name: "Terms of service", level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/terms");
    await page.getByRole("link", { name: "Privacy notice" }).click();
    await page.getByRole("heading", { name: "Privacy notice", level: 1 }).waitFor();
    await screenshot(page, "legal-privacy-light");
  });

  it("show what an admin writes in Admin → Settings", async () => {
    await admin.goto("/settings/admin-settings");
    const box = admin.getByLabel(/Terms of service/);
    await box.fill("# House rules\n\nNo spam. Be kind.");
    await admin.getByRole("button", { name: "Save terms of service" }).click();
    await admin.getByRole("button", { name: "Reset to default" }).waitFor();
    const { page } = await tb.newUser();
    await page.goto("/terms");
    await page.getByRole("heading", { name: "House rules" }).waitFor();
    expect(await page.getByText("No spam. Be kind.").count()).toBe(1);
  });
});
