/**
 * End-to-end encryption of messages (docs/encryption.md), shared by the web client (which seals and opens), the
 * Worker (which only checks a device's self-signature when it registers) and the tests. Pure functions over bytes;
 * storage and the network are the callers' business.
 *
 * A device has two key pairs: Ed25519 (signs) and X25519 (agrees keys). Its registration carries a signature by
 * the Ed25519 key over the user id and both public keys, so neither the server nor anyone else can attach another
 * X25519 key to the device, or the device to another user, without the signature failing.
 *
 * A message is sealed once for everyone:
 *   1. a random 32-byte message key encrypts the payload JSON with XChaCha20-Poly1305 (random 24-byte nonce);
 *   2. for each recipient device, X25519(sender secret, recipient public) → HKDF-SHA256 (info names the scheme,
 *      the channel, the sender device and the recipient device) → a wrapping key that encrypts the message key;
 *   3. the sender's Ed25519 key signs the channel id, the message nonce, the sender device, the ciphertext and
 *      every wrapped key, so the server can neither alter one nor move the envelope to another channel or message.
 *
 * Crypto: @noble/curves (X25519, Ed25519), @noble/ciphers (XChaCha20-Poly1305), @noble/hashes (HKDF, SHA-256).
 */
import { xchacha20poly1305 } from "@noble/ciphers/chacha.js";
import { ed25519, x25519 } from "@noble/curves/ed25519.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { MAX_ATTACHMENTS, MAX_FILE_NAME_CHARS } from "./files.ts";
import type { Envelope } from "./frames.ts";
import { MAX_POLL_ANSWER_CHARS, MAX_POLL_ANSWERS, MIN_POLL_ANSWERS } from "./polls.ts";
import { unstorable } from "./stored-text.ts";

/** The envelope's `alg`. A new scheme gets a new name; clients show what they cannot read as locked. */
export const E2EE_ALG = "hearth-e2ee-v1";
/** Curve25519 public and secret keys, and message keys, are all 32 bytes. */
export const KEY_BYTES = 32;
export const SIGNATURE_BYTES = 64;
/** XChaCha20's 192-bit nonce is safe to draw at random for every encryption under one key. */
const NONCE_BYTES = 24;
/** Poly1305's tag. */
const TAG_BYTES = 16;
const DEVICE_CONTEXT = "hearth-device-v1";

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder("utf-8", { fatal: true });

// ---- base64url (RFC 4648 §5, no padding): how every key, signature and ciphertext travels ----

