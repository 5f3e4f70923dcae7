/**
 * Reporting a message from its actions in a channel: the shared report dialog opens with the message quoted, takes
 * a reason up to the API's limit, shows failures inside itself, closes on Escape, and the report reaches the
 * community's moderators. The dialog is the shell's, not the channel's, so it must close when the person switches
 * channel, and a report always names the channel and message it was opened for. Screenshots of the dialog in light
 * and dark; axe on it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { REASON_MAX } from "../../protocol/limits.ts";
import { api, register } from "../api.ts";
import { startServer, type TestServer } from "../harness.ts";
import { joinChannel } from "../realtime-client.ts";
import { axe, describeViolations, launch, screenshot, type TestBrowser } from "./browser.ts";
import { message, signedInPage } from "./conversation.ts";

type Tokens = { accessToken: string; refreshToken: string; user: { id: string } };
type ReportRow = { channelId: string; messageId: string; reason: string; scope: string; targetUserId: string };

let server: TestServer;
let tb: TestBrowser;
let owner: Tokens;
let bob: Page;
let communityId = "";
let general = "";
let random = "";

const call = (t: Tokens, method: string, path: string, body?: unknown) => api(server.url, method, path, { token: t.accessToken, body });

/** The owner posts `content` in `channelId` through the API; returns the message id. */
async function post(channelId: string, content: string): Promise<string> {
  const res = await call(owner, "POST", `/api/v1/channels/${channelId}/messages`, { content });
  expect(res.status).toBe(201);
  return res.body.id;
}

/** Hovers the newest message containing `text` and clicks its Report action. */
async function openReport(page: Page, text: string): Promise<void> {
  await message(page, text).hover();
  await page.getByRole("button", { name: "Report" }).click();
  await dialog(page).getByRole("heading", { name: "Report message" }).waitFor();
}

const dialog = (page: Page) => page.locator("hearth-report-dialog hearth-dialog");

/** The community's open reports, newest first, as its moderators see them. */
async function openReports(): Promise<ReportRow[]> {
  return (await call(owner, "GET", `/api/v1/communities/${communityId}/reports?status=open`)).body.reports;
}

