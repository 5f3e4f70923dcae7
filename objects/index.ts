/**
 * The objects' script: every Durable Object class, in an isolate of its own (wrangler.objects.toml; under workerd,
 * the "hearth-objects" service of scripts/workerd-config.ts). The Worker reaches them through its bindings; this
 * script answers no HTTP itself.
 */
export { CallRoom } from "./CallRoom.ts";
export { ChannelRoom } from "./ChannelRoom.ts";
export { CommitShard } from "./CommitShard.ts";
export { DbPool } from "./DbPool.ts";
export { RateLimiter } from "./RateLimiter.ts";
export { UserHub } from "./UserHub.ts";

export default {
  fetch: () => new Response("not found", { status: 404 }),
} satisfies ExportedHandler;
