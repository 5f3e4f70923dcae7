/**
 * Managing a group DM from the web UI, live in everyone's browser (docs/web.md "Group DMs", docs/protocol.md H8):
 * Alice starts a group with Bob and Carol, renames it, adds Dave (who sees it appear at once and reads what is
 * sent after he joined, while what came before says so instead of failing), and Bob leaves (Alice sees it live).
 * Screenshots of the people panel at desktop and phone width, light and dark.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { api, register } from "../api.ts";
import { startServer, type TestServer } from "../harness.ts";
import { axe, describeViolations, launch, screenshot, type TestBrowser } from "./browser.ts";
import { message, say, signedInPage } from "./conversation.ts";

let server: TestServer;
let tb: TestBrowser;
type Who = "alice" | "bob" | "carol" | "dave";
const pages = {} as Record<Who, Page>;
const people = {} as Record<Who, Awaited<ReturnType<typeof register>>>;
let group = "";

const link = (p: Page) => p.locator(`a[href="/dm/${group}"]`);
const panel = (p: Page) => p.getByTestId("dm-people");

async function openPeople(p: Page): Promise<void> {
  await p.getByRole("button", { name: "People", exact: true }).click();
  await panel(p).waitFor();
}

beforeAll(async () => {
  server = await startServer({ env: { RATE_LIMITS: "0", COMMUNITY_CREATION_MODE: "open" } });
  tb = await launch(server.url);
  for (const [who, name] of [["alice", "Alice"], ["bob", "Bob"], ["carol", "Carol"], ["dave", "Dave"]] as const) people[who] = await register(server.url, undefined, { displayName: name });
  const a = people.alice;
  const community = (await api(server.url, "POST", "/api/v1/communities", { token: a.accessToken, body: { name: "Hikers" } })).body.id;
  for (const who of [people.bob, people.carol, people.dave]) {
    const inv = await api(server.url, "POST", `/api/v1/communities/${community}/invites`, { token: a.accessToken, body: {} });
    expect((await api(server.url, "POST", `/api/v1/invites/${inv.body.code}/accept`, { token: who.accessToken })).status).toBe(200);
  }
  for (const who of ["alice", "bob", "carol", "dave"] as const) {
    pages[who] = await signedInPage(tb, people[who]);
    await pages[who].goto("/");
  }
}, 60_000);
afterAll(async () => {
  await tb?.close();
  await server?.stop();
});

describe("managing a group DM", () => {
  it("starts with Bob and Carol, and the header's People panel lists the three", async () => {
    // Everyone's keys are registered (signed in) before Alice writes.
    await expect.poll(async () => (await server.sql<{ n: number }>("select count(distinct user_id)::int as n from device_keys where revoked_at is null")).at(0)?.n, { timeout: 15_000 }).toBe(4);
    const { alice } = pages;
    await alice.getByRole("button", { name: "New message" }).first().click();
    const picker = alice.locator("hearth-new-message");
    await picker.getByRole("checkbox", { name: /^Bob/ }).check();
    await picker.getByRole("checkbox", { name: /^Carol/ }).check();
    await picker.getByRole("button", { name: "Start group conversation" }).click();
    await alice.waitForURL(/\/dm\/[0-9a-f-]{36}$/);
    group = alice.url().split("/dm/")[1];
    await alice.getByRole("log").waitFor();
    await say(alice, "Before Dave: the meeting point is secret");
    await message(alice, "meeting point").waitFor();
    // Bob and Carol open it too, so they see what happens next live.
    for (const p of [pages.bob, pages.carol]) {
      await link(p).waitFor({ timeout: 10_000 });
      await link(p).click();
      await message(p, "meeting point").waitFor({ timeout: 10_000 });
    }

    await openPeople(alice);
    const list = panel(alice).getByRole("list", { name: "People in this conversation" });
    await expect(list.getByRole("listitem").allInnerTexts()).resolves.toEqual([expect.stringContaining("Bob"), expect.stringContaining("Carol"), expect.stringMatching(/Alice[\s\S]*you/)]);
    const violations = await axe(alice);
    expect(violations, describeViolations(violations)).toEqual([]);
    // Focus moves into it; Escape closes it and gives focus back to its button.
    await expect(panel(alice).getByRole("button", { name: "Add people" }).evaluate((el) => el.matches(":focus"))).resolves.toBe(true);
    await alice.keyboard.press("Escape");
    await expect(panel(alice).count()).resolves.toBe(0);
    await expect(alice.getByRole("button", { name: "People", exact: true }).evaluate((el) => el.matches(":focus"))).resolves.toBe(true);
  });

  it("is renamed from the panel, and everyone's list, header and timeline follow at once", async () => {
    const { alice, bob, carol } = pages;
    await openPeople(alice);
    await panel(alice).getByRole("button", { name: "Rename" }).click();
    const dialog = alice.getByRole("dialog", { name: "Rename conversation" });
    await dialog.waitFor();
    // The field is slotted into the dialog (light DOM of the channel view), so it is found from its hearth-dialog.
    const name = alice.locator('hearth-dialog[heading="Rename conversation"]').getByLabel("Name", { exact: true });
    await expect(name.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).resolves.toBe(true);
    await screenshot(alice, "group-dm-rename");
    await name.fill("  Plans  ");
    await name.press("Enter");
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(() => alice.getByTestId("channel-title").innerText()).toBe("Plans");
    for (const p of [bob, carol]) {
      await expect.poll(() => p.getByTestId("channel-title").innerText(), { timeout: 10_000 }).toBe("Plans");
      await expect(link(p).innerText()).resolves.toContain("Plans");
      const notice = p.getByTestId("rename-notice").last();
      await notice.waitFor();
      await expect(notice.innerText()).resolves.toContain("Alice renamed the conversation to “Plans”.");
    }
    await expect(alice.getByTestId("rename-notice").last().innerText()).resolves.toContain("You renamed the conversation");
  });

  it("adds Dave with the New-message picker: he sees it appear and reads what is sent from then on", async () => {
    const { alice, bob, dave } = pages;
    await openPeople(alice);
    await panel(alice).getByRole("button", { name: "Add people" }).click();
    const picker = alice.locator("hearth-new-message");
    await alice.getByRole("dialog", { name: "Add people" }).waitFor();
    await picker.getByRole("checkbox").first().waitFor();
    await screenshot(alice, "group-dm-add-people");
    // Those already in it are not offered.
    await picker.getByRole("checkbox", { name: /^Dave/ }).waitFor();
    await expect(picker.getByRole("checkbox").count()).resolves.toBe(1);
    await picker.getByRole("checkbox", { name: /^Dave/ }).check();
    await picker.getByRole("button", { name: "Add", exact: true }).click();
    await expect.poll(() => picker.getByRole("dialog").count()).toBe(0);

    // Dave's list gains it without a reload; Bob's timeline says who added whom.
    await link(dave).waitFor({ timeout: 10_000 });
    await expect(link(dave).innerText()).resolves.toContain("Plans");
    const notice = bob.getByTestId("member-notice").filter({ hasText: "Dave" }).last();
    await notice.waitFor({ timeout: 10_000 });
    await expect(notice.innerText()).resolves.toContain("Alice added Dave: messages sent from now on are encrypted for their devices too.");
    await openPeople(bob);
    await expect.poll(() => panel(bob).getByRole("listitem").count()).toBe(4);
    await screenshot(bob, "group-dm-people-desktop-light");
    await bob.keyboard.press("Escape");

    await say(alice, "Welcome Dave, we meet at the old bridge");
    await link(dave).click();
    await message(dave, "old bridge").waitFor({ timeout: 10_000 });
    // What came before was never sealed for Dave's device: it says so, and nothing errors.
    await expect.poll(() => dave.getByTestId("message-before-join").count()).toBe(1);
    await expect(dave.getByTestId("message-locked").count()).resolves.toBe(0);
    await expect(dave.getByTestId("message-before-join").innerText()).resolves.toContain("Sent before you joined");
    await screenshot(dave, "group-dm-newcomer");
    // The sealed message went to the four participants' devices.
    const [row] = await server.sql<{ envelope: { keys: { d: string }[] } }>("select envelope from messages where channel_id = $1 order by seq desc limit 1", [group]);
    expect(row.envelope.keys).toHaveLength(4);
  });

  it("lets Bob leave after confirming: it leaves his list, and Alice sees it live", async () => {
    const { alice, bob } = pages;
    await openPeople(bob);
    await panel(bob).getByRole("button", { name: "Leave conversation" }).click();
    const confirm = bob.getByRole("dialog", { name: "Leave conversation" });
    await confirm.waitFor();
    await screenshot(bob, "group-dm-leave-confirm");
    await confirm.getByRole("button", { name: "Leave" }).click();
    await bob.waitForURL((u) => !u.pathname.startsWith("/dm/"));
    await expect.poll(() => link(bob).count()).toBe(0);

    const left = alice.getByTestId("member-notice").filter({ hasText: "Bob left" }).last();
    await left.waitFor({ timeout: 10_000 });
    await openPeople(alice);
    await expect.poll(() => panel(alice).getByRole("listitem").count()).toBe(3);
    await expect(panel(alice).innerText()).resolves.not.toContain("Bob");
    await alice.keyboard.press("Escape");
    // From now on Bob's devices are not sealed for.
    await say(alice, "Bob is gone now");
    await message(alice, "Bob is gone now").waitFor();
    const bobDevices = (await server.sql<{ id: string }>("select id from device_keys where user_id = $1", [people.bob.user.id])).map((d) => d.id);
    await expect.poll(async () => (await server.sql<{ envelope: { keys: { d: string }[] } }>("select envelope from messages where channel_id = $1 order by seq desc limit 1", [group]))[0]?.envelope.keys.length).toBe(3);
    const [last] = await server.sql<{ envelope: { keys: { d: string }[] } }>("select envelope from messages where channel_id = $1 order by seq desc limit 1", [group]);
    expect(last.envelope.keys.map((k) => k.d).filter((d) => bobDevices.includes(d))).toEqual([]);
  });

  it("looks right in the dark theme and at phone width", async () => {
    const { alice } = pages;
    const prefs = (theme: string) => JSON.stringify({ theme, accent: "indigo", density: "cozy", fontSize: "normal", clock24: false });
    await alice.evaluate(([id, p]) => localStorage.setItem(`hearth.prefs.${id}`, p), [people.alice.user.id, prefs("dark")]);
    await alice.reload();
    await alice.getByRole("log").waitFor();
    // After a reload Bob is in none of Alice's lists any more; the timeline still names him.
    await alice.getByTestId("member-notice").filter({ hasText: "left this conversation" }).last().waitFor();
    await expect(alice.getByTestId("member-notice").filter({ hasText: "left this conversation" }).last().innerText()).resolves.toContain("Bob left");
    // Who renamed it and who added Dave are stored, so the reloaded timeline still names them.
    await expect.poll(() => alice.getByTestId("rename-notice").last().innerText(), { timeout: 10_000 }).toContain("You renamed the conversation to “Plans”.");
    await expect.poll(() => alice.getByTestId("member-notice").filter({ hasText: "Dave" }).last().innerText()).toContain("You added Dave");
    await openPeople(alice);
    await screenshot(alice, "group-dm-people-desktop-dark");
    await alice.keyboard.press("Escape");
    for (const theme of ["light", "dark"] as const) {
      const { page, context } = await tb.newUser({ mobile: true });
      await page.goto("/login");
      await page.evaluate(
        ([s, id, p]) => {
          localStorage.setItem("hearth.session", s);
          localStorage.setItem(`hearth.prefs.${id}`, p);
        },
        [JSON.stringify({ accessToken: people.carol.accessToken, refreshToken: people.carol.refreshToken }), people.carol.user.id, prefs(theme)],
      );
      await page.goto(`/dm/${group}`);
      await page.getByRole("log").waitFor();
      // A browser that was not open when it happened reads the change from the server.
      await expect.poll(() => page.getByTestId("rename-notice").last().innerText(), { timeout: 10_000 }).toContain("Alice renamed the conversation to “Plans”.");
      // Bob is in no list this browser loads; the stored change names him.
      await expect.poll(() => page.getByTestId("member-notice").filter({ hasText: "left this conversation" }).last().innerText()).toContain("Bob left");
      // Every row has settled (decrypted, or said why not) before the screenshot.
      await expect.poll(() => page.locator(".content.locked[aria-busy='true']").count(), { timeout: 10_000 }).toBe(0);
      await openPeople(page);
      await screenshot(page, `group-dm-people-phone-${theme}`);
      const box = await page.locator("hearth-dm-people").boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
      await context.close();
    }
  });
});
