/**
 * Where a room's batches are written (commit.ts `CommitIo`): reads and mixed transactions always on the room's own
 * connection; new messages through the channel's commit shard (objects/CommitShard.ts, over the line in
 * objects/shared/shard-link.ts) when the deployment has shards, else on the room's own connection too.
 *
 * The shards are reached one of two ways (`ShardEndpoint`): as a Durable Object namespace of this script (on
 * Cloudflare, and under workerd when everything runs in one process), or through COMMIT_SERVICE, the commit
 * process that standalone workerd runs beside the main one (objects/commit-gateway.ts): there the shards' work,
 * Postgres included, runs on a thread of its own instead of the one every room and socket shares.
 */
import type { CommitShard } from "../CommitShard.ts";
import { createRows, nonceConflictError, runInsertCreates, type CreateRows } from "../shared/insert-creates.ts";
import { encodeBatch, LINK_PATH, LinkUnavailable, ShardLink, type ShardResult } from "../shared/shard-link.ts";
import { fnv1a } from "../shared/fnv.ts";
import type { LazyPg } from "../shared/lazy-pg.ts";
import type { CommitIo } from "./commit.ts";

/** Shards when COMMIT_SHARDS is not set: see docs/realtime.md "Commit shards" for the measurements. */
export const DEFAULT_COMMIT_SHARDS = 1;

/** How a room reaches shard `n`. */
export interface ShardEndpoint {
  /** Asks shard `n` for a line (a fetch with `Upgrade: websocket`). */
  open(n: number): Promise<Response>;
  /** One batch too large for the line, as a single request. */
  insert(n: number, rows: CreateRows): Promise<ShardResult>;
}

/** The shards as Durable Objects of this script. */
export function namespaceEndpoint(namespace: DurableObjectNamespace<CommitShard>): ShardEndpoint {
  const stub = (n: number) => namespace.get(namespace.idFromName("commit-shard:" + n));
  return {
    open: (n) => stub(n).fetch("https://commit-shard" + LINK_PATH, { headers: { upgrade: "websocket" } }),
    insert: (n, rows) => stub(n).insertCreates(rows),
  };
}

/** The shards behind the commit process's gateway (objects/commit-gateway.ts), which checks `token`. */
export function serviceEndpoint(service: Fetcher, token: string): ShardEndpoint {
  const headers = { [COMMIT_TOKEN_HEADER]: token };
  return {
    open: (n) => service.fetch(`http://commit/shard/${n}${LINK_PATH}`, { headers: { ...headers, upgrade: "websocket" } }),
    insert: async (n, rows) => {
      const res = await service.fetch(`http://commit/shard/${n}/insert`, { method: "POST", headers, body: encodeBatch(rows) });
      if (!res.ok) throw new Error(`commit shard: gateway answered ${res.status}: ${await res.text()}`);
      return (await res.json()) as ShardResult;
    },
  };
}

/** The header carrying the commit process's token (COMMIT_LINK_TOKEN). */
export const COMMIT_TOKEN_HEADER = "x-hearth-commit-token";

/** `shards` is the COMMIT_SHARDS setting ("0": none); without an endpoint there are no shards. */
export function commitIo(pg: LazyPg, endpoint: ShardEndpoint | null, shards: string | undefined): CommitIo {
  const db: CommitIo["db"] = (fn) => pg.use(fn);
  const own = (batch: CreateRows) => pg.use((c) => runInsertCreates(c.$client, batch));
  const count = endpoint ? Number(shards || DEFAULT_COMMIT_SHARDS) : 0;
  if (!endpoint || !(count > 0)) return { db, insertCreates: (channelId, createdAt, rows) => own(createRows(channelId, createdAt, rows)) };
  let link: ShardLink | null = null;
  return {
    db,
    insertCreates: async (channelId, createdAt, rows) => {
      const n = shardFor(channelId, count);
      link ??= new ShardLink(() => endpoint.open(n));
      // A broken line rejects: the room treats that as an unknown outcome and reads back what was stored.
      const batch = createRows(channelId, createdAt, rows);
      let result: ShardResult;
      try {
        result = batch.json.length <= LINK_MAX_CHARS ? await link.insertCreates(batch) : await endpoint.insert(n, batch);
      } catch (err) {
        // No line to the shard (its process restarting, say): nothing was sent, so the room writes the batch itself.
        if (!(err instanceof LinkUnavailable)) throw err;
        return own(batch);
      }
      if (result.ok) return;
      if (result.code === "nonce_conflict") throw nonceConflictError(result.message);
      throw new Error(`commit shard: ${result.message}`);
    },
  };
}

/**
 * Batches larger than this (in UTF-16 units of JSON, so at most 3× in UTF-8 bytes) go to the shard as one request
 * (an RPC, or a POST to the commit process): a room's batch of 256 encrypted messages can reach 16 MiB, and
 * Cloudflare caps a WebSocket message at 1 MiB (workerd on one box passed 5 MB between two objects; the cap keeps
 * both deployments on the same path). Rare: a text message is well under 1 KB of JSON.
 */
export const LINK_MAX_CHARS = 256 * 1024;

/** The shard a channel's writes go to: a stable hash of its id (FNV-1a), so a room always uses the same one. */
export function shardFor(channelId: string, shards: number): number {
  return (fnv1a(channelId) >>> 0) % shards;
}
