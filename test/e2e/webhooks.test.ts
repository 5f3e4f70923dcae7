/**
 * Webhooks in the browser: the owner makes one in community settings → Webhooks and copies its address; a program
 * (this test, with no account) posts to it, and Bob sees the message live under the webhook's name with an App tag;
 * the instance admin's overview lists it; deleting it ends the address. Screenshots light and dark.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { api, register } from "../api.ts";
import { startServer, type TestServer } from "../harness.ts";
import { axe, describeViolations, launch, screenshot, type TestBrowser } from "./browser.ts";
import { message, signedInPage } from "./conversation.ts";

let server: TestServer;
let tb: TestBrowser;
let owner: Page;
let bob: Page;
let communityId = "";
let channelUrl = "";

beforeAll(async () => {
  server = await startServer({ env: { RATE_LIMITS: "0", COMMUNITY_CREATION_MODE: "open" } });
  tb = await launch(server.url);
  const o = await register(server.url, undefined, { displayName: "Olive" });
  const b = await register(server.url, undefined, { displayName: "Bob" });
  await server.sql(`update users set is_admin = true where id = $1`, [o.user.id]);
  const c = await api(server.url, "POST", "/api/v1/communities", { token: o.accessToken, body: { name: "Builders" } });
  communityId = c.body.id;
  const chans = await api(server.url, "GET", `/api/v1/communities/${communityId}/channels`, { token: o.accessToken });
  const general = chans.body.channels.find((ch: { kind: string }) => ch.kind === "text").id;
  const inv = await api(server.url, "POST", `/api/v1/communities/${communityId}/invites`, { token: o.accessToken, body: {} });
  await api(server.url, "POST", `/api/v1/invites/${inv.body.code}/accept`, { token: b.accessToken, body: {} });
  channelUrl = `/c/${communityId}/${general}`;
  owner = await signedInPage(tb, o);
  bob = await signedInPage(tb, b);
});
afterAll(async () => {
  await tb?.close();
  await server?.stop();
});

describe("webhooks", () => {
  let address = "";

  it("are made in community settings, and what a program posts shows live as the webhook's, marked App", async () => {
    await owner.goto(`/c/${communityId}/settings/webhooks`);
    await owner.getByRole("heading", { name: "Webhooks", level: 2 }).waitFor();
    await owner.getByLabel("Name").fill("Build bot");
    await owner.getByRole("button", { name: "Create webhook" }).click();
    const field = owner.getByTestId("webhook-url");
    await field.waitFor();
    address = await field.inputValue();
    expect(address).toMatch(/\/api\/v1\/webhooks\/[0-9a-f-]{36}\/[A-Za-z0-9_-]{40,}$/);
    await owner.getByTestId("webhooks-table").getByText("Build bot").waitFor();
    await screenshot(owner, "webhooks-settings-light");
    const violations = (await axe(owner)).filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(violations, describeViolations(violations)).toEqual([]);

    await bob.goto(channelUrl);
    await bob.getByRole("log").waitFor();
    const res = await fetch(address.replace(/^https?:\/\/[^/]+/, server.url), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ content: "Build **#42** passed" }) });
    expect(res.status).toBe(201);
    await message(bob, "Build #42 passed").waitFor();
    const row = bob.locator("hearth-message").filter({ hasText: "Build #42 passed" });
    await row.getByText("Build bot", { exact: true }).waitFor();
    await row.getByText("App", { exact: true }).waitFor();
    await bob.evaluate(() => (document.documentElement.dataset.theme = "dark"));
    await screenshot(bob, "webhooks-message-dark");
  });

  it("are listed for the instance admins, and a deleted one's address stops working", async () => {
    await owner.goto("/settings/admin-webhooks");
    const table = owner.getByTestId("admin-webhooks");
    await table.getByText("Build bot").waitFor();
    await table.getByText("#general").waitFor();
    await owner.goto(`/c/${communityId}/settings/webhooks`);
    await owner.getByRole("button", { name: "Delete webhook Build bot" }).click();
    await owner.getByRole("button", { name: "Delete webhook", exact: true }).click();
    await owner.getByText("No webhooks yet.").waitFor();
    const res = await fetch(address.replace(/^https?:\/\/[^/]+/, server.url), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ content: "too late" }) });
    expect(res.status).toBe(404);
  });
});
