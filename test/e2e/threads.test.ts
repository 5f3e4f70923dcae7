/**
 * Threads in the browser, two people in a community: Alice starts a thread from a message with its hover action
 * (the name prefilled from the text), Bob sees the chip appear under that message live and opens it; they write to
 * each other in the thread live; the chip's count follows in the channel; the Threads panel lists it and starts a
 * thread without a message; the sidebar shows the open channel's threads; reload and a pasted link open the
 * thread; its creator renames one from the header's menu; archiving makes it read-only for Bob until Alice
 * unarchives it; where @everyone is denied SEND_IN_THREADS the Threads panel is empty with no New thread for Bob,
 * he has no "Create thread" and can't post in a thread; deleting a thread takes its chip away from Bob live, and
 * tells him when he is reading it.
 * Screenshots light, dark and phone; axe on the thread and on the channel with the Threads panel open.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { permissionBits, permissionsToString } from "../../protocol/permissions.ts";
import { api, register } from "../api.ts";
import { roleId, type TestUser } from "../community-fixtures.ts";
import { startServer, type TestServer } from "../harness.ts";
import { axe, describeViolations, launch, screenshot, type TestBrowser } from "./browser.ts";
import { signedInPage } from "./conversation.ts";

let server: TestServer;
let tb: TestBrowser;
let alice: Page;
let bob: Page;
let owner: TestUser;
let communityId = "";
let general = "";
let quiet = "";
let threadUrl = "";
let threadId = "";
let bobId = "";

const ROOT_TEXT = "Let's plan the launch party for Friday\nVenue, food and music ideas welcome.";
const THREAD_NAME = "Let's plan the launch party for Friday";

/** A message row of the conversation on screen (not the thread's copy of its first message at the top). */
function row(page: Page, text: string) {
  return page.locator("hearth-message-list").getByTestId("message").filter({ hasText: text }).last();
}

function composer(page: Page, name: RegExp) {
  return page.getByRole("combobox", { name });
}

async function say(page: Page, box: RegExp, text: string) {
  await composer(page, box).fill(text);
  await composer(page, box).press("Enter");
}

beforeAll(async () => {
  server = await startServer({ env: { RATE_LIMITS: "0", COMMUNITY_CREATION_MODE: "open" } });
  tb = await launch(server.url);
  owner = await register(server.url, undefined, { displayName: "Alice" });
  const b = await register(server.url, undefined, { displayName: "Bob" });
  bobId = b.user.id;
  const c = await api(server.url, "POST", "/api/v1/communities", { token: owner.accessToken, body: { name: "Launch Crew" } });
  communityId = c.body.id;
  const chans = await api(server.url, "GET", `/api/v1/communities/${communityId}/channels`, { token: owner.accessToken });
  general = chans.body.channels.find((ch: { kind: string }) => ch.kind === "text").id;
  quiet = (await api(server.url, "POST", `/api/v1/communities/${communityId}/channels`, { token: owner.accessToken, body: { name: "announcements", kind: "text" } })).body.id;
  const inv = await api(server.url, "POST", `/api/v1/communities/${communityId}/invites`, { token: owner.accessToken, body: {} });
  expect((await api(server.url, "POST", `/api/v1/invites/${inv.body.code}/accept`, { token: b.accessToken, body: {} })).status).toBe(200);
  expect((await api(server.url, "POST", `/api/v1/channels/${general}/messages`, { token: owner.accessToken, body: { nonce: "root-1", content: ROOT_TEXT } })).status).toBe(201);
  expect((await api(server.url, "POST", `/api/v1/channels/${general}/messages`, { token: b.accessToken, body: { nonce: "other-1", content: "Count me in!" } })).status).toBe(201);
  alice = await signedInPage(tb, owner);
  bob = await signedInPage(tb, b);
});
afterAll(async () => {
  await tb?.close();
  await server?.stop();
});

