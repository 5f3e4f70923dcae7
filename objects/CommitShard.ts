/**
 * CommitShard: writes new messages for many ChannelRooms in one statement, so that the number of Postgres commits
 * follows the box's load rather than its number of busy rooms.
 *
 * - Addressed by `idFromName("commit-shard:" + n)`, n in [0, COMMIT_SHARDS): a room uses the shard its channel id
 *   hashes to (`shardFor` in channel-room/commit-io.ts), always the same one.
 * - Stores nothing; holds one Postgres connection (LazyPg). A restart loses only calls in flight, whose rooms then
 *   read back what was stored (ChannelRoom.recover), exactly as after losing their own connection.
 * - Ordering: none of its own. Each room keeps one write in flight (group-commit.ts), so a room's batches reach
 *   the shard, and Postgres, in seq order; batches of different rooms are independent.
 *
 * Why an object: a Postgres connection in workerd belongs to the object (IoContext) that opened it, so rooms
 * cannot share one directly; they send the shard their batches over a WebSocket each (shared/shard-link.ts).
 * Measured in `npm run bench` (docs/realtime.md, "Commit shards"): 100 rooms at 50 messages/s each made ~2,400
 * commits/s, each costing ~350 µs of the one JavaScript thread and ~300 µs of Postgres CPU; through shards a commit
 * carries the batches of dozens of rooms.
 */
import { DurableObject } from "cloudflare:workers";
import { GroupCommit } from "./channel-room/group-commit.ts";
import { isNonceConflict, joinRows, runInsertCreates, type CreateRows } from "./shared/insert-creates.ts";
import { LazyPg } from "./shared/lazy-pg.ts";
import { decodeRequest, encodeAnswer, LINK_PATH, type ShardResult } from "./shared/shard-link.ts";

export interface CommitShardEnv {
  DATABASE_URL: string;
}

/** Batches from this many rooms at most go into one statement: bounds its parameters and its latency. */
const MAX_JOBS_PER_STATEMENT = 64;

interface Job {
  rows: CreateRows;
  result: ShardResult | null;
}

export class CommitShard extends DurableObject<CommitShardEnv> {
  private readonly pg: LazyPg;
  private readonly queue = new GroupCommit<Job>((jobs) => this.write(jobs), MAX_JOBS_PER_STATEMENT);

  constructor(ctx: DurableObjectState, env: CommitShardEnv) {
    super(ctx, env);
    this.pg = new LazyPg(env.DATABASE_URL);
  }

  /**
   * A room opens its line here (objects/shared/shard-link.ts): each request on it is one room's batch, answered
   * on the same socket once committed (or known not to be). "nonce_conflict": nothing of it was written because a
   * nonce is already stored (P14); "unknown": the connection failed mid-statement, so the room reads back what
   * was stored. Only rooms reach this object (it has no route from the Worker).
   */
  async fetch(request: Request): Promise<Response> {
    if (new URL(request.url).pathname !== LINK_PATH || request.headers.get("upgrade")?.toLowerCase() !== "websocket") {
      return new Response("commit shard: rooms open a WebSocket at " + LINK_PATH, { status: 400 });
    }
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    server.addEventListener("message", (e) => {
      const req = typeof e.data === "string" ? decodeRequest(e.data) : null;
      if (!req) {
        console.error("commit shard: unreadable request on a room's link");
        return;
      }
      void this.insertCreates(req.rows).then((result) => {
        try {
          server.send(encodeAnswer(req.id, result));
        } catch {
          // The room hung up: it reads back what was stored.
        }
      });
    });
    return new Response(null, { status: 101, webSocket: client });
  }

  /** Stores one room's new messages; resolves once they are committed (or known not to be). */
  async insertCreates(rows: CreateRows): Promise<ShardResult> {
    const job: Job = { rows, result: null };
    await this.queue.push(job);
    return job.result ?? { ok: false, code: "unknown", message: "the shard lost the write" };
  }

  /**
   * One statement for every waiting batch. If Postgres refuses it (a retried nonce, P14), each batch is written
   * alone, so only the batch at fault is refused: the others would otherwise be told "nonce conflict", look up
   * their nonces and write again, costing them a round and, if it kept happening, their retry budget.
   */
  private async write(jobs: Job[]): Promise<void> {
    const error = await this.attempt(joinRows(jobs.map((j) => j.rows)));
    if (!error) {
      for (const j of jobs) j.result = { ok: true };
      return;
    }
    if (jobs.length === 1 || !isRefusal(error)) {
      for (const j of jobs) j.result = resultOf(error);
      return;
    }
    for (const j of jobs) {
      const e = await this.attempt(j.rows);
      j.result = e ? resultOf(e) : { ok: true };
    }
  }

  /** Runs the insert; returns the error instead of throwing. A lost connection is dropped so the next use reconnects. */
  private async attempt(rows: CreateRows): Promise<unknown> {
    if (rows.count === 0) return null;
    try {
      await this.pg.use((db) => runInsertCreates(db.$client, rows));
      return null;
    } catch (err) {
      if (!isRefusal(err)) this.pg.reset();
      return err ?? new Error("insert failed");
    }
  }
}

/** Postgres answered with an error: the statement did not commit and the connection is fine. */
function isRefusal(err: unknown): boolean {
  return typeof (err as { code?: unknown })?.code === "string" && typeof (err as { severity?: unknown }).severity === "string";
}

function resultOf(err: unknown): ShardResult {
  const message = (err as Error)?.message ?? String(err);
  return { ok: false, code: isNonceConflict(err) ? "nonce_conflict" : "unknown", message };
}
