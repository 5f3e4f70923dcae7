import { gcm } from "@noble/ciphers/aes.js";
import { p256 } from "@noble/curves/nist.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { base64urlnopad } from "@scure/base";
import { describe, expect, it } from "vitest";
import { encryptPush, vapidAuthorization, vapidKeys } from "./web-push.ts";

const enc = new TextEncoder();

/** What a browser does with a push body (RFC 8291), written from the RFC for the test. */
function decrypt(body: Uint8Array, uaPrivate: Uint8Array, authSecret: Uint8Array): string {
  const salt = body.subarray(0, 16);
  const idlen = body[20];
  const asPublic = body.subarray(21, 21 + idlen);
  const ciphertext = body.subarray(21 + idlen);
  const uaPublic = p256.getPublicKey(uaPrivate, false);
  const ecdh = p256.getSharedSecret(uaPrivate, asPublic, true).subarray(1);
  const info = new Uint8Array([...enc.encode("WebPush: info\0"), ...uaPublic, ...asPublic]);
  const ikm = hkdf(sha256, ecdh, authSecret, info, 32);
  const cek = hkdf(sha256, ikm, salt, enc.encode("Content-Encoding: aes128gcm\0"), 16);
  const nonce = hkdf(sha256, ikm, salt, enc.encode("Content-Encoding: nonce\0"), 12);
  const plain = gcm(cek, nonce).decrypt(ciphertext);
  expect(plain.at(-1)).toBe(2);
  return new TextDecoder().decode(plain.subarray(0, -1));
}

describe("web push", () => {
  it("encrypts a payload only the subscribed browser can read", () => {
    const uaPrivate = p256.utils.randomSecretKey();
    const authSecret = crypto.getRandomValues(new Uint8Array(16));
    const keys = { p256dh: base64urlnopad.encode(p256.getPublicKey(uaPrivate, false)), auth: base64urlnopad.encode(authSecret) };
    const body = encryptPush(enc.encode('{"title":"Alice"}'), keys);
    expect(new DataView(body.buffer, body.byteOffset).getUint32(16)).toBe(4096);
    expect(decrypt(body, uaPrivate, authSecret)).toBe('{"title":"Alice"}');
    expect(() => decrypt(body, p256.utils.randomSecretKey(), authSecret)).toThrow();
  });

  it("derives one stable VAPID key per instance and signs a token the push service can check", () => {
    const key = "11".repeat(32);
    expect(vapidKeys(key).publicKey).toEqual(vapidKeys(key).publicKey);
    expect(vapidKeys("22".repeat(32)).publicKey).not.toEqual(vapidKeys(key).publicKey);
    const header = vapidAuthorization(vapidKeys(key), "https://push.example.net/send/abc", "https://chat.example.org", 1_000);
    const [, token, k] = /^vapid t=([^,]+), k=(.+)$/.exec(header)!;
    expect(base64urlnopad.decode(k)).toEqual(vapidKeys(key).publicKey);
    const [h, c, s] = token.split(".");
    expect(JSON.parse(new TextDecoder().decode(base64urlnopad.decode(c)))).toEqual({ aud: "https://push.example.net", exp: 1_000 + 43_200, sub: "https://chat.example.org" });
    expect(p256.verify(base64urlnopad.decode(s), enc.encode(`${h}.${c}`), vapidKeys(key).publicKey)).toBe(true);
  });
});
