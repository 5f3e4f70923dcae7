/**
 * The Worker entry: HTTP (the socket fast path, then the Hono app), or, run as the hasher process, password hashes
 * only. The Durable Objects live in objects/index.ts.
 */
import "./wasm-preload.ts";
import { app } from "./app.ts";
import { deriveHere } from "./auth/password.ts";
import { serveHasher, useHasher } from "./auth/password-hasher.ts";
import type { Env } from "./env.ts";
import { callFastPath } from "./realtime/calls.ts";
import { socketFastPath } from "./realtime/sockets.ts";

export default {
  fetch(request, env, ctx) {
    // The same bundle runs as the hasher process beside workerd (workers/auth/password-hasher.ts).
    const hashing = serveHasher(request, env, deriveHere);
    if (hashing) return hashing;
    useHasher(env);
    return socketFastPath(request, env) ?? callFastPath(request, env) ?? app.fetch(request, env, ctx);
  },
} satisfies ExportedHandler<Env>;
