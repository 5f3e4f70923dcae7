/**
 * Fetching what a link previews as (docs/api/embeds.md): the page's Open Graph and HTML metadata read with the
 * runtime's streaming HTML parser (HTMLRewriter), or the link itself when it is an image. Every fetch goes through
 * WEB_FETCH where it is bound: under workerd a network service that reaches the public internet only, checked when
 * the connection is made (scripts/workerd-config.ts), so no name can aim a preview at this box or its LAN.
 * Redirects are followed by hand (a few, http(s) only), pages are read up to MAX_HTML_BYTES, and nothing waits
 * longer than FETCH_TIMEOUT_MS.
 */
import type { EmbedView } from "../../protocol/embeds.ts";
import type { Env } from "../env.ts";

export const FETCH_TIMEOUT_MS = 5_000;
export const MAX_HTML_BYTES = 512 * 1024;
const MAX_REDIRECTS = 3;
const MAX_TEXT_CHARS = 300;
export const IMAGE_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp"];

export interface WebFetch {
  fetch(input: string, init?: RequestInit): Promise<Response>;
}

/** The outbound fetcher: the public-only network service under workerd, the runtime's fetch on Cloudflare. */
export function webFetch(env: Pick<Env, "WEB_FETCH">): WebFetch {
  return env.WEB_FETCH ?? { fetch: (input, init) => fetch(input, init) };
}

/** An http(s) URL, or null. */
export function httpUrl(raw: string, base?: string): URL | null {
  if (!raw.trim()) return null;
  try {
    const u = new URL(raw, base);
    return u.protocol === "http:" || u.protocol === "https:" ? u : null;
  } catch {
    return null;
  }
}

/**
 * GET `url`, following up to MAX_REDIRECTS redirects to other http(s) URLs; null when it cannot be reached, times
 * out, or answers with anything but 2xx. The caller reads (and so must cancel or consume) the body.
 */
export async function fetchFollowing(web: WebFetch, url: URL, accept: string, signal: AbortSignal): Promise<{ res: Response; url: URL } | null> {
  let at = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    let res: Response;
    try {
      res = await web.fetch(at.href, { redirect: "manual", signal, headers: { accept, "user-agent": "HearthBot/1.0 (link previews; +https://github.com/hearth)" } });
    } catch {
      return null;
    }
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel();
      const next = httpUrl(res.headers.get("location") ?? "", at.href);
      if (!next) return null;
      at = next;
      continue;
    }
    if (!res.ok) {
      await res.body?.cancel();
      return null;
    }
    return { res, url: at };
  }
  return null;
}

/** The body cut after `max` bytes (the rest is not read). */
export function truncated(body: ReadableStream<Uint8Array>, max: number): ReadableStream<Uint8Array> {
  let seen = 0;
  const reader = body.getReader();
  return new ReadableStream({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done || seen >= max) {
        controller.close();
        if (!done) await reader.cancel();
        return;
      }
      const take = value.subarray(0, Math.max(0, max - seen));
      seen += value.byteLength;
      controller.enqueue(take);
    },
    cancel: () => reader.cancel(),
  });
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/** Text as people read it: entities decoded, whitespace folded, at most MAX_TEXT_CHARS. */
export function cleanText(raw: string | undefined): string | null {
  if (!raw) return null;
  const decoded = raw.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === "#") {
      const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
  const text = decoded.replace(/[\p{Cc}\s]+/gu, " ").trim();
  if (!text) return null;
  const points = Array.from(text);
  return points.length <= MAX_TEXT_CHARS ? text : `${points.slice(0, MAX_TEXT_CHARS - 1).join("")}…`;
}

/** The page's metadata: <meta property|name content> (first of each) and <title>. */
async function readMeta(res: Response): Promise<{ meta: Map<string, string>; title: string }> {
  const meta = new Map<string, string>();
  let title = "";
  let inTitle = true;
  const rewriter = new HTMLRewriter()
    .on("meta", {
      element(el) {
        const key = (el.getAttribute("property") ?? el.getAttribute("name") ?? "").toLowerCase();
        const content = el.getAttribute("content");
        if (key && content && !meta.has(key)) meta.set(key, content);
      },
    })
    .on("title", {
      text(t) {
        if (inTitle) title += t.text;
        if (t.lastInTextNode) inTitle = false;
      },
    });
  await rewriter.transform(new Response(truncated(res.body!, MAX_HTML_BYTES), { headers: { "content-type": "text/html" } })).arrayBuffer();
  return { meta, title };
}

function dimension(v: string | undefined): number | null {
  const n = v ? Number.parseInt(v, 10) : NaN;
  return Number.isInteger(n) && n > 0 && n < 100_000 ? n : null;
}

/**
 * What `url` previews as, or null (unreachable, not a page or image, nothing to show). `proxied` turns a remote
 * image's address into one served through this server.
 */
export async function fetchEmbed(web: WebFetch, url: URL, proxied: (image: URL) => Promise<string>): Promise<EmbedView | null> {
  const signal = AbortSignal.timeout(FETCH_TIMEOUT_MS);
  const got = await fetchFollowing(web, url, "text/html,application/xhtml+xml,image/*;q=0.8", signal);
  if (!got) return null;
  const type = (got.res.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  const base = { url: url.href, siteName: null, title: null, description: null, color: null };
  if (IMAGE_TYPES.includes(type)) {
    await got.res.body?.cancel();
    return { ...base, kind: "image", image: { url: await proxied(got.url), width: null, height: null } };
  }
  if (type !== "text/html" && type !== "application/xhtml+xml") {
    await got.res.body?.cancel();
    return null;
  }
  let page;
  try {
    page = await readMeta(got.res);
  } catch {
    return null;
  }
  const m = (k: string) => page.meta.get(k);
  const imageUrl = httpUrl(m("og:image") ?? m("og:image:url") ?? m("twitter:image") ?? "", got.url.href);
  const embed: EmbedView = {
    ...base,
    kind: "link",
    siteName: cleanText(m("og:site_name")) ?? got.url.hostname,
    title: cleanText(m("og:title") ?? m("twitter:title") ?? page.title),
    description: cleanText(m("og:description") ?? m("twitter:description") ?? m("description")),
    image: imageUrl ? { url: await proxied(imageUrl), width: dimension(m("og:image:width")), height: dimension(m("og:image:height")) } : null,
    color: /^#[0-9a-f]{6}$/i.test(m("theme-color") ?? "") ? m("theme-color")!.toLowerCase() : null,
  };
  return embed.title || embed.description || embed.image ? embed : null;
}
