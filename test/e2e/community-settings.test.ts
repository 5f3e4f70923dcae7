/**
 * Community settings in the browser: the owner makes a role, gives it to a member and denies that role a channel
 * through the override grid (the member then can't see it); invites are created and revoked; a moderator times out
 * and bans members from the Members screen. Every change is checked through the API, as a person would notice it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { api, register, STRONG_PASSWORD, uniqueName } from "../api.ts";
import { startServer, type TestServer } from "../harness.ts";
import { axe, describeViolations, launch, screenshot, xssHits, type TestBrowser } from "./browser.ts";
import { SHORT_PAYLOADS } from "./xss-payloads.ts";

type User = Awaited<ReturnType<typeof register>>;

let server: TestServer;
let tb: TestBrowser;
let owner: User;
let mod: User;
let member: User;
let bystander: User;
let communityId = "";
let ownerPage: Page;
let memberCtx: { page: Page; context: BrowserContext };

const call = (u: User, method: string, path: string, body?: unknown) => api(server.url, method, path, { token: u.accessToken, body });

/** Scrolls the settings layer back to the top, so a screenshot shows the screen as one first sees it. */
async function scrollTop(page: Page) {
  await page.locator("hearth-community-settings").evaluate((el) => el.shadowRoot!.querySelector(".content")!.scrollTo(0, 0));
}

/** A browser context signed in as `u` (the session goes where the app keeps it), opened at `path`. */
async function signedIn(u: User, path: string) {
  const ctx = await tb.newUser();
  await ctx.page.goto("/login");
  await ctx.page.evaluate((s) => localStorage.setItem("hearth.session", s), JSON.stringify({ accessToken: u.accessToken, refreshToken: u.refreshToken }));
  await ctx.page.goto(path);
  return ctx;
}

beforeAll(async () => {
  server = await startServer({ env: { RATE_LIMITS: "0", COMMUNITY_CREATION_MODE: "open" } });
  tb = await launch(server.url);
  owner = await register(server.url, uniqueName("owner"), { displayName: "Olive Owner" });
  mod = await register(server.url, uniqueName("mod"), { displayName: "Max Mod" });
  member = await register(server.url, uniqueName("member"), { displayName: "Mia Member" });
  bystander = await register(server.url, uniqueName("by"), { displayName: "Bo Bystander" });
  const created = await call(owner, "POST", "/api/v1/communities", { name: "Guild Hall" });
  communityId = created.body.id;
  const inv = await call(owner, "POST", `/api/v1/communities/${communityId}/invites`, { expiresInSeconds: null });
  for (const u of [mod, member, bystander]) expect((await call(u, "POST", `/api/v1/invites/${inv.body.code}/accept`)).status).toBe(200);
  const roles = (await call(owner, "GET", `/api/v1/communities/${communityId}/roles`)).body.roles as { id: string; name: string }[];
  const modRole = roles.find((r) => r.name === "Moderator")!.id;
  expect((await call(owner, "PUT", `/api/v1/communities/${communityId}/members/${mod.user.id}/roles/${modRole}`)).status).toBe(200);
  ownerPage = (await signedIn(owner, `/c/${communityId}/settings/roles`)).page;
});
afterAll(async () => {
  await tb?.close();
  await server?.stop();
});

