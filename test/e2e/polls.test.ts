/**
 * Polls in the browser (docs/api/polls.md), two people in a community channel, each in their own context: Alice
 * creates a poll through the composer's dialog (which refuses a blank or repeated answer), Bob sees it live and
 * votes, Alice sees the count change without a reload, Bob changes his vote; a multiple-choice poll with two
 * answers picked and a vote taken back; Alice ends a poll early and Bob's answers lock with "Ended"; a reload keeps
 * the results and Bob's own answer marked; a poll whose time runs out on screen turns to "Ended" by itself, and a
 * vote the server refuses as too late says so under its poll; an anonymous poll without an end counts Bob's vote for
 * Alice without naming him. Then an end-to-end encrypted DM poll: Bob reads the
 * answers, the database holds none of their text. Screenshots light, dark and phone; axe on the channel and dialog.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Locator, Page } from "playwright-core";
import { api, register, uniqueName } from "../api.ts";
import { loginOk } from "../auth-helpers.ts";
import { startServer, type TestServer } from "../harness.ts";
import { axe, describeViolations, launch, screenshot, type TestBrowser } from "./browser.ts";
import { signedInPage } from "./conversation.ts";

let server: TestServer;
let tb: TestBrowser;
let alice: Page;
let bob: Page;
let aliceToken = "";
let bobId = "";
let bobName = "";
let communityId = "";
let general = "";
let url = "";

/** The newest poll whose question contains `question`. */
const poll = (page: Page, question: string) => page.getByTestId("poll").filter({ hasText: question }).last();
/** One answer's row in a poll. */
const answer = (p: Locator, text: string) => p.getByTestId("poll-answer").filter({ hasText: text });
const countOf = (p: Locator, text: string) => answer(p, text).getByTestId("poll-count").innerText();

/** Opens the poll dialog from the composer and fills it in (without posting). */
async function fillPoll(page: Page, question: string, answers: string[], opts: { multi?: boolean } = {}): Promise<Locator> {
  await page.getByRole("button", { name: "Create poll" }).click();
  await page.getByRole("dialog", { name: "Create a poll" }).waitFor();
  // The fields are slotted into the <dialog>, not inside it: the element holding both is the scope.
  const dialog = page.locator("hearth-poll-composer");
  await dialog.getByLabel("Question").fill(question);
  for (let i = 0; i < answers.length; i++) {
    if (i >= 2) await dialog.getByRole("button", { name: "Add answer" }).click();
    await dialog.getByRole("textbox", { name: `Answer ${i + 1}`, exact: true }).fill(answers[i]);
  }
  if (opts.multi) await dialog.getByRole("switch", { name: "Allow multiple answers" }).check();
  return dialog;
}

async function vote(page: Page, question: string, answers: string[]): Promise<void> {
  const p = poll(page, question);
  for (const a of answers) await answer(p, a).locator("input").check();
  await p.getByRole("button", { name: "Vote", exact: true }).click();
}

beforeAll(async () => {
  server = await startServer({ env: { RATE_LIMITS: "0", COMMUNITY_CREATION_MODE: "open" } });
  tb = await launch(server.url);
  const a = await register(server.url, uniqueName("alice"), { displayName: "Alice" });
  const b = await register(server.url, uniqueName("bob"), { displayName: "Bob" });
  aliceToken = a.accessToken;
  bobId = b.user.id;
  bobName = b.user.username;
  communityId = (await api(server.url, "POST", "/api/v1/communities", { token: a.accessToken, body: { name: "Poll Hall" } })).body.id;
  const chans = await api(server.url, "GET", `/api/v1/communities/${communityId}/channels`, { token: a.accessToken });
  general = chans.body.channels.find((ch: { kind: string }) => ch.kind === "text").id;
  const inv = await api(server.url, "POST", `/api/v1/communities/${communityId}/invites`, { token: a.accessToken, body: {} });
  expect((await api(server.url, "POST", `/api/v1/invites/${inv.body.code}/accept`, { token: b.accessToken })).status).toBe(200);
  url = `/c/${communityId}/${general}`;
  alice = await signedInPage(tb, a);
  bob = await signedInPage(tb, b);
  await alice.goto(url);
  await bob.goto(url);
  await alice.getByRole("log").waitFor();
  await bob.getByRole("log").waitFor();
});
afterAll(async () => {
  await tb?.close();
  await server?.stop();
});

