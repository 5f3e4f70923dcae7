/**
 * Call backgrounds (Settings → Appearance → Call background): Alice picks a painted preset and her voice channel
 * shows it behind the call with light text; she uses a picture of her own (scaled down and kept in this browser,
 * nothing uploaded), which becomes the chosen one and survives a reload; removing it brings back none.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { api, register } from "../api.ts";
import { startServer, type TestServer } from "../harness.ts";
import { axe, describeViolations, launch, screenshot, type TestBrowser } from "./browser.ts";
import { signedInPage } from "./conversation.ts";
import { png } from "./png.ts";

let server: TestServer;
let tb: TestBrowser;
let alice: Page;
let voiceUrl = "";

beforeAll(async () => {
  server = await startServer({ env: { RATE_LIMITS: "0", COMMUNITY_CREATION_MODE: "open" } });
  tb = await launch(server.url);
  const a = await register(server.url, undefined, { displayName: "Alice" });
  const communityId = (await api(server.url, "POST", "/api/v1/communities", { token: a.accessToken, body: { name: "Backdrops" } })).body.id;
  const chans = await api(server.url, "GET", `/api/v1/communities/${communityId}/channels`, { token: a.accessToken });
  voiceUrl = `/c/${communityId}/${chans.body.channels.find((ch: { kind: string }) => ch.kind === "voice").id}`;
  alice = await signedInPage(tb, a);
});
afterAll(async () => {
  await tb?.close();
  await server?.stop();
});

const room = () => alice.getByTestId("call-room");

describe("call backgrounds", () => {
  it("paints the call with a preset chosen in Appearance, with light text over it", async () => {
    await alice.goto(voiceUrl);
    await expect(room().getAttribute("data-background")).resolves.toBe("none");
    await alice.goto("/settings/appearance");
    const group = alice.getByRole("radiogroup", { name: "Call background" });
    await expect.poll(() => group.getByRole("radio").count()).toBe(7);
    await group.getByText("Aurora").click();
    const violations = await axe(alice);
    expect(violations, describeViolations(violations)).toEqual([]);
    await alice.goto(voiceUrl);
    await expect.poll(() => room().getAttribute("data-background")).toBe("aurora");
    expect(await room().evaluate((el) => getComputedStyle(el).backgroundImage)).toContain("gradient");
    expect(await room().getByRole("heading").evaluate((el) => getComputedStyle(el).color)).toBe("rgb(255, 255, 255)");
    await screenshot(alice, "call-background-aurora");
  });

  it("uses a picture of one's own, kept in this browser across a reload, until it is removed", async () => {
    await alice.goto("/settings/appearance");
    const uploads: string[] = [];
    // Nothing is uploaded: no request carries a picture anywhere.
    alice.on("request", (r) => (r.method() === "PUT" || (r.postData()?.length ?? 0) > 10_000) && uploads.push(r.url()));
    await alice.getByLabel("Choose a call background picture").setInputFiles({ name: "beach.png", mimeType: "image/png", buffer: png(2400, 1200, [0x20, 0x80, 0xc0]) });
    const mine = alice.getByRole("radiogroup", { name: "Call background" }).getByRole("radio", { name: "Your picture" });
    await expect.poll(() => mine.isChecked()).toBe(true);
    expect(uploads).toEqual([]);
    await alice.goto(voiceUrl);
    await expect.poll(() => room().getAttribute("data-background")).toBe("custom");
    expect(await room().evaluate((el) => getComputedStyle(el).backgroundImage)).toMatch(/^url\("data:image\/jpeg;base64,/);
    // Scaled to at most 1600 px on its longer side before it is kept.
    const width = await room().evaluate(async (el) => {
      const img = new Image();
      img.src = getComputedStyle(el).backgroundImage.slice(5, -2);
      await img.decode();
      return img.naturalWidth;
    });
    expect(width).toBe(1600);
    await alice.reload();
    await expect.poll(() => room().getAttribute("data-background")).toBe("custom");

    await alice.goto("/settings/appearance");
    await alice.getByRole("button", { name: "Remove picture" }).click();
    await expect(mine.count()).resolves.toBe(0);
    await expect(alice.getByRole("radiogroup", { name: "Call background" }).getByRole("radio", { name: "None" }).isChecked()).resolves.toBe(true);
  });
});
