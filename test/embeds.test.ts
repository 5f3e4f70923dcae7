/**
 * Link previews, the image proxy and GIF search against the real bundle, with a fake web site and a fake Giphy on
 * localhost (docs/api/embeds.md): a page's card (Open Graph, entities, relative image, theme colour), an image link,
 * redirects, what gives no preview, caching, the proxy serving only addresses the server signed, GIF results, the
 * EMBED_LINKS flag on messages, and (on a second server with default settings) that previews never reach this box.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { permissionBits, permissionsToString } from "../protocol/permissions.ts";
import { register } from "./api.ts";
import { expectError, expectNoServerErrors } from "./auth-helpers.ts";
import { caller, channelsOf, community, type TestUser } from "./community-fixtures.ts";
import { startServer, type TestServer } from "./harness.ts";
import { png } from "./e2e/png.ts";

let site: http.Server;
let siteUrl = "";
const hits = new Map<string, number>();
let server: TestServer;
let alice: TestUser, bob: TestUser;

const COVER = png(120, 60);
const GIF = Buffer.from("GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;", "latin1");

function page(head: string, body = ""): string {
  return `<!doctype html><html><head>${head}</head><body>${body}</body></html>`;
}

beforeAll(async () => {
  site = http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const send = (status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}) => res.writeHead(status, { "content-type": type, ...headers }).end(body);
    switch (path) {
      case "/article":
        return send(200, "text/html; charset=utf-8", page(`<title>Fallback title</title>
          <meta property="og:title" content="Ten tips for &quot;better&quot; bread &amp; butter">
          <meta property="og:description" content="  Crust,   crumb and\n patience.  ">
          <meta property="og:site_name" content="Bakery Weekly">
          <meta property="og:image" content="/img/cover.png"><meta property="og:image:width" content="1200"><meta property="og:image:height" content="630">
          <meta name="theme-color" content="#C2410C">`));
      case "/titled":
        return send(200, "text/html", page("<title>Just a &lt;title&gt;</title>"));
      case "/img/cover.png":
        return send(200, "image/png", COVER);
      case "/cat.gif":
        return send(200, "image/gif", GIF);
      case "/redirect":
        return send(302, "text/plain", "", { location: "/article" });
      case "/loop":
        return send(302, "text/plain", "", { location: "/loop" });
      case "/plain.txt":
        return send(200, "text/plain", "just text");
      case "/empty":
        return send(200, "text/html", page(""));
      case "/svg":
        return send(200, "image/svg+xml", `<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`);
      case "/big":
        return send(200, "text/html", `<!doctype html><html><head>${"<!-- padding -->".repeat(40_000)}<meta property="og:title" content="Too far down"></head></html>`);
      case "/giphy/search":
      case "/giphy/trending": {
        const q = new URL(req.url!, "http://x").searchParams;
        if (q.get("api_key") !== "test-key") return send(403, "application/json", "{}");
        const term = q.get("q") ?? "trending";
        const data = [1, 2].map((i) => ({
          id: `${term}-${i}`,
          title: `${term} gif ${i}`,
          images: { original: { url: `${siteUrl}/cat.gif?i=${i}`, width: "480", height: "270" }, fixed_height: { url: `${siteUrl}/cat.gif?small=${i}`, width: "356", height: "200" } },
        }));
        return send(200, "application/json", JSON.stringify({ data: [...data, { id: "broken", images: {} }] }));
      }
      default:
        return send(404, "text/plain", "no");
    }
  });
  await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  server = await startServer({
    env: { COMMUNITY_CREATION_MODE: "open", RATE_LIMITS: "0", LINK_PREVIEW_PRIVATE_HOSTS: "1", GIPHY_API_KEY: "test-key", GIF_SEARCH_URL: `${siteUrl}/giphy/` },
  });
  [alice, bob] = [await register(server.url), await register(server.url)];
});
afterAll(async () => {
  expectNoServerErrors(server);
  await server?.stop();
  site?.close();
});

const call = (user: TestUser | null, method: string, p: string, body?: unknown) => caller(server)(user, method, p, body);
const embedOf = async (url: string) => (await call(alice, "GET", `/api/v1/embeds?url=${encodeURIComponent(url)}`)).body.embed;

describe("link previews", () => {
  it("reads a page's card: title, description, site, colour and its image through this server", async () => {
    const embed = await embedOf(`${siteUrl}/article`);
    expect(embed).toMatchObject({
      url: `${siteUrl}/article`,
      kind: "link",
      siteName: "Bakery Weekly",
      title: 'Ten tips for "better" bread & butter',
      description: "Crust, crumb and patience.",
      color: "#c2410c",
      image: { width: 1200, height: 630 },
    });
    expect(embed.image.url).toMatch(/^\/api\/v1\/embeds\/image\?u=/);
    // The image comes from this server (no auth needed: an <img> sends none), byte for byte.
    const img = await fetch(`${server.url}${embed.image.url}`);
    expect(img.status).toBe(200);
    expect(img.headers.get("content-type")).toBe("image/png");
    expect(img.headers.get("content-security-policy")).toContain("sandbox");
    expect(Buffer.from(await img.arrayBuffer())).toEqual(COVER);
  });

  it("keeps a preview: a second ask does not fetch the page again", async () => {
    const before = hits.get("/article") ?? 0;
    await embedOf(`${siteUrl}/article`);
    expect(hits.get("/article")).toBe(before);
  });

  it("previews an image link as the image, follows redirects, falls back to <title>", async () => {
    expect(await embedOf(`${siteUrl}/cat.gif`)).toMatchObject({ kind: "image", title: null, image: { url: expect.stringMatching(/^\/api\/v1\/embeds\/image/) } });
    expect(await embedOf(`${siteUrl}/redirect`)).toMatchObject({ url: `${siteUrl}/redirect`, title: 'Ten tips for "better" bread & butter' });
    expect(await embedOf(`${siteUrl}/titled`)).toMatchObject({ title: "Just a <title>", siteName: "127.0.0.1", image: null });
  });

  it("gives no preview for what has nothing to show or cannot be reached", async () => {
    for (const p of ["/plain.txt", "/empty", "/loop", "/svg", "/missing", "/big"]) expect(await embedOf(`${siteUrl}${p}`), p).toBeNull();
    expect(await embedOf("http://127.0.0.1:9/nothing-listens")).toBeNull();
  });

  it("refuses bad requests", async () => {
    expectError(await call(alice, "GET", `/api/v1/embeds?url=${encodeURIComponent("javascript:alert(1)")}`), 400, "invalid_query");
    expectError(await call(alice, "GET", `/api/v1/embeds?url=${encodeURIComponent("file:///etc/passwd")}`), 400, "invalid_query");
    expectError(await call(alice, "GET", `/api/v1/embeds`), 400, "invalid_query");
    expectError(await call(null, "GET", `/api/v1/embeds?url=${encodeURIComponent(siteUrl)}`), 401, "unauthorized");
  });

  it("proxies only addresses it signed, and only images", async () => {
    const embed = await embedOf(`${siteUrl}/article`);
    const forged = embed.image.url.replace(/u=[^&]+/, `u=${encodeURIComponent(`${siteUrl}/cat.gif`)}`);
    expect((await fetch(`${server.url}${forged}`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/v1/embeds/image?u=${encodeURIComponent(`${siteUrl}/cat.gif`)}&s=AAAAAAAAAAAAAAAAAAAAAA`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/v1/embeds/image`)).status).toBe(400);
  });
});

describe("messages and EMBED_LINKS", () => {
  it("marks a message whose author may not embed links, so clients show no preview for it", async () => {
    const owner = await register(server.url);
    const communityId = await community(server, owner, [alice, bob]);
    const general = (await channelsOf(server, owner, communityId)).channels.find((c: { name: string }) => c.name === "general")!.id;
    const withEmbeds = await call(alice, "POST", `/api/v1/channels/${general}/messages`, { content: `look ${siteUrl}/article` });
    expect(withEmbeds.body.message.suppressEmbeds).toBe(false);
    const roles = await call(owner, "GET", `/api/v1/communities/${communityId}/roles`);
    const everyone = roles.body.roles.find((r: { isEveryone: boolean }) => r.isEveryone).id;
    await call(owner, "PUT", `/api/v1/channels/${general}/overrides/role/${everyone}`, { allow: "0", deny: permissionsToString(permissionBits("EMBED_LINKS")) });
    const without = await call(alice, "POST", `/api/v1/channels/${general}/messages`, { content: `again ${siteUrl}/article` });
    expect(without.body.message.suppressEmbeds).toBe(true);
    const history = await call(bob, "GET", `/api/v1/channels/${general}/messages`);
    expect(history.body.messages.map((m: { suppressEmbeds: boolean }) => m.suppressEmbeds)).toEqual([false, true]);
  });
});

describe("GIF search", () => {
  it("searches the configured service and gives results with proxied previews", async () => {
    const res = await call(bob, "GET", `/api/v1/gifs?q=${encodeURIComponent("happy cat")}&limit=2`);
    expect(res.status).toBe(200);
    expect(res.body.gifs).toHaveLength(2);
    expect(res.body.gifs[0]).toMatchObject({ id: "happy cat-1", title: "happy cat gif 1", url: `${siteUrl}/cat.gif?i=1`, width: 356, height: 200 });
    const preview = await fetch(`${server.url}${res.body.gifs[0].preview}`);
    expect(preview.headers.get("content-type")).toBe("image/gif");
    const trending = await call(bob, "GET", `/api/v1/gifs`);
    expect(trending.body.gifs[0].id).toBe("trending-1");
    expectError(await call(bob, "GET", `/api/v1/gifs?limit=500`), 400, "invalid_query");
    expect((await call(null, "GET", `/api/v1/gifs?q=x`)).status).toBe(401);
  });

  it("says what is on in GET /instance", async () => {
    expect((await call(null, "GET", "/api/v1/instance")).body).toMatchObject({ linkPreviews: true, gifSearch: true });
  });
});

describe("default settings", () => {
  it("never fetch from this box or its network, and GIF search is off without a key", async () => {
    const plain = await startServer({ env: { RATE_LIMITS: "0" } });
    try {
      const u = await register(plain.url);
      const c = caller(plain);
      const before = hits.get("/article") ?? 0;
      const res = await c(u, "GET", `/api/v1/embeds?url=${encodeURIComponent(`${siteUrl}/article?again`)}`);
      expect(res.status).toBe(200);
      expect(res.body.embed).toBeNull();
      expect(hits.get("/article") ?? 0).toBe(before);
      expectError(await c(u, "GET", "/api/v1/gifs?q=cat"), 503, "service_unavailable");
      expect((await c(null, "GET", "/api/v1/instance")).body).toMatchObject({ linkPreviews: true, gifSearch: false });
    } finally {
      await plain.stop();
    }
  });
});
