import { describe, expect, it } from "vitest";
import { PROTOCOL_VERSION } from "./frames.ts";
import { MAX_ENVELOPE_BYTES, MAX_FRAME_BYTES, MAX_FRAME_HARD_BYTES, MAX_MESSAGE_CHARS } from "./limits.ts";
import { parseClientFrame, parseHubFrame, utf8Length } from "./parse-frame.ts";

const ID = "0193b1f2-7c4a-7def-8123-456789abcdef";
const json = (v: unknown) => JSON.stringify(v);

describe("parseClientFrame: frames it accepts", () => {
  it("P6 reads hello with and without lastSeq", () => {
    expect(parseClientFrame(json({ type: "hello", protocolVersion: PROTOCOL_VERSION }))).toEqual({ ok: true, frame: { type: "hello", protocolVersion: 1 } });
    expect(parseClientFrame(json({ type: "hello", protocolVersion: 1, lastSeq: 42, ref: "h" }))).toEqual({
      ok: true,
      frame: { type: "hello", protocolVersion: 1, lastSeq: 42, ref: "h" },
    });
  });

  it("P11 reads a plain send with reply and keeps the ref", () => {
    const res = parseClientFrame(json({ type: "send_message", nonce: "n-1", content: "hi", replyTo: ID.toUpperCase(), ref: "r1" }));
    expect(res).toEqual({ ok: true, frame: { type: "send_message", nonce: "n-1", content: "hi", replyTo: ID, ref: "r1" } });
  });

  it("P18a reads attachments as distinct lower-case ids, lets content be empty only beside them, and drops an empty list", () => {
    const res = parseClientFrame(json({ type: "send_message", nonce: "n", content: "", attachments: [ID.toUpperCase(), ID] }));
    expect(res).toEqual({ ok: true, frame: { type: "send_message", nonce: "n", content: "", attachments: [ID] } });
    expect(parseClientFrame(json({ type: "send_message", nonce: "n", content: "x", attachments: [] }))).toEqual({ ok: true, frame: { type: "send_message", nonce: "n", content: "x" } });
    expect(parseClientFrame(json({ type: "send_message", nonce: "n", content: "", attachments: [] }))).toMatchObject({ ok: false, code: "invalid_frame" });
    expect(parseClientFrame(json({ type: "send_message", nonce: "n", content: "  ", attachments: [ID] }))).toMatchObject({ ok: false, code: "invalid_frame" });
    expect(parseClientFrame(json({ type: "send_message", nonce: "n", content: "x", attachments: ["nope"] }))).toMatchObject({ ok: false, code: "invalid_frame" });
    const eleven = Array.from({ length: 11 }, (_, i) => ID.slice(0, -2) + String(i).padStart(2, "0"));
    expect(parseClientFrame(json({ type: "send_message", nonce: "n", content: "x", attachments: eleven }))).toMatchObject({ ok: false, code: "invalid_frame" });
  });

  it("P13 reads an envelope send and keeps declared mentions only with an envelope", () => {
    const envelope = { alg: "x25519-xchacha20poly1305", senderDevice: "dev-1", ciphertext: "AAAA", recipients: [{ d: "x", k: "y" }] };
    const res = parseClientFrame(json({ type: "send_message", nonce: "n", envelope, mentions: [ID, ID] }));
    expect(res).toEqual({ ok: true, frame: { type: "send_message", nonce: "n", envelope, mentions: [ID] } });
    const plain = parseClientFrame(json({ type: "send_message", nonce: "n", content: "x", mentions: [ID] }));
    expect(plain.ok && plain.frame).toEqual({ type: "send_message", nonce: "n", content: "x" });
  });

  it("P21 keeps declared mentions on an envelope edit, and drops them on a plain one", () => {
    const envelope = { alg: "hearth-e2ee-v1", senderDevice: "dev-1", ciphertext: "AAAA" };
    const res = parseClientFrame(json({ type: "edit_message", messageId: ID, envelope, mentions: [ID] }));
    expect(res).toEqual({ ok: true, frame: { type: "edit_message", messageId: ID, envelope, mentions: [ID] } });
    const plain = parseClientFrame(json({ type: "edit_message", messageId: ID, content: "x", mentions: [ID] }));
    expect(plain.ok && plain.frame).toEqual({ type: "edit_message", messageId: ID, content: "x" });
  });

  it.each([
    [{ type: "edit_message", messageId: ID, content: "new" }],
    [{ type: "delete_message", messageId: ID }],
    [{ type: "add_reaction", messageId: ID, emoji: "👍" }],
    [{ type: "remove_reaction", messageId: ID, emoji: ":party:0193b1f2" }],
    [{ type: "pin_message", messageId: ID }],
    [{ type: "unpin_message", messageId: ID }],
    [{ type: "start_typing" }],
    [{ type: "mark_read", seq: 0 }],
    [{ type: "resume", lastSeq: 7 }],
    [{ type: "ping" }],
  ])("reads %j", (frame) => {
    expect(parseClientFrame(json(frame))).toEqual({ ok: true, frame });
  });

  it("P1 ignores unknown fields instead of refusing the frame", () => {
    const res = parseClientFrame(json({ type: "ping", future: { x: 1 } }));
    expect(res).toEqual({ ok: true, frame: { type: "ping" } });
  });

  it("P12 accepts text of exactly the limit", () => {
    const res = parseClientFrame(json({ type: "send_message", nonce: "n", content: "a".repeat(MAX_MESSAGE_CHARS) }));
    expect(res.ok).toBe(true);
  });
});

