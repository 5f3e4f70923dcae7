import { describe, expect, it } from "vitest";
import type { ChannelEvent } from "../../protocol/frames.ts";
import type { SocketPhase } from "./audience.ts";
import { BACKLOG_BYTES, SLOW_CONSUMER_BYTES } from "./encoding.ts";
import { BACKLOG_CHECK_EVERY, Fanout, type Timers } from "./fanout.ts";

class FakeSocket {
  pending: string[] | null = null;
  sent: string[] = [];
  ws = { bufferedAmount: 0 };
  permissions = 2n; // VIEW_CHANNEL
  constructor(
    public userId: string,
    public phase: SocketPhase = "live",
  ) {}
  send(data: string) {
    this.sent.push(data);
    return true;
  }
  /** Every event received, arrays flattened. */
  seqs(): number[] {
    return this.sent.flatMap((d) => {
      const v = JSON.parse(d);
      return (Array.isArray(v) ? v : [v]).map((e: { seq: number }) => e.seq);
    });
  }
}

function manualTimers() {
  let now = 0;
  const queue: Array<{ at: number; fn: () => void; id: number }> = [];
  let ids = 0;
  const timers: Timers = {
    now: () => now,
    set: (fn, ms) => {
      const id = ++ids;
      queue.push({ at: now + ms, fn, id });
      return id;
    },
    clear: (id) => {
      const i = queue.findIndex((t) => t.id === id);
      if (i >= 0) queue.splice(i, 1);
    },
  };
  const advance = (ms: number) => {
    now += ms;
    for (;;) {
      queue.sort((a, b) => a.at - b.at);
      if (!queue.length || queue[0].at > now) break;
      queue.shift()!.fn();
    }
  };
  return { timers, advance };
}

const created = (seq: number, id = `m${seq}`): ChannelEvent =>
  ({ type: "message_created", seq, message: { id, authorId: "u1", nonce: `n${seq}`, content: `text ${seq}`, envelope: null, mentions: [], mentionsEveryone: false, deletedAt: null, pinnedAt: null } }) as unknown as ChannelEvent;

function room(sockets: FakeSocket[], liveCount = () => sockets.filter((s) => s.phase === "live").length) {
  const { timers, advance } = manualTimers();
  const slow: FakeSocket[] = [];
  const fanout = new Fanout<FakeSocket>(0, { sockets: () => sockets, liveCount, onSlow: (s) => slow.push(s), timers });
  return { fanout, advance, slow };
}

