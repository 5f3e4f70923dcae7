// At-rest encryption for small secrets kept in Postgres (TOTP seeds), so a database dump alone does not yield them.
// XChaCha20-Poly1305: its 24-byte nonce is large enough to pick at random for every seal without tracking counters,
// and it is pure JS (@noble/ciphers), so it runs the same in Node and workerd.
import { xchacha20poly1305 } from "@noble/ciphers/chacha.js";
import { base64UrlDecode, base64UrlEncode } from "./tokens.ts";

/** Prefix of every sealed string; a new format gets a new prefix so old rows stay readable during a migration. */
const VERSION = "v1";
/** XChaCha20 nonce size: 192 bits, so random nonces do not collide even after billions of seals under one key. */
const NONCE_BYTES = 24;
/** 256-bit key, the only size XChaCha20 takes. */
const KEY_BYTES = 32;

function assertKey(key: Uint8Array): void {
  if (key.length !== KEY_BYTES) throw new Error(`At-rest key must be ${KEY_BYTES} bytes, got ${key.length}`);
}

/**
 * Encrypts and authenticates `plaintext` as `v1.<nonce>.<ciphertext+tag>` (base64url parts). `aad` is authenticated
 * but not stored: pass something naming the owner (e.g. `totp:<userId>`) so a sealed value copied to another row
 * will not open there.
 */
export function sealSecret(key: Uint8Array, plaintext: Uint8Array, aad?: Uint8Array): string {
  assertKey(key);
  const nonce = crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
  const sealed = xchacha20poly1305(key, nonce, aad).encrypt(plaintext);
  return `${VERSION}.${base64UrlEncode(nonce)}.${base64UrlEncode(sealed)}`;
}

/** Opens a string made by sealSecret; throws when it was altered, or the key or `aad` differ from sealing time. */
export function openSecret(key: Uint8Array, sealed: string, aad?: Uint8Array): Uint8Array {
  assertKey(key);
  const parts = sealed.split(".");
  if (parts.length !== 3 || parts[0] !== VERSION) throw new Error(`Sealed secret is not in the ${VERSION}.<nonce>.<ciphertext> format`);
  const nonce = base64UrlDecode(parts[1]);
  const ciphertext = base64UrlDecode(parts[2]);
  if (nonce.length !== NONCE_BYTES) throw new Error("Sealed secret has a malformed nonce");
  try {
    return xchacha20poly1305(key, nonce, aad).decrypt(ciphertext);
  } catch {
    throw new Error("Sealed secret failed authentication: wrong key or additional data, or the value was altered");
  }
}

/** Parses the hex at-rest key from the environment (64 hex characters = 32 bytes); throws with what was expected. */
export function parseKeyHex(hex: string): Uint8Array {
  const trimmed = hex.trim();
  if (!/^[0-9a-fA-F]{64}$/.test(trimmed)) {
    throw new Error(`At-rest key must be 64 hex characters (32 bytes), got ${trimmed.length} characters`);
  }
  return Uint8Array.from(trimmed.match(/../g)!, (pair) => parseInt(pair, 16));
}
