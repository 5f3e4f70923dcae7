/**
 * Link previews and the GIF picker in the browser (docs/api/embeds.md), against a fake web site and a fake Giphy
 * on localhost: Alice links an article and Bob sees its card (site, title as a link, description, the image through
 * the server's proxy, the page's colour) appear without a reload, with the list kept at the bottom; a GIF link is the
 * animated picture itself, the bare link hidden; links in code or <…> get no card; in an encrypted DM nobody asks
 * for a preview (no request leaves either browser, the site sees nothing); the GIF picker (trending, a search,
 * empty and failing searches, arrow keys, Escape) sends the GIF that Bob sees as a picture; a message from someone
 * without EMBED_LINKS gets no card, and they get no GIF button; a link far up the history is asked for only once
 * scrolled near. Screenshots light, dark and phone; axe.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { permissionBits, permissionsToString } from "../../protocol/permissions.ts";
import { api, register } from "../api.ts";
import { roleId } from "../community-fixtures.ts";
import { startServer, type TestServer } from "../harness.ts";
import { axe, describeViolations, launch, screenshot, type TestBrowser } from "./browser.ts";
import { dmPair, say, signedInPage } from "./conversation.ts";
import { png } from "./png.ts";

let site: http.Server;
let siteUrl = "";
/** Requests the fake site saw, by path and query. */
const hits = new Map<string, number>();
let server: TestServer;
let tb: TestBrowser;
let alice: Page;
let bob: Page;
let owner: Awaited<ReturnType<typeof register>>;
let member: Awaited<ReturnType<typeof register>>;
let communityId = "";
let general = "";

const COVER = png(1200, 630, [0xc2, 0x41, 0x0c]);
const THUMB = png(64, 64, [0x0f, 0x76, 0x6e]);

/**
 * A 2-frame looping GIF (stripes that move) of `width`×`height`, `width * height` even. The LZW stream stays in
 * 3-bit codes by sending a clear code before every two pixels, so the table never grows (valid, if not small).
 */
function animatedGif(width: number, height: number): Buffer {
  const palette = [0x5b, 0x21, 0xb6, 0xf5, 0x9e, 0x0b, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00];
  const screen = Buffer.alloc(7);
  screen.writeUInt16LE(width, 0);
  screen.writeUInt16LE(height, 2);
  screen[4] = 0x81; // a global colour table of 4 colours
  const loop = Buffer.concat([Buffer.from([0x21, 0xff, 0x0b]), Buffer.from("NETSCAPE2.0"), Buffer.from([0x03, 0x01, 0x00, 0x00, 0x00])]);
  const frame = (shift: number) => {
    const codes: number[] = [];
    for (let i = 0; i < width * height; i += 2) {
      const px = (j: number) => ((((j % width) + shift) >> 3) & 1 ? 0 : 1);
      codes.push(4, px(i), px(i + 1));
    }
    codes.push(5);
    const bytes: number[] = [];
    let acc = 0;
    let bits = 0;
    for (const c of codes) {
      acc |= c << bits;
      bits += 3;
      while (bits >= 8) {
        bytes.push(acc & 0xff);
        acc >>= 8;
        bits -= 8;
      }
    }
    if (bits) bytes.push(acc);
    const blocks: number[] = [2];
    for (let i = 0; i < bytes.length; i += 255) blocks.push(Math.min(255, bytes.length - i), ...bytes.slice(i, i + 255));
    blocks.push(0);
    const desc = Buffer.alloc(10);
    desc[0] = 0x2c;
    desc.writeUInt16LE(width, 5);
    desc.writeUInt16LE(height, 7);
    return Buffer.concat([Buffer.from([0x21, 0xf9, 0x04, 0x00, 40, 0x00, 0x00, 0x00]), desc, Buffer.from(blocks)]);
  };
  return Buffer.concat([Buffer.from("GIF89a"), screen, Buffer.from(palette), loop, frame(0), frame(8), Buffer.from([0x3b])]);
}
const DANCE = animatedGif(160, 90);