export function b64u(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Decodes base64url; throws on anything else (so a malformed field is a refusal, never a silent mangling). */
export function fromB64u(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) throw new Error("not base64url");
  const bin = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (text.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** base64url of exactly `bytes` bytes, or null. */
export function decodeExact(text: unknown, bytes: number): Uint8Array | null {
  if (typeof text !== "string") return null;
  try {
    const out = fromB64u(text);
    return out.length === bytes ? out : null;
  } catch {
    return null;
  }
}

// ---- device identities ----

/** A device's secret and public keys. Lives only on the device (IndexedDB in the browser). */
export interface DeviceSecrets {
  ed25519Secret: Uint8Array;
  ed25519Public: Uint8Array;
  x25519Secret: Uint8Array;
  x25519Public: Uint8Array;
}

/** A device as the server publishes it: public keys (base64url) and the self-signature. */
export interface PublicDevice {
  id: string;
  userId: string;
  ed25519: string;
  x25519: string;
  signature: string;
  createdAt: string;
  revokedAt: string | null;
}

export function generateDeviceSecrets(): DeviceSecrets {
  const ed = ed25519.keygen();
  const x = x25519.keygen();
  return { ed25519Secret: ed.secretKey, ed25519Public: ed.publicKey, x25519Secret: x.secretKey, x25519Public: x.publicKey };
}

/** What a device's Ed25519 key signs when it registers: its owner and both public keys. */
function deviceStatement(userId: string, ed25519Public: Uint8Array, x25519Public: Uint8Array): Uint8Array {
  return utf8.encode(JSON.stringify([DEVICE_CONTEXT, userId, b64u(ed25519Public), b64u(x25519Public)]));
}

/** The registration body for a device: public keys and the self-signature binding them to `userId`. */
export function deviceRegistration(secrets: DeviceSecrets, userId: string): { ed25519: string; x25519: string; signature: string } {
  const signature = ed25519.sign(deviceStatement(userId, secrets.ed25519Public, secrets.x25519Public), secrets.ed25519Secret);
  return { ed25519: b64u(secrets.ed25519Public), x25519: b64u(secrets.x25519Public), signature: b64u(signature) };
}

/** Whether the keys are well-formed and the signature is the Ed25519 key's over (userId, both keys). */
export function verifyDeviceRegistration(userId: string, device: { ed25519: unknown; x25519: unknown; signature: unknown }): boolean {
  const ed = decodeExact(device.ed25519, KEY_BYTES);
  const x = decodeExact(device.x25519, KEY_BYTES);
  const sig = decodeExact(device.signature, SIGNATURE_BYTES);
  if (!ed || !x || !sig) return false;
  try {
    // zip215 off: the strict RFC 8032 rules, so one signature has one valid encoding.
    return ed25519.verify(sig, deviceStatement(userId, ed, x), ed, { zip215: false });
  } catch {
    return false;
  }
}

/**
 * A short code people compare out of band to know they hold the right keys: the first 80 bits of SHA-256 over the
 * device's statement, as five groups of four hex digits ("3f2a 9c01 77be 02d4 c8e1").
 */
export function deviceFingerprint(userId: string, ed25519Public: string, x25519Public: string): string {
  const ed = decodeExact(ed25519Public, KEY_BYTES);
  const x = decodeExact(x25519Public, KEY_BYTES);
  if (!ed || !x) return "invalid key";
  const digest = sha256(deviceStatement(userId, ed, x)).subarray(0, 10);
  const hex = Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
  return hex.match(/.{4}/g)!.join(" ");
}

// ---- envelopes ----

/** One wrapped message key: for device `d`, `k` = base64url(nonce ‖ XChaCha20-Poly1305(wrapping key, message key)). */
export interface WrappedKey {
  d: string;
  k: string;
}

/** The `hearth-e2ee-v1` envelope. `ciphertext` = base64url(nonce ‖ XChaCha20-Poly1305(message key, payload)). */
export interface SealedEnvelope extends Envelope {
  alg: typeof E2EE_ALG;
  senderDevice: string;
  ciphertext: string;
  keys: WrappedKey[];
  sig: string;
}

/**
 * What is encrypted: the text, the mentions the sender also declared in the clear for notifications, and what only
 * the readers may know about the message's files. A JSON object, so fields are added without a new `alg`: an older
 * client ignores a field it does not know (it shows such files as "Encrypted file", from the server's list).
 */
export interface MessagePayload {
  content: string;
  mentions?: string[];
  /** Present (and not empty) only when the message carries files. */
  attachments?: SealedAttachment[];
  /** Present only when the message is a poll (docs/api/polls.md): its answers, which the frame only counts. */
  poll?: SealedPoll;
}

/** What only the readers of an encrypted poll know: the answers' text, in the order votes number them. */
export interface SealedPoll {
  answers: string[];
}

/**
 * The payload's `poll`, checked as the server checks a plain poll's answers (protocol/polls.ts): undefined when
 * absent; null when it is anything but MIN..MAX distinct answers of 1-100 characters after trimming, and the whole
 * message is refused. Answers come back trimmed; fields beyond `answers` are dropped.
 */
export function sealedPollIn(value: unknown): SealedPoll | null | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const list = (value as Record<string, unknown>).answers;
  if (!Array.isArray(list) || list.length < MIN_POLL_ANSWERS || list.length > MAX_POLL_ANSWERS) return null;
  const answers: string[] = [];
  for (const a of list) {
    if (typeof a !== "string") return null;
    const text = a.trim();
    if (!text || text.length > MAX_POLL_ANSWER_CHARS || unstorable(text) || answers.includes(text)) return null;
    answers.push(text);
  }
  return { answers };
}

/**
 * One file of an encrypted message as its readers see it (web/state/file-crypto.ts): the ciphertext stored under
 * `id` is XChaCha20-Poly1305(key, nonce, file), and the real name, type and size are known only from here.
 */
export interface SealedAttachment {
  /** The file's id on the server; the frame's `attachments` names it too, so the server can link it. */
  id: string;
  /** base64url, 32 bytes. */
  key: string;
  /** base64url, 24 bytes. */
  nonce: string;
  name: string;
  type: string;
  /** The file's own size in bytes (the stored ciphertext is ENCRYPTED_FILE_OVERHEAD_BYTES more). */
  size: number;
}

/** Longest file id in a payload: ids are UUIDs (36 characters); the slack costs nothing. */
const MAX_FILE_ID_CHARS = 64;
/** Longest type in a payload: a `type/subtype` as the server stores them is at most 193 characters. */
export const MAX_SEALED_TYPE_CHARS = 200;
/** Bytes of a file key, and of its XChaCha20 nonce. */
const FILE_KEY_BYTES = 32;
const FILE_NONCE_BYTES = 24;

/**
 * The payload's `attachments`, checked strictly (any member of the conversation could have written it): absent is
 * an empty list; anything but an array of at most MAX_ATTACHMENTS well-formed entries with distinct ids is null,
 * and the whole message is refused. Fields an entry has beyond these are dropped.
 */
export function sealedAttachmentsIn(value: unknown): SealedAttachment[] | null {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > MAX_ATTACHMENTS) return null;
  const out: SealedAttachment[] = [];
  for (const v of value) {
    if (typeof v !== "object" || v === null || Array.isArray(v)) return null;
    const f = v as Record<string, unknown>;
    const { id, key, nonce, name, type, size } = f;
    if (typeof id !== "string" || !id || id.length > MAX_FILE_ID_CHARS || out.some((x) => x.id === id)) return null;
    if (typeof key !== "string" || !decodeExact(key, FILE_KEY_BYTES) || typeof nonce !== "string" || !decodeExact(nonce, FILE_NONCE_BYTES)) return null;
    // The server's rule for names (workers/routes/files.ts): what a file manager would show, no paths.
    if (typeof name !== "string" || !name.trim() || name.length > MAX_FILE_NAME_CHARS || /[\p{Cc}/\\]/u.test(name) || name === "." || name === "..") return null;
    if (typeof type !== "string" || !type || type.length > MAX_SEALED_TYPE_CHARS) return null;
    if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0) return null;
    out.push({ id, key, nonce, name, type, size });
  }
  return out;
}