describe("community settings", () => {
  it("creates a role, names and colours it, and gives it a permission", async () => {
    const page = ownerPage;
    await page.getByRole("heading", { name: "Roles" }).waitFor();
    await page.getByRole("button", { name: "Create role" }).click();
    const name = page.getByLabel("Role name");
    await expect.poll(() => name.inputValue()).toBe("New role");
    await name.fill("Outsiders");
    await page.getByRole("button", { name: "Colour #e67e22" }).click();
    await page.getByRole("switch", { name: "Add reactions" }).check();
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByTestId("role-list").getByText("Outsiders").waitFor();
    const roles = (await call(owner, "GET", `/api/v1/communities/${communityId}/roles`)).body.roles as { name: string; color: string; permissions: string }[];
    const made = roles.find((r) => r.name === "Outsiders");
    expect(made?.color).toBe("#e67e22");
    expect(BigInt(made!.permissions) & (1n << 6n)).toBe(1n << 6n);
    await scrollTop(page);
    await screenshot(page, "community-settings-roles");
    const violations = await axe(page);
    expect(violations, describeViolations(violations)).toEqual([]);
  });

  it("gives the role to a member from the Members screen", async () => {
    const page = ownerPage;
    await page.getByRole("link", { name: "Members" }).click();
    await page.getByRole("button", { name: "Manage Mia Member" }).click();
    await page.getByTestId("member-roles").getByRole("switch", { name: "Outsiders" }).check();
    await expect.poll(async () => (await call(owner, "GET", `/api/v1/communities/${communityId}/members/${member.user.id}`)).body.roleIds.length).toBe(1);
  });

  it("denies View channels to the role on a new channel through the grid, and the member no longer sees it", async () => {
    const page = ownerPage;
    memberCtx = await signedIn(member, `/c/${communityId}`);
    await memberCtx.page.getByTestId("channel-title").waitFor();

    await page.getByRole("link", { name: "Channels" }).click();
    await page.getByRole("button", { name: "Create channel", exact: true }).first().click();
    await page.getByLabel("Channel name").fill("Secret Plans");
    await page.locator("hearth-dialog").getByRole("button", { name: "Create channel" }).click();
    await page.getByTestId("channel-tree").getByText("secret-plans").waitFor();
    await screenshot(page, "community-settings-channels");
    await page.getByRole("button", { name: "Edit secret-plans" }).click();
    await page.getByRole("tab", { name: "Permissions" }).click();
    await expect(page.getByTestId("sync-state").innerText()).resolves.toMatch(/Synced with Text Channels/);
    await page.getByLabel("Add a role or member").selectOption({ label: "Outsiders" });
    await page.getByRole("radiogroup", { name: "View channels" }).getByRole("radio", { name: "Deny" }).check();
    await page.getByRole("button", { name: "Save changes" }).click();
    // The channel now has its own copy of the group's permissions, and says so.
    await expect.poll(() => page.getByTestId("sync-state").innerText()).toMatch(/Not synced with Text Channels/);
    await scrollTop(page);
    await screenshot(page, "community-settings-overrides");
    const violations = await axe(page);
    expect(violations, describeViolations(violations)).toEqual([]);

    const theirs = (await call(member, "GET", `/api/v1/communities/${communityId}/channels`)).body.channels as { name: string }[];
    expect(theirs.map((c) => c.name)).not.toContain("secret-plans");
    expect(theirs.map((c) => c.name)).toContain("general");
    const mine = (await call(mod, "GET", `/api/v1/communities/${communityId}/channels`)).body.channels as { name: string }[];
    expect(mine.map((c) => c.name)).toContain("secret-plans");
    await memberCtx.page.reload();
    const sidebar = memberCtx.page.getByRole("navigation", { name: "Channels" });
    await sidebar.getByRole("link", { name: "general" }).first().waitFor();
    await expect(sidebar.getByRole("link", { name: "secret-plans" }).count()).resolves.toBe(0);
  });

  it("creates an invite with a use limit and expiry, then revokes it", async () => {
    const page = ownerPage;
    await page.getByRole("link", { name: "Invites" }).click();
    await page.getByLabel("Max uses").fill("5");
    await page.getByLabel("Expires after").selectOption({ label: "1 day" });
    await page.getByRole("button", { name: "Create invite" }).click();
    const link = await page.getByTestId("new-invite-link").inputValue();
    const code = link.split("/invite/")[1];
    expect(code).toBeTruthy();
    const listed = (await call(owner, "GET", `/api/v1/communities/${communityId}/invites`)).body.invites as { code: string; maxUses: number; expiresAt: string; revokedAt: string | null }[];
    const inv = listed.find((i) => i.code === code)!;
    expect(inv.maxUses).toBe(5);
    expect(Math.abs(new Date(inv.expiresAt).getTime() - Date.now() - 86_400_000)).toBeLessThan(120_000);

    await screenshot(page, "community-settings-invites");
    await page.getByRole("button", { name: `Revoke invite ${code}` }).click();
    await page.locator("hearth-dialog").getByRole("button", { name: "Revoke invite" }).click();
    await page.locator(`tr[data-invite="${code}"]`).getByText("Revoked").waitFor();
    expect((await api(server.url, "GET", `/api/v1/invites/${code}`)).status).toBe(404);
  });

  it("lets a member report someone from their card, and a moderator escalate it to the admins", async () => {
    const { page } = memberCtx;
    await page.goto(`/c/${communityId}`);
    await page.getByTestId("member-list").locator(`[data-user="${bystander.user.username}"]`).click();
    await page.getByRole("button", { name: "Report" }).click();
    await page.getByLabel("What's wrong?").fill("Sends me spam links");
    await page.locator("hearth-report-dialog hearth-dialog").getByRole("button", { name: "Send report" }).click();
    await page.getByText("Your report was sent.").waitFor();
    const queue = (await call(mod, "GET", `/api/v1/communities/${communityId}/reports?status=open`)).body.reports as { targetUserId: string; reason: string }[];
    expect(queue.map((r) => [r.targetUserId, r.reason])).toEqual([[bystander.user.id, "Sends me spam links"]]);

    await ownerPage.getByRole("link", { name: "Reports" }).click();
    await ownerPage.getByTestId("reports").getByText("Sends me spam links").waitFor();
    await ownerPage.getByRole("button", { name: "Escalate to admins" }).click();
    await ownerPage.locator("hearth-dialog").getByRole("button", { name: "Escalate" }).click();
    await ownerPage.getByText("The queue is empty.").waitFor();
    const mine = (await call(member, "GET", "/api/v1/reports/mine")).body.reports as { scope: string }[];
    expect(mine.map((r) => r.scope)).toEqual(["instance"]);
  });

  it("lets a moderator time out and ban members from the Members screen", async () => {
    const { page } = await signedIn(mod, `/c/${communityId}/settings/members`);
    await page.getByRole("button", { name: "Manage Mia Member" }).click();
    await page.getByRole("button", { name: "Time out" }).click();
    await page.getByLabel("Duration").selectOption({ label: "1 day" });
    await page.getByLabel(/Reason/).fill("Cool off");
    await page.locator("hearth-dialog").getByRole("button", { name: "Time out" }).click();
    await page.getByTestId("timeout-state").waitFor();
    await screenshot(page, "community-settings-member");
    const m = (await call(mod, "GET", `/api/v1/communities/${communityId}/members/${member.user.id}`)).body;
    expect(new Date(m.timedOutUntil).getTime()).toBeGreaterThan(Date.now() + 86_000_000);

    await page.getByRole("button", { name: "All members" }).click();
    await page.getByRole("button", { name: "Manage Bo Bystander" }).click();
    await page.getByRole("button", { name: "Ban" }).click();
    await page.getByLabel(/Reason/).fill("Spam links");
    await page.getByLabel("Delete their messages").selectOption({ label: "Previous hour" });
    await page.locator("hearth-dialog").getByRole("button", { name: "Ban" }).click();
    await page.getByText("They are no longer a member of this community.").waitFor();
    const bans = (await call(mod, "GET", `/api/v1/communities/${communityId}/bans`)).body.bans as { user: { id: string }; reason: string }[];
    expect(bans.find((b) => b.user.id === bystander.user.id)?.reason).toBe("Spam links");

    // The moderator cannot act on the owner: the page says why instead of offering the buttons.
    await page.getByRole("button", { name: "All members" }).click();
    await page.getByRole("button", { name: "Manage Olive Owner" }).click();
    await expect(page.getByRole("button", { name: "Ban" }).count()).resolves.toBe(0);

    await page.getByRole("link", { name: "Bans" }).click();
    await page.locator(`[data-ban="${bystander.user.username}"]`).waitFor();
    await screenshot(page, "community-settings-bans");
  });

  it("reorders roles by dragging and channels with the keyboard-friendly move buttons", async () => {
    const page = ownerPage;
    await page.getByRole("link", { name: "Roles" }).click();
    const list = page.getByTestId("role-list");
    await list.getByText("Outsiders").waitFor();
    await list.getByText("Outsiders").dragTo(list.getByText("Admin"));
    const byPos = async () => ((await call(owner, "GET", `/api/v1/communities/${communityId}/roles`)).body.roles as { name: string; position: number }[]).sort((a, b) => b.position - a.position).map((r) => r.name);
    await expect.poll(byPos).toEqual(["Outsiders", "Admin", "Moderator", "Member", "@everyone"]);
    await page.getByRole("button", { name: "Move Outsiders down" }).click();
    await expect.poll(byPos).toEqual(["Admin", "Outsiders", "Moderator", "Member", "@everyone"]);

    await page.getByRole("link", { name: "Channels" }).click();
    // A keyboard user: focus the button, press Enter, and focus stays with the moved channel.
    await page.getByRole("button", { name: "Move secret-plans up" }).focus();
    await page.keyboard.press("Enter");
    const order = async () => {
      const s = (await call(owner, "GET", `/api/v1/communities/${communityId}/channels`)).body as { groups: { id: string; name: string }[]; channels: { name: string; groupId: string; position: number }[] };
      const text = s.groups.find((g) => g.name === "Text Channels")!.id;
      return s.channels.filter((c) => c.groupId === text).sort((a, b) => a.position - b.position).map((c) => c.name);
    };
    await expect.poll(order).toEqual(["secret-plans", "general"]);
    const focused = () =>
      page.evaluate(() => {
        let el: Element | null = document.activeElement;
        while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
        return el?.getAttribute("aria-label");
      });
    await expect.poll(focused).toBe("Move secret-plans down");

    // The dark theme keeps the grid readable (axe checks contrast there too).
    await page.evaluate(() => (document.documentElement.dataset.theme = "dark"));
    await page.getByRole("button", { name: "Edit secret-plans" }).click();
    await page.getByRole("tab", { name: "Permissions" }).click();
    await page.getByTestId("override-grid").waitFor();
    await screenshot(page, "community-settings-overrides-dark");
    const violations = await axe(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await page.evaluate(() => (document.documentElement.dataset.theme = "light"));
    await page.getByRole("button", { name: "All channels" }).click();
  });

  it("edits the overview, and the settings work at phone width", async () => {
    const page = ownerPage;
    await page.getByRole("link", { name: "Overview" }).click();
    await page.getByLabel("Description").fill("Where the guild plans its adventures.");
    await page.getByRole("button", { name: "Accent #3498db" }).click();
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect.poll(async () => (await call(owner, "GET", `/api/v1/communities/${communityId}`)).body.accentColor).toBe("#3498db");
    // The community shows its colour where people see it: its initials in the rail, a line atop its channels.
    const railIcon = page.locator(`hearth-rail a[data-community="${communityId}"]`);
    await expect.poll(() => railIcon.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe("rgb(52, 152, 219)");
    await expect.poll(() => railIcon.evaluate((el) => getComputedStyle(el).color)).toBe("rgb(0, 0, 0)");
    await screenshot(page, "community-settings-overview-edited");
    const violations = await axe(page);
    expect(violations, describeViolations(violations)).toEqual([]);

    const phone = await tb.newUser({ mobile: true });
    await phone.page.goto("/login");
    await phone.page.evaluate((s) => localStorage.setItem("hearth.session", s), JSON.stringify({ accessToken: owner.accessToken, refreshToken: owner.refreshToken }));
    await phone.page.goto(`/c/${communityId}/settings/channels`);
    await phone.page.getByRole("button", { name: "Edit secret-plans" }).click();
    await phone.page.getByRole("tab", { name: "Permissions" }).click();
    await phone.page.getByTestId("override-grid").waitFor();
    await screenshot(phone.page, "community-settings-phone");
    // Nothing spills sideways: the page is no wider than the phone.
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.context.close();
  });

  it("shows hostile role names, nicknames, reasons and descriptions in every screen as text", async () => {
    const payloads = SHORT_PAYLOADS.slice(0, 8);
    for (const [i, name] of payloads.entries()) {
      expect((await call(owner, "POST", `/api/v1/communities/${communityId}/roles`, { name: name.slice(0, 100) })).status).toBe(201);
      if (i === 0) {
        await call(owner, "PATCH", `/api/v1/communities/${communityId}/members/${mod.user.id}`, { nickname: name.slice(0, 32) });
        await call(owner, "POST", `/api/v1/communities/${communityId}/members/${member.user.id}/warnings`, { reason: name });
        await call(owner, "PATCH", `/api/v1/communities/${communityId}`, { description: payloads.join("\n") });
      }
    }
    const page = ownerPage;
    // Each visit reloads the page (and the hit recorder), so every screen is checked on its own.
    const injected = () => page.evaluate(() => document.querySelectorAll("[data-xss]").length);
    for (const section of ["overview", "roles", "members", "audit"]) {
      await page.goto(`/c/${communityId}/settings/${section}`);
      await page.locator("hearth-community-settings").getByRole("heading", { level: 2 }).first().waitFor();
      await page.waitForLoadState("networkidle");
      expect(await xssHits(page), section).toEqual([]);
      expect(await injected(), section).toBe(0);
    }
    await page.goto(`/c/${communityId}/settings/roles`);
    await expect.poll(() => page.getByTestId("role-list").innerText()).toContain(payloads[1]);
    await page.goto(`/c/${communityId}/settings/members`);
    await page.getByRole("button", { name: "Manage Mia Member" }).click();
    await page.getByTestId("warnings").getByText(payloads[0]).waitFor();
    expect(await xssHits(page)).toEqual([]);
    expect(await injected()).toBe(0);
  });

  it("transfers ownership with the password, and the new owner deletes the community by typing its name", async () => {
    const page = ownerPage;
    await page.goto(`/c/${communityId}/settings/overview`);
    await page.getByRole("button", { name: "Transfer ownership" }).click();
    await page.getByLabel("New owner").selectOption(mod.user.id);
    await page.getByLabel("Your password").fill(STRONG_PASSWORD);
    await page.locator("hearth-dialog").getByRole("button", { name: "Transfer" }).click();
    await page.getByRole("button", { name: "Leave community" }).waitFor();
    expect((await call(owner, "GET", `/api/v1/communities/${communityId}`)).body.ownerId).toBe(mod.user.id);

    const { page: modPage } = await signedIn(mod, `/c/${communityId}/settings/overview`);
    await modPage.getByRole("button", { name: "Delete community" }).click();
    const confirm = modPage.locator("hearth-dialog").getByRole("button", { name: "Delete community" });
    await modPage.getByLabel(/to confirm/).fill("Guild");
    await expect(confirm.isDisabled()).resolves.toBe(true);
    await modPage.getByLabel(/to confirm/).fill("Guild Hall");
    await confirm.click();
    await modPage.waitForURL((u) => u.pathname === "/");
    expect((await call(mod, "GET", `/api/v1/communities/${communityId}`)).status).toBe(404);
  });
});