function page(head: string): string {
  return `<!doctype html><html><head>${head}</head><body></body></html>`;
}

beforeAll(async () => {
  site = http.createServer((req, res) => {
    const url = req.url ?? "/";
    const path = url.split("?")[0];
    hits.set(url, (hits.get(url) ?? 0) + 1);
    const send = (status: number, type: string, body: string | Buffer) => res.writeHead(status, { "content-type": type }).end(body);
    switch (path) {
      case "/article":
        return send(200, "text/html; charset=utf-8", page(`<title>Fallback</title>
          <meta property="og:title" content="Ten tips for better bread">
          <meta property="og:description" content="Crust, crumb and patience: what a year of baking every morning taught us about flour, water, salt and time. A long description that the card clamps to a few lines so one link never takes the whole screen, however much the page says about itself.">
          <meta property="og:site_name" content="Bakery Weekly">
          <meta property="og:image" content="/img/cover.png"><meta property="og:image:width" content="1200"><meta property="og:image:height" content="630">
          <meta name="theme-color" content="#C2410C">`));
      case "/recipe":
        return send(200, "text/html", page(`<meta property="og:title" content="Sourdough starter, day by day"><meta property="og:description" content="Flour and water."><meta property="og:image" content="/img/thumb.png"><meta property="og:site_name" content="Bakery Weekly">`));
      case "/private-plans":
        return send(200, "text/html", page(`<meta property="og:title" content="Nobody should fetch this">`));
      case "/img/cover.png":
        return send(200, "image/png", COVER);
      case "/img/thumb.png":
        return send(200, "image/png", THUMB);
      case "/dance.gif":
        return send(200, "image/gif", DANCE);
      case "/giphy/search":
      case "/giphy/trending": {
        const q = new URL(url, "http://x").searchParams;
        if (q.get("api_key") !== "test-key") return send(403, "application/json", "{}");
        const term = q.get("q") ?? "trending";
        if (term === "fail") return send(500, "application/json", "{}");
        const count = term === "nothing" ? 0 : 4;
        const data = Array.from({ length: count }, (_, k) => ({
          id: `${term}-${k + 1}`,
          title: `${term} gif ${k + 1}`,
          images: { original: { url: `${siteUrl}/dance.gif?gif=${encodeURIComponent(term)}-${k + 1}`, width: "160", height: "90" }, fixed_height: { url: `${siteUrl}/dance.gif?small=${k + 1}`, width: "356", height: "200" } },
        }));
        return send(200, "application/json", JSON.stringify({ data }));
      }
      default:
        return send(404, "text/plain", "no");
    }
  });
  await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  server = await startServer({
    env: { RATE_LIMITS: "0", COMMUNITY_CREATION_MODE: "open", LINK_PREVIEW_PRIVATE_HOSTS: "1", GIPHY_API_KEY: "test-key", GIF_SEARCH_URL: `${siteUrl}/giphy` },
  });
  tb = await launch(server.url);
  owner = await register(server.url, undefined, { displayName: "Alice" });
  member = await register(server.url, undefined, { displayName: "Bob" });
  const c = await api(server.url, "POST", "/api/v1/communities", { token: owner.accessToken, body: { name: "Bakers" } });
  communityId = c.body.id;
  const chans = await api(server.url, "GET", `/api/v1/communities/${communityId}/channels`, { token: owner.accessToken });
  general = chans.body.channels.find((ch: { kind: string }) => ch.kind === "text").id;
  const inv = await api(server.url, "POST", `/api/v1/communities/${communityId}/invites`, { token: owner.accessToken, body: {} });
  await api(server.url, "POST", `/api/v1/invites/${inv.body.code}/accept`, { token: member.accessToken, body: {} });
  alice = await signedInPage(tb, owner);
  bob = await signedInPage(tb, member);
}, 120_000);
afterAll(async () => {
  await tb?.close();
  await server?.stop();
  site?.close();
});

