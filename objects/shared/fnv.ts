/**
 * 32-bit FNV-1a over a string's UTF-16 units: a fast, stable, non-cryptographic hash. Pass a previous result as
 * `h` to continue hashing where it stopped.
 */
export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

export function fnv1a(text: string, h: number = FNV_OFFSET): number {
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h;
}
