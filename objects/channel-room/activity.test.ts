import { describe, expect, it } from "vitest";
import type { MessageCreatedEvent } from "../../protocol/frames.ts";
import { ActivityWindow } from "./activity.ts";

const created = (seq: number, authorId: string, mentions: string[] = [], everyone = false): MessageCreatedEvent =>
  ({ type: "message_created", seq, message: { authorId, mentions, mentionsEveryone: everyone } }) as unknown as MessageCreatedEvent;

describe("ActivityWindow", () => {
  it("H3 sums a window of messages by author and mention, then starts a new window", () => {
    const w = new ActivityWindow();
    expect(w.take("c", 0)).toBeNull();
    w.add(created(1, "a", ["b"]));
    w.add(created(2, "a", ["a", "c"]));
    w.add(created(3, "b", [], true));
    expect(w.take("c", 3)).toEqual({ channelId: "c", headSeq: 3, byAuthor: { a: 2, b: 1 }, mentioned: { b: 1, c: 1 }, everyone: 1 });
    expect(w.isEmpty).toBe(true);
    expect(w.take("c", 3)).toBeNull();
  });
});
