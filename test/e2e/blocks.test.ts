/**
 * Blocking from a user card: Alice blocks Bob, whose message then shows to her as "Blocked message" with no text in
 * the page until she asks to see that one; unblocking from the same card brings it back.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { api, register, uniqueName } from "../api.ts";
import { startServer, type TestServer } from "../harness.ts";
import { launch, type TestBrowser } from "./browser.ts";

let server: TestServer;
let tb: TestBrowser;
let alice: Page;
let communityId = "";
let bobName = "";
let general = "";
const SECRET = "Bob's words about turnips";

/** Bob's entry in the member list, which opens his user card. */
const bobInMembers = () => alice.getByTestId("member-list").locator(`button[data-user="${bobName}"]`);

beforeAll(async () => {
  server = await startServer({ env: { RATE_LIMITS: "0", COMMUNITY_CREATION_MODE: "open" } });
  tb = await launch(server.url);
  const a = await register(server.url, uniqueName("alice"), { displayName: "Alice" });
  bobName = uniqueName("bob");
  const b = await register(server.url, bobName, { displayName: "Bob" });
  communityId = (await api(server.url, "POST", "/api/v1/communities", { token: a.accessToken, body: { name: "Block Party" } })).body.id;
  const chans = await api(server.url, "GET", `/api/v1/communities/${communityId}/channels`, { token: a.accessToken });
  general = chans.body.channels.find((ch: { kind: string }) => ch.kind === "text").id;
  const inv = await api(server.url, "POST", `/api/v1/communities/${communityId}/invites`, { token: a.accessToken, body: {} });
  expect((await api(server.url, "POST", `/api/v1/invites/${inv.body.code}/accept`, { token: b.accessToken })).status).toBe(200);
  expect((await api(server.url, "POST", `/api/v1/channels/${general}/messages`, { token: b.accessToken, body: { content: SECRET } })).status).toBeLessThan(300);
  ({ page: alice } = await tb.newUser());
  await alice.goto("/login");
  await alice.evaluate((s) => localStorage.setItem("hearth.session", s), JSON.stringify({ accessToken: a.accessToken, refreshToken: a.refreshToken }));
});
afterAll(async () => {
  await tb?.close();
  await server?.stop();
});

describe("blocking a person", () => {
  it("collapses their messages for the blocker, reveals one on Show, and Unblock restores them", async () => {
    await alice.goto(`/c/${communityId}/${general}`);
    const text = alice.getByTestId("message-content").filter({ hasText: SECRET });
    await text.waitFor();

    await bobInMembers().click();
    const card = alice.getByRole("dialog", { name: "Bob profile" });
    await card.getByRole("button", { name: "Block", exact: true }).click();
    await alice.getByRole("dialog", { name: "Block Bob?" }).getByRole("button", { name: "Block", exact: true }).click();
    await card.getByRole("button", { name: "Unblock" }).waitFor();
    await alice.keyboard.press("Escape");

    const blocked = alice.getByTestId("blocked-message");
    await blocked.waitFor();
    await expect(blocked.innerText()).resolves.toContain("Blocked message");
    await expect(text.count()).resolves.toBe(0);
    await expect(alice.getByText(SECRET).count()).resolves.toBe(0);

    // The block list loads after sign-in: a reload keeps the message collapsed.
    await alice.reload();
    await blocked.waitFor();
    await expect(text.count()).resolves.toBe(0);

    await blocked.getByRole("button", { name: "Show" }).click();
    await text.waitFor();
    await expect(blocked.count()).resolves.toBe(0);

    await bobInMembers().click();
    await card.getByRole("button", { name: "Unblock" }).click();
    await card.getByRole("button", { name: "Block", exact: true }).waitFor();
    await alice.keyboard.press("Escape");
    await alice.reload();
    await text.waitFor();
    await expect(blocked.count()).resolves.toBe(0);
  });
});
