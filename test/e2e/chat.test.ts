/**
 * Two people chatting in real time, each in their own browser context: messages arrive live, replies quote and
 * jump, reactions count, Up arrow edits, delete asks first, typing shows, unread and mention badges light up in
 * the sidebar, a moderator's timeout disables the member's composer, reload keeps the view. Screenshots of the
 * chat in light and dark; axe on the chat screen.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { api, register, uniqueName } from "../api.ts";
import { startServer, type TestServer } from "../harness.ts";
import { openHub } from "../realtime-client.ts";
import { axe, describeViolations, launch, screenshot, type TestBrowser } from "./browser.ts";

let server: TestServer;
let tb: TestBrowser;
let alice: Page;
let bob: Page;
let communityId = "";
let general = "";
let random = "";
let bobId = "";
let aliceToken = "";

async function pageFor(tokens: { accessToken: string; refreshToken: string }): Promise<Page> {
  const { page } = await tb.newUser();
  await page.goto("/login");
  await page.evaluate((s) => localStorage.setItem("hearth.session", s), JSON.stringify({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken }));
  return page;
}

/** The text of the last message containing `text` (not a reply's quote of it). Hovering it shows its actions. */
function lastMessage(page: Page, text: string) {
  return page.getByTestId("message-content").filter({ hasText: text }).last();
}

beforeAll(async () => {
  server = await startServer({ env: { RATE_LIMITS: "0", COMMUNITY_CREATION_MODE: "open" } });
  tb = await launch(server.url);
  const a = await register(server.url, uniqueName("alice"), { displayName: "Alice" });
  const b = await register(server.url, uniqueName("bob"), { displayName: "Bob" });
  bobId = b.user.id;
  aliceToken = a.accessToken;
  const c = await api(server.url, "POST", "/api/v1/communities", { token: a.accessToken, body: { name: "Realtime Café" } });
  communityId = c.body.id;
  const chans = await api(server.url, "GET", `/api/v1/communities/${communityId}/channels`, { token: a.accessToken });
  general = chans.body.channels.find((ch: { name: string; kind: string }) => ch.kind === "text").id;
  random = (await api(server.url, "POST", `/api/v1/communities/${communityId}/channels`, { token: a.accessToken, body: { name: "random", kind: "text" } })).body.id;
  alice = await pageFor(a);
  bob = await pageFor(b);
  // Bob joins through the invite link, as a person would.
  const inv = await api(server.url, "POST", `/api/v1/communities/${communityId}/invites`, { token: a.accessToken, body: {} });
  await bob.goto(`/invite/${inv.body.code}`);
  await bob.getByRole("button", { name: "Accept invite" }).click();
  await bob.waitForURL(/\/c\/[0-9a-f-]+\/[0-9a-f-]+$/);
});
afterAll(async () => {
  await tb?.close();
  await server?.stop();
});