/** The focused element, looking through shadow roots: `tag#id`. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return el ? `${el.localName}#${el.id}` : "";
  });
}

beforeAll(async () => {
  server = await startServer({ env: { RATE_LIMITS: "0", COMMUNITY_CREATION_MODE: "open" } });
  tb = await launch(server.url);
  owner = await register(server.url, undefined, { displayName: "Olive Owner" });
  const b = await register(server.url, undefined, { displayName: "Bob" });
  communityId = (await call(owner, "POST", "/api/v1/communities", { name: "Report Flow" })).body.id;
  const chans = await call(owner, "GET", `/api/v1/communities/${communityId}/channels`);
  general = chans.body.channels.find((c: { kind: string }) => c.kind === "text").id;
  random = (await call(owner, "POST", `/api/v1/communities/${communityId}/channels`, { name: "random", kind: "text" })).body.id;
  const invite = (await call(owner, "POST", `/api/v1/communities/${communityId}/invites`, {})).body.code;
  expect((await call(b, "POST", `/api/v1/invites/${invite}/accept`)).status).toBe(200);
  bob = await signedInPage(tb, b);
});
afterAll(async () => {
  await tb?.close();
  await server?.stop();
});

describe("reporting a message from the channel view", () => {
  it("sends a report from the message's actions that the community's moderators see in their queue", async () => {
    const messageId = await post(general, "Cheap followers at **spam.example**, DM me");
    await bob.goto(`/c/${communityId}/${general}`);
    await openReport(bob, "Cheap followers");
    // The one shared dialog: none of the channel view's own.
    expect(await bob.locator("hearth-channel-view hearth-dialog[open]").count()).toBe(0);
    await expect(dialog(bob).getByTestId("report-excerpt").innerText()).resolves.toBe("Cheap followers at spam.example, DM me");
    await dialog(bob).getByText("The community's moderators will see the message").waitFor();
    const reason = dialog(bob).getByLabel("What's wrong?");
    await expect.poll(() => focused(bob)).toBe("textarea#report-reason");
    await expect(reason.getAttribute("maxlength")).resolves.toBe(String(REASON_MAX));

    // Nothing written yet: say so inside the dialog and keep it open, until the person writes something.
    await dialog(bob).getByRole("button", { name: "Send report" }).click();
    await dialog(bob).getByRole("alert").getByText("Say briefly what's wrong").waitFor();
    await reason.fill("Spam: selling followers in every channel");
    await expect.poll(() => dialog(bob).getByRole("alert").count()).toBe(0);
    await screenshot(bob, "report-dialog-light");
    await bob.evaluate(() => (document.documentElement.dataset.theme = "dark"));
    await screenshot(bob, "report-dialog-dark");
    const violations = await axe(bob);
    expect(violations, describeViolations(violations)).toEqual([]);
    await bob.evaluate(() => (document.documentElement.dataset.theme = "light"));

    await dialog(bob).getByRole("button", { name: "Send report" }).click();
    await bob.getByText("Thanks. Your report was sent.").waitFor();
    expect(await dialog(bob).count()).toBe(0);

    const [report] = await openReports();
    expect(report).toMatchObject({ channelId: general, messageId, reason: "Spam: selling followers in every channel", scope: "community", targetUserId: owner.user.id });
    const ownerPage = await signedInPage(tb, owner);
    await ownerPage.goto(`/c/${communityId}/settings/reports`);
    await ownerPage.getByTestId("reports").getByText("Spam: selling followers in every channel").waitFor();
    await ownerPage.close();
  });

  it("shows why a report failed inside the dialog, keeps the reason, and closes on Escape", async () => {
    const messageId = await post(general, "Soon to be deleted");
    await message(bob, "Soon to be deleted").waitFor();
    await openReport(bob, "Soon to be deleted");
    await dialog(bob).getByLabel("What's wrong?").fill("Rude");
    // The author deletes it while the dialog is open.
    const room = await joinChannel(server.url, owner.accessToken, general);
    await room.socket.request({ type: "delete_message", messageId });
    room.socket.close();
    await dialog(bob).getByRole("button", { name: "Send report" }).click();
    await dialog(bob).getByRole("alert").getByText(/No such message in this channel/).waitFor();
    await expect(dialog(bob).getByLabel("What's wrong?").inputValue()).resolves.toBe("Rude");
    await bob.keyboard.press("Escape");
    await expect.poll(() => dialog(bob).count()).toBe(0);
    expect((await openReports()).some((r) => r.messageId === messageId)).toBe(false);
  });

  it("closes the report dialog when the person switches channel, so a report never names the wrong channel", async () => {
    const inGeneral = await post(general, "Said in general");
    const inRandom = await post(random, "Said in random");
    await message(bob, "Said in general").waitFor();
    await openReport(bob, "Said in general");
    await dialog(bob).getByRole("button", { name: "Send report" }).click();
    await dialog(bob).getByRole("alert").waitFor();
    // Alt+Up moves to the channel above (#random sorts first) from anywhere, the reason field included.
    await dialog(bob).getByLabel("What's wrong?").press("Alt+ArrowUp");
    await message(bob, "Said in random").waitFor();
    await expect.poll(() => dialog(bob).count()).toBe(0);

    // A report opened here shows this channel's message and nothing left from #general; Back to #general closes it.
    await openReport(bob, "Said in random");
    await expect(dialog(bob).getByTestId("report-excerpt").innerText()).resolves.toBe("Said in random");
    expect(await dialog(bob).getByRole("alert").count()).toBe(0);
    await bob.goBack();
    await message(bob, "Said in general").waitFor();
    await expect.poll(() => dialog(bob).count()).toBe(0);
    await bob.goForward();
    await openReport(bob, "Said in random");
    await dialog(bob).getByLabel("What's wrong?").fill("Written in random");
    await dialog(bob).getByRole("button", { name: "Send report" }).click();
    // The dialog closes once the report is stored (an earlier report's toast may still be showing).
    await expect.poll(() => dialog(bob).count()).toBe(0);
    await expect.poll(async () => (await openReports()).find((r) => r.reason === "Written in random")).toMatchObject({ channelId: random, messageId: inRandom });
    const reports = await openReports();
    expect(reports.some((r) => r.messageId === inGeneral)).toBe(false);
  });
});
