import { ed25519, x25519 } from "@noble/curves/ed25519.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { describe, expect, it } from "vitest";
import {
  b64u,
  deviceFingerprint,
  deviceRegistration,
  fromB64u,
  generateDeviceSecrets,
  open,
  seal,
  verifyDeviceRegistration,
  type DeviceSecrets,
  type MessagePayload,
  type PublicDevice,
  type SealedAttachment,
  type SealedEnvelope,
} from "./e2ee.ts";
import { MAX_ATTACHMENTS, MAX_FILE_NAME_CHARS } from "./files.ts";
import { MAX_POLL_ANSWER_CHARS, MAX_POLL_ANSWERS, MAX_POLL_QUESTION_CHARS } from "./polls.ts";
import { GROUP_DM_MAX_PARTICIPANTS, MAX_DEVICES_PER_USER, MAX_ENVELOPE_BYTES, MAX_MESSAGE_CHARS } from "./limits.ts";
import { utf8Length } from "./parse-frame.ts";

const hex = (s: string) => Uint8Array.from(s.match(/../g) ?? [], (b) => parseInt(b, 16));
const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

describe("the primitives, against published vectors", () => {
  it("X25519 matches RFC 7748 §5.2 and the §6.1 Diffie-Hellman example", () => {
    const out = x25519.scalarMult(hex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4"), hex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"));
    expect(toHex(out)).toBe("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");
    const alice = hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    const bob = hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
    expect(toHex(x25519.getPublicKey(alice))).toBe("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    expect(toHex(x25519.getPublicKey(bob))).toBe("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
    const shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
    expect(toHex(x25519.getSharedSecret(alice, x25519.getPublicKey(bob)))).toBe(shared);
    expect(toHex(x25519.getSharedSecret(bob, x25519.getPublicKey(alice)))).toBe(shared);
  });

  it("Ed25519 matches RFC 8032 §7.1 tests 1 and 2", () => {
    const cases = [
      { sk: "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", pk: "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", msg: "", sig: "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b" },
      { sk: "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb", pk: "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", msg: "72", sig: "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00" },
    ];
    for (const c of cases) {
      expect(toHex(ed25519.getPublicKey(hex(c.sk)))).toBe(c.pk);
      expect(toHex(ed25519.sign(hex(c.msg), hex(c.sk)))).toBe(c.sig);
      expect(ed25519.verify(hex(c.sig), hex(c.msg), hex(c.pk), { zip215: false })).toBe(true);
    }
  });

  it("HKDF-SHA256 matches RFC 5869 test case 1", () => {
    const okm = hkdf(sha256, hex("0b".repeat(22)), hex("000102030405060708090a0b0c"), hex("f0f1f2f3f4f5f6f7f8f9"), 42);
    expect(toHex(okm)).toBe("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
  });

  it("base64url round-trips every byte and refuses other alphabets", () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(fromB64u(b64u(all))).toEqual(all);
    expect(b64u(new Uint8Array([251, 255]))).toBe("-_8");
    expect(() => fromB64u("ab+/")).toThrow();
    expect(() => fromB64u("a")).toThrow();
  });
});

// ---- a small world: Alice (laptop, phone) and Bob (laptop) in a DM ----

interface Dev {
  id: string;
  userId: string;
  secrets: DeviceSecrets;
  pub: PublicDevice;
}

function device(id: string, userId: string): Dev {
  const secrets = generateDeviceSecrets();
  const reg = deviceRegistration(secrets, userId);
  return { id, userId, secrets, pub: { id, userId, ...reg, createdAt: new Date(0).toISOString(), revokedAt: null } };
}

const alice = "0190a000-0000-7000-8000-00000000000a";
const bob = "0190a000-0000-7000-8000-00000000000b";
const channelId = "0190a000-0000-7000-8000-0000000000c1";
const aliceLaptop = device("0190a000-0000-7000-8000-0000000000d1", alice);
const alicePhone = device("0190a000-0000-7000-8000-0000000000d2", alice);
const bobLaptop = device("0190a000-0000-7000-8000-0000000000d3", bob);
const recipients = [aliceLaptop, alicePhone, bobLaptop].map((d) => ({ deviceId: d.id, x25519: d.secrets.x25519Public }));

