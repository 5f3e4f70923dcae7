/**
 * Web Push from the server (docs/api/push.md): the VAPID identity (RFC 8292) and the message encryption browsers
 * require (RFC 8291, aes128gcm, RFC 8188), on @noble primitives so the same code runs in workerd and in unit tests.
 *
 * The VAPID key pair is derived from AT_REST_KEY, so an instance has one stable identity with no secret of its
 * own to keep; rotating AT_REST_KEY means browsers subscribe again (their old subscriptions stop working).
 */
import { gcm } from "@noble/ciphers/aes.js";
import { p256 } from "@noble/curves/nist.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { base64urlnopad } from "@scure/base";

const enc = new TextEncoder();

export interface VapidKeys {
  privateKey: Uint8Array;
  /** Uncompressed P-256 point (65 bytes): what browsers take as applicationServerKey. */
  publicKey: Uint8Array;
}

let cached: { secret: string; keys: VapidKeys } | null = null;

/** The instance's VAPID key pair, derived from its at-rest key (hex). */
export function vapidKeys(atRestKeyHex: string): VapidKeys {
  if (cached?.secret === atRestKeyHex) return cached.keys;
  const secret = Uint8Array.from(atRestKeyHex.match(/../g) ?? [], (h) => parseInt(h, 16));
  const seed = hkdf(sha256, secret, enc.encode("hearth vapid"), enc.encode("p256 key"), 48);
  const privateKey = p256.utils.randomSecretKey(seed);
  const keys = { privateKey, publicKey: p256.getPublicKey(privateKey, false) };
  cached = { secret: atRestKeyHex, keys };
  return keys;
}

/** The `Authorization: vapid t=…, k=…` header for a push service (`endpoint`'s origin is the audience). */
export function vapidAuthorization(keys: VapidKeys, endpoint: string, subject: string, nowS = Math.floor(Date.now() / 1000)): string {
  const b64 = (v: unknown) => base64urlnopad.encode(enc.encode(JSON.stringify(v)));
  const unsigned = `${b64({ typ: "JWT", alg: "ES256" })}.${b64({ aud: new URL(endpoint).origin, exp: nowS + 12 * 3600, sub: subject })}`;
  const signature = p256.sign(enc.encode(unsigned), keys.privateKey);
  return `vapid t=${unsigned}.${base64urlnopad.encode(signature)}, k=${base64urlnopad.encode(keys.publicKey)}`;
}

/** A browser's subscription keys (PushSubscription.toJSON().keys), base64url. */
export interface SubscriptionKeys {
  p256dh: string;
  auth: string;
}

const RECORD_SIZE = 4096;

/**
 * The encrypted body of one push message (RFC 8291): a single aes128gcm record under a key agreed between a fresh
 * server key and the browser's, salted and bound to the subscription's auth secret. `ephemeral` and `salt` are for
 * tests only.
 */
export function encryptPush(payload: Uint8Array, keys: SubscriptionKeys, ephemeral = p256.utils.randomSecretKey(), salt = crypto.getRandomValues(new Uint8Array(16))): Uint8Array {
  const uaPublic = base64urlnopad.decode(keys.p256dh.replace(/=+$/, ""));
  const authSecret = base64urlnopad.decode(keys.auth.replace(/=+$/, ""));
  if (uaPublic.length !== 65 || authSecret.length !== 16) throw new Error("bad subscription keys");
  const asPublic = p256.getPublicKey(ephemeral, false);
  const ecdhSecret = p256.getSharedSecret(ephemeral, uaPublic, true).subarray(1);
  const keyInfo = concat(enc.encode("WebPush: info\0"), uaPublic, asPublic);
  const ikm = hkdf(sha256, ecdhSecret, authSecret, keyInfo, 32);
  const cek = hkdf(sha256, ikm, salt, enc.encode("Content-Encoding: aes128gcm\0"), 16);
  const nonce = hkdf(sha256, ikm, salt, enc.encode("Content-Encoding: nonce\0"), 12);
  // One record: the payload, then the 0x02 delimiter that marks the last record.
  const ciphertext = gcm(cek, nonce).encrypt(concat(payload, new Uint8Array([2])));
  const header = new Uint8Array(16 + 4 + 1 + 65);
  header.set(salt, 0);
  new DataView(header.buffer).setUint32(16, RECORD_SIZE);
  header[20] = 65;
  header.set(asPublic, 21);
  return concat(header, ciphertext);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
