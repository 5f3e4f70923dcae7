// HOTP (RFC 4226) and TOTP (RFC 6238) on Web Crypto HMAC, plus the pieces an authenticator app needs: base32
// secrets (RFC 4648), the otpauth:// enrolment URI, and single-use backup codes.
import { bytesEqual } from "./tokens.ts";

export type OtpAlgorithm = "SHA-1" | "SHA-256" | "SHA-512";

export interface OtpOptions {
  digits?: number;
  algorithm?: OtpAlgorithm;
}

export interface TotpOptions extends OtpOptions {
  period?: number;
}

/** 160 bits, the HMAC-SHA-1 block-output size RFC 4226 §4 recommends as the shared-secret length. */
export const TOTP_SECRET_BYTES = 20;
/** Six digits and 30-second steps with SHA-1: the only combination every authenticator app honours. */
export const TOTP_DIGITS = 6;
export const TOTP_PERIOD_S = 30;
/** One step either side (±30 s) absorbs phone clock drift and typing time without widening guessing much. */
export const TOTP_WINDOW_STEPS = 1;
/** Backup codes: how many a user gets, and their length (40 bits each; they are single-use and rate limited). */
export const BACKUP_CODE_COUNT = 8;
const BACKUP_CODE_CHARS = 8;

const BASE32_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
// Crockford's alphabet without i, l, o, u, as in recovery.ts: 32 symbols, so each random byte's low 5 bits map
// without bias, and whatever a person misreads (o for 0, l or i for 1) is folded back by normalizeBackupCode.
const BACKUP_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

/** A fresh random TOTP shared secret (20 bytes). */
export function generateTotpSecret(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(TOTP_SECRET_BYTES));
}

/** RFC 4648 base32, upper case, without `=` padding (authenticator apps accept it and it is shorter to type). */
export function base32Encode(bytes: Uint8Array): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32_ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/** Decodes base32 as people paste it: any case, spaces, dashes and `=` padding are ignored. Throws on other input. */
export function base32Decode(text: string): Uint8Array {
  const clean = text.toUpperCase().replace(/[\s=-]/g, "");
  // 1, 3 or 6 trailing characters cannot come from whole bytes (RFC 4648 §6), so such input is truncated or mistyped.
  if ([1, 3, 6].includes(clean.length % 8)) throw new Error("Base32 text has an impossible length; is a character missing?");
  const out = new Uint8Array(Math.floor((clean.length * 5) / 8));
  let buffer = 0;
  let bits = 0;
  let index = 0;
  for (const ch of clean) {
    const value = BASE32_ALPHABET.indexOf(ch);
    if (value < 0) throw new Error(`Base32 text contains "${ch}"; expected only A-Z and 2-7`);
    buffer = ((buffer << 5) | value) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out[index++] = (buffer >>> (bits - 8)) & 0xff;
      bits -= 8;
    }
  }
  return out;
}

function hmacKey(secret: Uint8Array, algorithm: OtpAlgorithm): Promise<CryptoKey> {
  // The copy gives an ArrayBuffer-backed view, which is what the BufferSource type accepts (not a shared buffer).
  return crypto.subtle.importKey("raw", new Uint8Array(secret), { name: "HMAC", hash: algorithm }, false, ["sign"]);
}

async function hotpWithKey(key: CryptoKey, counter: number, digits: number): Promise<string> {
  if (!Number.isSafeInteger(counter) || counter < 0) throw new Error(`HOTP counter must be a non-negative integer, got ${counter}`);
  if (!Number.isInteger(digits) || digits < 6 || digits > 8) throw new Error(`OTP codes have 6 to 8 digits, got ${digits}`);
  // The counter is an 8-byte big-endian integer; split it because bitwise operators stop at 32 bits.
  const message = new DataView(new ArrayBuffer(8));
  message.setUint32(0, Math.floor(counter / 2 ** 32));
  message.setUint32(4, counter >>> 0);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, message));
  // Dynamic truncation, RFC 4226 §5.3: 31 bits read at an offset chosen by the last nibble.
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
  return String(binary % 10 ** digits).padStart(digits, "0");
}

