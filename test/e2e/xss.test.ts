/**
 * A corpus of XSS payloads stored as community names, channel names and topics, role names, a display name and
 * message text: every screen that shows them renders them as text. Proof: no
 * alert/confirm/prompt and no call to the `__xss` hook happened, and no element carrying the payloads' `data-xss`
 * marker exists anywhere in the page, shadow roots included.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { api, register, uniqueName } from "../api.ts";
import { startServer, type TestServer } from "../harness.ts";
import { launch, xssHits, type TestBrowser } from "./browser.ts";
import { SHORT_PAYLOADS, XSS_PAYLOADS } from "./xss-payloads.ts";

let server: TestServer;
let tb: TestBrowser;
let token = "";
let session = "";
let communityId = "";
const channelIds: string[] = [];

beforeAll(async () => {
  server = await startServer({ env: { RATE_LIMITS: "0", COMMUNITY_CREATION_MODE: "open" } });
  tb = await launch(server.url);
  const reg = await register(server.url, uniqueName("xss"), { displayName: SHORT_PAYLOADS[1] });
  token = reg.accessToken;
  session = JSON.stringify({ accessToken: reg.accessToken, refreshToken: reg.refreshToken });
  const c = await api(server.url, "POST", "/api/v1/communities", { token, body: { name: XSS_PAYLOADS[1], description: XSS_PAYLOADS[0] } });
  expect(c.status).toBe(201);
  communityId = c.body.id;
  for (const p of XSS_PAYLOADS) {
    const ch = await api(server.url, "POST", `/api/v1/communities/${communityId}/channels`, { token, body: { name: p.slice(0, 100), kind: "text", topic: p } });
    expect(ch.status, JSON.stringify(ch.body)).toBe(201);
    channelIds.push(ch.body.id);
    const role = await api(server.url, "POST", `/api/v1/communities/${communityId}/roles`, { token, body: { name: p.slice(0, 100) } });
    expect(role.status, JSON.stringify(role.body)).toBe(201);
    await api(server.url, "PUT", `/api/v1/communities/${communityId}/members/${reg.user.id}/roles/${role.body.id}`, { token });
  }
  for (const p of SHORT_PAYLOADS.slice(0, 8)) await api(server.url, "POST", "/api/v1/communities", { token, body: { name: p } });
});
afterAll(async () => {
  await tb?.close();
  await server?.stop();
});

/** Elements marked by a payload, searched through every shadow root. */
async function injected(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const walk = (root: Document | ShadowRoot) => {
      for (const el of root.querySelectorAll("*")) {
        if (el.hasAttribute("data-xss") || el.tagName === "SCRIPT" && root !== document || el.tagName === "IFRAME" || el.tagName === "OBJECT" || el.tagName === "EMBED" || el.tagName === "BASE")
          found.push(el.outerHTML.slice(0, 120));
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    return found;
  });
}

async function signedIn(): Promise<Page> {
  const { page } = await tb.newUser();
  await page.goto("/login");
  await page.evaluate((s) => localStorage.setItem("hearth.session", s), session);
  return page;
}

describe("XSS corpus", () => {
  it(`renders ${XSS_PAYLOADS.length} payloads in names, channel names, topics and roles as text and runs none`, async () => {
    expect(XSS_PAYLOADS.length).toBeGreaterThanOrEqual(30);
    const page = await signedIn();
    // Every channel in turn: the sidebar lists all names, the header shows the topic, the member list the roles.
    for (const id of channelIds.slice(0, 12)) {
      await page.goto(`/c/${communityId}/${id}`);
      await page.getByTestId("channel-title").waitFor();
    }
    await page.getByTestId("member-list").getByText(SHORT_PAYLOADS[1]).first().waitFor();
    // The names are visible as the literal text people typed.
    await page.getByRole("navigation", { name: "Channels" }).getByText(XSS_PAYLOADS[2]).first().waitFor();
    await page.keyboard.press("Control+k");
    await page.getByLabel("Search channels, conversations and communities").fill("img");
    await page.getByRole("option").first().waitFor();
    await page.keyboard.press("Escape");
    await page.goto(`/c/${communityId}/settings/roles`);
    await page.getByRole("heading", { name: "Roles" }).waitFor();
    await page.goto(`/c/${communityId}/settings/members`);
    await page.getByTestId("members-table").waitFor();
    await page.goto("/settings/profile");
    await expect(page.getByLabel("Display name").inputValue()).resolves.toBe(SHORT_PAYLOADS[1]);
    expect(await xssHits(page)).toEqual([]);
    expect(await injected(page)).toEqual([]);
  });

  it("shows an invite preview of a hostile community name as text", async () => {
    const inv = await api(server.url, "POST", `/api/v1/communities/${communityId}/invites`, { token, body: {} });
    const { page } = await tb.newUser();
    await page.goto(`/invite/${inv.body.code}`);
    await expect(page.getByTestId("invite-community").innerText()).resolves.toBe(XSS_PAYLOADS[1]);
    expect(await xssHits(page)).toEqual([]);
    expect(await injected(page)).toEqual([]);
  });

  it("renders every payload sent as a message as text", async () => {
    for (const [i, p] of XSS_PAYLOADS.entries()) {
      const res = await api(server.url, "POST", `/api/v1/channels/${channelIds[0]}/messages`, { token, body: { content: p, nonce: `xss-${i}` } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const page = await signedIn();
    await page.goto(`/c/${communityId}/${channelIds[0]}`);
    await expect.poll(() => page.getByTestId("message").count()).toBeGreaterThanOrEqual(XSS_PAYLOADS.length);
    // Reveal every spoiler and hover every message, so lazy paths run too.
    for (const s of await page.locator(".spoiler").all()) await s.click();
    await page.getByTestId("message-content").filter({ hasText: "<script>__xss(1)</script>" }).first().waitFor();
    expect(await xssHits(page)).toEqual([]);
    expect(await injected(page)).toEqual([]);
  });
});