function sealFrom(sender: Dev, content: string, to = recipients, nonce = "nonce-1"): SealedEnvelope {
  return seal({ channelId, messageNonce: nonce, sender: { deviceId: sender.id, secrets: sender.secrets }, recipients: to, payload: { content, mentions: [bob] } });
}

function openAs(reader: Dev, envelope: unknown, over: { authorId?: string; senderDevice?: PublicDevice | null; channelId?: string; messageNonce?: string } = {}) {
  return open({
    channelId: over.channelId ?? channelId,
    messageNonce: over.messageNonce ?? "nonce-1",
    envelope,
    authorId: over.authorId ?? alice,
    senderDevice: over.senderDevice === undefined ? aliceLaptop.pub : over.senderDevice,
    me: { deviceId: reader.id, secrets: reader.secrets },
  });
}

/** Flips one bit in the middle of a base64url field's bytes. */
function flip(field: string): string {
  const bytes = fromB64u(field);
  bytes[bytes.length >> 1] ^= 1;
  return b64u(bytes);
}

describe("device registration", () => {
  it("verifies a device's self-signature for its own user only", () => {
    expect(verifyDeviceRegistration(alice, aliceLaptop.pub)).toBe(true);
    // The server cannot hand Alice's device to Bob, nor swap in another agreement key.
    expect(verifyDeviceRegistration(bob, aliceLaptop.pub)).toBe(false);
    expect(verifyDeviceRegistration(alice, { ...aliceLaptop.pub, x25519: bobLaptop.pub.x25519 })).toBe(false);
    expect(verifyDeviceRegistration(alice, { ...aliceLaptop.pub, signature: flip(aliceLaptop.pub.signature) })).toBe(false);
  });

  it("refuses keys of the wrong length or encoding without throwing", () => {
    expect(verifyDeviceRegistration(alice, { ...aliceLaptop.pub, ed25519: aliceLaptop.pub.ed25519.slice(0, 40) })).toBe(false);
    expect(verifyDeviceRegistration(alice, { ...aliceLaptop.pub, x25519: "not base64url!" })).toBe(false);
    expect(verifyDeviceRegistration(alice, { ed25519: 42, x25519: null, signature: {} })).toBe(false);
  });

  it("gives each device a stable 80-bit fingerprint in five hex groups", () => {
    const fp = deviceFingerprint(alice, aliceLaptop.pub.ed25519, aliceLaptop.pub.x25519);
    expect(fp).toMatch(/^[0-9a-f]{4}( [0-9a-f]{4}){4}$/);
    expect(deviceFingerprint(alice, aliceLaptop.pub.ed25519, aliceLaptop.pub.x25519)).toBe(fp);
    expect(deviceFingerprint(alice, alicePhone.pub.ed25519, alicePhone.pub.x25519)).not.toBe(fp);
    expect(deviceFingerprint(bob, aliceLaptop.pub.ed25519, aliceLaptop.pub.x25519)).not.toBe(fp);
  });
});

