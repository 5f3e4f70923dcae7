/**
 * Where a room's batches are written (commit.ts `CommitIo`): reads and mixed transactions always on the room's own
 * connection; new messages through the channel's commit shard (objects/CommitShard.ts, over the line in
 * objects/shared/shard-link.ts) when the deployment has shards, else on the room's own connection too.
 */
import type { CommitShard } from "../CommitShard.ts";
import { createRows, nonceConflictError, runInsertCreates, type CreateRows } from "../shared/insert-creates.ts";
import { LINK_PATH, LinkUnavailable, ShardLink, type ShardResult } from "../shared/shard-link.ts";
import { fnv1a } from "../shared/fnv.ts";
import type { LazyPg } from "../shared/lazy-pg.ts";
import type { CommitIo } from "./commit.ts";

/** Shards when COMMIT_SHARDS is not set: see docs/realtime.md "Commit shards" for the measurements. */
export const DEFAULT_COMMIT_SHARDS = 1;

/** `shards` is the COMMIT_SHARDS setting ("0": none); without a namespace there are no shards. */
export function commitIo(pg: LazyPg, namespace: DurableObjectNamespace<CommitShard> | undefined, shards: string | undefined): CommitIo {
  const db: CommitIo["db"] = (fn) => pg.use(fn);
  const own = (batch: CreateRows) => pg.use((c) => runInsertCreates(c.$client, batch));
  const count = namespace ? Number(shards || DEFAULT_COMMIT_SHARDS) : 0;
  if (!namespace || !(count > 0)) return { db, insertCreates: (channelId, createdAt, rows) => own(createRows(channelId, createdAt, rows)) };
  let link: ShardLink | null = null;
  const shardStub = (channelId: string) => namespace.get(namespace.idFromName("commit-shard:" + shardFor(channelId, count)));
  return {
    db,
    insertCreates: async (channelId, createdAt, rows) => {
      link ??= new ShardLink(() => shardStub(channelId).fetch("https://commit-shard" + LINK_PATH, { headers: { upgrade: "websocket" } }));
      // A broken line rejects: the room treats that as an unknown outcome and reads back what was stored.
      const batch = createRows(channelId, createdAt, rows);
      let result: ShardResult;
      try {
        result = batch.json.length <= LINK_MAX_CHARS ? await link.insertCreates(batch) : await shardStub(channelId).insertCreates(batch);
      } catch (err) {
        // No line to the shard could be opened: nothing was sent, so the room writes the batch itself.
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
 * Batches larger than this (in UTF-16 units of JSON, so at most 3× in UTF-8 bytes) go to the shard by RPC: a room's
 * batch of 256 encrypted messages can reach 16 MiB, and Cloudflare caps a WebSocket message at 1 MiB (workerd on
 * one box passed 5 MB between two objects; the cap keeps both deployments on the same path). Rare: a text
 * message is well under 1 KB of JSON.
 */
export const LINK_MAX_CHARS = 256 * 1024;

/** The shard a channel's writes go to: a stable hash of its id (FNV-1a), so a room always uses the same one. */
export function shardFor(channelId: string, shards: number): number {
  return (fnv1a(channelId) >>> 0) % shards;
}
