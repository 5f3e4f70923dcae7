/** The Worker entry: the Hono app for HTTP, and every Durable Object class the bundle exports. */
import "./wasm-preload.ts";
import { app } from "./app.ts";
import type { Env } from "./env.ts";
import { socketFastPath } from "./realtime/sockets.ts";

export { ChannelRoom } from "../objects/ChannelRoom.ts";
export { CommitShard } from "../objects/CommitShard.ts";
export { RateLimiter } from "../objects/RateLimiter.ts";
export { UserHub } from "../objects/UserHub.ts";

export default {
  fetch: (request, env, ctx) => socketFastPath(request, env) ?? app.fetch(request, env, ctx),
} satisfies ExportedHandler<Env>;