describe("real-time chat between two people", () => {
  it("delivers each person's message to the other live", async () => {
    await alice.goto(`/c/${communityId}/${general}`);
    await bob.goto(`/c/${communityId}/${general}`);
    await alice.getByRole("log").waitFor();
    await bob.getByRole("log").waitFor();
    await alice.getByRole("combobox", { name: /Message #general/ }).fill("Hello **Bob**, welcome!");
    await alice.keyboard.press("Enter");
    await lastMessage(bob, "welcome!").waitFor();
    await expect(lastMessage(bob, "welcome!").locator("strong").innerText()).resolves.toBe("Bob");
    await bob.getByRole("combobox", { name: /Message #general/ }).fill("Thanks Alice!\nGlad to be here.");
    await bob.keyboard.press("Enter");
    await lastMessage(alice, "Glad to be here.").waitFor();
  });

  it("names someone who joined after the page loaded on their first message, and lists them among the members at once", async () => {
    // Alice's page loaded the member list before Carol existed.
    await alice.goto(`/c/${communityId}/${general}`);
    await alice.getByRole("log").waitFor();
    const carol = await register(server.url, uniqueName("carol"), { displayName: "Carol Newcomer" });
    const inv = await api(server.url, "POST", `/api/v1/communities/${communityId}/invites`, { token: aliceToken, body: {} });
    expect((await api(server.url, "POST", `/api/v1/invites/${inv.body.code}/accept`, { token: carol.accessToken })).status).toBe(200);
    expect((await api(server.url, "POST", `/api/v1/channels/${general}/messages`, { token: carol.accessToken, body: { nonce: "carol-hi", content: "hi all, just joined" } })).status).toBe(201);
    const row = alice.getByTestId("message").filter({ hasText: "hi all, just joined" }).last();
    await row.waitFor();
    await expect.poll(() => row.locator(".author").innerText()).toBe("Carol Newcomer");
    await expect.poll(() => alice.getByTestId("member-list").innerText()).toContain("Carol Newcomer");
    // Carol opens the app somewhere (her hub connects): Alice sees her come online, then leave, without a reload.
    const entry = alice.getByTestId("member-list").locator(`[data-user="${carol.user.username}"]`);
    await expect.poll(() => entry.getAttribute("class")).toContain("offline");
    const hub = await openHub(server.url, carol.accessToken);
    await expect.poll(() => entry.getAttribute("class")).toMatch(/\bonline\b/);
    hub.close();
    await expect.poll(() => entry.getAttribute("class")).toContain("offline");
  });

  it("shows typing, then a reply with a clickable quote, and reactions with counts", async () => {
    // Typing is announced at most once per 3 s (P26), so keep typing as a person would until it shows.
    const box = bob.getByRole("combobox", { name: /Message #general/ });
    await expect
      .poll(async () => (await box.press("a"), alice.getByText("Bob is typing…").isVisible()), { timeout: 10_000, interval: 400 })
      .toBe(true);
    await box.fill("");

    const original = lastMessage(bob, "welcome!");
    await original.hover();
    await bob.getByRole("button", { name: "Reply" }).click();
    await bob.getByText("Replying to").waitFor();
    await bob.getByRole("combobox", { name: /Message #general/ }).fill("Replying to you");
    await bob.keyboard.press("Enter");
    const reply = lastMessage(alice, "Replying to you");
    await reply.waitFor();
    await alice.getByRole("button", { name: /@Bob.*welcome|@Alice.*welcome/ }).click();

    const target = lastMessage(alice, "Replying to you");
    await target.hover();
    await alice.getByRole("button", { name: "Add reaction" }).click();
    await alice.getByRole("button", { name: "👍" }).first().click();
    await bob.getByRole("button", { name: /👍 1/ }).waitFor();
    await screenshot(alice, "chat-light");
  });

  it("edits the last own message with the Up arrow and deletes after confirming", async () => {
    const box = bob.getByRole("combobox", { name: /Message #general/ });
    await box.click();
    await box.press("ArrowUp");
    const editor = bob.getByLabel("Edit message");
    await editor.fill("Replying to you (fixed typo)");
    await editor.press("Enter");
    await lastMessage(alice, "fixed typo").getByText("(edited)").waitFor();

    const mine = lastMessage(alice, "Hello");
    await mine.hover();
    await alice.getByRole("button", { name: "Delete" }).click();
    await alice.locator("hearth-channel-view hearth-dialog").getByRole("button", { name: "Delete" }).click();
    await bob.getByText("This message was deleted.").waitFor();
    await expect(lastMessage(bob, "fixed typo").isVisible()).resolves.toBe(true);
  });

  it("lights unread and mention badges for a channel the person is not looking at", async () => {
    await alice.goto(`/c/${communityId}/${random}`);
    await alice.getByTestId("channel-title").waitFor();
    const aliceName = (await api(server.url, "GET", "/api/v1/users/me", { token: await alice.evaluate(() => JSON.parse(localStorage.getItem("hearth.session")!).accessToken) })).body.username;
    await bob.getByRole("combobox", { name: /Message #general/ }).fill(`@${aliceName} are you there?`);
    await bob.keyboard.press("Enter");
    const link = alice.locator(`a[data-channel="${general}"]`);
    await expect.poll(() => link.getAttribute("class"), { timeout: 10_000 }).toContain("unread");
    await link.getByLabel(/mentions/).waitFor();
    await link.click();
    await lastMessage(alice, "are you there?").waitFor();
    await expect.poll(() => link.getAttribute("class"), { timeout: 10_000 }).not.toContain("unread");
  });

  it("disables the composer of a member a moderator times out, and keeps the view across a reload", async () => {
    await alice.getByTestId("member-list").getByText("Bob").click();
    await alice.getByRole("button", { name: "Time out" }).click();
    await alice.getByText("Member timed out.").waitFor();
    await bob.getByTestId("composer-disabled").waitFor();
    await expect.poll(() => bob.getByTestId("composer-disabled").innerText(), { timeout: 10_000 }).toMatch(/timed out until/);
    await bob.reload();
    await bob.getByTestId("composer-disabled").waitFor();
    await lastMessage(bob, "fixed typo").waitFor();
    await bob.setViewportSize({ width: 390, height: 780 });
    await screenshot(bob, "mobile-chat-messages");
    await bob.setViewportSize({ width: 1280, height: 800 });
    await alice.evaluate(() => (document.documentElement.dataset.theme = "dark"));
    await screenshot(alice, "chat-dark");
    const violations = await axe(alice);
    expect(violations, describeViolations(violations)).toEqual([]);
    expect(bobId).toBeTruthy();
  });

  it("lets a member report a message, which the moderator resolves from the queue; the audit log shows the timeout", async () => {
    const target = lastMessage(bob, "are you there?");
    await lastMessage(bob, "Glad to be here.").waitFor();
    // Bob reports Alice's reply-quoted message: pick one of Alice's that still exists.
    await alice.getByRole("combobox", { name: /Message #general/ }).fill("An ordinary message to report");
    await alice.keyboard.press("Enter");
    const reported = lastMessage(bob, "An ordinary message to report");
    await reported.hover();
    await bob.getByRole("button", { name: "Report" }).click();
    await bob.getByLabel("What's wrong?").fill("Testing the report queue");
    await bob.locator("hearth-report-dialog hearth-dialog").getByRole("button", { name: "Send report" }).click();
    await bob.getByText("Your report was sent.").waitFor();
    expect(await target.count()).toBeGreaterThan(0);

    await alice.goto(`/c/${communityId}/settings/reports`);
    await alice.getByText("Testing the report queue").waitFor();
    await alice.getByRole("button", { name: "Resolve", exact: true }).click();
    await alice.getByLabel(/Notes/).fill("Looked at it");
    await alice.locator("hearth-dialog").getByRole("button", { name: "Resolve" }).click();
    await alice.getByText("The queue is empty.").waitFor();
    await alice.goto(`/c/${communityId}/settings/audit`);
    await alice.getByTestId("audit-table").getByText(/timed out/i).first().waitFor();
    await screenshot(alice, "community-settings-audit");
  });

  it("loads older history while scrolling up a long channel", async () => {
    const token = await alice.evaluate(() => JSON.parse(localStorage.getItem("hearth.session")!).accessToken as string);
    for (let i = 1; i <= 130; i++) {
      const res = await api(server.url, "POST", `/api/v1/channels/${random}/messages`, { token, body: { content: `history line ${i}`, nonce: `hist-${i}` } });
      expect(res.status).toBe(201);
    }
    await alice.goto(`/c/${communityId}/${random}`);
    await lastMessage(alice, "history line 130").waitFor();
    const first = alice.getByTestId("message-content").filter({ hasText: /^\s*history line 1\s*$/ });
    expect(await first.count()).toBe(0);
    const scrollTop = () =>
      alice.evaluate(() => {
        const list = document.querySelector("hearth-app")!.shadowRoot!.querySelector("hearth-shell")!.shadowRoot!.querySelector("hearth-channel-view")!.shadowRoot!.querySelector("hearth-message-list")!;
        list.shadowRoot!.querySelector(".scroller")!.scrollTop = 0;
      });
    await expect
      .poll(async () => (await scrollTop(), first.count()), { timeout: 15_000, interval: 300 })
      .toBe(1);
    await alice.getByRole("heading", { name: "Welcome to #random" }).waitFor();
  });

  it("searches the channel and jumps to a result that is not loaded", async () => {
    await alice.goto(`/c/${communityId}/${random}`);
    await lastMessage(alice, "history line 130").waitFor();
    await alice.getByRole("button", { name: "Search messages" }).click();
    await alice.getByRole("searchbox", { name: "Search messages in this channel" }).fill("HISTORY line 7");
    const results = alice.getByTestId("search-result");
    // Every word, the last one as the start of a word: lines 79 to 70, then 7, newest first.
    await expect.poll(() => results.count()).toBe(11);
    await expect(results.first().innerText()).resolves.toContain("history line 79");
    await expect(results.last().locator("mark").allInnerTexts()).resolves.toEqual(["history", "line", "7"]);
    await screenshot(alice, "search-panel");
    const seven = alice.getByTestId("message-content").filter({ hasText: /^\s*history line 7\s*$/ });
    expect(await seven.count()).toBe(0);
    await results.last().getByRole("button", { name: "Jump" }).click();
    await seven.waitFor();
    await expect.poll(() => seven.isVisible()).toBe(true);
    await alice.getByRole("searchbox", { name: "Search messages in this channel" }).fill("nothing like this");
    await alice.keyboard.press("Enter");
    await alice.getByText("No messages match “nothing like this”.").waitFor();
    // from: keeps one person's messages (her display name here), and says so when it names no one.
    await alice.getByRole("searchbox", { name: "Search messages in this channel" }).fill("from:alice line 12");
    await alice.keyboard.press("Enter");
    await expect.poll(() => results.count()).toBe(11);
    await alice.getByRole("searchbox", { name: "Search messages in this channel" }).fill("from:nobody line");
    await alice.keyboard.press("Enter");
    await alice.getByText("No one here is called “nobody”.").waitFor();
    await alice.getByRole("button", { name: "Close search" }).click();
    // Ctrl+F opens it again, ready to type.
    await alice.keyboard.press("Control+f");
    await alice.keyboard.type("deploy");
    await expect.poll(() => alice.getByRole("searchbox", { name: "Search messages in this channel" }).inputValue()).toBe("deploy");
    await alice.keyboard.press("Escape");
  });

  it("queues a message sent while offline and delivers it when the connection is back", async () => {
    const ctx = alice.context();
    await alice.goto(`/c/${communityId}/${general}`);
    await alice.getByRole("log").waitFor();
    // The welcome (which carries the resume ticket) must have arrived before the network goes away.
    await alice.locator('[data-connection="open"]').waitFor();
    const ticketRequests: string[] = [];
    const countTickets = (r: { url(): string }) => r.url().includes("/channels/") && r.url().endsWith("/ws-ticket") && ticketRequests.push(r.url());
    alice.on("request", countTickets);
    await ctx.setOffline(true);
    await alice.getByText("Connection lost. Reconnecting…").waitFor();
    await alice.getByRole("combobox", { name: /Message #general/ }).fill("Sent from a tunnel");
    await alice.keyboard.press("Enter");
    // Shown at once as pending, waiting for the connection; nobody else has it yet.
    await alice.getByText("Waiting for connection…").waitFor();
    expect(await lastMessage(bob, "Sent from a tunnel").count()).toBe(0);
    // Meanwhile a message arrives from another device: the reconnect resumes from the last seq and replays it.
    const token = await alice.evaluate(() => JSON.parse(localStorage.getItem("hearth.session")!).accessToken as string);
    const elsewhere = await api(server.url, "POST", `/api/v1/channels/${general}/messages`, { token, body: { content: "Posted from my phone meanwhile", nonce: "phone-1" } });
    expect(elsewhere.status).toBe(201);
    await ctx.setOffline(false);
    await lastMessage(alice, "Posted from my phone meanwhile").waitFor({ timeout: 15_000 });
    // The channel came back on the welcome's resume ticket (P5a), without asking REST for a new one.
    alice.off("request", countTickets);
    expect(ticketRequests).toEqual([]);
    await lastMessage(bob, "Sent from a tunnel").waitFor({ timeout: 15_000 });
    await expect.poll(() => alice.getByText("Waiting for connection…").count(), { timeout: 15_000 }).toBe(0);
  });

  it("keeps a spoiler revealed on a message written while connecting, once the room has stored it", async () => {
    // Hold the room's ticket so the socket cannot open: the message waits in the outbox as a pending row.
    let release = () => {};
    const released = new Promise<void>((r) => (release = r));
    const ticket = /\/api\/v1\/channels\/[^/]+\/ws-ticket$/;
    await alice.route(ticket, async (route) => {
      await released;
      await route.continue();
    });
    await alice.goto(`/c/${communityId}/${random}`);
    const box = alice.getByRole("combobox", { name: /Message #random/ });
    await box.fill("Before the socket: ||the butler did it||");
    await alice.keyboard.press("Enter");
    const pending = alice.locator(".row.pending", { hasText: "Before the socket" });
    await pending.locator(".spoiler").click();
    await expect(pending.locator(".spoiler").getAttribute("class")).resolves.toContain("revealed");
    release();
    await pending.waitFor({ state: "detached" });
    const stored = lastMessage(alice, "Before the socket");
    await expect(stored.locator(".spoiler").getAttribute("class")).resolves.toContain("revealed");
    await alice.unroute(ticket);
    // Someone else's copy is not revealed by it.
    await bob.goto(`/c/${communityId}/${random}`);
    await expect(lastMessage(bob, "Before the socket").locator(".spoiler").getAttribute("class")).resolves.not.toContain("revealed");
  });

  it("autocompletes :emoji: and @mentions, and renders markdown with highlighted code and spoilers", async () => {
    await alice.goto(`/c/${communityId}/${random}`);
    await bob.goto(`/c/${communityId}/${random}`);
    const box = alice.getByRole("combobox", { name: /Message #random/ });
    await box.click();
    await box.pressSequentially("Nice :thumbsu");
    await alice.getByRole("option", { name: /:thumbsup:/ }).waitFor();
    await alice.keyboard.press("Enter");
    await box.pressSequentially("@bo");
    await alice.getByRole("option", { name: /Bob/ }).waitFor();
    await alice.keyboard.press("Enter");
    await expect(box.inputValue()).resolves.toMatch(/^Nice 👍 @bob_\S+ $/);
    // A draft stays with its channel while the person looks elsewhere.
    await alice.goto(`/c/${communityId}/${general}`);
    await alice.getByRole("log").waitFor();
    await alice.goto(`/c/${communityId}/${random}`);
    await expect(box.inputValue()).resolves.toMatch(/^Nice 👍 @bob_\S+ $/);
    await box.press("End");
    await box.pressSequentially("||secret|| and `code`");
    await alice.keyboard.press("Enter");
    const sent = lastMessage(alice, "Nice 👍");
    await sent.locator(".mention", { hasText: "@Bob" }).waitFor();
    // Revealed on the stored message (a click on the pending row just as the stored one replaced it was lost once
    // in a full run: the reveal of a pending row is not yet carried over reliably; see the stop-18 note).
    await alice.locator(".row.pending").first().waitFor({ state: "detached" });
    await lastMessage(alice, "Nice 👍").locator(".spoiler").click();
    await expect(lastMessage(alice, "Nice 👍").locator(".spoiler").getAttribute("class")).resolves.toContain("revealed");

    await box.fill("```ts\nconst answer: number = 42;\n```");
    await alice.keyboard.press("Enter");
    // The highlighter arrives as its own chunk on first use; the block re-renders highlighted.
    await lastMessage(alice, "const answer").locator(".hljs-keyword").first().waitFor();
    await expect(lastMessage(bob, "const answer").locator("pre code").innerText()).resolves.toContain("const answer: number = 42;");
  });

  it("formats with Ctrl+B, Ctrl+I and Ctrl+E, undoes with Ctrl+Z, and lists every shortcut on Ctrl+/", async () => {
    await alice.goto(`/c/${communityId}/${random}`);
    const box = alice.getByRole("combobox", { name: /Message #random/ });
    await box.fill("ship it today");
    // Select "it" and make it bold, then italic inside; Ctrl+Z takes the italic off again.
    await box.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(5, 7));
    await box.press("Control+b");
    await expect(box.inputValue()).resolves.toBe("ship **it** today");
    await box.press("Control+i");
    await expect(box.inputValue()).resolves.toBe("ship ***it*** today");
    await box.press("Control+z");
    await expect(box.inputValue()).resolves.toBe("ship **it** today");
    // Ctrl+B again on the same selection takes the bold off.
    await box.press("Control+b");
    await expect(box.inputValue()).resolves.toBe("ship it today");
    // With nothing selected the markers go round the caret, and typing lands between them.
    await box.press("End");
    await box.press("Space");
    await box.press("Control+e");
    await box.pressSequentially("npm test");
    await expect(box.inputValue()).resolves.toBe("ship it today `npm test`");
    await box.press("Control+a");
    await box.press("Control+Shift+X");
    await alice.keyboard.press("Enter");
    await lastMessage(bob, "ship it today").locator("del code", { hasText: "npm test" }).waitFor();

    await alice.keyboard.press("Control+/");
    const dialog = alice.getByRole("dialog", { name: "Keyboard shortcuts" });
    await dialog.waitFor();
    for (const what of ["Find a conversation", "Bold", "Spoiler", "Edit your last message (empty box)"]) await alice.locator("hearth-shortcuts").getByText(what, { exact: true }).waitFor();
    await screenshot(alice, "keyboard-shortcuts");
    const violations = await axe(alice);
    expect(violations, describeViolations(violations)).toEqual([]);
    await alice.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
  });

  it("cuts a banned member off at once: live updates stop with a notice and the community leaves their rail", async () => {
    await bob.goto(`/c/${communityId}/${random}`);
    await bob.getByRole("log").waitFor();
    await alice.goto(`/c/${communityId}/${random}`);
    await alice.getByTestId("member-list").getByText("Bob").click();
    await alice.getByRole("button", { name: "Ban", exact: true }).click();
    await alice.locator("hearth-user-card hearth-dialog").getByRole("button", { name: "Ban" }).click();
    await bob.getByText("You no longer have access to this channel.").waitFor();
    await expect.poll(() => bob.getByRole("link", { name: "Realtime Café" }).count(), { timeout: 10_000 }).toBe(0);
  });
});