/** Where an envelope belongs: a message is bound to its channel and to its client nonce (P14), edits included. */
export interface EnvelopeContext {
  channelId: string;
  messageNonce: string;
}

function signedBytes(ctx: EnvelopeContext, e: Pick<SealedEnvelope, "senderDevice" | "ciphertext" | "keys">): Uint8Array {
  return utf8.encode(JSON.stringify([E2EE_ALG, "sig", ctx.channelId, ctx.messageNonce, e.senderDevice, e.ciphertext, e.keys.map((k) => [k.d, k.k])]));
}

function payloadAad(ctx: EnvelopeContext, senderDevice: string): Uint8Array {
  return utf8.encode(JSON.stringify([E2EE_ALG, "payload", ctx.channelId, ctx.messageNonce, senderDevice]));
}

/** The key that wraps message keys from `senderDevice` to `recipientDevice` in `channelId`. */
function wrappingKey(secret: Uint8Array, peerPublic: Uint8Array, channelId: string, senderDevice: string, recipientDevice: string): Uint8Array {
  // Throws on a low-order peer key (all-zero shared secret): such a key is never a real device's.
  const shared = x25519.getSharedSecret(secret, peerPublic);
  return hkdf(sha256, shared, utf8.encode(E2EE_ALG), utf8.encode(JSON.stringify(["wrap", channelId, senderDevice, recipientDevice])), KEY_BYTES);
}

/** nonce ‖ XChaCha20-Poly1305(key, plaintext, aad), under a random nonce. */
export function encrypt(key: Uint8Array, plaintext: Uint8Array, aad?: Uint8Array): Uint8Array {
  const nonce = crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
  const sealed = xchacha20poly1305(key, nonce, aad).encrypt(plaintext);
  const out = new Uint8Array(NONCE_BYTES + sealed.length);
  out.set(nonce);
  out.set(sealed, NONCE_BYTES);
  return out;
}

/** The reverse of encrypt; throws when the box does not authenticate. */
export function decrypt(key: Uint8Array, box: Uint8Array, aad?: Uint8Array): Uint8Array {
  if (box.length < NONCE_BYTES + TAG_BYTES) throw new Error("too short");
  return xchacha20poly1305(key, box.subarray(0, NONCE_BYTES), aad).decrypt(box.subarray(NONCE_BYTES));
}

export interface SealInput extends EnvelopeContext {
  sender: { deviceId: string; secrets: DeviceSecrets };
  /** Every device that may read it: every current device of every member, the sender's own included. */
  recipients: { deviceId: string; x25519: Uint8Array }[];
  payload: MessagePayload;
}

export function seal(input: SealInput): SealedEnvelope {
  const messageKey = crypto.getRandomValues(new Uint8Array(KEY_BYTES));
  const { deviceId, secrets } = input.sender;
  const ciphertext = b64u(encrypt(messageKey, utf8.encode(JSON.stringify(input.payload)), payloadAad(input, deviceId)));
  const seen = new Set<string>();
  const keys: WrappedKey[] = [];
  for (const r of input.recipients) {
    if (seen.has(r.deviceId)) continue;
    seen.add(r.deviceId);
    const wrap = wrappingKey(secrets.x25519Secret, r.x25519, input.channelId, deviceId, r.deviceId);
    keys.push({ d: r.deviceId, k: b64u(encrypt(wrap, messageKey)) });
  }
  const unsigned = { senderDevice: deviceId, ciphertext, keys };
  const sig = b64u(ed25519.sign(signedBytes(input, unsigned), secrets.ed25519Secret));
  return { alg: E2EE_ALG, ...unsigned, sig };
}

