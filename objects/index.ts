/**
 * The objects' script: every Durable Object class, in an isolate of its own (wrangler.objects.toml; under workerd,
 * the "hearth-objects" service of scripts/workerd-config.ts). The Worker reaches them through its bindings. Its own
 * HTTP handler answers only in standalone workerd's commit process, as the commit shards' gateway
 * (commit-gateway.ts); elsewhere it has no COMMIT_LINK_TOKEN and answers 404.
 */
import { commitGateway, type CommitGatewayEnv } from "./commit-gateway.ts";
export { ChannelRoom } from "./ChannelRoom.ts";
export { CommitShard } from "./CommitShard.ts";
export { RateLimiter } from "./RateLimiter.ts";
export { UserHub } from "./UserHub.ts";

export default {
  fetch: (request, env) => commitGateway(request, env),
} satisfies ExportedHandler<CommitGatewayEnv>;
