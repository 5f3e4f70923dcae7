import { describe, expect, it } from "vitest";
import type { ChannelServerFrame, MessageView } from "../../protocol/frames.ts";
import { Api } from "./api.ts";
import { bumpReaction, ChannelSession } from "./chat.ts";
import { TokenStore } from "./tokens.ts";

const ME = "00000000-0000-7000-8000-000000000001";
const YOU = "00000000-0000-7000-8000-000000000002";

function memoryStorage() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k) };
}

function message(id: string, seq: number, authorId = YOU, content = `message ${id}`): MessageView {
  return { id, channelId: "c", seq, authorId, nonce: `n-${id}`, content, envelope: null, replyTo: null, mentions: [], mentionsEveryone: false, createdAt: new Date(0).toISOString(), editedAt: null, deletedAt: null, pinnedAt: null, reactions: [] };
}

/** A session whose history has loaded (empty), fed frames directly as the room socket would. */
function session(hooks: { onPinsChanged?: () => void; onReaction?: (messageId: string, emoji: string) => void } = {}) {
  const s = new ChannelSession(new Api(new TokenStore(memoryStorage())), "c", ME, { onRead: () => {}, onMessage: () => {}, ...hooks });
  const internals = s as unknown as { onFrame(f: ChannelServerFrame): void; buffered: unknown; history: unknown };
  internals.buffered = null;
  internals.history = { state: "ready", value: true };
  return { s, feed: (...frames: ChannelServerFrame[]) => frames.forEach((f) => internals.onFrame(f)) };
}

describe("ChannelSession applies room events", () => {
  it("adds a created message once, however often it is replayed", () => {
    const { s, feed } = session();
    const created = { type: "message_created", seq: 1, message: message("a", 1) } as const;
    feed(created, created);
    expect(s.messages.map((m) => m.id)).toEqual(["a"]);
  });

  it("applies edits, reactions, pins and deletes to the message they name, and says which lists went stale", () => {
    const stale: string[] = [];
    const { s, feed } = session({ onPinsChanged: () => stale.push("pins"), onReaction: (id, emoji) => stale.push(`${id} ${emoji}`) });
    feed(
      { type: "message_created", seq: 1, message: message("a", 1) },
      { type: "message_edited", seq: 2, messageId: "a", content: "fixed", envelope: null, mentions: [], editedAt: "2026-01-01T00:00:00Z" },
      { type: "reaction_added", seq: 3, messageId: "a", userId: ME, emoji: "👍" },
      { type: "reaction_added", seq: 4, messageId: "a", userId: YOU, emoji: "👍" },
      { type: "message_pinned", seq: 5, messageId: "a", pinnedBy: YOU, pinnedAt: "2026-01-01T00:00:00Z" },
    );
    expect(s.messages[0]).toMatchObject({ content: "fixed", editedAt: "2026-01-01T00:00:00Z", pinnedAt: "2026-01-01T00:00:00Z", reactions: [{ emoji: "👍", count: 2, me: true }] });
    expect(stale).toEqual(["a 👍", "a 👍", "pins"]);
    feed({ type: "reaction_removed", seq: 6, messageId: "a", userId: ME, emoji: "👍" }, { type: "message_deleted", seq: 7, messageId: "a", deletedBy: YOU, deletedAt: "2026-01-02T00:00:00Z" });
    expect(s.messages[0]).toMatchObject({ content: null, deletedAt: "2026-01-02T00:00:00Z", reactions: [] });
  });

  it("ignores an edit replayed after a later one (events at or below lastSeq are skipped)", () => {
    const { s, feed } = session();
    const edit = (seq: number, content: string): ChannelServerFrame => ({ type: "message_edited", seq, messageId: "a", content, envelope: null, mentions: [], editedAt: "x" });
    feed({ type: "message_created", seq: 1, message: message("a", 1) }, edit(2, "second"), edit(3, "third"), edit(2, "second"));
    expect(s.messages[0].content).toBe("third");
  });

  it("queues a send while the socket is down and drops the pending row when its message arrives", () => {
    const { s, feed } = session();
    s.send("hello", null);
    expect(s.pending).toHaveLength(1);
    expect(s.pending[0].state).toBe("queued");
    const nonce = s.pending[0].nonce;
    feed({ type: "message_created", seq: 1, message: { ...message("m", 1, ME, "hello"), nonce } });
    expect(s.pending).toEqual([]);
    expect(s.messages.map((m) => m.content)).toEqual(["hello"]);
  });

  it("marks a pending send failed when the room refuses it, and retry puts it back in the queue", () => {
    const { s, feed } = session();
    s.send("too fast", null);
    const nonce = s.pending[0].nonce;
    feed({ type: "error", ref: nonce, code: "rate_limited", message: "Slow down." });
    expect(s.pending[0]).toMatchObject({ state: "failed", error: "Slow down." });
    s.retry(nonce);
    expect(s.pending[0].state).toBe("queued");
  });

  it("shows typing for others only, and the author's message ends it", () => {
    const { s, feed } = session();
    feed({ type: "user_typing", userId: YOU, expiresInMs: 8000 }, { type: "user_typing", userId: ME, expiresInMs: 8000 });
    expect([...s.typing.keys()]).toEqual([YOU]);
    feed({ type: "message_created", seq: 1, message: message("a", 1, YOU) });
    expect(s.typing.size).toBe(0);
  });
});

describe("bumpReaction", () => {
  it("adds, counts and removes reactions, never below zero", () => {
    let r = bumpReaction([], "🎉", 1, false);
    r = bumpReaction(r, "🎉", 1, true);
    expect(r).toEqual([{ emoji: "🎉", count: 2, me: true }]);
    expect(bumpReaction(r, "🎉", 1, true)).toBe(r);
    r = bumpReaction(bumpReaction(r, "🎉", -1, false), "🎉", -1, undefined);
    expect(r).toEqual([]);
  });
});