/** Why an envelope did not open. The UI shows all of them as one lock; tests and logs tell them apart. */
export type OpenFailure =
  /** Another scheme, or not an envelope of this shape. */
  | "unsupported"
  /** The sender device is unknown, belongs to someone other than the author, or its self-signature fails. */
  | "unknown_device"
  /** The signature does not cover this envelope in this channel and message: altered, or moved. */
  | "bad_signature"
  /** No key was wrapped for this device (it did not exist, or was not listed, when the message was sent). */
  | "not_for_this_device"
  /** A wrapped key or the ciphertext failed authentication, or the payload is not what a client writes. */
  | "undecryptable";

export type OpenResult = { ok: true; payload: MessagePayload } | { ok: false; reason: OpenFailure };

export interface OpenInput extends EnvelopeContext {
  envelope: unknown;
  /** The message's author, as the server reports it. */
  authorId: string;
  /** The device named by `envelope.senderDevice`, as the server publishes it (revoked ones too), or null. */
  senderDevice: PublicDevice | null;
  me: { deviceId: string; secrets: DeviceSecrets };
  /**
   * X25519 secrets of the account's earlier devices, recovered from its key backup (protocol/key-backup.ts): an
   * envelope with no key for this device opens with one of theirs.
   */
  restored?: readonly RestoredKey[];
}

/** An earlier device's X25519 secret, recovered from the account's key backup. */
export interface RestoredKey {
  deviceId: string;
  x25519Secret: Uint8Array;
}

function asEnvelope(v: unknown): SealedEnvelope | null {
  if (typeof v !== "object" || v === null) return null;
  const e = v as Record<string, unknown>;
  if (e.alg !== E2EE_ALG || typeof e.senderDevice !== "string" || typeof e.ciphertext !== "string" || typeof e.sig !== "string" || !Array.isArray(e.keys)) return null;
  if (!e.keys.every((k) => typeof k === "object" && k !== null && typeof (k as WrappedKey).d === "string" && typeof (k as WrappedKey).k === "string")) return null;
  return e as SealedEnvelope;
}

/** Verifies and decrypts an envelope for this device. Never throws. */
export function open(input: OpenInput): OpenResult {
  const env = asEnvelope(input.envelope);
  if (!env) return { ok: false, reason: "unsupported" };
  const dev = input.senderDevice;
  if (!dev || dev.id !== env.senderDevice || dev.userId !== input.authorId || !verifyDeviceRegistration(dev.userId, dev)) return { ok: false, reason: "unknown_device" };
  const sig = decodeExact(env.sig, SIGNATURE_BYTES);
  let signed = false;
  try {
    signed = !!sig && ed25519.verify(sig, signedBytes(input, env), fromB64u(dev.ed25519), { zip215: false });
  } catch {
    signed = false;
  }
  if (!signed) return { ok: false, reason: "bad_signature" };
  const ring: RestoredKey[] = [{ deviceId: input.me.deviceId, x25519Secret: input.me.secrets.x25519Secret }, ...(input.restored ?? [])];
  let reader: RestoredKey | undefined;
  let mine: WrappedKey | undefined;
  for (const candidate of ring) {
    mine = env.keys.find((k) => k.d === candidate.deviceId);
    if (mine) {
      reader = candidate;
      break;
    }
  }
  if (!mine || !reader) return { ok: false, reason: "not_for_this_device" };
  try {
    const wrap = wrappingKey(reader.x25519Secret, fromB64u(dev.x25519), input.channelId, env.senderDevice, reader.deviceId);
    const messageKey = decrypt(wrap, fromB64u(mine.k));
    if (messageKey.length !== KEY_BYTES) return { ok: false, reason: "undecryptable" };
    const payload = JSON.parse(fromUtf8.decode(decrypt(messageKey, fromB64u(env.ciphertext), payloadAad(input, env.senderDevice)))) as unknown;
    if (typeof payload !== "object" || payload === null || typeof (payload as MessagePayload).content !== "string") return { ok: false, reason: "undecryptable" };
    const p = payload as MessagePayload;
    const mentions = Array.isArray(p.mentions) ? p.mentions.filter((x): x is string => typeof x === "string") : undefined;
    const attachments = sealedAttachmentsIn(p.attachments);
    const poll = sealedPollIn(p.poll);
    if (!attachments || poll === null) return { ok: false, reason: "undecryptable" };
    return { ok: true, payload: { content: p.content, ...(mentions ? { mentions } : {}), ...(attachments.length ? { attachments } : {}), ...(poll ? { poll } : {}) } };
  } catch {
    return { ok: false, reason: "undecryptable" };
  }
}