describe("polls in a community channel", () => {
  it("refuses a blank or repeated answer in the dialog, then posts the poll, which Bob sees live", async () => {
    const dialog = await fillPoll(alice, "Lunch on Friday?", ["Pizza"]);
    await dialog.getByRole("button", { name: "Post" }).click();
    await dialog.getByText("Write an answer, or remove this one.").waitFor();
    await dialog.getByRole("textbox", { name: "Answer 2", exact: true }).fill(" pizza ");
    await dialog.getByRole("button", { name: "Post" }).click();
    await dialog.getByText("This answer is already in the poll.").waitFor();
    // Still open, and nothing was posted.
    await expect(alice.getByRole("dialog", { name: "Create a poll" }).isVisible()).resolves.toBe(true);
    await expect(alice.getByTestId("poll").count()).resolves.toBe(0);
    // Two answers is the least: they offer no remove button until a third is added.
    await expect(dialog.getByRole("button", { name: "Remove answer 1" }).count()).resolves.toBe(0);
    await dialog.getByRole("textbox", { name: "Answer 2", exact: true }).fill("Sushi");
    await dialog.getByRole("button", { name: "Add answer" }).click();
    await dialog.getByRole("textbox", { name: "Answer 3", exact: true }).fill("Tacos");
    await dialog.getByLabel("Duration").selectOption({ label: "8 hours" });
    const violations = await axe(alice);
    expect(violations, describeViolations(violations)).toEqual([]);
    await screenshot(alice, "polls-dialog");
    await dialog.getByRole("button", { name: "Post" }).click();
    await alice.getByRole("dialog", { name: "Create a poll" }).waitFor({ state: "hidden" });

    const mine = poll(alice, "Lunch on Friday?");
    await mine.waitFor();
    const seen = poll(bob, "Lunch on Friday?");
    await seen.waitFor();
    await expect(seen.getByRole("radio").allInnerTexts()).resolves.toHaveLength(3);
    await expect.poll(() => seen.getByTestId("poll-meta").innerText()).toMatch(/0 votes · Ends in 8 h/);
    await expect(seen.getByText("Select one answer").isVisible()).resolves.toBe(true);
    // The question is the message's text, stored as such.
    const [row] = await server.sql<{ content: string; poll: { answers: string[]; multiSelect: boolean } }>("select content, poll from messages where channel_id = $1 and poll is not null", [general]);
    expect(row).toMatchObject({ content: "Lunch on Friday?", poll: { answers: ["Pizza", "Sushi", "Tacos"], multiSelect: false } });
  });

  it("counts Bob's vote on Alice's screen without a reload, and follows him changing it", async () => {
    const seen = poll(bob, "Lunch on Friday?");
    const mine = poll(alice, "Lunch on Friday?");
    // Picking alone sends nothing (Vote does), and Vote is off until something new is picked.
    await expect(seen.getByRole("button", { name: "Vote", exact: true }).isDisabled()).resolves.toBe(true);
    await vote(bob, "Lunch on Friday?", ["Sushi"]);
    await answer(seen, "Sushi").getByTestId("poll-mine").waitFor();
    await expect.poll(() => countOf(mine, "Sushi")).toMatch(/1 vote\s*100%/);
    await expect.poll(() => mine.getByTestId("poll-meta").innerText()).toMatch(/^1 vote ·/);
    await expect(seen.getByRole("button", { name: "Remove vote" }).isVisible()).resolves.toBe(true);
    // Voted: Vote is back only once another pick would change the vote.
    await expect(seen.getByRole("button", { name: "Vote", exact: true }).count()).resolves.toBe(0);

    await vote(bob, "Lunch on Friday?", ["Tacos"]);
    await expect.poll(() => countOf(mine, "Tacos")).toMatch(/1 vote\s*100%/);
    await expect.poll(() => countOf(mine, "Sushi")).toMatch(/0 votes\s*0%/);
    await answer(seen, "Tacos").getByTestId("poll-mine").waitFor();
    await expect(answer(seen, "Sushi").getByTestId("poll-mine").count()).resolves.toBe(0);

    await vote(alice, "Lunch on Friday?", ["Pizza"]);
    await expect.poll(() => seen.getByTestId("poll-meta").innerText()).toMatch(/^2 votes ·/);
    await expect.poll(() => countOf(seen, "Pizza")).toMatch(/1 vote\s*50%/);
    await screenshot(alice, "polls-light");
  });

  it("takes several answers in a multiple-choice poll, and takes a vote back", async () => {
    const dialog = await fillPoll(alice, "Which days work?", ["Monday", "Wednesday", "Friday"], { multi: true });
    await dialog.getByRole("button", { name: "Post" }).click();
    const seen = poll(bob, "Which days work?");
    await seen.waitFor();
    await expect(seen.getByText("Select one or more answers").isVisible()).resolves.toBe(true);
    await expect(seen.getByRole("checkbox").count()).resolves.toBe(3);
    await vote(bob, "Which days work?", ["Monday", "Friday"]);
    const mine = poll(alice, "Which days work?");
    await expect.poll(() => countOf(mine, "Monday")).toMatch(/1 vote\s*100%/);
    await expect.poll(() => countOf(mine, "Friday")).toMatch(/1 vote\s*100%/);
    await expect.poll(() => countOf(mine, "Wednesday")).toMatch(/0 votes/);
    // Voters, not votes: one person picked two answers.
    await expect(mine.getByTestId("poll-meta").innerText()).resolves.toMatch(/^1 vote ·/);
    await expect.poll(() => seen.getByTestId("poll-mine").count()).toBe(2);

    await seen.getByRole("button", { name: "Remove vote" }).click();
    await expect.poll(() => mine.getByTestId("poll-meta").innerText()).toMatch(/^0 votes ·/);
    await expect.poll(() => seen.getByTestId("poll-mine").count()).toBe(0);
    await vote(bob, "Which days work?", ["Wednesday", "Friday"]);
    await expect.poll(() => countOf(mine, "Wednesday")).toMatch(/1 vote/);
  });

  it("ends a poll early at Alice's word: Bob's answers lock with Ended, and a reload keeps results and his vote", async () => {
    const mine = poll(alice, "Lunch on Friday?");
    // Bob is neither its author nor a moderator.
    await expect(poll(bob, "Lunch on Friday?").getByRole("button", { name: "End poll" }).count()).resolves.toBe(0);
    await mine.getByRole("button", { name: "End poll" }).click();
    const confirm = alice.getByRole("dialog", { name: "End this poll now?" });
    await confirm.getByRole("button", { name: "End poll" }).click();
    const seen = poll(bob, "Lunch on Friday?");
    await expect.poll(() => seen.getAttribute("data-state")).toBe("ended");
    await expect(seen.getByTestId("poll-meta").innerText()).resolves.toMatch(/2 votes · Ended/);
    await expect(seen.getByText("Final results").isVisible()).resolves.toBe(true);
    for (const radio of await seen.getByRole("radio").all()) await expect(radio.isDisabled()).resolves.toBe(true);
    await expect(seen.getByRole("button", { name: /Vote|Remove vote/ }).count()).resolves.toBe(0);
    await expect.poll(() => mine.getAttribute("data-state")).toBe("ended");

    await bob.reload();
    const again = poll(bob, "Lunch on Friday?");
    await again.waitFor();
    await expect(again.getAttribute("data-state")).resolves.toBe("ended");
    await answer(again, "Tacos").getByTestId("poll-mine").waitFor();
    await expect(countOf(again, "Pizza")).resolves.toMatch(/1 vote\s*50%/);
    await expect(countOf(again, "Tacos")).resolves.toMatch(/1 vote\s*50%/);
    await expect(again.getByRole("radio", { name: /Tacos/ }).isChecked()).resolves.toBe(true);
    // The multiple-choice poll kept Bob's two answers too.
    await expect.poll(() => poll(bob, "Which days work?").getByTestId("poll-mine").count()).toBe(2);
  });

  it("posts an anonymous poll without an end: Bob's vote counts for Alice without naming him, and his own stays marked", async () => {
    const dialog = await fillPoll(alice, "Rate the offsite", ["Great", "Fine"]);
    await dialog.getByLabel("Duration").selectOption({ label: "No end (until ended)" });
    await dialog.getByRole("switch", { name: "Anonymous votes" }).check();
    await dialog.getByText("nobody is shown who voted for what").waitFor();
    await dialog.getByRole("button", { name: "Post" }).click();
    const theirs = poll(bob, "Rate the offsite");
    await theirs.getByTestId("poll-anonymous").waitFor();
    await expect(theirs.getByTestId("poll-meta").innerText()).resolves.toContain("No end date");
    await vote(bob, "Rate the offsite", ["Fine"]);
    await answer(theirs, "Fine").getByTestId("poll-mine").waitFor();
    const mine = poll(alice, "Rate the offsite");
    await expect.poll(() => countOf(mine, "Fine")).toContain("1 vote");
    await expect(answer(mine, "Fine").getByTestId("poll-mine").count()).resolves.toBe(0);
    // What the room sent and stored names nobody.
    const [logged] = await server.sql<{ payload: { userId: unknown } }>("select payload from channel_events where type = 'poll_voted' order by seq desc limit 1");
    expect(logged.payload.userId).toBeNull();
    // After a reload Bob still sees which answer is his.
    await bob.reload();
    await answer(poll(bob, "Rate the offsite"), "Fine").getByTestId("poll-mine").waitFor();
    await screenshot(bob, "polls-anonymous");
  });

  it("turns to Ended by itself when its time runs out on screen, and a vote the server finds too late says so", async () => {
    const post = (nonce: string, content: string) =>
      api(server.url, "POST", `/api/v1/channels/${general}/messages`, { token: aliceToken, body: { nonce, content, poll: { answers: ["Yes", "No"], durationHours: 1 } } });
    const soon = (await post("poll-soon", "Fire drill today?")).body.message.id;
    const late = (await post("poll-late", "Cake in the kitchen?")).body.message.id;
    const expireAt = (id: string, at: Date) => server.sql("update messages set poll = jsonb_set(poll, '{expiresAt}', to_jsonb($2::text)) where id = $1", [id, at.toISOString()]);
    // Bob's page learns the near end from history; nothing is sent when it passes (docs/api/polls.md).
    await expireAt(soon, new Date(Date.now() + 8000));
    await bob.reload();
    const p = poll(bob, "Fire drill today?");
    await expect.poll(() => p.getByTestId("poll-meta").innerText()).toMatch(/Ends in 1 min/);
    await expect.poll(() => p.getAttribute("data-state"), { timeout: 15_000 }).toBe("ended");
    await expect(p.getByTestId("poll-meta").innerText()).resolves.toMatch(/Ended/);

    // The server's clock says the other poll is over while Bob's page still offers it.
    const cake = poll(bob, "Cake in the kitchen?");
    await expect(cake.getAttribute("data-state")).resolves.toBe("open");
    await expireAt(late, new Date(Date.now() - 60_000));
    await vote(bob, "Cake in the kitchen?", ["Yes"]);
    await cake.getByRole("alert").filter({ hasText: "This poll has ended: votes are no longer taken." }).waitFor();
    // The server's word closes it here too.
    await expect(cake.getAttribute("data-state")).resolves.toBe("ended");
    await expect(cake.getByRole("button", { name: "Vote", exact: true }).count()).resolves.toBe(0);
    expect((await server.sql("select 1 from poll_votes where message_id = $1", [late])).length).toBe(0);
  });

});

