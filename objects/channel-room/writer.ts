/**
 * The room's side of its writes: ops queue into group-commit batches (group-commit.ts), commit.ts writes each
 * batch, and here each op is answered and the events go to the fanout (P11); when a write's outcome is unknown,
 * the room recovers from what Postgres holds. Owns the cache of reply targets; P14 retries and the targets of
 * replies to recent messages are found in the fanout's recent events (recent.ts).
 */
import type { ChannelEvent } from "../../protocol/frames.ts";
import { BoundedMap } from "../shared/bounded-map.ts";
import type { LazyPg } from "../shared/lazy-pg.ts";
import { answer, answerAndBroadcast, type Origin } from "./answers.ts";
import { commitOps, readBack, type CommitContext, type CommitIo, type ReplyTarget } from "./commit.ts";
import { GroupCommit } from "./group-commit.ts";
import { failure, type RoomOp } from "./ops.ts";
import type { RecentEvents } from "./recent.ts";
import type { SeqAllocator } from "./sequence.ts";

/** Targets of replies (found in recent events or read from Postgres): only messages someone replied to. */
const REPLY_CACHE_ENTRIES = 500;

/** What the writer needs of its room. */
export interface WriterHost {
  readonly io: CommitIo;
  readonly pg: Pick<LazyPg, "use" | "reset">;
  readonly fanout: RecentEvents & { enqueue(event: ChannelEvent): void; enqueueAll(events: readonly ChannelEvent[]): void };
  /** Read when a batch starts; the room has started by then. */
  channelId(): string;
  /** The seq counter; null after headLost() until the room has started over. */
  seqs(): SeqAllocator | null;
  /** Recovery could not learn the head: the room must start over from Postgres on its next request. */
  headLost(): void;
  /** Starts the room over from Postgres (loads the head again). */
  restart(): Promise<void>;
}

const unavailable = () => failure("commit_failed", "The database is unavailable; try again with the same nonce.");

export class RoomWriter {
  private readonly replyTargets = new BoundedMap<string, ReplyTarget>(REPLY_CACHE_ENTRIES);
  private readonly commits = new GroupCommit<RoomOp<Origin>>((batch) => this.commitBatch(batch));

  constructor(private readonly host: WriterHost) {}

  /** Queues an op for the next batch; resolves once that batch has been written and answered. */
  push(op: RoomOp<Origin>): Promise<void> {
    return this.commits.push(op);
  }

  /** One group-commit batch: write, then answer each op, then hand the events to the fanout (P11). */
  private async commitBatch(batch: RoomOp<Origin>[]): Promise<void> {
    // Ops queued behind a batch whose recovery lost the head: learn it again first, or refuse them cleanly.
    let seqs = this.host.seqs();
    if (!seqs) {
      try {
        await this.host.restart();
        seqs = this.host.seqs()!;
      } catch (err) {
        console.error("channel room: cannot start over after a failed recovery:", (err as Error).message);
        for (const op of batch) answer(op.origin, unavailable());
        return;
      }
    }
    const ctx: CommitContext = { channelId: this.host.channelId(), seqs, recent: this.host.fanout, replyTargets: this.replyTargets };
    try {
      const results = await commitOps(this.host.io, ctx, batch);
      answerAndBroadcast(results, this.host.fanout);
    } catch (err) {
      console.error("channel room: commit failed, recovering:", (err as Error).message);
      await this.recover(batch);
    }
  }

  /**
   * After a write whose outcome is unknown (connection lost mid-commit): trust Postgres. Events it holds beyond
   * our head are broadcast (they were committed), sends it holds are acked, the rest are refused so the client
   * retries with the same nonce (P14 makes that safe).
   */
  private async recover(batch: RoomOp<Origin>[]): Promise<void> {
    this.host.pg.reset();
    const channelId = this.host.channelId();
    const seqs = this.host.seqs()!;
    try {
      const { head, outcomes, events } = await this.host.pg.use((db) => readBack(db, channelId, seqs.head, batch));
      seqs.resetTo(head);
      for (const e of events) this.host.fanout.enqueue(e);
      batch.forEach((op, i) => answer(op.origin, outcomes[i]));
    } catch (err) {
      console.error("channel room: recovery failed:", (err as Error).message);
      for (const op of batch) answer(op.origin, unavailable());
      // Our head may be wrong now: start over from Postgres on the next request.
      this.host.headLost();
    }
  }
}
