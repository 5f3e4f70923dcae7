// Password hashing (Argon2id, stored as a PHC string so each hash carries its own parameters) and the strength rules
// applied when a password is chosen.
//
// hash-wasm runs Argon2 in WebAssembly, several times faster than pure JS (@noble/hashes). It compiles that
// WebAssembly from bytes at run time, which workerd refuses ("Wasm code generation disallowed by embedder"); the Worker
// entry imports workers/wasm-preload.ts first, which answers the call with precompiled modules. Any other workerd entry
// that imports this file needs that preload too.
import { argon2id } from "hash-wasm";
import { PASSWORD_MAX, PASSWORD_MIN } from "../../protocol/limits.ts";
import { COMMON_PASSWORDS } from "./common-passwords.ts";
import { deriveElsewhere, type DeriveRequest } from "./password-hasher.ts";
import { bytesEqual } from "./tokens.ts";

/** 64 MiB: RFC 9106 §4's second recommended setting, for hosts that cannot spare its first choice of 2 GiB. */
export const ARGON2_MEMORY_KIB = 64 * 1024;
/** 3 passes over that memory, the iteration count RFC 9106 pairs with 64 MiB. */
export const ARGON2_ITERATIONS = 3;
/** 4 lanes as RFC 9106 recommends; hash-wasm runs them one after another, so this adds work, not threads. */
export const ARGON2_PARALLELISM = 4;
/** 128-bit random salt (RFC 9106): unique per hash, so identical passwords never share a hash. */
export const ARGON2_SALT_BYTES = 16;
/** 256-bit tag: beyond brute force, and the size RFC 9106 recommends. */
export const ARGON2_HASH_BYTES = 32;

/** Argon2 version 1.3 (0x13), the only one RFC 9106 specifies. */
const ARGON2_VERSION = 19;
/** 1 GiB: far beyond what a Worker isolate can allocate, so a stored hash asking for more could never be checked. */
const MAX_MEMORY_KIB = 1024 * 1024;

export interface Argon2Params {
  memoryKib: number;
  iterations: number;
  parallelism: number;
  salt: Uint8Array;
  hash: Uint8Array;
}

// PHC string format (https://github.com/P-H-C/phc-string-format): standard base64 alphabet without padding.
const PHC_PATTERN = /^\$argon2id\$v=(\d+)\$m=(\d{1,10}),t=(\d{1,10}),p=(\d{1,3})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/=+$/, "");
}

function fromBase64(text: string): Uint8Array | null {
  if (text.length % 4 === 1) return null;
  return Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0));
}

// NIST SP 800-63B §5.1.1.2: normalise Unicode so "é" typed as one code point or as e + accent is the same password.
function passwordBytes(password: string): Uint8Array {
  return new TextEncoder().encode(password.normalize("NFKC"));
}

/**
 * hash-wasm gives every Argon2 call a WebAssembly instance of its own and grows its memory to the 64 MiB the hash
 * needs. V8 does not count memory grown from inside WebAssembly as pressure to collect, so those instances outlive
 * the call until something else triggers a full collection: measured, each sign-up or sign-in left 64 MiB more in
 * workerd's RSS, up to ~560 MB after a dozen, before one came. Where the runtime exposes `gc` (the generated workerd
 * config passes V8's `--expose-gc`; docs/operations.md), a full collection of the Worker's small heap right after
 * each hash hands the memory back at once. Elsewhere (Cloudflare) nothing changes.
 */
const collectGarbage = (globalThis as { gc?: () => void }).gc;

/** Argon2id in this isolate. The hasher process (workers/auth/password-hasher.ts) runs this for the Worker. */
export async function deriveHere(req: DeriveRequest): Promise<Uint8Array> {
  try {
    return await argon2id({
      password: req.password,
      salt: req.salt,
      iterations: req.iterations,
      parallelism: req.parallelism,
      memorySize: req.memoryKib,
      hashLength: req.hashLength,
      outputType: "binary",
    });
  } finally {
    collectGarbage?.();
  }
}