describe("parseClientFrame: frames it refuses, with the code the client sees", () => {
  it.each([
    ["not JSON", "{nope", "invalid_frame"],
    ["a JSON array", "[1,2]", "invalid_frame"],
    ["a JSON string", '"hello"', "invalid_frame"],
    ["null", "null", "invalid_frame"],
    ["no type", json({ nonce: "x" }), "invalid_frame"],
    ["a numeric type", json({ type: 7 }), "invalid_frame"],
    ["an unknown type", json({ type: "launch_rockets" }), "unknown_frame_type"],
    ["hello without version", json({ type: "hello" }), "invalid_frame"],
    ["send without nonce", json({ type: "send_message", content: "x" }), "invalid_frame"],
    ["a nonce with spaces", json({ type: "send_message", nonce: "a b", content: "x" }), "invalid_frame"],
    ["a nonce too long", json({ type: "send_message", nonce: "n".repeat(65), content: "x" }), "invalid_frame"],
    ["send with neither body", json({ type: "send_message", nonce: "n" }), "invalid_frame"],
    ["send with both bodies", json({ type: "send_message", nonce: "n", content: "x", envelope: { alg: "a", senderDevice: "d", ciphertext: "c" } }), "invalid_frame"],
    ["blank content", json({ type: "send_message", nonce: "n", content: "  \n " }), "invalid_frame"],
    ["numeric content", json({ type: "send_message", nonce: "n", content: 5 }), "invalid_frame"],
    ["an envelope without ciphertext", json({ type: "send_message", nonce: "n", envelope: { alg: "a", senderDevice: "d" } }), "invalid_frame"],
    ["a reply to a non-id", json({ type: "send_message", nonce: "n", content: "x", replyTo: "42" }), "invalid_frame"],
    ["an edit of a non-id", json({ type: "edit_message", messageId: "../x", content: "x" }), "invalid_frame"],
    ["a reaction without emoji", json({ type: "add_reaction", messageId: ID }), "invalid_frame"],
    ["a negative read seq", json({ type: "mark_read", seq: -1 }), "invalid_frame"],
    ["a fractional seq", json({ type: "resume", lastSeq: 1.5 }), "invalid_frame"],
    ["a seq as a string", json({ type: "mark_read", seq: "4" }), "invalid_frame"],
    ["mentions that are not ids", json({ type: "send_message", nonce: "n", envelope: { alg: "a", senderDevice: "d", ciphertext: "c" }, mentions: ["bob"] }), "invalid_frame"],
    ["content with a NUL character", json({ type: "send_message", nonce: "n", content: "a\u0000b" }), "invalid_frame"],
    ["an edit with a NUL character", json({ type: "edit_message", messageId: ID, content: "\u0000" }), "invalid_frame"],
    ["an envelope field with a NUL character", json({ type: "send_message", nonce: "n", envelope: { alg: "a\u0000", senderDevice: "d", ciphertext: "c" } }), "invalid_frame"],
    ["an emoji with a NUL character", json({ type: "add_reaction", messageId: ID, emoji: "\u0000" }), "invalid_frame"],
    ["content with half a surrogate pair", json({ type: "send_message", nonce: "n", content: "a\ud83d" }), "invalid_frame"],
    ["an envelope's extra field with half a surrogate pair", json({ type: "send_message", nonce: "n", envelope: { alg: "a", senderDevice: "d", ciphertext: "c", keys: [{ d: "\ude00" }] } }), "invalid_frame"],
    ["an envelope's extra key with a NUL character", json({ type: "send_message", nonce: "n", envelope: { alg: "a", senderDevice: "d", ciphertext: "c", "k\u0000": 1 } }), "invalid_frame"],
  ])("P20 refuses %s", (_label, text, code) => {
    const res = parseClientFrame(text);
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.code).toBe(code);
      expect(res.close).toBeUndefined();
      expect(res.message.length).toBeGreaterThan(10);
    }
  });

  it("P20 refuses binary frames", () => {
    const res = parseClientFrame(new Uint8Array([123, 125]).buffer);
    expect(res).toMatchObject({ ok: false, code: "binary_not_supported" });
  });

  it("P3 echoes the ref of a frame it refuses, when the ref was readable", () => {
    expect(parseClientFrame(json({ type: "delete_message", ref: "abc" }))).toMatchObject({ ok: false, code: "invalid_frame", ref: "abc" });
    expect(parseClientFrame(json({ type: "nope", ref: "q" }))).toMatchObject({ ok: false, code: "unknown_frame_type", ref: "q" });
  });

  it("P3 refuses a ref that is not a short string", () => {
    expect(parseClientFrame(json({ type: "ping", ref: 5 }))).toMatchObject({ ok: false, code: "invalid_frame" });
    expect(parseClientFrame(json({ type: "ping", ref: "r".repeat(65) }))).toMatchObject({ ok: false, code: "invalid_frame" });
  });

  it("P12 refuses text over 4,000 characters as message_too_large", () => {
    const res = parseClientFrame(json({ type: "send_message", nonce: "n", content: "a".repeat(MAX_MESSAGE_CHARS + 1), ref: "big" }));
    expect(res).toMatchObject({ ok: false, code: "message_too_large", ref: "big" });
  });

  it("P12 refuses an envelope over 64 KiB as message_too_large", () => {
    const envelope = { alg: "a", senderDevice: "d", ciphertext: "A".repeat(MAX_ENVELOPE_BYTES) };
    expect(parseClientFrame(json({ type: "send_message", nonce: "n", envelope }))).toMatchObject({ ok: false, code: "message_too_large" });
  });

  it("P20 refuses a frame over the frame limit without closing, counting UTF-8 bytes", () => {
    // 30,000 three-byte characters: 90,000 bytes, though only 30,000 UTF-16 units.
    const res = parseClientFrame(json({ type: "ping", pad: "€".repeat(30_000) }));
    expect(res).toMatchObject({ ok: false, code: "frame_too_large" });
    expect(res.ok === false && res.close).toBeUndefined();
    expect(utf8Length("€".repeat(30_000))).toBeGreaterThan(MAX_FRAME_BYTES);
  });

  it("P20 closes with too_large for a frame over 1 MiB", () => {
    const res = parseClientFrame("x".repeat(MAX_FRAME_HARD_BYTES + 1));
    expect(res).toMatchObject({ ok: false, code: "frame_too_large", close: "too_large" });
  });
});

describe("utf8Length", () => {
  it("counts bytes as UTF-8 encodes them", () => {
    for (const s of ["", "abc", "é", "€", "👍", "a👍b€", "\ud800"]) expect(utf8Length(s)).toBe(new TextEncoder().encode(s).length);
  });
});

describe("parseHubFrame", () => {
  it("H2 reads hello and ping, refuses the rest", () => {
    expect(parseHubFrame(json({ type: "hello", protocolVersion: 1 }))).toEqual({ ok: true, frame: { type: "hello", protocolVersion: 1 } });
    expect(parseHubFrame(json({ type: "ping", ref: "p" }))).toEqual({ ok: true, frame: { type: "ping", ref: "p" } });
    expect(parseHubFrame(json({ type: "send_message", ref: "s" }))).toMatchObject({ ok: false, code: "unknown_frame_type", ref: "s" });
    expect(parseHubFrame("{")).toMatchObject({ ok: false, code: "invalid_frame" });
  });
});
