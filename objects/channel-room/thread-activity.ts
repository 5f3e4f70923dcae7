/**
 * A thread's room tells its parent channel's room how many messages the thread holds and when the newest arrived
 * (protocol/threads.ts, thread_activity): at once for the first change, then at most once per
 * THREAD_ACTIVITY_INTERVAL_MS with the latest figures. Fire-and-forget: a parent that is slow or gone never holds
 * up the thread.
 */
import type { ChannelEvent } from "../../protocol/frames.ts";
import { THREAD_ACTIVITY_INTERVAL_MS, type ThreadActivityFrame } from "../../protocol/threads.ts";

/** What the thread's room calls on its parent's (ChannelRoom implements it). */
export interface ParentPort {
  threadActivity(parentId: string, frame: ThreadActivityFrame): Promise<void>;
}

export class ThreadActivity {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastSentAt = -Infinity;
  private dirty = false;

  constructor(
    private readonly threadId: string,
    private readonly parentId: string,
    private messageCount: number,
    private lastMessageAt: string | null,
    private readonly parentOf: (parentId: string) => ParentPort,
    private readonly now: () => number = Date.now,
  ) {}

  /** After each flush of the thread's room. */
  flushed(events: readonly ChannelEvent[]): void {
    for (const e of events) {
      if (e.type === "message_created") {
        this.messageCount++;
        this.lastMessageAt = e.message.createdAt;
        this.dirty = true;
      } else if (e.type === "message_deleted") {
        this.messageCount = Math.max(0, this.messageCount - 1);
        this.dirty = true;
      }
    }
    if (!this.dirty || this.timer !== null) return;
    const wait = this.lastSentAt + THREAD_ACTIVITY_INTERVAL_MS - this.now();
    if (wait <= 0) this.send();
    else this.timer = setTimeout(() => this.send(), wait);
  }

  private send(): void {
    this.timer = null;
    this.dirty = false;
    this.lastSentAt = this.now();
    const frame: ThreadActivityFrame = { type: "thread_activity", threadId: this.threadId, messageCount: this.messageCount, lastMessageAt: this.lastMessageAt };
    this.parentOf(this.parentId)
      .threadActivity(this.parentId, frame)
      .catch((err: Error) => console.error("channel room: thread activity failed:", err.message));
  }
}
