/**
 * Remote images (a preview's picture, a GIF) served through this server, so browsers load them from here: the
 * content security policy stays `img-src 'self'`, and no viewer's address reaches another site. Only addresses
 * this server put in a preview or a GIF result can be fetched: each proxied URL carries an HMAC of the remote
 * address under a key derived from AT_REST_KEY, so the route is not an open proxy.
 */
import { base64urlnopad } from "@scure/base";
import type { Env } from "../env.ts";
import { fetchFollowing, FETCH_TIMEOUT_MS, httpUrl, IMAGE_TYPES, truncated, type WebFetch } from "./fetch-embed.ts";

/** Largest remote image passed on (bytes). */
export const MAX_PROXIED_IMAGE_BYTES = 8 * 1024 * 1024;

let keyFor: { secret: string; key: Promise<CryptoKey> } | null = null;

function signingKey(env: Pick<Env, "AT_REST_KEY">): Promise<CryptoKey> {
  if (keyFor?.secret !== env.AT_REST_KEY) {
    const material = new TextEncoder().encode(`hearth image proxy\u0000${env.AT_REST_KEY}`);
    const key = crypto.subtle.digest("SHA-256", material).then((bytes) => crypto.subtle.importKey("raw", bytes, { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]));
    keyFor = { secret: env.AT_REST_KEY, key };
  }
  return keyFor.key;
}

async function signature(env: Pick<Env, "AT_REST_KEY">, remote: string): Promise<string> {
  const mac = await crypto.subtle.sign("HMAC", await signingKey(env), new TextEncoder().encode(remote));
  return base64urlnopad.encode(new Uint8Array(mac).subarray(0, 16));
}

/** The address under which this server serves `remote`. */
export async function proxiedImageUrl(env: Pick<Env, "AT_REST_KEY">, remote: URL): Promise<string> {
  return `/api/v1/embeds/image?u=${encodeURIComponent(remote.href)}&s=${await signature(env, remote.href)}`;
}

/** Whether `sig` is this server's signature of `remote` (compared in constant time). */
export async function validSignature(env: Pick<Env, "AT_REST_KEY">, remote: string, sig: string): Promise<boolean> {
  let given: Uint8Array;
  try {
    given = base64urlnopad.decode(sig);
  } catch {
    return false;
  }
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", await signingKey(env), new TextEncoder().encode(remote))).subarray(0, 16);
  if (given.length !== mac.length) return false;
  let diff = 0;
  for (let i = 0; i < mac.length; i++) diff |= mac[i] ^ given[i];
  return diff === 0;
}

/** The remote image as a response of ours, or null when it is not a usable image (type, size, reachability). */
export async function proxyImage(web: WebFetch, remote: string): Promise<Response | null> {
  const url = httpUrl(remote);
  if (!url) return null;
  const got = await fetchFollowing(web, url, IMAGE_TYPES.join(","), AbortSignal.timeout(FETCH_TIMEOUT_MS * 2));
  if (!got) return null;
  const type = (got.res.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  const declared = Number(got.res.headers.get("content-length") ?? "0");
  if (!IMAGE_TYPES.includes(type) || declared > MAX_PROXIED_IMAGE_BYTES || !got.res.body) {
    await got.res.body?.cancel();
    return null;
  }
  return new Response(truncated(got.res.body, MAX_PROXIED_IMAGE_BYTES), {
    headers: {
      "content-type": type,
      "cache-control": "public, max-age=86400",
      "content-security-policy": "default-src 'none'; sandbox",
      "x-content-type-options": "nosniff",
    },
  });
}
