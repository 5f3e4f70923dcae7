/**
 * Desktop notifications (docs/web.md "Notifications"): Alice turns them on in Settings → Notifications, then a DM
 * from Bob (sealed and sent over REST by the test) and a mention in a channel she is not looking at each show one
 * notification with the right title, a click on it opens the conversation, and a muted channel or the "Nothing"
 * choice shows none. The beep is counted by wrapping AudioContext's createOscillator. `window.Notification` is replaced by a stub that records what the page shows.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { deviceRegistration, generateDeviceSecrets, seal, type DeviceSecrets, type PublicDevice } from "../../protocol/e2ee.ts";
import { api, register, uniqueName } from "../api.ts";
import { startServer, type TestServer } from "../harness.ts";
import { launch, screenshot, type TestBrowser } from "./browser.ts";

let server: TestServer;
let tb: TestBrowser;
let alice: Page;
let aliceId = "";
let bob: Awaited<ReturnType<typeof register>>;
let bobDevice: { secrets: DeviceSecrets; pub: PublicDevice };
let communityId = "";
let general = "";
let random = "";
let news = "";
let dm = "";

/** Records every notification the page shows, with permission granted and requests answered "granted". */
const NOTIFICATION_STUB = `
  window.__notes = [];
  window.__asked = 0;
  class RecordingNotification {
    static permission = "granted";
    static requestPermission() { window.__asked++; return Promise.resolve("granted"); }
    constructor(title, options = {}) {
      this.title = title;
      this.body = options.body;
      this.tag = options.tag;
      this.onclick = null;
      window.__notes.push(this);
    }
    close() { this.closed = true; }
  }
  window.Notification = RecordingNotification;
  window.__beeps = 0;
  const createOscillator = AudioContext.prototype.createOscillator;
  AudioContext.prototype.createOscillator = function () { window.__beeps++; return createOscillator.call(this); };
`;

interface Note {
  title: string;
  body: string;
  tag: string;
}
const notes = (): Promise<Note[]> => alice.evaluate(() => (window as unknown as { __notes: Note[] }).__notes.map(({ title, body, tag }) => ({ title, body, tag })));

const beeps = (): Promise<number> => alice.evaluate(() => (window as unknown as { __beeps: number }).__beeps);

const post = (path: string, body: unknown) => api(server.url, "POST", path, { token: bob.accessToken, body });

