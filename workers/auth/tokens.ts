// Opaque-token helpers shared by sessions, recovery and the at-rest secret box. Web Crypto only, so the same code
// runs in Node (unit tests, scripts) and in workerd.

const encoder = new TextEncoder();

/** Bytes as unpadded base64url (RFC 4648 §5): safe in URLs, headers and cookies without escaping. */
export function base64UrlEncode(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Inverse of base64UrlEncode; throws on characters outside the base64url alphabet or an impossible length. */
export function base64UrlDecode(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) throw new Error("Expected unpadded base64url text");
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
}

/** A fresh random token, base64url; 32 bytes (256 bits) by default, far beyond guessing range. */
export function randomToken(bytes = 32): string {
  return base64UrlEncode(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** Lowercase hex SHA-256 of the UTF-8 text: tokens are stored by this digest, never in the clear. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(text)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Compares two strings without an early exit on the first differing byte, so response time does not reveal how
 * much of a guess was right. Only the length can leak; callers compare digests of fixed length.
 */
export function timingSafeEqual(a: string, b: string): boolean {
  return bytesEqual(encoder.encode(a), encoder.encode(b));
}

/** Constant-time equality of byte arrays (same caveat as timingSafeEqual: the length is not secret). */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  const length = Math.max(a.length, b.length);
  let diff = a.length ^ b.length;
  for (let i = 0; i < length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}