describe("seal and open", () => {
  it("opens for every recipient device, the sender's own included", () => {
    const env = sealFrom(aliceLaptop, "meet at **noon** 🌞");
    for (const reader of [aliceLaptop, alicePhone, bobLaptop]) {
      expect(openAs(reader, env)).toEqual({ ok: true, payload: { content: "meet at **noon** 🌞", mentions: [bob] } });
    }
  });

  it("holds neither the text nor the message key in the clear", () => {
    const env = sealFrom(aliceLaptop, "the secret word is marmalade");
    expect(JSON.stringify(env)).not.toContain("marmalade");
    expect(env).toMatchObject({ alg: "hearth-e2ee-v1", senderDevice: aliceLaptop.id });
    expect(env.keys.map((k) => k.d)).toEqual(recipients.map((r) => r.deviceId));
    // Two seals of the same text share nothing: new message key, new nonces.
    const again = sealFrom(aliceLaptop, "the secret word is marmalade");
    expect(again.ciphertext).not.toBe(env.ciphertext);
    expect(again.keys[0].k).not.toBe(env.keys[0].k);
  });

  it("does not open on a device that was not a recipient", () => {
    const env = sealFrom(aliceLaptop, "before the phone existed", recipients.filter((r) => r.deviceId !== alicePhone.id));
    expect(openAs(alicePhone, env)).toEqual({ ok: false, reason: "not_for_this_device" });
    expect(openAs(bobLaptop, env).ok).toBe(true);
  });

  it("does not open with another device's secrets under this device's id", () => {
    const env = sealFrom(aliceLaptop, "hi");
    const impostor = { ...bobLaptop, secrets: alicePhone.secrets };
    expect(openAs(impostor, env)).toEqual({ ok: false, reason: "undecryptable" });
  });

  it("detects an altered ciphertext, wrapped key or signature", () => {
    const env = sealFrom(aliceLaptop, "untouched");
    expect(openAs(bobLaptop, { ...env, ciphertext: flip(env.ciphertext) })).toEqual({ ok: false, reason: "bad_signature" });
    const keys = env.keys.map((k) => (k.d === bobLaptop.id ? { ...k, k: flip(k.k) } : k));
    expect(openAs(bobLaptop, { ...env, keys })).toEqual({ ok: false, reason: "bad_signature" });
    expect(openAs(bobLaptop, { ...env, sig: flip(env.sig) })).toEqual({ ok: false, reason: "bad_signature" });
    // Dropping someone's wrapped key is an alteration too.
    expect(openAs(bobLaptop, { ...env, keys: env.keys.filter((k) => k.d !== alicePhone.id) })).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("detects an altered ciphertext even when the attacker re-signs with a key of their own", () => {
    // The server (or anyone) can sign, but not as Alice's device: a substitute device key fails its self-signature.
    const mallory = device(aliceLaptop.id, alice);
    const forged = sealFrom(mallory, "send the money to Mallory");
    expect(openAs(bobLaptop, forged)).toEqual({ ok: false, reason: "bad_signature" });
    const forgedDevice = { ...aliceLaptop.pub, ed25519: mallory.pub.ed25519 };
    expect(openAs(bobLaptop, forged, { senderDevice: forgedDevice })).toEqual({ ok: false, reason: "unknown_device" });
  });

  it("refuses an envelope moved to another channel or another message", () => {
    const env = sealFrom(aliceLaptop, "for this channel");
    expect(openAs(bobLaptop, env, { channelId: "0190a000-0000-7000-8000-0000000000c2" })).toEqual({ ok: false, reason: "bad_signature" });
    expect(openAs(bobLaptop, env, { messageNonce: "nonce-2" })).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("refuses a sender device that is unknown or belongs to someone else than the author", () => {
    const env = sealFrom(aliceLaptop, "hello");
    expect(openAs(bobLaptop, env, { senderDevice: null })).toEqual({ ok: false, reason: "unknown_device" });
    expect(openAs(bobLaptop, env, { authorId: bob })).toEqual({ ok: false, reason: "unknown_device" });
    expect(openAs(bobLaptop, env, { senderDevice: bobLaptop.pub })).toEqual({ ok: false, reason: "unknown_device" });
  });

  it("calls other schemes and malformed envelopes unsupported, without throwing", () => {
    for (const e of [null, "x", { alg: "x25519-xchacha20", senderDevice: "d", ciphertext: "AAAA" }, { ...sealFrom(aliceLaptop, "x"), keys: "nope" }]) {
      expect(openAs(bobLaptop, e)).toEqual({ ok: false, reason: "unsupported" });
    }
    expect(openAs(bobLaptop, { ...sealFrom(aliceLaptop, "x"), ciphertext: "!!" })).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("fits a full group DM's worth of devices and the longest message into one envelope", () => {
    const many = Array.from({ length: GROUP_DM_MAX_PARTICIPANTS * MAX_DEVICES_PER_USER }, (_, i) => ({
      deviceId: `0190a000-0000-7000-8000-${String(i).padStart(12, "0")}`,
      x25519: x25519.getPublicKey(x25519.utils.randomSecretKey()),
    }));
    // The worst case for size: control characters, which JSON escapes as six bytes each.
    const env = sealFrom(aliceLaptop, "\u0001".repeat(MAX_MESSAGE_CHARS), many);
    expect(utf8Length(JSON.stringify(env))).toBeLessThanOrEqual(MAX_ENVELOPE_BYTES);
  });
});

describe("files in the sealed payload", () => {
  const file = (i: number, over: Partial<SealedAttachment> = {}): SealedAttachment => ({
    id: `0190a000-0000-7000-8000-${String(i).padStart(12, "0")}`,
    key: b64u(new Uint8Array(32).fill(i)),
    nonce: b64u(new Uint8Array(24).fill(i + 1)),
    name: `holiday-${i}.png`,
    type: "image/png",
    size: 1000 + i,
    ...over,
  });
  /** Seals any payload, well-formed or not, as a client of ours or anyone else's might. */
  const sealPayload = (payload: unknown, to = recipients) =>
    seal({ channelId, messageNonce: "nonce-1", sender: { deviceId: aliceLaptop.id, secrets: aliceLaptop.secrets }, recipients: to, payload: payload as MessagePayload });

  it("carries each file's id, key, nonce, name, type and size to every reader, and none of it in the clear", () => {
    const attachments = [file(1), file(2, { name: "notes 📝.txt", type: "text/plain", size: 0 })];
    const env = sealPayload({ content: "the photos", attachments });
    for (const reader of [aliceLaptop, alicePhone, bobLaptop]) {
      expect(openAs(reader, env)).toEqual({ ok: true, payload: { content: "the photos", attachments } });
    }
    const clear = JSON.stringify(env);
    for (const s of ["holiday-1", "image/png", attachments[0].key, attachments[0].nonce, attachments[0].id]) expect(clear).not.toContain(s);
  });

  it("opens an envelope without files as before: no attachments field, and an empty list is the same", () => {
    expect(openAs(bobLaptop, sealFrom(aliceLaptop, "plain"))).toEqual({ ok: true, payload: { content: "plain", mentions: [bob] } });
    expect(openAs(bobLaptop, sealPayload({ content: "none", attachments: [] }))).toEqual({ ok: true, payload: { content: "none" } });
  });

  it("drops fields an entry has beyond the known ones (a later client may add some)", () => {
    const r = openAs(bobLaptop, sealPayload({ content: "", attachments: [{ ...file(1), width: 800, thumb: "xyz" }] }));
    expect(r).toEqual({ ok: true, payload: { content: "", attachments: [file(1)] } });
  });

  it("refuses the whole message when its files are malformed, without throwing", () => {
    const bad: unknown[] = [
      "not a list",
      { 0: file(1) },
      Array.from({ length: MAX_ATTACHMENTS + 1 }, (_, i) => file(i)),
      [null],
      [[file(1)]],
      [file(1), file(1)],
      [file(1, { id: "" })],
      [file(1, { id: "x".repeat(65) })],
      [{ ...file(1), id: 7 }],
      [file(1, { key: b64u(new Uint8Array(31)) })],
      [file(1, { key: "not base64url!" })],
      [file(1, { nonce: b64u(new Uint8Array(32)) })],
      [{ ...file(1), nonce: undefined }],
      [file(1, { name: "" })],
      [file(1, { name: "   " })],
      [file(1, { name: "../etc/passwd" })],
      [file(1, { name: "a\\b" })],
      [file(1, { name: "bell\u0007.png" })],
      [file(1, { name: ".." })],
      [file(1, { name: "x".repeat(MAX_FILE_NAME_CHARS + 1) })],
      [file(1, { type: "" })],
      [file(1, { type: "x".repeat(201) })],
      [{ ...file(1), type: null }],
      [file(1, { size: -1 })],
      [file(1, { size: 1.5 })],
      [file(1, { size: 2 ** 53 })],
      [{ ...file(1), size: "100" }],
    ];
    for (const attachments of bad) {
      expect(openAs(bobLaptop, sealPayload({ content: "look", attachments })), JSON.stringify(attachments)?.slice(0, 80)).toEqual({ ok: false, reason: "undecryptable" });
    }
    // The longest name and the most files are fine.
    expect(openAs(bobLaptop, sealPayload({ content: "", attachments: Array.from({ length: MAX_ATTACHMENTS }, (_, i) => file(i, { name: "x".repeat(MAX_FILE_NAME_CHARS) })) })).ok).toBe(true);
  });

  it("fits a full group DM, the longest message and ten files with the longest names into one envelope", () => {
    const many = Array.from({ length: GROUP_DM_MAX_PARTICIPANTS * MAX_DEVICES_PER_USER }, (_, i) => ({
      deviceId: `0190a000-0000-7000-8000-${String(i).padStart(12, "0")}`,
      x25519: x25519.getPublicKey(x25519.utils.randomSecretKey()),
    }));
    // Names cannot hold control characters; three UTF-8 bytes per UTF-16 unit (CJK) is their worst case.
    const attachments = Array.from({ length: MAX_ATTACHMENTS }, (_, i) => file(i, { name: "写".repeat(MAX_FILE_NAME_CHARS), type: `application/${"x".repeat(180)}`, size: 2 ** 40 }));
    const env = sealPayload({ content: "\u0001".repeat(MAX_MESSAGE_CHARS), attachments }, many);
    expect(utf8Length(JSON.stringify(env))).toBeLessThanOrEqual(MAX_ENVELOPE_BYTES);
  });
});

describe("a poll's answers in the sealed payload", () => {
  const sealPayload = (payload: unknown, to = recipients) =>
    seal({ channelId, messageNonce: "nonce-1", sender: { deviceId: aliceLaptop.id, secrets: aliceLaptop.secrets }, recipients: to, payload: payload as MessagePayload });

  it("carries the answers to every reader, and none of them in the clear", () => {
    const env = sealPayload({ content: "Lunch on Friday?", poll: { answers: ["Pizza", "Sushi 🍣", "Tacos"] } });
    for (const reader of [aliceLaptop, alicePhone, bobLaptop]) {
      expect(openAs(reader, env)).toEqual({ ok: true, payload: { content: "Lunch on Friday?", poll: { answers: ["Pizza", "Sushi 🍣", "Tacos"] } } });
    }
    const clear = JSON.stringify(env);
    for (const s of ["Pizza", "Sushi", "Tacos", "Lunch"]) expect(clear).not.toContain(s);
  });

  it("trims the answers and drops fields beyond them, as the server does for a plain poll", () => {
    const r = openAs(bobLaptop, sealPayload({ content: "?", poll: { answers: ["  yes ", "no"], multiSelect: true, extra: 1 } }));
    expect(r).toEqual({ ok: true, payload: { content: "?", poll: { answers: ["yes", "no"] } } });
  });

  it("refuses the whole message when its poll is malformed, without throwing", () => {
    const bad: unknown[] = [
      null,
      "Pizza",
      ["Pizza", "Sushi"],
      {},
      { answers: "Pizza, Sushi" },
      { answers: ["only one"] },
      { answers: Array.from({ length: MAX_POLL_ANSWERS + 1 }, (_, i) => `a${i}`) },
      { answers: ["Pizza", 7] },
      { answers: ["Pizza", ""] },
      { answers: ["Pizza", "   "] },
      { answers: ["Pizza", " Pizza"] },
      { answers: ["Pizza", "x".repeat(MAX_POLL_ANSWER_CHARS + 1)] },
      { answers: ["Pizza", "nul\u0000"] },
      { answers: ["Pizza", "\ud800"] },
    ];
    for (const poll of bad) {
      expect(openAs(bobLaptop, sealPayload({ content: "Lunch?", poll })), JSON.stringify(poll)?.slice(0, 80)).toEqual({ ok: false, reason: "undecryptable" });
    }
    expect(openAs(bobLaptop, sealPayload({ content: "", poll: { answers: Array.from({ length: MAX_POLL_ANSWERS }, (_, i) => `${i}`.padEnd(MAX_POLL_ANSWER_CHARS, "x")) } })).ok).toBe(true);
  });

  it("fits a full group DM, the longest question and ten of the longest answers into one envelope", () => {
    const many = Array.from({ length: GROUP_DM_MAX_PARTICIPANTS * MAX_DEVICES_PER_USER }, (_, i) => ({
      deviceId: `0190a000-0000-7000-8000-${String(i).padStart(12, "0")}`,
      x25519: x25519.getPublicKey(x25519.utils.randomSecretKey()),
    }));
    // Answers cannot hold NUL but can hold other control characters, which JSON escapes as six bytes each.
    const answers = Array.from({ length: MAX_POLL_ANSWERS }, (_, i) => `${i}`.padEnd(MAX_POLL_ANSWER_CHARS, "\u0001"));
    const env = sealPayload({ content: "\u0001".repeat(MAX_POLL_QUESTION_CHARS), poll: { answers } }, many);
    expect(utf8Length(JSON.stringify(env))).toBeLessThanOrEqual(MAX_ENVELOPE_BYTES);
  });
});
