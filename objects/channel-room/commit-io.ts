/**
 * Where a room's batches are written (commit.ts `CommitIo`): reads and mixed transactions always on the room's own
 * connection; new messages through the channel's commit shard (objects/CommitShard.ts, over the line in
 * objects/shared/shard-link.ts) when the deployment has shards, else on the room's own connection too.
 */
import type { CommitShard } from "../CommitShard.ts";
import { createRows, nonceConflictError, runInsertCreates } from "../shared/insert-creates.ts";
import { LINK_PATH, ShardLink } from "../shared/shard-link.ts";
import type { LazyPg } from "../shared/lazy-pg.ts";
import type { CommitIo } from "./commit.ts";

/** Shards when COMMIT_SHARDS is not set: see docs/realtime.md "Commit shards" for the measurements. */
export const DEFAULT_COMMIT_SHARDS = 1;

/** `shards` is the COMMIT_SHARDS setting ("0": none); without a namespace there are no shards. */
export function commitIo(pg: LazyPg, namespace: DurableObjectNamespace<CommitShard> | undefined, shards: string | undefined): CommitIo {
  const db: CommitIo["db"] = (fn) => pg.use(fn);
  const count = namespace ? Number(shards || DEFAULT_COMMIT_SHARDS) : 0;
  if (!namespace || !(count > 0)) {
    return { db, insertCreates: (channelId, createdAt, rows) => pg.use((c) => runInsertCreates(c.$client, createRows(channelId, createdAt, rows))) };
  }
  let link: ShardLink | null = null;
  return {
    db,
    insertCreates: async (channelId, createdAt, rows) => {
      link ??= new ShardLink(() => {
        const stub = namespace.get(namespace.idFromName("commit-shard:" + shardFor(channelId, count)));
        return stub.fetch("https://commit-shard" + LINK_PATH, { headers: { upgrade: "websocket" } });
      });
      // A broken line rejects: the room treats that as an unknown outcome and reads back what was stored.
      const result = await link.insertCreates(createRows(channelId, createdAt, rows));
      if (result.ok) return;
      if (result.code === "nonce_conflict") throw nonceConflictError(result.message);
      throw new Error(`commit shard: ${result.message}`);
    },
  };
}

/** The shard a channel's writes go to: a stable hash of its id (FNV-1a), so a room always uses the same one. */
export function shardFor(channelId: string, shards: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < channelId.length; i++) h = Math.imul(h ^ channelId.charCodeAt(i), 0x01000193);
  return (h >>> 0) % shards;
}
