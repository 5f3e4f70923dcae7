/**
 * Files in end-to-end-encrypted conversations (protocol/files.ts): each file is encrypted in the browser with
 * XChaCha20-Poly1305 under a random 32-byte key and 24-byte nonce of its own, the ciphertext is uploaded under
 * ENCRYPTED_FILE_NAME, and the key, nonce and the real name, type and size travel inside the message's sealed
 * payload (`attachments`, SealedAttachment in protocol/e2ee.ts, which `open()` checks), so the server learns only
 * the ciphertext's length. Loaded on first use (web/state/files.ts), like the rest of the crypto code.
 */
import { xchacha20poly1305 } from "@noble/ciphers/chacha.js";
import { b64u, decodeExact, type SealedAttachment } from "../../protocol/e2ee.ts";
import { ENCRYPTED_FILE_OVERHEAD_BYTES } from "../../protocol/files.ts";
import { isMimeType } from "./sealed-files.ts";

const KEY_BYTES = 32;
/** XChaCha20's 192-bit nonce is safe to draw at random. */
const NONCE_BYTES = 24;
/** Poly1305's tag: the ciphertext is this much longer than the file. */
export const FILE_TAG_BYTES = ENCRYPTED_FILE_OVERHEAD_BYTES;

/** What the sealed payload says about one encrypted file; the server never sees it. */
export type SealedFile = SealedAttachment;

/** Encrypts a file's bytes under a fresh key; returns what to upload and what to seal (all but the id). */
export function encryptFile(bytes: Uint8Array, meta: { name: string; type: string }): { ciphertext: Uint8Array; sealed: Omit<SealedFile, "id"> } {
  const key = crypto.getRandomValues(new Uint8Array(KEY_BYTES));
  const nonce = crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
  const ciphertext = xchacha20poly1305(key, nonce).encrypt(bytes);
  // A type the server would not store as such is not sealed either: readers would treat it as bytes anyway.
  const type = isMimeType(meta.type) ? meta.type : "application/octet-stream";
  return { ciphertext, sealed: { key: b64u(key), nonce: b64u(nonce), name: meta.name, type, size: bytes.length } };
}

/** Decrypts a downloaded file; throws when it does not authenticate under the sealed key or is not the sealed size. */
export function decryptFile(ciphertext: Uint8Array, file: SealedFile): Uint8Array {
  const key = decodeExact(file.key, KEY_BYTES);
  const nonce = decodeExact(file.nonce, NONCE_BYTES);
  if (!key || !nonce) throw new Error("The file's key is malformed.");
  if (ciphertext.length !== file.size + FILE_TAG_BYTES) throw new Error("The file is not the size its message says.");
  return xchacha20poly1305(key, nonce).decrypt(ciphertext);
}