const composer = (p: Page) => p.getByRole("combobox", { name: /Message #/ });
const row = (p: Page, text: string) => p.getByTestId("message").filter({ hasText: text }).last();

async function post(p: Page, text: string) {
  await composer(p).fill(text);
  await composer(p).press("Enter");
}

/** Whether the message list is scrolled to its end. */
function atBottom(p: Page): Promise<boolean> {
  return p.getByRole("log").evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight < 2);
}

/** The accessible name (aria-label) of the element that has the focus, through shadow roots. */
function focusedLabel(p: Page): Promise<string | null> {
  return p.evaluate(() => {
    let a = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    return a?.getAttribute("aria-label") ?? null;
  });
}

/** The natural width of the first picture in `embed`, once loaded (0 until then). */
function loadedWidth(embed: ReturnType<Page["getByTestId"]>): Promise<number> {
  return embed.locator("img").first().evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0));
}

describe("link previews", () => {
  it("shows a page's card under the message for the other person, live, and keeps the list at the bottom", async () => {
    await alice.goto(`/c/${communityId}/${general}`);
    await bob.goto(`/c/${communityId}/${general}`);
    await alice.getByRole("log").waitFor();
    await bob.getByRole("log").waitFor();
    // Enough messages that the list scrolls, so "at the bottom" means something.
    for (let i = 1; i <= 12; i++) await post(alice, `Warming up the oven, step ${i}`);
    await row(bob, "step 12").waitFor();
    await post(alice, `Read this before Saturday: ${siteUrl}/article`);
    const card = row(bob, "Read this before Saturday").getByTestId("embed");
    await card.waitFor();
    expect(await card.getAttribute("data-kind")).toBe("link");
    const title = card.getByRole("link", { name: "Ten tips for better bread" });
    expect(await title.getAttribute("href")).toBe(`${siteUrl}/article`);
    expect(await title.getAttribute("target")).toBe("_blank");
    expect(await title.getAttribute("rel")).toBe("noopener noreferrer");
    await expect(card.innerText()).resolves.toContain("Bakery Weekly");
    await expect(card.getByTestId("embed-description").innerText()).resolves.toContain("Crust, crumb and patience");
    // The image comes through this server, not from the site, and is in.
    expect(await card.locator("img").getAttribute("src")).toMatch(/^\/api\/v1\/embeds\/image\?u=/);
    await expect.poll(() => loadedWidth(card)).toBe(1200);
    // The page's theme colour is the card's edge; a long description is clamped.
    expect(await card.evaluate((el) => getComputedStyle(el).borderLeftColor)).toBe("rgb(194, 65, 12)");
    const desc = await card.getByTestId("embed-description").evaluate((el) => ({ client: el.clientHeight, scroll: el.scrollHeight }));
    expect(desc.scroll).toBeGreaterThan(desc.client);
    // A 1200 px wide image sits large under the text, at its aspect ratio (432 px card, less borders and padding).
    const pic = await card.getByRole("button", { name: /Open image from/ }).boundingBox();
    expect(pic!.width).toBeGreaterThan(380);
    expect(Math.abs(pic!.height - (pic!.width * 630) / 1200)).toBeLessThan(2);
    await expect.poll(() => atBottom(bob)).toBe(true);
    await expect.poll(() => atBottom(alice)).toBe(true);
    // Alice's own message gets its card too.
    await row(alice, "Read this before Saturday").getByTestId("embed").waitFor();
  });

  it("shows a narrow image as a thumbnail beside the text, and opens it whole", async () => {
    await post(alice, `And the starter: ${siteUrl}/recipe`);
    const card = row(bob, "And the starter").getByTestId("embed");
    await expect.poll(() => loadedWidth(card)).toBe(64);
    const pic = await card.getByRole("button", { name: /Open image from/ }).boundingBox();
    expect(pic).toMatchObject({ width: 80, height: 80 });
    await card.getByRole("button", { name: /Open image from/ }).click();
    await bob.getByTestId("lightbox").waitFor();
    await bob.keyboard.press("Escape");
    await expect.poll(() => bob.getByTestId("lightbox").count()).toBe(0);
  });

  it("shows a GIF link as the animated picture itself, without the bare link", async () => {
    await post(alice, `${siteUrl}/dance.gif`);
    const picture = bob.getByRole("button", { name: "Open image dance.gif" }).last();
    await expect.poll(() => loadedWidth(picture)).toBe(160);
    expect(await picture.getAttribute("data-kind")).toBe("image");
    // An image message's address is not shown; the picture stands for it.
    const gifRow = bob.getByTestId("message").filter({ has: picture });
    expect(await gifRow.getByTestId("message-content").count()).toBe(0);
    // What the browser got is the animated GIF (two frames, looping), through the proxy.
    const got = await picture.locator("img").evaluate(async (img: HTMLImageElement) => {
      const res = await fetch(img.src);
      const bytes = new Uint8Array(await res.arrayBuffer());
      return { type: res.headers.get("content-type"), netscape: new TextDecoder("latin1").decode(bytes).includes("NETSCAPE2.0"), frames: bytes.filter((b, i) => b === 0x2c && bytes[i - 8] === 0x21 && bytes[i - 7] === 0xf9).length };
    });
    expect(got).toEqual({ type: "image/gif", netscape: true, frames: 2 });
    expect(await picture.boundingBox()).toMatchObject({ width: 160, height: 90 });
    await expect.poll(() => atBottom(bob)).toBe(true);
    await screenshot(bob, "embeds-light");
    const violations = await axe(bob);
    expect(violations, describeViolations(violations)).toEqual([]);
  });

  it("gives no card to a link in code or written <…>", async () => {
    await post(alice, `Not these: \`${siteUrl}/article?code\` and <${siteUrl}/article?quiet>`);
    const quiet = row(bob, "Not these");
    await quiet.waitFor();
    // A later link's card arriving shows the quiet one had its chance.
    await post(alice, `But this one: ${siteUrl}/article?loud`);
    await row(bob, "But this one").getByTestId("embed").waitFor();
    expect(await quiet.getByTestId("embed").count()).toBe(0);
    expect(hits.get("/article?code")).toBeUndefined();
    expect(hits.get("/article?quiet")).toBeUndefined();
  });
});

