/**
 * Key backup (docs/encryption.md, "Key backup"): how a new device reads messages sealed before it existed.
 *
 * The person holds a **recovery key**: 32 random bytes, an X25519 secret, shown once as 56 characters of Crockford
 * base32 in groups of four (a version byte and a 2-byte checksum around the secret, so a mistyped key is caught
 * before anything is fetched). The server keeps only its public key. Every device that knows that public key to be
 * the person's (it made the backup, or was given the recovery key) seals its own X25519 secret to it:
 *
 *   ephemeral X25519 key pair e → X25519(e, backup public key) → HKDF-SHA256 (info names the account, the device
 *   and e's public key) → XChaCha20-Poly1305 over the device's secret, with the same info as additional data.
 *   sealed = base64url(e public ‖ nonce ‖ ciphertext ‖ tag), 104 bytes.
 *
 * A device given the recovery key opens every sealed secret and can then open any envelope sealed for those
 * devices (protocol/e2ee.ts `open` with `restored`). Binding the account and device ids means the server cannot
 * present one device's secret as another's.
 */
import { base32crockford } from "@scure/base";
import { x25519 } from "@noble/curves/ed25519.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { KEY_BYTES, b64u, decodeExact, decrypt, encrypt } from "./e2ee.ts";

const BACKUP_CONTEXT = "hearth-backup-v1";
const RECOVERY_KEY_VERSION = 1;
const CHECKSUM_BYTES = 2;
/** 1 + 32 + 2 bytes are 280 bits: 56 base32 characters, 14 groups of four. */
const RECOVERY_KEY_BYTES = 1 + KEY_BYTES + CHECKSUM_BYTES;
/** ephemeral public key (32) ‖ nonce (24) ‖ secret (32) ‖ tag (16). */
export const SEALED_BACKUP_KEY_BYTES = KEY_BYTES + 24 + KEY_BYTES + 16;

const utf8 = new TextEncoder();

/** The backup as `GET /api/v1/users/me/key-backup` describes it (docs/api/devices.md). */
export interface KeyBackupView {
  version: number;
  /** base64url, 32 bytes. */
  publicKey: string;
  createdAt: string;
  /** How many devices' secrets are sealed to this version. */
  keyCount: number;
}

export interface RecoveryKey {
  secret: Uint8Array;
  /** base64url, as the server stores it. */
  publicKey: string;
}

export function generateRecoveryKey(): RecoveryKey {
  const { secretKey, publicKey } = x25519.keygen();
  return { secret: secretKey, publicKey: b64u(publicKey) };
}

/** The backup's public key (base64url) for a recovery key's secret. */
export function backupPublicKey(secret: Uint8Array): string {
  return b64u(x25519.getPublicKey(secret));
}

function checksum(versioned: Uint8Array): Uint8Array {
  return sha256(versioned).subarray(0, CHECKSUM_BYTES);
}

/** The recovery key as the person writes it down: "4G2R 8Q1M …", 14 groups of four. */
export function formatRecoveryKey(secret: Uint8Array): string {
  const body = new Uint8Array(RECOVERY_KEY_BYTES);
  body[0] = RECOVERY_KEY_VERSION;
  body.set(secret, 1);
  body.set(checksum(body.subarray(0, 1 + KEY_BYTES)), 1 + KEY_BYTES);
  return base32crockford.encode(body).match(/.{4}/g)!.join(" ");
}

/**
 * The secret in a recovery key as typed: spaces, dashes and case do not matter, and the letters people confuse
 * with digits (O, I, L) read as 0 and 1. Null when it is not a recovery key or a character is wrong.
 */
export function parseRecoveryKey(text: string): Uint8Array | null {
  const compact = text.replace(/[\s-]/g, "").toUpperCase();
  if (compact.length !== 56) return null;
  let body: Uint8Array;
  try {
    body = base32crockford.decode(compact);
  } catch {
    return null;
  }
  if (body.length !== RECOVERY_KEY_BYTES || body[0] !== RECOVERY_KEY_VERSION) return null;
  const sum = checksum(body.subarray(0, 1 + KEY_BYTES));
  if (sum.some((b, i) => b !== body[1 + KEY_BYTES + i])) return null;
  return body.slice(1, 1 + KEY_BYTES);
}

function context(userId: string, deviceId: string, ephemeralPublic: Uint8Array): Uint8Array {
  return utf8.encode(JSON.stringify([BACKUP_CONTEXT, userId, deviceId, b64u(ephemeralPublic)]));
}

function backupWrapKey(shared: Uint8Array, info: Uint8Array): Uint8Array {
  return hkdf(sha256, shared, utf8.encode(BACKUP_CONTEXT), info, KEY_BYTES);
}

/** A device's X25519 secret sealed to the backup's public key; only the recovery key opens it. */
export function sealForBackup(backupPublic: string, userId: string, deviceId: string, x25519Secret: Uint8Array): string {
  const pub = decodeExact(backupPublic, KEY_BYTES);
  if (!pub) throw new Error("The backup's public key is not a 32-byte key.");
  const eph = x25519.keygen();
  const info = context(userId, deviceId, eph.publicKey);
  const box = encrypt(backupWrapKey(x25519.getSharedSecret(eph.secretKey, pub), info), x25519Secret, info);
  const out = new Uint8Array(KEY_BYTES + box.length);
  out.set(eph.publicKey);
  out.set(box, KEY_BYTES);
  return b64u(out);
}

/** The device secret in a sealed backup entry, or null when it does not open for this recovery key and device. */
export function openFromBackup(secret: Uint8Array, userId: string, deviceId: string, sealed: string): Uint8Array | null {
  const bytes = decodeExact(sealed, SEALED_BACKUP_KEY_BYTES);
  if (!bytes) return null;
  try {
    const ephPublic = bytes.subarray(0, KEY_BYTES);
    const info = context(userId, deviceId, ephPublic);
    const out = decrypt(backupWrapKey(x25519.getSharedSecret(secret, ephPublic), info), bytes.subarray(KEY_BYTES), info);
    return out.length === KEY_BYTES ? out : null;
  } catch {
    return null;
  }
}
