/**
 * Every main screen at desktop (1280×800) and phone (390×780) width, in the light and the dark theme: sign-in,
 * registration, recovery, invite, home, a channel, a DM, each settings page, each community settings page and each
 * admin page. Each is screenshotted to test/artifacts/screens/ (to be looked at) and checked with axe-core, which
 * must report no serious or critical violation. The instance has content on every screen, so nothing is only an
 * empty state: messages with replies, reactions, code and a pin; roles; an invite; a ban; a report; feedback.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { api, register } from "../api.ts";
import { startServer, type TestServer } from "../harness.ts";
import { axe, describeViolations, launch, screenshot, type TestBrowser } from "./browser.ts";
import { joinChannel } from "../realtime-client.ts";

const ADMIN = "screens_admin";
let server: TestServer;
let tb: TestBrowser;
let session = "";
let adminId = "";
let communityId = "";
let general = "";
let dmId = "";
let inviteCode = "";

type Tokens = { accessToken: string; refreshToken: string; user: { id: string } };

beforeAll(async () => {
  server = await startServer({ env: { RATE_LIMITS: "0", COMMUNITY_CREATION_MODE: "open", ADMIN_USERNAME: ADMIN } });
  tb = await launch(server.url);
  const admin: Tokens = await register(server.url, ADMIN, { displayName: "Ada Admin" });
  const bob: Tokens = await register(server.url, "bob_screens", { displayName: "Bob Builder with a rather long display name" });
  const eve: Tokens = await register(server.url, "eve_screens", { displayName: "Eve" });
  adminId = admin.user.id;
  session = JSON.stringify({ accessToken: admin.accessToken, refreshToken: admin.refreshToken });
  const call = (t: Tokens, method: string, path: string, body?: unknown) => api(server.url, method, path, { token: t.accessToken, body });
  communityId = (await call(admin, "POST", "/api/v1/communities", { name: "Hearth Screens" })).body.id;
  const chans = await call(admin, "GET", `/api/v1/communities/${communityId}/channels`);
  general = chans.body.channels.find((c: { kind: string }) => c.kind === "text").id;
  await call(admin, "PATCH", `/api/v1/channels/${general}`, { topic: "Where everything happens — please keep it friendly and on topic, thanks!" });
  await call(admin, "POST", `/api/v1/communities/${communityId}/channels`, { name: "a-channel-with-a-very-long-name-indeed", kind: "text" });
  await call(admin, "POST", `/api/v1/communities/${communityId}/roles`, { name: "Moderators", color: "#e67e22" });
  inviteCode = (await call(admin, "POST", `/api/v1/communities/${communityId}/invites`, {})).body.code;
  for (const u of [bob, eve]) expect((await call(u, "POST", `/api/v1/invites/${inviteCode}/accept`)).status).toBe(200);
  const first = (await call(bob, "POST", `/api/v1/channels/${general}/messages`, { content: "Morning all! Did anyone try the **new build**?" })).body;
  await call(admin, "POST", `/api/v1/channels/${general}/messages`, { content: "Yes — works here. Quick check:\n```ts\nconst ok = await hearth.ping();\n```", replyTo: first.id });
  const third = (await call(eve, "POST", `/api/v1/channels/${general}/messages`, { content: "> quoting for context\n||spoiler|| and a link https://example.com and `inline code`" })).body;
  const room = await joinChannel(server.url, admin.accessToken, general);
  await room.socket.request({ type: "add_reaction", messageId: first.id, emoji: "🎉" });
  await room.socket.request({ type: "pin_message", messageId: third.id });
  room.socket.close();
  await call(admin, "PUT", `/api/v1/communities/${communityId}/bans/${eve.user.id}`, { reason: "Testing the bans page" });
  expect((await call(bob, "POST", "/api/v1/reports", { targetType: "message", channelId: general, messageId: first.id, reason: "Just a test report" })).status).toBe(201);
  expect((await call(bob, "POST", "/api/v1/reports", { targetType: "user", userId: eve.user.id, reason: "Reported to the admins", toInstance: true })).status).toBe(201);
  expect((await call(bob, "POST", "/api/v1/feedback", { body: "Lovely app, the dark theme is great." })).status).toBe(201);
  dmId = (await call(admin, "POST", "/api/v1/dms", { userId: bob.user.id })).body.id;
});
afterAll(async () => {
  await tb?.close();
  await server?.stop();
});

const SIGNED_OUT = [
  { name: "login", url: () => "/login", ready: "Log in" },
  { name: "register", url: () => "/register", ready: "Create account" },
  { name: "recover", url: () => "/recover", ready: /Reset|recovery/i },
  { name: "invite", url: () => `/invite/${inviteCode}`, ready: "Hearth Screens" },
];

const SIGNED_IN = [
  { name: "home", url: () => "/" },
  { name: "chat", url: () => `/c/${communityId}/${general}` },
  { name: "dm", url: () => `/dm/${dmId}` },
  ...["profile", "security", "sessions", "appearance", "account", "feedback"].map((s) => ({ name: `settings-${s}`, url: () => `/settings/${s}` })),
  ...["overview", "roles", "channels", "members", "invites", "bans", "reports", "audit"].map((s) => ({ name: `community-${s}`, url: () => `/c/${communityId}/settings/${s}` })),
  ...["admin-users", "admin", "admin-settings", "admin-announcements", "admin-reports", "admin-feedback", "admin-communities", "admin-audit"].map((s) => ({ name: s, url: () => `/settings/${s}` })),
];

/** The aria-labels of spinners a person could see: not under an `inert` layer (the chat behind a settings page). */
function liveSpinners(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const inert = (el: Element) => {
      for (let n: Node | null = el; n; n = n instanceof ShadowRoot ? n.host : n.parentNode) if (n instanceof Element && n.hasAttribute("inert")) return true;
      return false;
    };
    const walk = (root: Document | ShadowRoot) => {
      for (const el of root.querySelectorAll("*")) {
        if (el.classList.contains("spinner") && !inert(el)) found.push(el.getAttribute("aria-label") ?? "spinner");
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    return found;
  });
}