/** The RFC 4226 HOTP code for `counter`. */
export async function hotp(secret: Uint8Array, counter: number, { digits = TOTP_DIGITS, algorithm = "SHA-1" }: OtpOptions = {}): Promise<string> {
  return hotpWithKey(await hmacKey(secret, algorithm), counter, digits);
}

/** The time step (RFC 6238 T) that `unixSeconds` falls in. */
export function totpStep(unixSeconds: number, period = TOTP_PERIOD_S): number {
  return Math.floor(unixSeconds / period);
}

/** The RFC 6238 TOTP code at `unixSeconds`. Example: `await totpAt(secret, Date.now() / 1000)`. */
export async function totpAt(secret: Uint8Array, unixSeconds: number, { digits = TOTP_DIGITS, period = TOTP_PERIOD_S, algorithm = "SHA-1" }: TotpOptions = {}): Promise<string> {
  return hotp(secret, totpStep(unixSeconds, period), { digits, algorithm });
}

/**
 * Checks a 6-digit code (spaces allowed, as apps display "123 456") against the steps within `window` of now.
 * Returns the matched time step, so the caller can store it and refuse that step and earlier ones next time
 * (RFC 6238 §5.2: a code must not be accepted twice), or null.
 */
export async function verifyTotp(secret: Uint8Array, code: string, nowSeconds: number, window = TOTP_WINDOW_STEPS): Promise<number | null> {
  const typed = code.replace(/\s/g, "");
  if (!/^\d{6}$/.test(typed)) return null;
  const key = await hmacKey(secret, "SHA-1");
  const current = totpStep(nowSeconds);
  const typedBytes = new TextEncoder().encode(typed);
  let matched: number | null = null;
  // Every step in the window is computed and compared, match or not, so timing does not tell which step was hit.
  // The current step is tried first and wins a (one-in-a-million) tie.
  const offsets = [0];
  for (let i = 1; i <= window; i++) offsets.push(-i, i);
  for (const offset of offsets) {
    const step = current + offset;
    if (step < 0) continue;
    const expected = new TextEncoder().encode(await hotpWithKey(key, step, TOTP_DIGITS));
    if (bytesEqual(expected, typedBytes) && matched === null) matched = step;
  }
  return matched;
}

/**
 * The enrolment URI shown as a QR code, in the Google Authenticator key-URI format:
 * `otpauth://totp/Issuer:account?secret=BASE32&issuer=Issuer&algorithm=SHA1&digits=6&period=30`.
 * The issuer appears both in the label (older apps) and as a parameter (newer apps).
 */
export function otpauthUri({ secret, account, issuer }: { secret: Uint8Array; account: string; issuer: string }): string {
  // The label uses ":" to split issuer from account, so an issuer containing one would be misread.
  if (issuer.includes(":")) throw new Error(`TOTP issuer must not contain ":", got "${issuer}"`);
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const query = [
    `secret=${base32Encode(secret)}`,
    `issuer=${encodeURIComponent(issuer)}`,
    "algorithm=SHA1",
    `digits=${TOTP_DIGITS}`,
    `period=${TOTP_PERIOD_S}`,
  ].join("&");
  return `otpauth://totp/${label}?${query}`;
}

/** `n` distinct backup codes like `7kq2-m9xd`, to show once; store only the SHA-256 of normalizeBackupCode(code). */
export function generateBackupCodes(n = BACKUP_CODE_COUNT): string[] {
  const codes = new Set<string>();
  while (codes.size < n) {
    const bytes = crypto.getRandomValues(new Uint8Array(BACKUP_CODE_CHARS));
    const chars = Array.from(bytes, (b) => BACKUP_ALPHABET[b & 31]).join("");
    codes.add(`${chars.slice(0, 4)}-${chars.slice(4)}`);
  }
  return [...codes];
}

/** The canonical form of a typed backup code: lower case, no spaces or dashes, o→0 and i/l→1. */
export function normalizeBackupCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, "").replace(/o/g, "0").replace(/[il]/g, "1");
}
