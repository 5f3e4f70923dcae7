/** The Worker entry: HTTP (the socket fast path, then the Hono app). The Durable Objects live in objects/index.ts. */
import "./wasm-preload.ts";
import { app } from "./app.ts";
import type { Env } from "./env.ts";
import { socketFastPath } from "./realtime/sockets.ts";

export default {
  fetch: (request, env, ctx) => socketFastPath(request, env) ?? app.fetch(request, env, ctx),
} satisfies ExportedHandler<Env>;
