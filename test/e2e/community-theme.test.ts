/**
 * A community's theme: its owner writes colour variables in Community settings → Overview (a line that is not one
 * is named under the field and Save waits), the preview wears them, and once saved Bob sees the community in those
 * colours (its sidebar and conversation, not the rail) until he turns community themes off in Appearance. A group
 * gets an emoji and a colour in its editor, which the sidebar shows before its name.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { api } from "../api.ts";
import { startServer, type TestServer } from "../harness.ts";
import { axe, describeViolations, launch, screenshot, type TestBrowser } from "./browser.ts";
import { communityPair } from "./conversation.ts";

let server: TestServer;
let tb: TestBrowser;
let alice: Page;
let bob: Page;
let communityId = "";
let channelUrl = "";

const THEME = ":root {\n  --bg-main: #10151c;\n  --bg-side: #161d26;\n  --fg: #e6edf3;\n  --accent: #2ea043;\n}";

beforeAll(async () => {
  server = await startServer({ env: { RATE_LIMITS: "0", COMMUNITY_CREATION_MODE: "open" } });
  tb = await launch(server.url);
  let general = "";
  ({ alice, bob, communityId, general } = await communityPair(server, tb, "Night Owls"));
  channelUrl = `/c/${communityId}/${general}`;
});
afterAll(async () => {
  await tb?.close();
  await server?.stop();
});

/** The background colour the conversation pane is drawn in. */
const mainBg = (page: Page) => page.locator("hearth-shell .main").evaluate((el) => getComputedStyle(el).backgroundColor);

describe("a community theme", () => {
  it("is written in Overview, checked line by line, and previewed", async () => {
    await alice.goto(`/c/${communityId}/settings/overview`);
    const field = alice.getByLabel("Theme");
    await field.fill("--bg-main: #10151c;\n--font: Comic Sans;");
    await expect(alice.getByTestId("theme-error").innerText()).resolves.toContain('line 2: "--font" is not a theme colour');
    await expect(alice.getByRole("button", { name: "Save changes" }).isDisabled()).resolves.toBe(true);
    await field.fill(THEME);
    await alice.getByTestId("theme-error").waitFor({ state: "detached" });
    await expect.poll(() => alice.getByLabel("Preview").evaluate((el) => getComputedStyle(el).getPropertyValue("--bg-side").trim())).toBe("#161d26");
    const violations = await axe(alice);
    expect(violations, describeViolations(violations)).toEqual([]);
    await alice.getByRole("button", { name: "Save changes" }).click();
    await alice.getByText("Community saved.").waitFor();
    const stored = await api(server.url, "GET", `/api/v1/communities/${communityId}`, { token: (await alice.evaluate(() => JSON.parse(localStorage.getItem("hearth.session")!).accessToken)) as string });
    expect(stored.body.themeCss).toBe("--bg-main: #10151c;\n--bg-side: #161d26;\n--fg: #e6edf3;\n--accent: #2ea043;");
  });

  it("dresses the community for Bob, but not the rail or other places, until he turns themes off", async () => {
    await bob.goto(channelUrl);
    await bob.getByRole("log").waitFor();
    await expect.poll(() => mainBg(bob)).toBe("rgb(16, 21, 28)");
    await expect(bob.locator("hearth-shell .side").evaluate((el) => getComputedStyle(el).backgroundColor)).resolves.toBe("rgb(22, 29, 38)");
    await expect(bob.locator("hearth-rail").evaluate((el) => getComputedStyle(el).getPropertyValue("--bg-side").trim())).resolves.not.toBe("#161d26");
    await bob.waitForTimeout(500);
    await screenshot(bob, "community-theme");
    // Home is not the community's.
    await bob.goto("/");
    await expect.poll(() => mainBg(bob)).not.toBe("rgb(16, 21, 28)");

    await bob.goto("/settings/appearance");
    await bob.getByRole("switch", { name: "Show community themes" }).uncheck({ force: true });
    await bob.goto(channelUrl);
    await bob.getByRole("log").waitFor();
    await expect.poll(() => mainBg(bob)).not.toBe("rgb(16, 21, 28)");
  });
});

describe("a group's marks", () => {
  it("are set in its editor and shown before its name in everyone's sidebar", async () => {
    await alice.goto(`/c/${communityId}/settings/channels`);
    await alice.getByRole("button", { name: "Edit group Text Channels" }).click();
    await alice.getByLabel("Icon").fill("💬");
    await alice.getByRole("group", { name: "Group colour" }).getByRole("button", { name: "Colour #e67e22" }).click();
    await alice.getByRole("button", { name: "Save changes" }).click();
    await alice.getByText("Group saved.").waitFor();
    await bob.goto(channelUrl);
    const header = bob.locator("hearth-sidebar button.group", { hasText: "Text Channels" });
    await expect.poll(() => header.locator(".gicon").innerText().catch(() => "")).toBe("💬");
    await expect(header.evaluate((el) => getComputedStyle(el).boxShadow)).resolves.toContain("rgb(230, 126, 34)");
    await screenshot(bob, "group-marks");
  });
});