/** Bob mentions Alice in a community channel, over REST. */
async function mentionAlice(channelId: string, nonce: string): Promise<void> {
  const res = await post(`/api/v1/channels/${channelId}/messages`, { content: `<@${aliceId}> look at this`, nonce });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

/** Waits for the sidebar's mention badge of `channelId`: proof the hub's count reached Alice's page. */
async function mentionBadge(channelId: string): Promise<void> {
  await alice.locator(`a[data-channel="${channelId}"]`).getByLabel(/mentions/).waitFor({ timeout: 10_000 });
}

async function openChannel(channelId: string): Promise<void> {
  await alice.goto(`/c/${communityId}/${channelId}`);
  await alice.getByRole("log").waitFor();
}

beforeAll(async () => {
  server = await startServer({ env: { RATE_LIMITS: "0", COMMUNITY_CREATION_MODE: "open" } });
  tb = await launch(server.url);
  const a = await register(server.url, uniqueName("alice"), { displayName: "Alice" });
  bob = await register(server.url, uniqueName("bob"), { displayName: "Bob" });
  aliceId = a.user.id;
  const call = (token: string, method: string, path: string, body?: unknown) => api(server.url, method, path, { token, body });
  communityId = (await call(a.accessToken, "POST", "/api/v1/communities", { name: "Notify Café" })).body.id;
  const chans = await call(a.accessToken, "GET", `/api/v1/communities/${communityId}/channels`);
  general = chans.body.channels.find((c: { kind: string }) => c.kind === "text").id;
  random = (await call(a.accessToken, "POST", `/api/v1/communities/${communityId}/channels`, { name: "random", kind: "text" })).body.id;
  news = (await call(a.accessToken, "POST", `/api/v1/communities/${communityId}/channels`, { name: "news", kind: "text" })).body.id;
  const inv = await call(a.accessToken, "POST", `/api/v1/communities/${communityId}/invites`, {});
  expect((await call(bob.accessToken, "POST", `/api/v1/invites/${inv.body.code}/accept`)).status).toBe(200);
  dm = (await call(bob.accessToken, "POST", "/api/v1/dms", { userId: aliceId })).body.id;
  const secrets = generateDeviceSecrets();
  const registered = await call(bob.accessToken, "POST", "/api/v1/devices", deviceRegistration(secrets, bob.user.id));
  expect(registered.status).toBe(201);
  bobDevice = { secrets, pub: registered.body };

  const { context, page } = await tb.newUser();
  await context.grantPermissions(["notifications"], { origin: server.url });
  await page.addInitScript(NOTIFICATION_STUB);
  await page.goto("/login");
  await page.evaluate((s) => localStorage.setItem("hearth.session", s), JSON.stringify({ accessToken: a.accessToken, refreshToken: a.refreshToken }));
  alice = page;
});
afterAll(async () => {
  await tb?.close();
  await server?.stop();
});

describe("desktop notifications", () => {
  it("are turned on in Settings → Notifications, asking the browser's permission", async () => {
    await alice.goto("/settings/notifications");
    const toggle = alice.getByRole("switch", { name: "Desktop notifications" });
    await expect(toggle.isChecked()).resolves.toBe(false);
    await toggle.check({ force: true });
    await expect.poll(() => toggle.isChecked()).toBe(true);
    expect(await alice.evaluate(() => (window as unknown as { __asked: number }).__asked)).toBe(1);
    await alice.getByText("Allowed by this browser.").waitFor();
    await expect(alice.getByRole("radio", { name: "Direct messages and mentions" }).isChecked()).resolves.toBe(true);
    // Turning the sound on plays it once, so the person hears what it is.
    await alice.getByRole("switch", { name: "Sound" }).check({ force: true });
    await expect.poll(beeps).toBe(1);
    await screenshot(alice, "settings-notifications");
  });

  it("show a DM from Bob while Alice reads a channel, titled with his name and no text, and open the DM on click", async () => {
    await openChannel(general);
    // Alice's browser registers its encryption device as the app starts; Bob seals for it.
    await expect.poll(async () => (await server.sql("select 1 from device_keys where user_id = $1 and revoked_at is null", [aliceId])).length, { timeout: 10_000 }).toBe(1);
    const devices: PublicDevice[] = (await api(server.url, "GET", `/api/v1/channels/${dm}/devices`, { token: bob.accessToken })).body.devices;
    const nonce = "notify-dm-1";
    const envelope = seal({ channelId: dm, messageNonce: nonce, sender: { deviceId: bobDevice.pub.id, secrets: bobDevice.secrets }, recipients: devices.map((d) => ({ deviceId: d.id, x25519: Buffer.from(d.x25519, "base64url") })), payload: { content: "the secret plan", mentions: [] } });
    const sent = await post(`/api/v1/channels/${dm}/messages`, { envelope, nonce });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);

    await expect.poll(notes, { timeout: 10_000 }).toEqual([{ title: "Bob", body: "New message", tag: dm }]);
    // (openChannel loaded the page afresh, so this counts the DM's beep alone.)
    expect(await beeps()).toBe(1);
    await alice.evaluate(() => (window as unknown as { __notes: { onclick: () => void }[] }).__notes[0].onclick());
    await alice.waitForURL(`**/dm/${dm}`);
  });

  it("show a mention in another channel, titled with the community and channel", async () => {
    // Alice is in the DM (opened by the click above).
    await alice.getByRole("log").waitFor();
    await mentionAlice(general, "notify-mention-1");
    await expect.poll(async () => (await notes()).filter((n) => n.tag === general), { timeout: 10_000 }).toEqual([{ title: "Notify Café · #general", body: "You were mentioned", tag: general }]);
  });

  it("never show for a muted channel", async () => {
    await openChannel(random);
    const bell = alice.getByRole("button", { name: "Notification settings", exact: true });
    await bell.click();
    const menu = alice.getByRole("menu", { name: "Notifications for #random" });
    await expect(menu.getByRole("menuitemradio", { name: /^Default/ }).getAttribute("aria-checked")).resolves.toBe("true");
    await screenshot(alice, "notify-menu-channel");
    await menu.getByRole("menuitemradio", { name: /^Mute/ }).click();
    await menu.waitFor({ state: "detached" });
    await expect.poll(() => bell.getAttribute("title")).toBe("Notifications muted");
    // The sidebar dims it and marks it muted.
    await alice.locator(`a.ch.muted[data-channel="${random}"]`).getByLabel("muted").waitFor();
    await openChannel(general);
    const before = (await notes()).length;
    await mentionAlice(random, "notify-muted-1");
    await mentionBadge(random);
    await alice.waitForTimeout(300);
    expect(await notes()).toHaveLength(before);
    expect(await beeps()).toBe(0);
  });

  it("follow a community's own level, a channel's over it, and a muted community", async () => {
    await openChannel(general);
    const message = async (channelId: string, nonce: string) => expect((await post(`/api/v1/channels/${channelId}/messages`, { content: "plain news", nonce })).status).toBe(201);
    // With the default (mentions), a plain message in #news does not notify.
    const before = (await notes()).length;
    await message(news, "notify-plain-1");
    await alice.locator(`a.ch.unread[data-channel="${news}"]`).waitFor();
    await alice.waitForTimeout(300);
    expect(await notes()).toHaveLength(before);
    // The community set to All messages: the next one does.
    await alice.getByRole("button", { name: "Notification settings for this community" }).click();
    const menu = alice.getByRole("menu", { name: "Notifications for Notify Café" });
    await menu.getByRole("menuitemradio", { name: /^All messages/ }).click();
    await message(news, "notify-plain-2");
    await expect.poll(async () => (await notes()).filter((n) => n.tag === news), { timeout: 10_000 }).toEqual([{ title: "Notify Café · #news", body: "New message", tag: news }]);
    // #news set to Only @mentions wins over its community's choice.
    await openChannel(news);
    await alice.getByRole("button", { name: "Notification settings", exact: true }).click();
    const channelMenu = alice.getByRole("menu", { name: "Notifications for #news" });
    await expect(channelMenu.getByRole("menuitemradio", { name: /^Default/ }).innerText()).resolves.toContain("All messages");
    await channelMenu.getByRole("menuitemradio", { name: /^Only @mentions/ }).click();
    await openChannel(general);
    const after = (await notes()).length;
    await message(news, "notify-plain-3");
    await alice.locator(`a.ch.unread[data-channel="${news}"]`).waitFor();
    await alice.waitForTimeout(300);
    expect(await notes()).toHaveLength(after);
    // A muted community: not even a mention, and its icon in the rail shows no unread mark.
    await alice.getByRole("button", { name: "Notification settings for this community" }).click();
    await alice.getByRole("menu", { name: "Notifications for Notify Café" }).getByRole("menuitemradio", { name: /^Mute/ }).click();
    await mentionAlice(news, "notify-community-muted-1");
    await mentionBadge(news);
    await alice.waitForTimeout(300);
    expect(await notes()).toHaveLength(after);
    await expect(alice.locator("hearth-rail .item.unread").count()).resolves.toBe(0);
    // Back to the defaults, for the next test.
    await alice.getByRole("button", { name: "Notification settings for this community" }).click();
    await alice.getByRole("menu", { name: "Notifications for Notify Café" }).getByRole("menuitemradio", { name: /^Default/ }).click();
    await openChannel(news);
    await alice.getByRole("button", { name: "Notification settings", exact: true }).click();
    await alice.getByRole("menu", { name: "Notifications for #news" }).getByRole("menuitemradio", { name: /^Default/ }).click();
  });

  it("never show with 'Nothing' chosen", async () => {
    await alice.goto("/settings/notifications");
    await alice.getByRole("radio", { name: "Nothing" }).check();
    await openChannel(general);
    const before = (await notes()).length;
    await mentionAlice(news, "notify-nothing-1");
    await mentionBadge(news);
    await alice.waitForTimeout(300);
    expect(await notes()).toHaveLength(before);
    expect(await beeps()).toBe(0);
  });
});
