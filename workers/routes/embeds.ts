/**
 * Link previews, the image proxy and GIF search (docs/api/embeds.md):
 *   GET /api/v1/embeds?url=URL          → { embed: EmbedView | null }   (signed in)
 *   GET /api/v1/embeds/image?u=URL&s=SIG → the remote image, through us (a signed address this server gave out)
 *   GET /api/v1/gifs?q=TEXT&limit=N      → { gifs: GifView[] }           (signed in; 503 when not set up)
 * Previews are fetched once per link and kept (schema/embeds.ts): a day when they worked, an hour when not.
 */
import { eq, sql } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { MAX_EMBED_URL_CHARS, MAX_GIF_QUERY_CHARS, type GifView } from "../../protocol/embeds.ts";
import { linkEmbeds } from "../../schema/index.ts";
import type { AppEnv, Env } from "../env.ts";
import { AppError } from "../errors.ts";
import { fetchEmbed, FETCH_TIMEOUT_MS, httpUrl, webFetch } from "../embeds/fetch-embed.ts";
import { proxiedImageUrl, proxyImage, validSignature } from "../embeds/image-proxy.ts";
import { requireAuth } from "../http/auth-middleware.ts";
import { query } from "../http/validate.ts";

const EMBED_TTL_MS = 24 * 3600_000;
const FAILED_EMBED_TTL_MS = 3600_000;
const DEFAULT_GIF_SEARCH_URL = "https://api.giphy.com/v1/gifs";

const linkQuery = z.object({ url: z.string().min(1).max(MAX_EMBED_URL_CHARS).refine((u) => httpUrl(u) !== null, "An http(s) URL.") }).strict();
const imageQuery = z.object({ u: z.string().min(1).max(MAX_EMBED_URL_CHARS * 2), s: z.string().min(1).max(64) }).strict();
const gifQuery = z.object({ q: z.string().trim().max(MAX_GIF_QUERY_CHARS).optional(), limit: z.coerce.number().int().min(1).max(50).default(24) }).strict();

export function linkPreviewsOn(env: Pick<Env, "LINK_PREVIEWS">): boolean {
  return env.LINK_PREVIEWS !== "off";
}

export function gifSearchOn(env: Pick<Env, "GIPHY_API_KEY">): boolean {
  return !!env.GIPHY_API_KEY;
}

export const embedRoutes = new Hono<AppEnv>();

embedRoutes.get("/", requireAuth, async (c) => {
  const { url } = query(c, linkQuery);
  if (!linkPreviewsOn(c.env)) return c.json({ embed: null });
  const db = await c.var.db.get();
  const [cached] = await db.select().from(linkEmbeds).where(eq(linkEmbeds.url, url));
  const age = cached ? Date.now() - cached.fetchedAt.getTime() : Infinity;
  if (cached && age < (cached.embed ? EMBED_TTL_MS : FAILED_EMBED_TTL_MS)) return c.json({ embed: cached.embed });
  const embed = await fetchEmbed(webFetch(c.env), httpUrl(url)!, (image) => proxiedImageUrl(c.env, image));
  await db
    .insert(linkEmbeds)
    .values({ url, embed, fetchedAt: new Date() })
    .onConflictDoUpdate({ target: linkEmbeds.url, set: { embed: sql`excluded.embed`, fetchedAt: sql`excluded.fetched_at` } });
  return c.json({ embed });
});

embedRoutes.get("/image", async (c) => {
  const { u, s } = query(c, imageQuery);
  if (!linkPreviewsOn(c.env) && !gifSearchOn(c.env)) throw new AppError(404, "not_found", "Link previews are off on this server.");
  if (!(await validSignature(c.env, u, s))) throw new AppError(404, "not_found", "Nothing exists at this address.");
  const res = await proxyImage(webFetch(c.env), u);
  if (!res) throw new AppError(404, "not_found", "The image could not be fetched, or it is not a PNG, JPEG, GIF or WebP image under 8 MiB.");
  return res;
});

interface GiphyImage {
  url?: string;
  width?: string;
  height?: string;
}
interface GiphyResult {
  id?: string;
  title?: string;
  images?: { original?: GiphyImage; fixed_height?: GiphyImage; fixed_height_small?: GiphyImage };
}

export const gifRoutes = new Hono<AppEnv>();

gifRoutes.get("/", requireAuth, async (c) => {
  const { q, limit } = query(c, gifQuery);
  if (!gifSearchOn(c.env)) throw new AppError(503, "service_unavailable", "GIF search is not set up on this server (GIPHY_API_KEY).");
  const base = (c.env.GIF_SEARCH_URL || DEFAULT_GIF_SEARCH_URL).replace(/\/+$/, "");
  const params = new URLSearchParams({ api_key: c.env.GIPHY_API_KEY!, limit: String(limit), rating: "pg-13" });
  if (q) params.set("q", q);
  let body: { data?: GiphyResult[] };
  try {
    const res = await webFetch(c.env).fetch(`${base}/${q ? "search" : "trending"}?${params}`, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), headers: { accept: "application/json" } });
    if (!res.ok) throw new Error(`answered ${res.status}`);
    body = await res.json();
  } catch (err) {
    console.error("gif search failed:", (err as Error).message);
    throw new AppError(503, "service_unavailable", "GIF search is not answering; try again in a moment.");
  }
  const gifs: GifView[] = [];
  for (const r of Array.isArray(body.data) ? body.data : []) {
    const original = httpUrl(r.images?.original?.url ?? "");
    const small = r.images?.fixed_height ?? r.images?.fixed_height_small;
    const preview = httpUrl(small?.url ?? "");
    const width = Number(small?.width);
    const height = Number(small?.height);
    if (!original || !preview || !(width > 0) || !(height > 0) || typeof r.id !== "string") continue;
    gifs.push({ id: r.id, title: String(r.title ?? "").slice(0, 200), url: original.href, preview: await proxiedImageUrl(c.env, preview), width, height });
  }
  return c.json({ gifs });
});

/** What the client offers (GET /instance). */
export function embedFeatures(env: Env): { linkPreviews: boolean; gifSearch: boolean } {
  return { linkPreviews: linkPreviewsOn(env), gifSearch: gifSearchOn(env) };
}
