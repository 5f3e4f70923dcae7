import { describe, expect, it } from "vitest";
import { decryptFile, encryptFile, FILE_TAG_BYTES } from "./file-crypto.ts";

const bytes = new Uint8Array(Array.from({ length: 5000 }, (_, i) => i % 251));

describe("file encryption", () => {
  it("round-trips a file and keeps its real name, type and size out of the ciphertext", () => {
    const { ciphertext, sealed } = encryptFile(bytes, { name: "holiday.png", type: "image/png" });
    expect(ciphertext.length).toBe(bytes.length + FILE_TAG_BYTES);
    expect(sealed).toMatchObject({ name: "holiday.png", type: "image/png", size: 5000 });
    expect(decryptFile(ciphertext, { id: "f1", ...sealed })).toEqual(bytes);
  });

  it("uses a new key and nonce for every file", () => {
    const a = encryptFile(bytes, { name: "a", type: "" });
    const b = encryptFile(bytes, { name: "a", type: "" });
    expect(a.sealed.key).not.toBe(b.sealed.key);
    expect(a.sealed.nonce).not.toBe(b.sealed.nonce);
    expect(a.sealed.type).toBe("application/octet-stream");
  });

  it("seals an odd type as bytes, so readers download it rather than show it", () => {
    expect(encryptFile(bytes, { name: "x", type: "text/html<script>" }).sealed.type).toBe("application/octet-stream");
  });

  it("refuses a ciphertext that was altered, swapped or cut", () => {
    const { ciphertext, sealed } = encryptFile(bytes, { name: "a.bin", type: "" });
    const other = encryptFile(bytes, { name: "b.bin", type: "" });
    const flipped = ciphertext.slice();
    flipped[10] ^= 1;
    expect(() => decryptFile(flipped, { id: "f", ...sealed })).toThrow();
    expect(() => decryptFile(other.ciphertext, { id: "f", ...sealed })).toThrow();
    expect(() => decryptFile(ciphertext.subarray(0, 100), { id: "f", ...sealed })).toThrow(/size/);
  });
});
