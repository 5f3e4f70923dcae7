import type { Context } from "hono";
import type { AppEnv } from "../env.ts";

const TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  mjs: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  json: "application/json",
  webmanifest: "application/manifest+json",
  svg: "image/svg+xml",
  png: "image/png",
  ico: "image/x-icon",
  woff2: "font/woff2",
  txt: "text/plain; charset=utf-8",
  map: "application/json",
};

/**
 * Serves the built client. workerd's disk service answers every file as application/octet-stream and does not
 * map "/" to index.html, so this sets types and sends every app route (/c/..., /dm/..., /invite/...) to the
 * shell. Hashed assets are immutable; the shell and the service worker must always be revalidated.
 */
export async function serveStatic(c: Context<AppEnv>): Promise<Response> {
  const url = new URL(c.req.url);
  const path = url.pathname;
  const ext = path.includes(".") ? path.slice(path.lastIndexOf(".") + 1).toLowerCase() : "";
  const isFile = ext !== "" && ext in TYPES;
  const target = isFile ? path : "/index.html";
  const res = await c.env.ASSETS.fetch(new URL(target, url.origin).toString(), { method: c.req.method === "HEAD" ? "HEAD" : "GET" });
  if (!res.ok) {
    if (isFile) return c.json({ error: { code: "not_found", message: `No file at ${path}.` } }, 404);
    return c.json({ error: { code: "service_unavailable", message: "The web client is not built: run `npm run build`." } }, 503);
  }
  const headers = new Headers(res.headers);
  headers.set("Content-Type", TYPES[isFile ? ext : "html"]);
  headers.set("Cache-Control", /\/assets\/.+-[A-Za-z0-9]{8,}\./.test(target) ? "public, max-age=31536000, immutable" : "no-cache");
  return new Response(res.body, { status: 200, headers });
}