describe("Fanout", () => {
  it("P11 sends at once in a small room", () => {
    const a = new FakeSocket("a");
    const { fanout } = room([a]);
    fanout.enqueue(created(1));
    expect(a.seqs()).toEqual([1]);
    expect(fanout.flushedSeq).toBe(1);
  });

  it("P2 coalesces events that arrive close together in a big room into one frame per socket", () => {
    const sockets = Array.from({ length: 1000 }, (_, i) => new FakeSocket(`u${i}`));
    const { fanout, advance } = room(sockets);
    fanout.enqueue(created(1)); // the room was quiet: goes at once
    fanout.enqueue(created(2));
    fanout.enqueue(created(3));
    expect(sockets[0].sent).toHaveLength(1);
    advance(49);
    expect(sockets[0].sent).toHaveLength(1);
    advance(1);
    expect(sockets[0].sent).toHaveLength(2);
    expect(sockets[0].seqs()).toEqual([1, 2, 3]);
    expect(sockets[999].sent[1]).toBe(sockets[0].sent[1]);
  });

  it("P8 replays from the buffer and then goes live with no gap and no duplicate", () => {
    const a = new FakeSocket("a");
    const late = new FakeSocket("late", "replaying");
    const sockets = [a, late];
    const { fanout } = room(sockets, () => 100); // big room: flushes are delayed
    fanout.enqueue(created(1));
    fanout.enqueue(created(2)); // queued, not yet sent
    const replay = fanout.replaySince(0)!; // flushes first
    expect(replay.map((j) => JSON.parse(j).seq)).toEqual([1, 2]);
    late.phase = "live";
    fanout.enqueue(created(3));
    fanout.flush();
    expect(late.seqs()).toEqual([3]);
    expect(a.seqs()).toEqual([1, 2, 3]);
  });

  it("P9 reports a gap the buffer cannot fill", () => {
    const { fanout } = room([]);
    fanout.reset(100);
    fanout.enqueue(created(101));
    expect(fanout.replaySince(100)!.length).toBe(1);
    expect(fanout.replaySince(50)).toBeNull();
    expect(fanout.missingBefore(50)).toBe(101);
    fanout.prependFromLog(Array.from({ length: 50 }, (_, i) => created(51 + i)));
    expect(fanout.replaySince(50)!.length).toBe(51);
    expect(fanout.missingBefore(50)).toBeNull();
  });

  it("P22 turns queued and buffered events of a deleted message into tombstones", () => {
    const a = new FakeSocket("a");
    const { fanout } = room([a], () => 100);
    fanout.enqueue(created(1, "x"));
    fanout.enqueue(created(2, "x"));
    fanout.enqueue({ type: "message_deleted", seq: 3, messageId: "x", deletedBy: "a", deletedAt: "t" });
    fanout.flush();
    // Event 1 went out before the delete (the room was quiet); event 2 was still queued and goes out redacted.
    const later = a.sent.slice(1).flatMap((d) => [JSON.parse(d)].flat());
    expect(later.map((e) => [e.seq, e.type, e.message?.content ?? null])).toEqual([
      [2, "message_created", null],
      [3, "message_deleted", null],
    ]);
    expect(fanout.replaySince(0)!.some((j) => j.includes("text 1") || j.includes("text 2"))).toBe(false);
  });

  it("holds events for a socket with a backlog and hands over a socket past the limit as slow", () => {
    const a = new FakeSocket("a");
    const stuck = new FakeSocket("stuck");
    const { fanout, advance, slow } = room([a, stuck]);
    fanout.enqueue(created(1));
    expect(stuck.seqs()).toEqual([1]);
    // Flushes close together: the room checks for backlogs.
    stuck.ws.bufferedAmount = BACKLOG_BYTES + 10;
    advance(5);
    fanout.enqueue(created(2));
    expect(stuck.seqs()).toEqual([1]);
    stuck.ws.bufferedAmount = 0;
    advance(10);
    expect(stuck.seqs()).toEqual([1, 2]);
    stuck.ws.bufferedAmount = SLOW_CONSUMER_BYTES + 1;
    advance(5);
    fanout.enqueue(created(3));
    expect(slow).toEqual([stuck]);
    expect(a.seqs()).toEqual([1, 2, 3]);
  });

  it("checks quiet rooms (10 messages/s) for backlogs only every few flushes", () => {
    const stuck = new FakeSocket("stuck");
    const { fanout, advance, slow } = room([stuck]);
    stuck.ws.bufferedAmount = SLOW_CONSUMER_BYTES + 1;
    for (let seq = 1; seq <= BACKLOG_CHECK_EVERY; seq++) {
      advance(100);
      fanout.enqueue(created(seq));
    }
    expect(slow).toEqual([stuck]);
    expect(stuck.sent).toHaveLength(BACKLOG_CHECK_EVERY - 1);
  });
});

describe("Fanout as the room's memory of recent messages", () => {
  const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
  const edited = (seq: number, id: string, content: string): ChannelEvent => ({ type: "message_edited", seq, messageId: id, content, envelope: null, mentions: [], editedAt: "t" });

  it("P14 finds a retried send's original, while queued and once buffered, and nothing for another author or nonce", () => {
    const { fanout } = room([new FakeSocket("a")], () => 100); // a big room: events wait in the outbox
    fanout.enqueue(created(1, uuid(1)));
    fanout.enqueue(created(2, uuid(2)));
    expect(fanout.stored("u1", "n2")).toEqual({ id: uuid(2), seq: 2 }); // still queued
    fanout.flush();
    expect(fanout.stored("u1", "n1")).toEqual({ id: uuid(1), seq: 1 }); // buffered
    expect(fanout.stored("u2", "n1")).toBeUndefined();
    expect(fanout.stored("u1", "n3")).toBeUndefined();
  });

  it("gives a reply the latest state of its target: edited text, deletion, and nothing once its creation is gone", () => {
    const { fanout } = room([new FakeSocket("a")]);
    fanout.enqueue(created(1, uuid(1)));
    fanout.enqueue(created(2, uuid(2)));
    expect(fanout.replyTarget(uuid(1))).toEqual({ authorId: "u1", excerpt: "text 1", isDeleted: false });
    fanout.enqueue(edited(3, uuid(1), "better   text"));
    fanout.enqueue({ type: "reaction_added", seq: 4, messageId: uuid(1), userId: "u2", emoji: "👍" });
    expect(fanout.replyTarget(uuid(1))).toEqual({ authorId: "u1", excerpt: "better text", isDeleted: false });
    fanout.enqueue({ type: "message_deleted", seq: 5, messageId: uuid(2), deletedBy: "u1", deletedAt: "t" });
    expect(fanout.replyTarget(uuid(2))).toMatchObject({ isDeleted: true });
    expect(fanout.replyTarget(uuid(9))).toBeUndefined();
    fanout.reset(5);
    expect(fanout.replyTarget(uuid(1))).toBeUndefined(); // the room reads it from Postgres instead
    expect(fanout.stored("u1", "n1")).toBeUndefined();
  });
});