/** The key for `password` under `p`: from the hasher process when there is one, else derived here. */
async function derive(password: string, p: Omit<Argon2Params, "hash">, hashLength: number): Promise<Uint8Array> {
  const req = { password: passwordBytes(password), salt: p.salt, memoryKib: p.memoryKib, iterations: p.iterations, parallelism: p.parallelism, hashLength };
  return (await deriveElsewhere(req)) ?? deriveHere(req);
}

/** Reads an encoded `$argon2id$v=19$m=…,t=…,p=…$salt$hash`; null when it is not one we can verify. */
export function parsePasswordHash(encoded: string): Argon2Params | null {
  const m = PHC_PATTERN.exec(encoded);
  if (!m || Number(m[1]) !== ARGON2_VERSION) return null;
  const [memoryKib, iterations, parallelism] = [Number(m[2]), Number(m[3]), Number(m[4])];
  const salt = fromBase64(m[5]);
  const hash = fromBase64(m[6]);
  // Argon2's own minimums (RFC 9106 §3.1): below them the hash could not have been made by a correct implementation.
  if (!salt || !hash || salt.length < 8 || hash.length < 4) return null;
  if (iterations < 1 || parallelism < 1 || parallelism > 255 || memoryKib < 8 * parallelism || memoryKib > MAX_MEMORY_KIB) return null;
  return { memoryKib, iterations, parallelism, salt, hash };
}

/** Hashes a password with the current parameters and a fresh salt, as a PHC string for `users.password_hash`. */
export async function hashPassword(password: string): Promise<string> {
  // hash-wasm refuses it anyway; an empty password reaching here means validation upstream was skipped.
  if (password === "") throw new Error("Refusing to hash an empty password; validatePasswordStrength should have caught it");
  const params = { memoryKib: ARGON2_MEMORY_KIB, iterations: ARGON2_ITERATIONS, parallelism: ARGON2_PARALLELISM, salt: crypto.getRandomValues(new Uint8Array(ARGON2_SALT_BYTES)) };
  const hash = await derive(password, params, ARGON2_HASH_BYTES);
  return `$argon2id$v=${ARGON2_VERSION}$m=${params.memoryKib},t=${params.iterations},p=${params.parallelism}$${toBase64(params.salt)}$${toBase64(hash)}`;
}

/**
 * Checks a password against a stored PHC string, using the parameters recorded in it, so hashes made under older
 * settings keep working. A string that does not parse is a failed check, not an exception, so one corrupt row cannot
 * turn a login into a 500; but it also skips the Argon2 work, so keep decoy hashes (for unknown users) well formed.
 */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const params = parsePasswordHash(encoded);
  // hash-wasm throws on an empty password, and no stored hash can be of one (hashPassword refuses it).
  if (!params || password === "") return false;
  const computed = await derive(password, params, params.hash.length);
  return bytesEqual(computed, params.hash);
}

/** True when a stored hash is weaker than today's settings (or unreadable): rehash it after the next good login. */
export function needsRehash(encoded: string): boolean {
  const p = parsePasswordHash(encoded);
  if (!p) return true;
  return p.memoryKib < ARGON2_MEMORY_KIB || p.iterations < ARGON2_ITERATIONS || p.parallelism < ARGON2_PARALLELISM
    || p.salt.length < ARGON2_SALT_BYTES || p.hash.length < ARGON2_HASH_BYTES;
}

/**
 * Why a newly chosen password is refused, as a message for the person choosing it, or null when it is acceptable.
 * Length follows NIST SP 800-63B (a minimum, no composition rules) plus a blocklist of the most common passwords.
 */
export function validatePasswordStrength(password: string, username: string): string | null {
  // Counted in code points, so an emoji is one character, as a person would count it.
  const length = [...password].length;
  if (length < PASSWORD_MIN) return `Passwords need at least ${PASSWORD_MIN} characters.`;
  if (length > PASSWORD_MAX) return `Passwords can be at most ${PASSWORD_MAX} characters.`;
  const lower = password.toLowerCase();
  const name = username.trim().toLowerCase();
  if (name && lower.includes(name)) return "Your password must not contain your username.";
  if (COMMON_PASSWORDS.has(lower)) return "That password is one of the most commonly used ones; choose something less guessable.";
  return null;
}
