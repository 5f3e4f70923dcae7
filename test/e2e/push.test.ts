/**
 * Web Push in the browser: Settings → Notifications offers "When Hearth is closed" and says honestly where the
 * browser stands (this headless Chromium has no push service to subscribe with, so it must say it could not); the
 * service worker shows a push the server sends (delivered here through the DevTools protocol, as a push service
 * would) as a notification naming the sender and nothing of the message, tagged by conversation.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { register } from "../api.ts";
import { startServer, type TestServer } from "../harness.ts";
import { launch, screenshot, type TestBrowser } from "./browser.ts";

let server: TestServer;
let tb: TestBrowser;
let page: Page;
let context: BrowserContext;

beforeAll(async () => {
  server = await startServer({ env: { RATE_LIMITS: "0" } });
  tb = await launch(server.url);
  const a = await register(server.url, undefined, { displayName: "Alice" });
  ({ page, context } = await tb.newUser({ serviceWorkers: true }));
  await context.grantPermissions(["notifications"], { origin: server.url });
  await page.goto("/login");
  await page.evaluate((s) => localStorage.setItem("hearth.session", s), JSON.stringify({ accessToken: a.accessToken, refreshToken: a.refreshToken }));
});
afterAll(async () => {
  await tb?.close();
  await server?.stop();
});

describe("web push", () => {
  it("offers push in settings and says what happened when the browser cannot subscribe", async () => {
    await page.goto("/settings/notifications");
    const toggle = page.getByRole("switch", { name: "When Hearth is closed" });
    await toggle.waitFor();
    const status = page.locator("[data-push]");
    await expect.poll(() => status.getAttribute("data-push"), { timeout: 10_000 }).toMatch(/^(off|on)$/);
    if ((await status.getAttribute("data-push")) === "off") await toggle.click();
    await expect.poll(() => status.getAttribute("data-push"), { timeout: 15_000 }).toMatch(/^(on|error)$/);
    const text = await status.textContent();
    expect(text).toMatch(/On: this browser is told|could not subscribe/);
    // The switch shows what is true, not what was clicked.
    expect(await toggle.isChecked()).toBe((await status.getAttribute("data-push")) === "on");
    await screenshot(page, "push-settings-light");
  });

  it("shows a pushed notice as a notification naming the sender, not the message", async () => {
    // A push reaches an active worker only: one still installing (caching the app under a loaded machine) drops it.
    await page.evaluate(async () => void (await navigator.serviceWorker.ready));
    const cdp = await context.newCDPSession(page);
    const registrations: { registrationId: string; scopeURL: string }[] = [];
    cdp.on("ServiceWorker.workerRegistrationUpdated", (e: { registrations: { registrationId: string; scopeURL: string }[] }) => registrations.push(...e.registrations));
    await cdp.send("ServiceWorker.enable");
    await expect.poll(() => registrations.length, { timeout: 10_000 }).toBeGreaterThan(0);
    const reg = registrations.find((r) => r.scopeURL.startsWith(server.url))!;
    const notice = { kind: "dm", channelId: "0193a000-0000-7000-8000-0000000000aa", authorName: "Bob", url: "/dm/0193a000-0000-7000-8000-0000000000aa" };
    const deliver = () => cdp.send("ServiceWorker.deliverPushMessage", { origin: server.url, registrationId: reg.registrationId, data: JSON.stringify(notice) });
    const shown = async () =>
      page.evaluate(async () => {
        const r = await navigator.serviceWorker.ready;
        return (await r.getNotifications()).map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data }));
      });
    // DevTools hands the push to the worker without waiting for it to wake; as a push service would, it is sent
    // again if nothing shows (the conversation's tag makes a repeat replace the first, never add a second).
    await deliver();
    for (let i = 0; i < 5 && (await shown()).length === 0; i++) {
      await new Promise((r) => setTimeout(r, 2_000));
      if ((await shown()).length === 0) await deliver();
    }
    await expect.poll(shown, { timeout: 10_000 }).toHaveLength(1);
    expect((await shown())[0]).toEqual({ title: "Bob", body: "New direct message", tag: notice.channelId, data: { url: notice.url } });
  });
});
