/**
 * Voice and video calls in the browser: two people (two contexts, Chromium's fake microphone and camera) open the
 * General voice channel from the sidebar, join, see each other, connect peer to peer (audio arriving), see a mute
 * and a camera from the other side, keep the call while reading a text channel (voice panel, sidebar roster), and
 * see the other leave. Screenshots of the call in light, dark and at phone width; axe on the call screen.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { api, register, uniqueName } from "../api.ts";
import { startServer, type TestServer } from "../harness.ts";
import { axe, describeViolations, launch, screenshot, type TestBrowser } from "./browser.ts";
import { signedInPage } from "./conversation.ts";

let server: TestServer;
let tb: TestBrowser;
let alice: Page;
let bob: Page;
let carolTokens: { accessToken: string; refreshToken: string; user: { id: string } };
let aliceId = "";
let bobId = "";
let communityId = "";
let general = "";
let voice = "";

/** Someone's tile in the call as `page` shows it. */
const tile = (page: Page, userId: string) => page.locator(`hearth-voice-view hearth-call-tile[data-user="${userId}"]`);
const controls = (page: Page) => page.locator("hearth-voice-view").getByRole("group", { name: "Call controls" });

/** Whether the <video> in someone's tile is playing frames (a stream attached, data for the current frame, not paused). */
function videoPlaying(page: Page, userId: string): Promise<boolean> {
  return tile(page, userId).evaluate((el) => {
    const v = el.shadowRoot?.querySelector("video");
    return !!v && !!v.srcObject && !v.paused && v.readyState >= 2 && v.videoWidth > 0;
  });
}

async function joinFromSidebar(page: Page) {
  await page.goto(`/c/${communityId}/${general}`);
  await page.getByRole("log").waitFor();
  await page.locator(`hearth-sidebar a[data-channel="${voice}"]`).click();
  await page.waitForURL(`**/c/${communityId}/${voice}`);
  await page.getByTestId("channel-title").filter({ hasText: "General" }).waitFor();
  await page.getByRole("button", { name: "Join voice" }).click();
  await controls(page).waitFor();
}

beforeAll(async () => {
  server = await startServer({ env: { RATE_LIMITS: "0", COMMUNITY_CREATION_MODE: "open" } });
  tb = await launch(server.url, { args: ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", "--autoplay-policy=no-user-gesture-required"] });
  const a = await register(server.url, uniqueName("alice"), { displayName: "Alice" });
  const b = await register(server.url, uniqueName("bob"), { displayName: "Bob" });
  aliceId = a.user.id;
  bobId = b.user.id;
  communityId = (await api(server.url, "POST", "/api/v1/communities", { token: a.accessToken, body: { name: "Call Café" } })).body.id;
  const chans = (await api(server.url, "GET", `/api/v1/communities/${communityId}/channels`, { token: a.accessToken })).body.channels as { id: string; kind: string; name: string }[];
  general = chans.find((c) => c.kind === "text")!.id;
  voice = chans.find((c) => c.kind === "voice" && c.name === "General")!.id;
  const inv = await api(server.url, "POST", `/api/v1/communities/${communityId}/invites`, { token: a.accessToken, body: {} });
  expect((await api(server.url, "POST", `/api/v1/invites/${inv.body.code}/accept`, { token: b.accessToken })).status).toBe(200);
  carolTokens = await register(server.url, uniqueName("carol"), { displayName: "Carol" });
  expect((await api(server.url, "POST", `/api/v1/invites/${inv.body.code}/accept`, { token: carolTokens.accessToken })).status).toBe(200);
  alice = await signedInPage(tb, a);
  // Alice's sockets are kept where the test can drop one, as a network would.
  await alice.addInitScript(() => {
    const Native = WebSocket;
    const all: WebSocket[] = [];
    (window as unknown as { __sockets: WebSocket[] }).__sockets = all;
    window.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        all.push(this);
      }
    } as typeof WebSocket;
  });
  bob = await signedInPage(tb, b);
});
afterAll(async () => {
  await tb?.close();
  await server?.stop();
});