describe("a poll in an end-to-end encrypted DM", () => {
  it("shows Bob the answers from the envelope; the server stores only how many there are", async () => {
    const dm: string = (await api(server.url, "POST", "/api/v1/dms", { token: aliceToken, body: { userId: bobId } })).body.id;
    // Bob's device is registered before Alice seals, so the poll is sealed for it (as in e2ee.test.ts).
    await bob.goto(`/dm/${dm}`);
    await bob.getByRole("log").waitFor();
    await expect.poll(async () => (await server.sql("select 1 from device_keys where user_id = $1 and revoked_at is null", [bobId])).length).toBe(1);
    await alice.goto(`/dm/${dm}`);
    await alice.getByRole("log").waitFor();
    const dialog = await fillPoll(alice, "Secret meeting place?", ["Old lighthouse", "Blue café", "Pier 9"]);
    await dialog.getByText(/end-to-end encrypted/).waitFor();
    await screenshot(alice, "polls-e2ee-dialog");
    await dialog.getByRole("button", { name: "Post" }).click();

    const seen = poll(bob, "Secret meeting place?");
    await seen.waitFor();
    await expect.poll(() => seen.getByTestId("poll-answer").allInnerTexts()).toEqual([expect.stringContaining("Old lighthouse"), expect.stringContaining("Blue café"), expect.stringContaining("Pier 9")]);
    await vote(bob, "Secret meeting place?", ["Pier 9"]);
    await expect.poll(() => countOf(poll(alice, "Secret meeting place?"), "Pier 9")).toMatch(/1 vote\s*100%/);

    const rows = await server.sql<{ poll: { answers: unknown; answerCount: number }; content: string | null }>("select poll, content from messages where channel_id = $1", [dm]);
    expect(rows).toEqual([{ poll: expect.objectContaining({ answers: null, answerCount: 3 }), content: null }]);
    const stored = (await server.sql<{ row: string }>("select m::text as row from messages m where channel_id = $1 union all select e::text from channel_events e where channel_id = $1", [dm])).map((r) => r.row).join("\n");
    for (const word of ["lighthouse", "café", "Pier", "Secret meeting"]) expect(stored).not.toContain(word);

    await bob.reload();
    await expect.poll(() => poll(bob, "Secret meeting place?").getByTestId("poll-answer").filter({ hasText: "Pier 9" }).getByTestId("poll-mine").count()).toBe(1);
    await screenshot(bob, "polls-e2ee");
  });
});

describe("how polls look", () => {
  it("looks right in dark and on a phone, and passes axe", async () => {
    await bob.goto(url);
    await poll(bob, "Which days work?").waitFor();
    await bob.evaluate(() => (document.documentElement.dataset.theme = "dark"));
    await poll(bob, "Which days work?").scrollIntoViewIfNeeded();
    await screenshot(bob, "polls-dark");
    const violations = await axe(bob);
    expect(violations, describeViolations(violations)).toEqual([]);
    // A session of its own (a phone is another device): sharing the desktop's would replace its encryption device.
    const tokens = await loginOk(server.url, bobName);
    const { page: phone } = await tb.newUser({ mobile: true });
    await phone.goto("/login");
    await phone.evaluate((s) => localStorage.setItem("hearth.session", s), JSON.stringify({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken }));
    await phone.goto(url);
    await poll(phone, "Which days work?").scrollIntoViewIfNeeded();
    await screenshot(phone, "polls-phone");
    await phone.getByRole("button", { name: "Create poll" }).click();
    await phone.getByRole("dialog", { name: "Create a poll" }).waitFor();
    await screenshot(phone, "polls-phone-dialog");
    await phone.context().close();
  });
});
