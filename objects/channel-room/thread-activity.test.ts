import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ChannelEvent, MessageView } from "../../protocol/frames.ts";
import type { ThreadActivityFrame } from "../../protocol/threads.ts";
import { ThreadActivity } from "./thread-activity.ts";

const created = (seq: number, createdAt: string): ChannelEvent => ({ type: "message_created", seq, message: { id: `m${seq}`, createdAt } as MessageView });
const deleted = (seq: number): ChannelEvent => ({ type: "message_deleted", seq, messageId: "m1", deletedBy: "u", deletedAt: "t" });

describe("ThreadActivity", () => {
  let sent: Array<{ parentId: string; frame: ThreadActivityFrame }>;
  let now: number;
  let activity: ThreadActivity;

  beforeEach(() => {
    vi.useFakeTimers();
    sent = [];
    now = 10_000;
    activity = new ThreadActivity("t1", "p1", 3, null, () => ({ threadActivity: async (parentId, frame) => void sent.push({ parentId, frame }) }), () => now);
  });
  afterEach(() => vi.useRealTimers());

  it("tells the parent at once, then at most once a second with the latest figures", () => {
    activity.flushed([created(4, "2030-01-01T00:00:01.000Z")]);
    expect(sent).toEqual([{ parentId: "p1", frame: { type: "thread_activity", threadId: "t1", messageCount: 4, lastMessageAt: "2030-01-01T00:00:01.000Z" } }]);
    now += 200;
    activity.flushed([created(5, "2030-01-01T00:00:02.000Z")]);
    activity.flushed([created(6, "2030-01-01T00:00:03.000Z"), deleted(7)]);
    expect(sent).toHaveLength(1);
    now += 800;
    vi.advanceTimersByTime(800);
    expect(sent).toHaveLength(2);
    expect(sent[1].frame).toMatchObject({ messageCount: 5, lastMessageAt: "2030-01-01T00:00:03.000Z" });
  });

  it("says nothing for events that change neither figure", () => {
    activity.flushed([{ type: "reaction_added", seq: 4, messageId: "m1", userId: "u", emoji: "👍" } as ChannelEvent]);
    vi.advanceTimersByTime(5_000);
    expect(sent).toEqual([]);
  });
});