/**
 * Waits until the screen has settled: no visible spinner for 400 ms in a row (a lazily loaded page shows its
 * spinner a moment after navigation), fonts loaded. A screen still loading after 10 s is a problem.
 */
async function settle(page: Page, shot: string, problems: string[]) {
  const start = Date.now();
  let quietSince = 0;
  let left: string[] = [];
  while (Date.now() - start < 10_000) {
    left = await liveSpinners(page);
    if (left.length) quietSince = 0;
    else if (!quietSince) quietSince = Date.now();
    else if (Date.now() - quietSince >= 400) break;
    await page.waitForTimeout(100);
  }
  if (left.length) problems.push(`${shot}: still loading after ${Date.now() - start} ms (${left.join(", ")})`);
  await page.evaluate(() => document.fonts.ready);
}

async function visit(page: Page, url: string, shot: string, checkAxe: boolean, problems: string[]) {
  await page.goto(url);
  await settle(page, shot, problems);
  await screenshot(page, `screens/${shot}`);
  if (checkAxe) {
    const v = await axe(page);
    if (v.length) problems.push(`${shot}:\n${describeViolations(v)}`);
  }
}

for (const theme of ["light", "dark"] as const) {
  for (const mobile of [false, true]) {
    const variant = `${mobile ? "phone" : "desktop"}-${theme}`;
    describe(`main screens, ${variant}`, () => {
      it("signed out: login, register, recovery and invite look right and pass axe", async () => {
        const { page, context } = await tb.newUser({ mobile });
        await page.emulateMedia({ colorScheme: theme });
        const problems: string[] = [];
        for (const s of SIGNED_OUT) {
          await page.goto(s.url());
          await page.getByText(s.ready).first().waitFor();
          await visit(page, s.url(), `${s.name}-${variant}`, !mobile, problems);
        }
        expect(problems.join("\n\n")).toBe("");
        await context.close();
      });

      it("signed in: chat, DM, settings, community settings and admin look right and pass axe", async () => {
        const { page, context } = await tb.newUser({ mobile });
        await page.goto("/login");
        await page.evaluate(
          ([s, id, theme]) => {
            localStorage.setItem("hearth.session", s);
            localStorage.setItem(`hearth.prefs.${id}`, JSON.stringify({ theme, accent: "indigo", density: "cozy", fontSize: "normal", clock24: false }));
          },
          [session, adminId, theme],
        );
        const problems: string[] = [];
        for (const s of SIGNED_IN) await visit(page, s.url(), `${s.name}-${variant}`, !mobile || s.name === "chat", problems);
        expect(problems.join("\n\n")).toBe("");
        await context.close();
      }, 240_000);
    });
  }
}