describe("encrypted conversations", () => {
  it("asks for no preview and offers no GIFs in an encrypted DM", async () => {
    const { b, dm, alice: a, bob: bb } = await dmPair(server, tb);
    const asked: string[] = [];
    for (const p of [a, bb]) p.on("request", (r) => void (r.url().includes("/api/v1/embeds") && asked.push(r.url())));
    await bb.goto(`/dm/${dm}`);
    await bb.getByRole("log").waitFor();
    await expect.poll(async () => (await server.sql("select 1 from device_keys where user_id = $1 and revoked_at is null", [b.user.id])).length).toBe(1);
    await a.goto(`/dm/${dm}`);
    await a.getByRole("log").waitFor();
    await say(a, `Our plans: ${siteUrl}/private-plans`);
    const got = bb.getByTestId("message-content").filter({ hasText: "Our plans" }).last();
    await got.waitFor();
    // The link is there, as a link, and nothing else.
    await got.getByRole("link", { name: `${siteUrl}/private-plans` }).waitFor();
    await say(a, `${siteUrl}/dance.gif`);
    await bb.getByTestId("message-content").filter({ hasText: "dance.gif" }).waitFor();
    await new Promise((r) => setTimeout(r, 1500));
    expect(await bb.getByTestId("embed").count()).toBe(0);
    expect(await a.getByTestId("embed").count()).toBe(0);
    expect(asked).toEqual([]);
    expect(hits.get("/private-plans")).toBeUndefined();
    expect(await server.sql("select url from link_embeds where url like $1", ["%private-plans%"])).toEqual([]);
    expect(await a.getByRole("button", { name: "GIFs" }).count()).toBe(0);
    await a.context().close();
    await bb.context().close();
  });
});

