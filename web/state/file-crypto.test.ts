import { describe, expect, it } from "vitest";
import { decryptFile, encryptFile, FILE_TAG_BYTES, sealedFilesIn } from "./file-crypto.ts";

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

describe("sealedFilesIn", () => {
  const good = { id: "f1", ...encryptFile(bytes, { name: "a.png", type: "image/png" }).sealed };

  it("keeps well-formed entries for files the message names", () => {
    expect(sealedFilesIn([good], ["f1"])).toEqual([good]);
  });

  it("drops entries for other files, duplicates, bad keys and unsafe names", () => {
    const list = [good, good, { ...good, id: "f2" }, { ...good, id: "f3", key: "short" }, { ...good, id: "f4", name: "../etc/passwd" }, { ...good, id: "f5", size: -1 }, "junk"];
    expect(sealedFilesIn(list, ["f1", "f3", "f4", "f5"]).map((f) => f.id)).toEqual(["f1"]);
    expect(sealedFilesIn({ not: "a list" }, ["f1"])).toEqual([]);
  });

  it("treats an odd type as bytes, so it is downloaded rather than shown", () => {
    expect(sealedFilesIn([{ ...good, type: "text/html<script>" }], ["f1"])[0].type).toBe("application/octet-stream");
  });
});
