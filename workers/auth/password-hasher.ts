/**
 * Argon2 in a process of its own (docs/architecture.md, "Password hashing off the shared thread").
 *
 * workerd runs every isolate of a process on one thread, so a password hash (Argon2id over 64 MiB, ~200 ms of CPU)
 * in the Worker stopped every room, socket and request of the process for as long: each sign-in, sign-up or
 * password change put a ~200 ms hole into every conversation's deliveries. Under workerd on a box, the launcher
 * therefore runs the same Worker bundle a second time as a hasher process (scripts/workerd-config.ts,
 * scripts/lib/workerd.ts) on a Unix socket in a private directory, and the Worker's hashes go there: it is bound as
 * PASSWORD_HASHER, and both processes share a fresh HASHER_TOKEN per start.
 *
 * The hasher derives keys and nothing else: it sees the password bytes and Argon2 parameters of one call and answers
 * the raw output; comparing and encoding stay in workers/auth/password.ts. When it cannot answer (restarting), the
 * Worker derives the key itself. Without the binding (Cloudflare, `wrangler dev`) everything is as before.
 */
import { z } from "zod";
import { base64UrlDecode, base64UrlEncode, bytesEqual } from "./tokens.ts";

export interface HasherBindings {
  /** The hasher process, in the main process only. */
  PASSWORD_HASHER?: Fetcher;
  /** Shared by both processes of one start; proves a request comes from the main process. */
  HASHER_TOKEN?: string;
}

export interface DeriveRequest {
  password: Uint8Array;
  salt: Uint8Array;
  memoryKib: number;
  iterations: number;
  parallelism: number;
  hashLength: number;
}

const PATH = "/derive";
/** Far above a hash's ~200 ms, even with a queue of sign-ins ahead of it. */
const HASHER_TIMEOUT_MS = 20_000;
const TOKEN_HEADER = "x-hearth-hasher-token";

let hasher: { fetcher: Fetcher; token: string } | null = null;
let lastComplaintMs = 0;

/** The Worker's entry calls this with its bindings: hashes go to the hasher process when there is one. */
export function useHasher(env: HasherBindings): void {
  hasher = env.PASSWORD_HASHER && env.HASHER_TOKEN ? { fetcher: env.PASSWORD_HASHER, token: env.HASHER_TOKEN } : null;
}

/** The key, derived by the hasher process; null when there is none or it did not answer (derive it here then). */
export async function deriveElsewhere(req: DeriveRequest): Promise<Uint8Array | null> {
  if (!hasher) return null;
  try {
    const res = await hasher.fetcher.fetch(`http://hasher${PATH}`, {
      method: "POST",
      headers: { "content-type": "application/json", [TOKEN_HEADER]: hasher.token },
      body: JSON.stringify({ ...req, password: base64UrlEncode(req.password), salt: base64UrlEncode(req.salt) }),
      // A hasher that stopped answering (wedged, not dead) must not hold sign-ins forever: derive here instead.
      signal: AbortSignal.timeout(HASHER_TIMEOUT_MS),
    });
    if (!res.ok) throw new Error(`status ${res.status}: ${await res.text()}`);
    return base64UrlDecode(((await res.json()) as { key: string }).key);
  } catch (err) {
    if (Date.now() - lastComplaintMs > 60_000) {
      lastComplaintMs = Date.now();
      console.error("password hasher process did not answer; hashing in the Worker meanwhile:", (err as Error).message);
    }
    return null;
  }
}

/** Unpadded base64url (workers/auth/tokens.ts); base64UrlDecode refuses anything else. */
const base64 = z.string();
const deriveBody = z
  .object({
    password: base64.max(8192),
    salt: base64.min(8).max(128),
    memoryKib: z.number().int().min(8).max(1024 * 1024),
    iterations: z.number().int().min(1).max(16),
    parallelism: z.number().int().min(1).max(255),
    hashLength: z.number().int().min(4).max(128),
  })
  .strict();

/**
 * In the hasher process (it holds the token but no PASSWORD_HASHER): answers the main process's requests with
 * `derive`, and everything else with 404. Null in the main process, which serves its routes as usual.
 */
export function serveHasher(request: Request, env: HasherBindings, derive: (req: DeriveRequest) => Promise<Uint8Array>): Promise<Response> | null {
  if (env.PASSWORD_HASHER || !env.HASHER_TOKEN) return null;
  return (async () => {
    const url = new URL(request.url);
    const token = new TextEncoder().encode(request.headers.get(TOKEN_HEADER) ?? "");
    if (request.method !== "POST" || url.pathname !== PATH || !bytesEqual(token, new TextEncoder().encode(env.HASHER_TOKEN!))) {
      return new Response("not found", { status: 404 });
    }
    const parsed = deriveBody.safeParse(await request.json().catch(() => null));
    if (!parsed.success) return new Response("bad request", { status: 400 });
    let password: Uint8Array;
    let salt: Uint8Array;
    try {
      password = base64UrlDecode(parsed.data.password);
      salt = base64UrlDecode(parsed.data.salt);
    } catch {
      return new Response("bad request", { status: 400 });
    }
    const key = await derive({ ...parsed.data, password, salt });
    return Response.json({ key: base64UrlEncode(key) });
  })();
}
