/**
 * The commit process's front door. Standalone workerd runs the commit shards (CommitShard.ts) in a second workerd
 * process (scripts/workerd-config.ts, `commit`), so that their work, Postgres included, runs on a thread other than
 * the one every room and socket of the main process shares. Rooms reach them through this gateway over a local
 * socket (channel-room/commit-io.ts `serviceEndpoint`):
 *
 * - `GET /shard/<n>/commit-link` with `Upgrade: websocket`: shard n's line (objects/shared/shard-link.ts);
 * - `POST /shard/<n>/insert`, body `<rows>\n<rows JSON>`: one batch too large for a line; answers a ShardResult.
 *
 * Every request must carry COMMIT_LINK_TOKEN, a random value the launcher gives both processes at start: the
 * socket is local, but any local user could otherwise write messages into any channel.
 */
import type { CommitShard } from "./CommitShard.ts";
import { COMMIT_TOKEN_HEADER } from "./channel-room/commit-io.ts";
import { decodeBatch, LINK_PATH } from "./shared/shard-link.ts";

export interface CommitGatewayEnv {
  COMMIT_SHARD?: DurableObjectNamespace<CommitShard>;
  COMMIT_LINK_TOKEN?: string;
}

const ROUTE = /^\/shard\/(\d{1,4})(\/insert|\/commit-link)$/;

export async function commitGateway(request: Request, env: CommitGatewayEnv): Promise<Response> {
  const shards = env.COMMIT_SHARD;
  const token = env.COMMIT_LINK_TOKEN;
  if (!shards || !token) return text(404, "not found");
  if (!sameToken(request.headers.get(COMMIT_TOKEN_HEADER) ?? "", token)) return text(403, "commit gateway: wrong or missing token");
  const route = ROUTE.exec(new URL(request.url).pathname);
  if (!route) return text(404, "commit gateway: no such route");
  const stub = shards.get(shards.idFromName("commit-shard:" + Number(route[1])));
  if (route[2] === LINK_PATH) return stub.fetch("https://commit-shard" + LINK_PATH, { headers: { upgrade: request.headers.get("upgrade") ?? "" } });
  if (request.method !== "POST") return text(405, "commit gateway: POST a batch");
  const rows = decodeBatch(await request.text());
  if (!rows) return text(400, "commit gateway: unreadable batch");
  return Response.json(await stub.insertCreates(rows));
}

function text(status: number, body: string): Response {
  return new Response(body, { status });
}

/** Compares without stopping at the first difference. */
function sameToken(given: string, expected: string): boolean {
  let diff = given.length ^ expected.length;
  for (let i = 0; i < expected.length; i++) diff |= (given.charCodeAt(i) | 0) ^ expected.charCodeAt(i);
  return diff === 0;
}