describe("the GIF picker", () => {
  it("shows trending, searches, says when nothing is found or the search fails, and Escape closes it", async () => {
    const button = alice.getByRole("button", { name: "GIFs" });
    await button.click();
    const picker = alice.getByRole("dialog", { name: "GIFs" });
    await picker.waitFor();
    await expect.poll(() => picker.getByTestId("gif-result").count()).toBe(4);
    await picker.getByRole("button", { name: "trending gif 1" }).waitFor();
    await expect(picker.innerText()).resolves.toMatch(/trending[\s\S]*Powered by GIPHY/i);
    await expect.poll(() => picker.getByTestId("gif-result").first().locator("img").evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(160);
    // The search field has focus; typing searches once the person pauses.
    await alice.keyboard.type("nothing");
    await picker.getByTestId("gif-empty").waitFor();
    await expect(picker.getByTestId("gif-empty").innerText()).resolves.toContain("No GIFs found for “nothing”");
    await picker.getByRole("searchbox", { name: "Search GIFs" }).fill("fail");
    await picker.getByRole("alert").waitFor();
    await expect(picker.getByRole("alert").innerText()).resolves.toMatch(/isn't answering/);
    await alice.keyboard.press("Escape");
    await picker.waitFor({ state: "detached" });
    await expect.poll(() => focusedLabel(alice)).toBe("GIFs");
    expect(await button.getAttribute("aria-expanded")).toBe("false");
  });

  it("sends the GIF chosen with the keyboard, which the other person sees as the picture", async () => {
    const gifsBefore = await bob.getByRole("button", { name: "Open image dance.gif" }).count();
    await alice.getByRole("button", { name: "GIFs" }).click();
    const picker = alice.getByRole("dialog", { name: "GIFs" });
    await picker.getByRole("button", { name: "trending gif 1" }).waitFor();
    await picker.getByRole("searchbox", { name: "Search GIFs" }).fill("happy cat");
    await picker.getByRole("button", { name: "happy cat gif 1" }).waitFor();
    await screenshot(alice, "embeds-gif-picker-light");
    const violations = await axe(alice);
    expect(violations, describeViolations(violations)).toEqual([]);
    // Down from the field to the first result, Right to the second, Down to the fourth, Enter sends it.
    await picker.getByRole("searchbox", { name: "Search GIFs" }).press("ArrowDown");
    await alice.keyboard.press("ArrowRight");
    await alice.keyboard.press("ArrowDown");
    await alice.keyboard.press("Enter");
    await picker.waitFor({ state: "detached" });
    const sent = `${siteUrl}/dance.gif?gif=happy%20cat-4`;
    await expect.poll(async () => (await server.sql<{ content: string }>("select content from messages where channel_id = $1 order by created_at desc limit 1", [general]))[0]?.content).toBe(sent);
    await expect.poll(() => bob.getByRole("button", { name: "Open image dance.gif" }).count()).toBe(gifsBefore + 1);
    await expect.poll(() => loadedWidth(bob.getByRole("button", { name: "Open image dance.gif" }).last())).toBe(160);
    await expect.poll(() => atBottom(bob)).toBe(true);
    // The composer has the focus back, empty.
    await expect(composer(alice).inputValue()).resolves.toBe("");
    await expect.poll(() => focusedLabel(alice)).toMatch(/^Message #/);
  });
});

describe("EMBED_LINKS", () => {
  it("shows no card for a message from someone who may not embed links, and gives them no GIF button", async () => {
    const quiet = (await api(server.url, "POST", `/api/v1/communities/${communityId}/channels`, { token: owner.accessToken, body: { name: "no-previews", kind: "text" } })).body.id;
    const everyone = await roleId(server, owner, communityId, "@everyone");
    const deny = await api(server.url, "PUT", `/api/v1/channels/${quiet}/overrides/role/${everyone}`, { token: owner.accessToken, body: { allow: "0", deny: permissionsToString(permissionBits("EMBED_LINKS")) } });
    expect(deny.status).toBeLessThan(300);
    await alice.goto(`/c/${communityId}/${quiet}`);
    await bob.goto(`/c/${communityId}/${quiet}`);
    await bob.getByRole("log").waitFor();
    await composer(bob).waitFor();
    expect(await bob.getByRole("button", { name: "GIFs" }).count()).toBe(0);
    await post(bob, `Look: ${siteUrl}/article?denied`);
    const got = row(alice, "Look:");
    await got.getByRole("link", { name: `${siteUrl}/article?denied` }).waitFor();
    // Alice, the owner, may embed links: her card comes, and by then Bob's would have.
    await post(alice, `Mine: ${siteUrl}/article?allowed`);
    await row(bob, "Mine:").getByTestId("embed").waitFor();
    expect(await got.getByTestId("embed").count()).toBe(0);
    expect(await row(bob, "Look:").getByTestId("embed").count()).toBe(0);
    expect(hits.get("/article?denied")).toBeUndefined();
  });
});

describe("looks", () => {
  it("reads well in dark and on a phone, and passes axe", async () => {
    await bob.goto(`/c/${communityId}/${general}`);
    const picture = bob.getByTestId("embed").last();
    await expect.poll(() => loadedWidth(picture)).toBe(160);
    await row(bob, "Read this before Saturday").scrollIntoViewIfNeeded();
    await bob.evaluate(() => (document.documentElement.dataset.theme = "dark"));
    await screenshot(bob, "embeds-dark");
    const violations = await axe(bob);
    expect(violations, describeViolations(violations)).toEqual([]);
    await bob.evaluate(() => delete document.documentElement.dataset.theme);

    const { page: phone } = await tb.newUser({ mobile: true });
    await phone.goto("/login");
    await phone.evaluate((s) => localStorage.setItem("hearth.session", s), await bob.evaluate(() => localStorage.getItem("hearth.session")!));
    await phone.goto(`/c/${communityId}/${general}`);
    const card = row(phone, "Read this before Saturday").getByTestId("embed");
    await card.scrollIntoViewIfNeeded();
    await expect.poll(() => loadedWidth(card)).toBe(1200);
    const box = await card.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    await screenshot(phone, "embeds-phone");
    await composer(phone).waitFor();
    await phone.getByRole("button", { name: "GIFs" }).click();
    await phone.getByRole("button", { name: "trending gif 1" }).waitFor();
    const picker = await phone.getByRole("dialog", { name: "GIFs" }).boundingBox();
    expect(picker!.y).toBeGreaterThanOrEqual(0);
    expect(picker!.x).toBeGreaterThanOrEqual(0);
    expect(picker!.x + picker!.width).toBeLessThanOrEqual(390);
    await screenshot(phone, "embeds-gif-picker-phone");
    const phoneViolations = await axe(phone);
    expect(phoneViolations, describeViolations(phoneViolations)).toEqual([]);
  });
});

describe("asking lazily", () => {
  it("asks for a link's preview only once its message nears the view", async () => {
    const history = (await api(server.url, "POST", `/api/v1/communities/${communityId}/channels`, { token: owner.accessToken, body: { name: "archive", kind: "text" } })).body.id;
    const send = (content: string, i: number) => api(server.url, "POST", `/api/v1/channels/${history}/messages`, { token: owner.accessToken, body: { nonce: `lazy-${i}`, content } });
    await send(`From long ago: ${siteUrl}/article?old`, 0);
    // Three lines each: 30 of them put the first message well over a screen and the 600 px margin away.
    for (let i = 1; i <= 30; i++) await send(`Filler ${i}\nsecond line\nthird line`, i);
    await send(`Just now: ${siteUrl}/article?recent`, 31);
    // Alice's own messages are not unread to her, so the channel opens at its end (Bob's would open at the first unread).
    await alice.goto(`/c/${communityId}/${history}`);
    await row(alice, "Just now").getByTestId("embed").waitFor();
    await row(alice, "From long ago").waitFor({ state: "attached" });
    // Had it been asked for with the recent one, the site would have seen it by now.
    await new Promise((r) => setTimeout(r, 500));
    expect(hits.get("/article?old")).toBeUndefined();
    await alice.getByRole("log").evaluate((el) => (el.scrollTop = 0));
    await row(alice, "From long ago").getByTestId("embed").waitFor();
    expect(hits.get("/article?old")).toBe(1);
  });
});