describe("threads", () => {
  it("starts a thread from a message's action, named after its text, and Bob sees its chip appear live", async () => {
    await alice.goto(`/c/${communityId}/${general}`);
    await bob.goto(`/c/${communityId}/${general}`);
    await row(alice, "launch party").waitFor();
    await row(bob, "launch party").waitFor();
    // Bob's message already has no thread: both rows offer the action to Alice.
    await row(alice, "launch party").hover();
    await row(alice, "launch party").getByRole("button", { name: "Create thread" }).click();
    const dialog = alice.getByRole("dialog", { name: "Create thread" });
    await dialog.waitFor();
    await expect.poll(() => alice.getByLabel("Thread name").inputValue()).toBe(THREAD_NAME);
    await screenshot(alice, "threads-create-dialog");
    await dialog.getByRole("button", { name: "Create thread" }).click();

    await alice.waitForURL((u) => u.pathname.startsWith(`/c/${communityId}/`) && !u.pathname.endsWith(general));
    threadUrl = new URL(alice.url()).pathname;
    threadId = threadUrl.split("/").pop()!;
    expect(threadId).not.toBe(general);
    await expect.poll(() => alice.getByTestId("channel-title").innerText()).toBe(THREAD_NAME);
    await alice.getByRole("link", { name: "Back to #general" }).waitFor();
    await expect.poll(() => alice.getByTestId("thread-root").getByTestId("message-content").innerText()).toContain("Venue, food and music");

    const chip = row(bob, "launch party").getByTestId("thread-chip");
    await chip.waitFor();
    await expect.poll(() => chip.innerText()).toContain(THREAD_NAME);
    await expect.poll(() => chip.innerText()).toContain("No messages yet");
    // A message with a thread offers no second one.
    await row(bob, "launch party").hover();
    await expect(row(bob, "launch party").getByRole("button", { name: "Create thread" }).count()).resolves.toBe(0);
  });

  it("lets both write in the thread and see each other's messages live; the chip counts them in the channel", async () => {
    await row(bob, "launch party").getByTestId("thread-chip").click();
    await bob.waitForURL((u) => u.pathname === threadUrl);
    await expect.poll(() => bob.getByTestId("channel-title").innerText()).toBe(THREAD_NAME);
    // The channel stays highlighted in the sidebar, with the thread under it.
    await expect.poll(() => bob.locator(`a[data-channel="${general}"]`).getAttribute("aria-current")).toBe("true");
    await expect.poll(() => bob.locator(`a[data-thread="${threadId}"]`).getAttribute("aria-current")).toBe("page");

    const box = new RegExp(`Message ${THREAD_NAME}`);
    await say(alice, box, "I can book the rooftop.");
    await row(bob, "I can book the rooftop.").waitFor();
    await say(bob, box, "Great, I'll bring the speakers.");
    await row(alice, "bring the speakers").waitFor();

    // Alice goes back to the channel by the header's link: the chip counts both messages.
    await alice.getByRole("link", { name: "Back to #general" }).click();
    await alice.waitForURL((u) => u.pathname === `/c/${communityId}/${general}`);
    const chip = row(alice, "launch party").getByTestId("thread-chip");
    await expect.poll(() => chip.innerText()).toContain("2 messages");
    // Bob writes again: Alice's chip follows without a reload.
    await say(bob, box, "And snacks.");
    await expect.poll(() => chip.innerText(), { timeout: 15_000 }).toContain("3 messages");
    await screenshot(alice, "threads-chip-light");
  });

  it("lists the channel's threads in the Threads panel, opens one from it, and starts one without a message", async () => {
    await alice.getByRole("button", { name: "Threads" }).click();
    const panel = alice.getByRole("dialog", { name: "Threads" });
    await panel.waitFor();
    const entry = panel.getByTestId("thread-row").filter({ hasText: THREAD_NAME });
    await expect.poll(() => entry.innerText()).toContain("3 messages");
    await expect.poll(() => entry.innerText()).toContain("Started by Alice");
    await screenshot(alice, "threads-panel-light");
    const violations = await axe(alice);
    expect(violations, describeViolations(violations)).toEqual([]);

    await panel.getByRole("button", { name: "New thread" }).click();
    const dialog = alice.getByRole("dialog", { name: "Create thread" });
    await expect.poll(() => alice.getByLabel("Thread name").inputValue()).toBe("");
    await expect(dialog.getByRole("button", { name: "Create thread" }).isDisabled()).resolves.toBe(true);
    await alice.getByLabel("Thread name").fill("Playlist");
    await dialog.getByRole("button", { name: "Create thread" }).click();
    await expect.poll(() => alice.getByTestId("channel-title").innerText()).toBe("Playlist");
    await expect(alice.getByTestId("thread-root").count()).resolves.toBe(0);
    await expect.poll(() => alice.locator("hearth-thread-intro p").innerText()).toContain("Started by Alice in #general");
    // Its creator renames it from the header's menu; the sidebar follows.
    await alice.getByRole("button", { name: "Thread options" }).click();
    await alice.getByRole("menuitem", { name: "Rename thread" }).click();
    await alice.getByLabel("Thread name").fill("Party playlist");
    await alice.getByRole("dialog", { name: "Rename thread" }).getByRole("button", { name: "Save" }).click();
    await expect.poll(() => alice.getByTestId("channel-title").innerText()).toBe("Party playlist");
    await expect.poll(() => alice.locator("a[data-thread]").allInnerTexts()).toContain("Party playlist");

    // Back in the channel, the panel opens the first thread.
    await alice.goto(`/c/${communityId}/${general}`);
    await alice.getByRole("button", { name: "Threads" }).click();
    await alice.getByRole("dialog", { name: "Threads" }).getByTestId("thread-row").filter({ hasText: THREAD_NAME }).click();
    await alice.waitForURL((u) => u.pathname === threadUrl);
    await row(alice, "And snacks.").waitFor();
  });

  it("opens the thread again on reload and from a pasted link", async () => {
    await bob.reload();
    await expect.poll(() => bob.getByTestId("channel-title").innerText()).toBe(THREAD_NAME);
    await row(bob, "I can book the rooftop.").waitFor();
    await expect.poll(() => bob.getByTestId("thread-root").getByTestId("message-content").innerText()).toContain("launch party");
    await bob.setViewportSize({ width: 390, height: 780 });
    await screenshot(bob, "threads-thread-phone");
    await bob.setViewportSize({ width: 1280, height: 800 });
    const { page } = await tb.newUser();
    await page.goto("/login");
    await page.evaluate((s) => localStorage.setItem("hearth.session", s), JSON.stringify({ accessToken: owner.accessToken, refreshToken: owner.refreshToken }));
    await page.goto(threadUrl);
    await row(page, "And snacks.").waitFor();
    await page.getByRole("link", { name: "Back to #general" }).waitFor();
    await page.context().close();
  });

  it("shows Bob a mention in a thread on its channel while he reads elsewhere, cleared when he opens it", async () => {
    await bob.goto(`/c/${communityId}/${quiet}`);
    await bob.getByRole("log").waitFor();
    const mention = await api(server.url, "POST", `/api/v1/channels/${threadId}/messages`, { token: owner.accessToken, body: { content: `<@${bobId}> can you bring speakers?` } });
    expect(mention.status).toBe(201);
    const badge = bob.locator(`hearth-sidebar a[data-channel="${general}"] .badge`);
    await expect.poll(() => badge.textContent(), { timeout: 10_000 }).toBe("1");
    await bob.goto(threadUrl);
    await bob.getByText("can you bring speakers?").waitFor();
    await bob.goto(`/c/${communityId}/${quiet}`);
    await bob.getByRole("log").waitFor();
    await expect.poll(() => badge.count(), { timeout: 10_000 }).toBe(0);
    // Back in the thread for what follows.
    await bob.goto(threadUrl);
    await bob.getByText("can you bring speakers?").waitFor();
  });

  it("makes an archived thread read-only for Bob until Alice unarchives it", async () => {
    await alice.getByRole("button", { name: "Thread options" }).click();
    await alice.getByRole("menuitem", { name: "Archive thread" }).click();
    await expect.poll(() => bob.getByTestId("composer-disabled").innerText(), { timeout: 15_000 }).toContain("This thread is archived");
    await alice.getByTestId("thread-archived").waitFor();
    await expect.poll(() => alice.getByTestId("composer-disabled").innerText()).toContain("archived");
    // Bob may neither unarchive it nor manage it.
    await expect(bob.getByTestId("thread-archived").count()).resolves.toBe(0);
    await expect(bob.getByRole("button", { name: "Thread options" }).count()).resolves.toBe(0);
    await screenshot(bob, "threads-archived-light");
    await screenshot(alice, "threads-archived-manager-light");

    await alice.getByTestId("thread-archived").getByRole("button", { name: "Unarchive" }).click();
    await composer(bob, new RegExp(`Message ${THREAD_NAME}`)).waitFor({ timeout: 15_000 });
    await say(bob, new RegExp(`Message ${THREAD_NAME}`), "Back in business.");
    await row(alice, "Back in business.").waitFor();
  });

  it("offers no Create thread where @everyone may not send in threads, and keeps Bob from posting in one", async () => {
    const everyone = await roleId(server, owner, communityId, "@everyone");
    const deny = await api(server.url, "PUT", `/api/v1/channels/${quiet}/overrides/role/${everyone}`, { token: owner.accessToken, body: { allow: "0", deny: permissionsToString(permissionBits("SEND_IN_THREADS")) } });
    expect(deny.status).toBeLessThan(300);
    await bob.goto(`/c/${communityId}/${quiet}`);
    await bob.getByRole("log").waitFor();
    // No threads yet, and Bob may not start one.
    await bob.getByRole("button", { name: "Threads" }).click();
    const panel = bob.getByRole("dialog", { name: "Threads" });
    await panel.getByText("There are no threads in #announcements yet.").waitFor();
    await expect(panel.getByRole("button", { name: "New thread" }).count()).resolves.toBe(0);
    await bob.keyboard.press("Escape");
    await panel.waitFor({ state: "detached" });

    const posted = await api(server.url, "POST", `/api/v1/channels/${quiet}/messages`, { token: owner.accessToken, body: { nonce: "quiet-1", content: "Release notes are out" } });
    expect((await api(server.url, "POST", `/api/v1/channels/${quiet}/threads`, { token: owner.accessToken, body: { messageId: posted.body.id } })).status).toBe(201);
    const notes = row(bob, "Release notes are out");
    await notes.waitFor();
    await notes.getByTestId("thread-chip").waitFor();
    await notes.hover();
    await notes.getByRole("button", { name: "Reply" }).waitFor();
    await expect(notes.getByRole("button", { name: "Create thread" }).count()).resolves.toBe(0);
    await notes.getByTestId("thread-chip").click();
    await expect.poll(() => bob.getByTestId("composer-disabled").innerText()).toContain("permission to send messages in threads");
    const refused = await api(server.url, "POST", `/api/v1/channels/${quiet}/threads`, { token: (await bob.evaluate(() => JSON.parse(localStorage.getItem("hearth.session")!).accessToken)) as string, body: { name: "Sneaky" } });
    expect(refused.status).toBe(403);
  });

  it("takes the chip away from Bob live when Alice deletes the thread", async () => {
    await bob.goto(`/c/${communityId}/${general}`);
    const chip = row(bob, "launch party").getByTestId("thread-chip");
    await chip.waitFor();
    await bob.setViewportSize({ width: 390, height: 780 });
    await screenshot(bob, "threads-chip-phone");
    await bob.setViewportSize({ width: 1280, height: 800 });

    await alice.evaluate(() => (document.documentElement.dataset.theme = "dark"));
    await screenshot(alice, "threads-thread-dark");
    const violations = await axe(alice);
    expect(violations, describeViolations(violations)).toEqual([]);
    await alice.setViewportSize({ width: 390, height: 780 });
    await screenshot(alice, "threads-thread-phone-dark");
    await alice.setViewportSize({ width: 1280, height: 800 });
    await bob.evaluate(() => (document.documentElement.dataset.theme = "dark"));
    await bob.getByRole("button", { name: "Threads" }).click();
    await bob.getByRole("dialog", { name: "Threads" }).getByTestId("thread-row").first().waitFor();
    await screenshot(bob, "threads-panel-dark");
    await bob.getByRole("button", { name: "Close threads" }).click();
    await alice.getByRole("button", { name: "Thread options" }).click();
    await alice.getByRole("menuitem", { name: "Delete thread" }).click();
    await alice.getByRole("dialog", { name: "Delete thread" }).getByRole("button", { name: "Delete thread" }).click();
    await alice.waitForURL((u) => u.pathname === `/c/${communityId}/${general}`);
    await expect.poll(() => chip.count(), { timeout: 15_000 }).toBe(0);
    await expect(row(alice, "launch party").getByTestId("thread-chip").count()).resolves.toBe(0);
    await alice.evaluate(() => (document.documentElement.dataset.theme = "light"));

    // Someone reading a thread when it is deleted is told so.
    await bob.locator("a[data-thread]").filter({ hasText: "Party playlist" }).click();
    await expect.poll(() => bob.getByTestId("channel-title").innerText()).toBe("Party playlist");
    const playlist = new URL(bob.url()).pathname.split("/").pop()!;
    await composer(bob, /Message Party playlist/).waitFor();
    expect((await api(server.url, "DELETE", `/api/v1/threads/${playlist}`, { token: owner.accessToken })).status).toBe(204);
    await bob.getByText("This thread was deleted, or you can no longer see it.").waitFor();
    await expect.poll(() => bob.locator("a[data-thread]").count()).toBe(0);
  });
});
