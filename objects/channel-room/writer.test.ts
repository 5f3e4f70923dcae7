import { describe, expect, it } from "vitest";
import type { ChannelEvent } from "../../protocol/frames.ts";
import type { Origin } from "./answers.ts";
import type { CommitIo } from "./commit.ts";
import type { CreateOp, OpOutcome } from "./ops.ts";
import { SeqAllocator } from "./sequence.ts";
import { RoomWriter, type WriterHost } from "./writer.ts";

const USER = "00000000-0000-4000-8000-000000000001";

function create(nonce: string, answers: OpOutcome[]): CreateOp<Origin> {
  return { type: "create", userId: USER, permissions: -1n, nonce, content: `message ${nonce}`, attachments: [], mentions: [], mentionsEveryone: false, origin: { resolve: (o) => answers.push(o) } };
}

/** A room whose first write fails with the database gone, so that recovery fails too and the head is lost. */
function room({ canRestart = true } = {}) {
  let seqs: SeqAllocator | null = new SeqAllocator(0);
  let insertFails = true;
  const log = { restarts: 0, resets: 0, events: [] as ChannelEvent[] };
  const io: CommitIo = {
    db: () => Promise.reject(new Error("database down")),
    insertCreates: async () => {
      if (insertFails) throw new Error("connection lost mid-commit");
    },
  };
  const host: WriterHost = {
    io,
    pg: { use: () => Promise.reject(new Error("database down")), reset: () => void log.resets++ },
    fanout: { enqueue: (e) => log.events.push(e), enqueueAll: (es) => log.events.push(...es), stored: () => undefined, replyTarget: () => undefined },
    channelId: () => "c1",
    seqs: () => seqs,
    headLost: () => (seqs = null),
    restart: async () => {
      log.restarts++;
      if (!canRestart) throw new Error("database down");
      seqs = new SeqAllocator(7);
    },
  };
  return { writer: new RoomWriter(host), log, heal: () => (insertFails = false) };
}

describe("RoomWriter after a failed recovery", () => {
  it("refuses the lost batch for a retry, then starts over from Postgres before writing the next one", async () => {
    const { writer, log, heal } = room();
    const first: OpOutcome[] = [];
    await writer.push(create("n1", first));
    expect(first).toEqual([expect.objectContaining({ ok: false, code: "commit_failed" })]);
    expect(log.restarts).toBe(0);

    heal();
    const second: OpOutcome[] = [];
    await writer.push(create("n2", second));
    expect(log.restarts).toBe(1);
    expect(second).toEqual([expect.objectContaining({ ok: true, seq: 8 })]);
    expect(log.events.map((e) => e.seq)).toEqual([8]);
    expect(log.resets).toBe(1);
  });

  it("answers commit_failed when the room cannot start over either", async () => {
    const { writer, log } = room({ canRestart: false });
    await writer.push(create("n1", []));
    const answers: OpOutcome[] = [];
    await writer.push(create("n2", answers));
    expect(answers).toEqual([expect.objectContaining({ ok: false, code: "commit_failed" })]);
    expect(log.restarts).toBe(1);
    expect(log.resets).toBe(1);
  });
});
