import { afterEach, describe, expect, it, vi } from "vitest";
import type { SealedAttachment } from "../../protocol/e2ee.ts";
import type { FileView } from "../../protocol/files.ts";
import type { ChannelServerFrame, MessageView } from "../../protocol/frames.ts";
import type { ThreadFrame } from "../../protocol/threads.ts";
import { Api } from "./api.ts";
import type { MessageCrypto } from "./channel-crypto.ts";
import { bumpReaction, ChannelSession } from "./chat.ts";
import { UnverifiedDevicesError } from "./e2ee.ts";
import { TokenStore } from "./tokens.ts";

const ME = "00000000-0000-7000-8000-000000000001";
const YOU = "00000000-0000-7000-8000-000000000002";

function memoryStorage() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k) };
}

function message(id: string, seq: number, authorId = YOU, content = `message ${id}`): MessageView {
  return { id, channelId: "c", seq, authorId, nonce: `n-${id}`, content, envelope: null, attachments: [], replyTo: null, mentions: [], mentionsEveryone: false, createdAt: new Date(0).toISOString(), editedAt: null, deletedAt: null, pinnedAt: null, poll: null, reactions: [] };
}

/** A session whose history has loaded (empty), fed frames directly as the room socket would. */
function session(crypto: MessageCrypto | null = null, hooks: { onPinsChanged?: () => void; onReaction?: (messageId: string, emoji: string) => void; onWelcome?: () => void; onThreadFrame?: (f: ThreadFrame) => void } = {}) {
  const s = new ChannelSession(new Api(new TokenStore(memoryStorage())), "c", ME, { onRead: () => {}, onMessage: () => {}, ...hooks }, crypto, crypto !== null);
  const internals = s as unknown as { onFrame(f: ChannelServerFrame): void; buffered: unknown; window: { history: unknown } };
  internals.buffered = null;
  internals.window.history = { state: "ready", value: true };
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
    const { s, feed } = session(null, { onPinsChanged: () => stale.push("pins"), onReaction: (id, emoji) => stale.push(`${id} ${emoji}`) });
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
    const before = s.pending[0];
    feed({ type: "error", ref: nonce, code: "rate_limited", message: "Slow down." });
    expect(s.pending[0]).toMatchObject({ state: "failed", error: "Slow down." });
    // A new object, so the row showing it re-renders (it would not notice a change in place).
    expect(s.pending[0]).not.toBe(before);
    s.retry(nonce);
    expect(s.pending[0].state).toBe("queued");
  });

  it("sends again by itself, with the same nonce, the first time the room could not store a message", () => {
    const { s, feed } = session();
    const sent: unknown[] = [];
    (s as unknown as { outbox: { host: { send(f: unknown): boolean } } }).outbox.host.send = (f) => sent.push(f) > 0;
    s.send("hello", null);
    const nonce = s.pending[0].nonce;
    const lost = { type: "error", ref: nonce, code: "commit_failed", message: "Not stored; send it again with the same nonce." } as const;
    feed(lost);
    expect(s.pending[0].state).toBe("sending");
    expect(sent.map((f) => (f as { nonce: string }).nonce)).toEqual([nonce, nonce]);
    feed(lost);
    expect(s.pending[0]).toMatchObject({ state: "failed", error: lost.message });
    expect(sent).toHaveLength(2);
  });

  it("sends the ids of attached files with the message, and a refused attachment fails the send", () => {
    const { s, feed } = session();
    const sent: unknown[] = [];
    (s as unknown as { outbox: { host: { send(f: unknown): boolean } } }).outbox.host.send = (f) => sent.push(f) > 0;
    const file = { id: "f1", name: "cat.png", contentType: "image/png", size: 10, encrypted: false };
    s.send("", null, [file]);
    expect(sent).toEqual([expect.objectContaining({ type: "send_message", content: "", attachments: ["f1"] })]);
    expect(s.pending[0].attachments).toEqual([file]);
    s.send("no files", null);
    expect(sent[1]).not.toHaveProperty("attachments");
    feed({ type: "error", ref: s.pending[0].nonce, code: "invalid_attachment", message: "That file is not yours to send." });
    expect(s.pending[0]).toMatchObject({ state: "failed", error: "That file is not yours to send." });
  });

  it("drops a deleted message's attachments", () => {
    const { s, feed } = session();
    const file = { id: "f1", name: "cat.png", contentType: "image/png", size: 10, encrypted: false };
    feed({ type: "message_created", seq: 1, message: { ...message("a", 1), attachments: [file] } });
    feed({ type: "message_deleted", seq: 2, messageId: "a", deletedBy: YOU, deletedAt: "2026-01-02T00:00:00Z" });
    expect(s.messages[0].attachments).toEqual([]);
  });

  it("shows typing for others only, and the author's message ends it", () => {
    const { s, feed } = session();
    feed({ type: "user_typing", userId: YOU, expiresInMs: 8000 }, { type: "user_typing", userId: ME, expiresInMs: 8000 });
    expect([...s.typing.keys()]).toEqual([YOU]);
    feed({ type: "message_created", seq: 1, message: message("a", 1, YOU) });
    expect(s.typing.size).toBe(0);
  });

  it("hands thread frames to the threads hook without touching the messages or their order, and says each welcome", () => {
    const heard: string[] = [];
    const { s, feed } = session(null, { onThreadFrame: (f) => heard.push(f.type), onWelcome: () => heard.push("welcome") });
    const t = { id: "t", parentId: "c", communityId: "co", rootMessageId: "a", name: "Plans", createdBy: YOU, createdAt: "2026-01-01T00:00:00Z", archived: false, messageCount: 0, lastMessageAt: null };
    feed({ type: "welcome", protocolVersion: 1, headSeq: 0, readSeq: 0, permissions: "0", slowModeSeconds: 0, encrypted: false } as unknown as ChannelServerFrame);
    feed({ type: "message_created", seq: 1, message: message("a", 1) });
    feed({ type: "thread_updated", thread: t }, { type: "thread_activity", threadId: "t", messageCount: 2, lastMessageAt: "2026-01-01T00:01:00Z" }, { type: "thread_deleted", threadId: "t", rootMessageId: "a" });
    feed({ type: "message_created", seq: 2, message: message("b", 2) });
    expect(heard).toEqual(["welcome", "thread_updated", "thread_activity", "thread_deleted"]);
    expect(s.messages.map((m) => m.id)).toEqual(["a", "b"]);
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

/**
 * Stands in for web/state/e2ee.ts: "ok:<text>" ciphertexts open to <text>, anything else stays locked. While
 * `offline` is set, opening fails for want of the network; while `holdFor` names people, sealing is held back.
 */
function fakeCrypto(opts: { failSeal?: string; offline?: boolean; holdFor?: string[] } = {}): MessageCrypto & { sealed: string[]; sealedFiles: SealedAttachment[][]; opens: number; opts: typeof opts } {
  const sealed: string[] = [];
  const sealedFiles: SealedAttachment[][] = [];
  const fake = {
    sealed,
    sealedFiles,
    opens: 0,
    opts,
    /** Files sealed with a message travel in the fake envelope's `files`, and come out of `open` as the payload's. */
    async seal(_channelId: string, nonce: string, content: string, attachments: readonly SealedAttachment[] = []) {
      if (opts.failSeal) throw new Error(opts.failSeal);
      if (opts.holdFor?.length) throw new UnverifiedDevicesError(opts.holdFor);
      sealed.push(content);
      sealedFiles.push([...attachments]);
      return { envelope: { alg: "hearth-e2ee-v1", senderDevice: "d-me", ciphertext: `ok:${content}`, sig: `sig-${nonce}-${sealed.length}`, ...(attachments.length ? { files: attachments } : {}) }, mentions: [] };
    },
    async open(m: MessageView) {
      fake.opens++;
      if (opts.offline) return { ok: false as const, reason: "offline" as const };
      const c = m.envelope?.ciphertext ?? "";
      const files = m.envelope?.files as SealedAttachment[] | undefined;
      return c.startsWith("ok:") ? { ok: true as const, payload: { content: c.slice(3), ...(files ? { attachments: files } : {}) } } : { ok: false as const, reason: "not_for_this_device" as const };
    },
  };
  return fake;
}

function storedFile(id: string): FileView {
  return { id, name: "encrypted.bin", contentType: "application/octet-stream", size: 116, encrypted: true };
}

function sealedFile(id: string): SealedAttachment {
  return { id, key: "k".repeat(43), nonce: "n".repeat(32), name: `photo-${id}.png`, type: "image/png", size: 100 };
}

function sealedMessage(id: string, seq: number, ciphertext: string, extra: Partial<MessageView> = {}): MessageView {
  return { ...message(id, seq), content: null, envelope: { alg: "hearth-e2ee-v1", senderDevice: "d-you", ciphertext, sig: `sig-${id}` }, ...extra };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe("ChannelSession in an encrypted channel", () => {
  it("shows envelopes as pending, then their text, or locked when this device cannot open them", async () => {
    const { s, feed } = session(fakeCrypto());
    feed({ type: "message_created", seq: 1, message: sealedMessage("a", 1, "ok:hello **there**") }, { type: "message_created", seq: 2, message: sealedMessage("b", 2, "for another device") });
    expect(s.messages.map((m) => m.e2ee)).toEqual(["pending", "pending"]);
    await settle();
    expect(s.messages.map((m) => [m.content, m.e2ee])).toEqual([["hello **there**", "ok"], [null, "locked"]]);
  });

  it("opens an edit's new envelope, and quotes an opened original in replies to it", async () => {
    const { s, feed } = session(fakeCrypto());
    feed({ type: "message_created", seq: 1, message: sealedMessage("a", 1, "ok:first") }, { type: "message_created", seq: 2, message: sealedMessage("r", 2, "ok:answer", { replyTo: { id: "a", authorId: YOU, excerpt: null } }) });
    await settle();
    expect(s.messages[1].replyTo?.excerpt).toBe("first");
    feed({ type: "message_edited", seq: 3, messageId: "a", content: null, envelope: { alg: "hearth-e2ee-v1", senderDevice: "d-you", ciphertext: "ok:second", sig: "s2" }, mentions: [], editedAt: "x" });
    expect(s.messages[0].e2ee).toBe("pending");
    await settle();
    expect(s.messages[0]).toMatchObject({ content: "second", e2ee: "ok", editedAt: "x" });
  });

  it("seals a send before it goes out, and shows its own message at once when the room echoes it", async () => {
    const crypto = fakeCrypto();
    const { s, feed } = session(crypto);
    s.send("a secret", null);
    await settle();
    const p = s.pending[0];
    expect(crypto.sealed).toEqual(["a secret"]);
    expect(p).toMatchObject({ content: "a secret", envelope: { ciphertext: "ok:a secret" }, state: "queued" });
    feed({ type: "message_created", seq: 1, message: { ...message("m", 1, ME), nonce: p.nonce, content: null, envelope: p.envelope! } });
    expect(s.pending).toEqual([]);
    expect(s.messages[0]).toMatchObject({ content: "a secret", e2ee: "ok" });
  });

  it("seals the files' keys and real details with a send, names only their ids in the clear, and shows them on its echo", async () => {
    const crypto = fakeCrypto();
    const { s, feed } = session(crypto);
    const sent: Record<string, unknown>[] = [];
    (s as unknown as { outbox: { host: { send(f: unknown): boolean } } }).outbox.host.send = (f) => sent.push(f as Record<string, unknown>) > 0;
    s.send("look", null, [storedFile("f1")], [sealedFile("f1")]);
    await settle();
    expect(crypto.sealedFiles).toEqual([[sealedFile("f1")]]);
    expect(sent).toEqual([expect.objectContaining({ type: "send_message", attachments: ["f1"] })]);
    // Outside the envelope (which the fake leaves readable), nothing says what the file is.
    const { envelope: _sealed, ...clear } = sent[0];
    expect(JSON.stringify(clear)).not.toMatch(/photo-f1|image\/png|kkkk/);
    expect(s.pending[0].sealedFiles).toEqual([sealedFile("f1")]);
    const p = s.pending[0];
    feed({ type: "message_created", seq: 1, message: { ...message("m", 1, ME), nonce: p.nonce, content: null, envelope: p.envelope!, attachments: [storedFile("f1")] } });
    expect(s.messages[0]).toMatchObject({ content: "look", e2ee: "ok", sealedFiles: [sealedFile("f1")] });
  });

  it("refuses to send a file whose key it does not have, rather than send bytes nobody can open", async () => {
    const crypto = fakeCrypto();
    const { s } = session(crypto);
    s.send("", null, [storedFile("f1"), storedFile("f2")], [sealedFile("f1")]);
    await settle();
    expect(crypto.sealed).toEqual([]);
    expect(s.pending[0]).toMatchObject({ state: "failed", error: expect.stringContaining("wasn't encrypted") });
  });

  it("keeps an opened message's sealed files, and seals them again with an edit", async () => {
    const crypto = fakeCrypto();
    const { s, feed } = session(crypto);
    const envelope = { alg: "hearth-e2ee-v1", senderDevice: "d-me", ciphertext: "ok:before", sig: "s1", files: [sealedFile("f1")] };
    feed({ type: "welcome", encrypted: true, permissions: "0", slowModeSeconds: 0, readSeq: 0, headSeq: 0 } as unknown as ChannelServerFrame);
    (s as unknown as { connection: string }).connection = "open";
    (s as unknown as { socket: { send(f: unknown): boolean } }).socket.send = () => true;
    feed({ type: "message_created", seq: 1, message: { ...message("a", 1, ME), content: null, envelope, attachments: [storedFile("f1")] } });
    await settle();
    expect(s.messages[0].sealedFiles).toEqual([sealedFile("f1")]);
    expect(s.edit("a", "after")).toBe(true);
    await settle();
    expect(crypto.sealed).toEqual(["after"]);
    expect(crypto.sealedFiles).toEqual([[sealedFile("f1")]]);
  });

  it("fails a send that cannot be sealed, saying why", async () => {
    const { s } = session(fakeCrypto({ failSeal: "This message is too long to encrypt for everyone's devices: shorten it." }));
    s.send("x".repeat(10), null);
    await settle();
    expect(s.pending[0]).toMatchObject({ state: "failed", error: expect.stringContaining("too long to encrypt") });
  });
});

/** Ends a session's timers without its socket (which needs a browser window). */
function stop(s: ChannelSession) {
  const i = s as unknown as { closed: boolean; crypto: { stop(): void } };
  i.closed = true;
  i.crypto.stop();
}

describe("ChannelSession when keys can't be fetched", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("shows a message as waiting, not locked, and opens it when the room's socket is back", async () => {
    const crypto = fakeCrypto({ offline: true });
    const { s, feed } = session(crypto);
    feed({ type: "message_created", seq: 1, message: sealedMessage("a", 1, "ok:made it") });
    await settle();
    expect(s.messages[0]).toMatchObject({ content: null, e2ee: "waiting" });
    crypto.opts.offline = false;
    feed({ type: "welcome", protocolVersion: 1, headSeq: 1, readSeq: 0, permissions: "0", slowModeSeconds: 0, encrypted: true } as unknown as ChannelServerFrame);
    await settle();
    expect(s.messages[0]).toMatchObject({ content: "made it", e2ee: "ok" });
    stop(s);
  });

  it("tries again on its own, waiting longer each time, until the keys can be fetched", async () => {
    vi.useFakeTimers();
    const crypto = fakeCrypto({ offline: true });
    const { s, feed } = session(crypto);
    feed({ type: "message_created", seq: 1, message: sealedMessage("a", 1, "ok:eventually") });
    await vi.advanceTimersByTimeAsync(0);
    expect(crypto.opens).toBe(1);
    await vi.advanceTimersByTimeAsync(2000);
    expect(crypto.opens).toBe(2);
    expect(s.messages[0].e2ee).toBe("waiting");
    // The second wait is twice the first.
    await vi.advanceTimersByTimeAsync(3000);
    expect(crypto.opens).toBe(2);
    crypto.opts.offline = false;
    await vi.advanceTimersByTimeAsync(1000);
    expect(crypto.opens).toBe(3);
    expect(s.messages[0]).toMatchObject({ content: "eventually", e2ee: "ok" });
    stop(s);
  });

  it("does not retry a message that is locked for good", async () => {
    vi.useFakeTimers();
    const crypto = fakeCrypto();
    const { s, feed } = session(crypto);
    feed({ type: "message_created", seq: 1, message: sealedMessage("a", 1, "for another device") });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(crypto.opens).toBe(1);
    expect(s.messages[0].e2ee).toBe("locked");
    stop(s);
  });
});

describe("ChannelSession when a verified person has a new device", () => {
  it("holds the send back as not sent, and sends it once the person chooses to", async () => {
    const crypto = fakeCrypto({ holdFor: [YOU] });
    const { s } = session(crypto);
    s.send("for your eyes only", null);
    await settle();
    expect(s.pending[0]).toMatchObject({ state: "failed", held: true, error: expect.stringContaining("Send anyway") });
    expect(crypto.sealed).toEqual([]);
    crypto.opts.holdFor = [];
    s.retryHeld();
    await settle();
    expect(crypto.sealed).toEqual(["for your eyes only"]);
    expect(s.pending[0]).toMatchObject({ state: "queued", held: false });
  });
});