describe("voice calls between two people", () => {
  it("opens the voice view from the sidebar, joins, and connects both ways with audio", async () => {
    await joinFromSidebar(alice);
    await tile(alice, aliceId).waitFor();
    await joinFromSidebar(bob);
    await tile(bob, aliceId).waitFor();
    await tile(alice, bobId).waitFor();
    // Connected peer to peer, the other side's microphone track arrived.
    await expect.poll(() => tile(alice, bobId).getAttribute("data-connected"), { timeout: 20_000 }).toBe("true");
    await expect.poll(() => tile(bob, aliceId).getAttribute("data-connected"), { timeout: 20_000 }).toBe("true");
    await expect.poll(() => controls(alice).getByRole("button", { name: "Mute" }).getAttribute("aria-pressed")).toBe("false");
    // The fake microphone beeps: each side sees the other speak at some point.
    // (Watched from inside the page: a beep's speaking state can come and go between two polls from here.)
    const spoke = await tile(bob, aliceId).evaluate(
      (el) =>
        new Promise<boolean>((resolve) => {
          if (el.hasAttribute("speaking")) return resolve(true);
          const seen = new MutationObserver(() => el.hasAttribute("speaking") && (seen.disconnect(), resolve(true)));
          seen.observe(el, { attributes: true, attributeFilter: ["speaking"] });
          setTimeout(() => (seen.disconnect(), resolve(false)), 20_000);
        }),
    );
    expect(spoke).toBe(true);
  });

  it("shows the other side's mute", async () => {
    await controls(bob).getByRole("button", { name: "Mute" }).click();
    await expect.poll(() => controls(bob).getByRole("button", { name: "Mute" }).getAttribute("aria-pressed")).toBe("true");
    await expect.poll(() => tile(alice, bobId).getAttribute("data-muted")).toBe("true");
    await tile(alice, bobId).locator('[data-icon="muted"]').waitFor();
    await controls(bob).getByRole("button", { name: "Mute" }).click();
    await expect.poll(() => tile(alice, bobId).getAttribute("data-muted")).toBe("false");
  });

  it("shows the other side's camera as a playing video, and takes it away when it goes off", async () => {
    await controls(bob).getByRole("button", { name: "Camera" }).click();
    await expect.poll(() => videoPlaying(bob, bobId), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => videoPlaying(alice, bobId), { timeout: 20_000 }).toBe(true);
    await screenshot(alice, "calls-light");
    await alice.evaluate(() => (document.documentElement.dataset.theme = "dark"));
    await screenshot(alice, "calls-dark");
    const v = await axe(alice);
    expect(v, describeViolations(v)).toEqual([]);
    await alice.evaluate(() => (document.documentElement.dataset.theme = "light"));
    await controls(bob).getByRole("button", { name: "Camera" }).click();
    await expect.poll(() => tile(alice, bobId).evaluate((el) => !!el.shadowRoot?.querySelector("video"))).toBe(false);
  });

  it("shows a shared screen as its own tile, gone when the sharer stops", async () => {
    await controls(bob).getByRole("button", { name: "Share screen" }).click();
    // Pressed once the browser has handed over the screen (getDisplayMedia answers asynchronously).
    await expect.poll(() => controls(bob).getByRole("button", { name: "Share screen" }).getAttribute("aria-pressed")).toBe("true");
    const shared = alice.locator(`hearth-voice-view hearth-call-tile[data-screen="${bobId}"]`);
    await shared.waitFor({ timeout: 20_000 });
    await expect.poll(() => shared.evaluate((el) => { const v = el.shadowRoot?.querySelector("video"); return !!v && v.readyState >= 2 && v.videoWidth > 0; }), { timeout: 20_000 }).toBe(true);
    await screenshot(alice, "calls-screen-share");
    // The browser's own "Stop sharing" ends the track (fires "ended", which stop() from script does not).
    await bob.locator(`hearth-voice-view hearth-call-tile[data-screen="${bobId}"]`).evaluate((el) => {
      const track = (el as unknown as { stream: MediaStream }).stream.getVideoTracks()[0];
      track.stop();
      track.dispatchEvent(new Event("ended"));
    });
    await expect.poll(() => controls(bob).getByRole("button", { name: "Share screen" }).getAttribute("aria-pressed")).toBe("false");
    await expect.poll(() => shared.count(), { timeout: 10_000 }).toBe(0);
  });

  it("comes back by itself after the call socket drops, with new peer connections", async () => {
    const before = await tile(bob, aliceId).getAttribute("data-participant");
    await alice.evaluate(() => {
      const open = (window as unknown as { __sockets: WebSocket[] }).__sockets.filter((w) => w.url.includes("/call/ws") && w.readyState === WebSocket.OPEN);
      for (const w of open) w.close(4000, "test drop");
    });
    // A new participant id, connected again on both sides.
    await expect.poll(() => tile(bob, aliceId).getAttribute("data-participant"), { timeout: 15_000 }).not.toBe(before);
    await expect.poll(() => tile(bob, aliceId).getAttribute("data-connected"), { timeout: 20_000 }).toBe("true");
    await expect.poll(() => tile(alice, bobId).getAttribute("data-connected"), { timeout: 20_000 }).toBe("true");
    await expect(tile(bob, aliceId).count()).resolves.toBe(1);
  });

  it("keeps the call while reading a text channel: the voice panel and the sidebar list who is in it", async () => {
    await alice.locator(`hearth-sidebar a[data-channel="${general}"]`).click();
    await alice.getByRole("log").waitFor();
    const panel = alice.getByTestId("voice-panel");
    await expect.poll(() => panel.innerText()).toContain("Voice connected");
    const roster = alice.locator(`hearth-sidebar [data-voice-roster="${voice}"]`);
    await expect.poll(() => roster.innerText()).toContain("Bob");
    await expect(roster.innerText()).resolves.toContain("Alice");
    // Bob still hears Alice: her connection did not drop when she left the view.
    await expect(tile(bob, aliceId).getAttribute("data-connected")).resolves.toBe("true");
    await alice.setViewportSize({ width: 390, height: 780 });
    await alice.getByRole("button", { name: "Open navigation" }).click();
    await alice.locator(`hearth-sidebar a[data-channel="${voice}"]`).click();
    await tile(alice, bobId).waitFor();
    await screenshot(alice, "calls-phone");
    await alice.setViewportSize({ width: 1280, height: 800 });
  });

  it("joins listening only, muted and told why, when the microphone is refused", async () => {
    const carol = await signedInPage(tb, carolTokens);
    await carol.addInitScript(() => {
      navigator.mediaDevices.getUserMedia = (c) => (c?.audio ? Promise.reject(new DOMException("denied", "NotAllowedError")) : Promise.reject(new DOMException("none", "NotFoundError")));
    });
    await joinFromSidebar(carol);
    await carol.getByRole("status").filter({ hasText: "Microphone access was refused" }).waitFor();
    await expect.poll(() => controls(carol).getByRole("button", { name: "Mute" }).getAttribute("aria-pressed")).toBe("true");
    await expect.poll(() => tile(alice, carolTokens.user.id).getAttribute("data-muted")).toBe("true");
    // Listening works: Alice's audio reaches Carol.
    await expect.poll(() => tile(carol, aliceId).getAttribute("data-connected"), { timeout: 20_000 }).toBe("true");
    await controls(carol).getByRole("button", { name: "Leave call" }).click();
    await expect.poll(() => tile(alice, carolTokens.user.id).count()).toBe(0);
    await carol.context().close();
  });

  it("removes someone's tile on the other side when they leave", async () => {
    await controls(bob).getByRole("button", { name: "Leave call" }).click();
    await bob.getByRole("button", { name: "Join voice" }).waitFor();
    await expect.poll(() => tile(alice, bobId).count()).toBe(0);
    await expect(bob.getByTestId("voice-panel").count()).resolves.toBe(0);
    await screenshot(bob, "calls-lobby");
    await alice.getByTestId("voice-panel").getByRole("button", { name: "Disconnect" }).click();
    await alice.getByRole("button", { name: "Join voice" }).waitFor();
  });
});
