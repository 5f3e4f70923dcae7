import { sha256Hex } from "./tokens.ts";

// Crockford-style alphabet without I, L, O, U: nothing a person can misread when copying it from paper.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A new recovery code: 25 characters of 5 bits (125 bits of entropy), in five dash-separated groups. */
export function newRecoveryCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(25));
  const chars = Array.from(bytes, (b) => ALPHABET[b & 31]);
  return [0, 5, 10, 15, 20].map((i) => chars.slice(i, i + 5).join("")).join("-");
}

/** Case, spaces and dashes do not matter when a person types the code back. */
export function normalizeRecoveryCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, "").replace(/[IL]/g, "1").replace(/O/g, "0");
}

export function hashRecoveryCode(code: string): Promise<string> {
  return sha256Hex(normalizeRecoveryCode(code));
}
