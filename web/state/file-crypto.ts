/**
 * Files in end-to-end-encrypted conversations (protocol/files.ts): each file is encrypted in the browser with
 * XChaCha20-Poly1305 under a random 32-byte key and 24-byte nonce of its own, the ciphertext is uploaded under
 * ENCRYPTED_FILE_NAME, and the key, nonce and the real name, type and size travel inside the message's sealed
 * payload, so the server learns only the ciphertext's length.
 *
 * Not wired in yet: the sealed payload cannot carry `attachments` until protocol/e2ee.ts `open()` keeps that
 * field (today it returns `content` and `mentions` only), so encrypted conversations refuse files for now
 * (hearth-channel-view). Loaded on first use, like the rest of the crypto code.
 */
import { xchacha20poly1305 } from "@noble/ciphers/chacha.js";
import { MAX_FILE_NAME_CHARS } from "../../protocol/files.ts";
import { b64u, decodeExact } from "../../protocol/e2ee.ts";

const KEY_BYTES = 32;
/** XChaCha20's 192-bit nonce is safe to draw at random. */
const NONCE_BYTES = 24;
/** Poly1305's tag: the ciphertext is this much longer than the file. */
export const FILE_TAG_BYTES = 16;

/** What the sealed payload says about one encrypted file; the server never sees it. */
export interface SealedFile {
  id: string;
  /** base64url, 32 bytes. */
  key: string;
  /** base64url, 24 bytes. */
  nonce: string;
  name: string;
  type: string;
  /** The file's own size (the ciphertext is FILE_TAG_BYTES more). */
  size: number;
}

/** Encrypts a file's bytes under a fresh key; returns what to upload and what to seal (all but the id). */
export function encryptFile(bytes: Uint8Array, meta: { name: string; type: string }): { ciphertext: Uint8Array; sealed: Omit<SealedFile, "id"> } {
  const key = crypto.getRandomValues(new Uint8Array(KEY_BYTES));
  const nonce = crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
  const ciphertext = xchacha20poly1305(key, nonce).encrypt(bytes);
  return { ciphertext, sealed: { key: b64u(key), nonce: b64u(nonce), name: meta.name, type: meta.type || "application/octet-stream", size: bytes.length } };
}

/** Decrypts a downloaded file; throws when it does not authenticate under the sealed key or is not the sealed size. */
export function decryptFile(ciphertext: Uint8Array, file: SealedFile): Uint8Array {
  const key = decodeExact(file.key, KEY_BYTES);
  const nonce = decodeExact(file.nonce, NONCE_BYTES);
  if (!key || !nonce) throw new Error("The file's key is malformed.");
  if (ciphertext.length !== file.size + FILE_TAG_BYTES) throw new Error("The file is not the size its message says.");
  return xchacha20poly1305(key, nonce).decrypt(ciphertext);
}

/**
 * The well-formed entries of an opened payload's `attachments` (anyone in the conversation wrote it, so nothing
 * is trusted): ids the message names (`ids`, from the server's list), valid keys and nonces, a name and a size.
 */
export function sealedFilesIn(value: unknown, ids: readonly string[]): SealedFile[] {
  if (!Array.isArray(value)) return [];
  const out: SealedFile[] = [];
  for (const v of value) {
    if (typeof v !== "object" || v === null) continue;
    const f = v as Record<string, unknown>;
    if (typeof f.id !== "string" || !ids.includes(f.id) || out.some((x) => x.id === f.id)) continue;
    if (!decodeExact(f.key, KEY_BYTES) || !decodeExact(f.nonce, NONCE_BYTES)) continue;
    if (typeof f.name !== "string" || !f.name.trim() || f.name.length > MAX_FILE_NAME_CHARS || /[\p{Cc}/\\]/u.test(f.name)) continue;
    if (typeof f.size !== "number" || !Number.isSafeInteger(f.size) || f.size < 0) continue;
    const type = typeof f.type === "string" && /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,127}$/.test(f.type) ? f.type : "application/octet-stream";
    out.push({ id: f.id, key: f.key as string, nonce: f.nonce as string, name: f.name, type, size: f.size });
  }
  return out;
}
