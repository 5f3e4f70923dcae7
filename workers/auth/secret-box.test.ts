import { xchacha20poly1305 } from "@noble/ciphers/chacha.js";
import { describe, expect, it } from "vitest";
import { openSecret, parseKeyHex, sealSecret } from "./secret-box.ts";
import { base64UrlDecode, base64UrlEncode } from "./tokens.ts";

const hexToBytes = (hex: string) => Uint8Array.from(hex.replace(/\s/g, "").match(/../g)!, (pair) => parseInt(pair, 16));
const utf8 = (text: string) => new TextEncoder().encode(text);
const randomKey = () => crypto.getRandomValues(new Uint8Array(32));

describe("XChaCha20-Poly1305", () => {
  // draft-irtf-cfrg-xchacha-03, appendix A.3.1.
  it("matches the AEAD test vector of draft-irtf-cfrg-xchacha §A.3.1", () => {
    const plaintext = utf8("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.");
    const aad = hexToBytes("50515253c0c1c2c3c4c5c6c7");
    const key = hexToBytes("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
    const nonce = hexToBytes("404142434445464748494a4b4c4d4e4f5051525354555657");
    const ciphertext = hexToBytes(`
      bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb
      731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216cb96b72e1213b452
      2f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff9
      21f9664c97637da9768812f615c68b13b52e`);
    const tag = hexToBytes("c0875924c1c7987947deafd8780acf49");
    const sealed = xchacha20poly1305(key, nonce, aad).encrypt(plaintext);
    expect(sealed).toEqual(new Uint8Array([...ciphertext, ...tag]));
    // The same bytes in our envelope open through openSecret.
    const envelope = `v1.${base64UrlEncode(nonce)}.${base64UrlEncode(sealed)}`;
    expect(openSecret(key, envelope, aad)).toEqual(plaintext);
  });
});

describe("sealSecret / openSecret", () => {
  const aad = utf8("totp:0190f3a2-user");

  it("round-trips, with or without additional data", () => {
    const key = randomKey();
    const secret = crypto.getRandomValues(new Uint8Array(20));
    expect(openSecret(key, sealSecret(key, secret, aad), aad)).toEqual(secret);
    expect(openSecret(key, sealSecret(key, secret), undefined)).toEqual(secret);
    expect(openSecret(key, sealSecret(key, new Uint8Array(0)))).toEqual(new Uint8Array(0));
  });

  it("writes v1.<24-byte nonce>.<ciphertext + 16-byte tag>, with a new nonce every time", () => {
    const key = randomKey();
    const sealed = sealSecret(key, new Uint8Array(20), aad);
    const [version, nonce, body] = sealed.split(".");
    expect(version).toBe("v1");
    expect(base64UrlDecode(nonce)).toHaveLength(24);
    expect(base64UrlDecode(body)).toHaveLength(20 + 16);
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(sealSecret(key, new Uint8Array(20), aad)).not.toBe(sealed);
  });

  it("throws when any byte of the nonce or ciphertext is altered", () => {
    const key = randomKey();
    const [version, nonce, body] = sealSecret(key, utf8("seed"), aad).split(".");
    for (const [part, which] of [[nonce, 1], [body, 2]] as const) {
      const bytes = base64UrlDecode(part);
      for (let i = 0; i < bytes.length; i++) {
        const altered = bytes.slice();
        altered[i] ^= 0x01;
        const parts = [version, nonce, body];
        parts[which] = base64UrlEncode(altered);
        expect(() => openSecret(key, parts.join("."), aad)).toThrow(/failed authentication/);
      }
    }
  });

  it("throws with the wrong key", () => {
    const sealed = sealSecret(randomKey(), utf8("seed"), aad);
    expect(() => openSecret(randomKey(), sealed, aad)).toThrow(/failed authentication/);
  });

  it("throws with different or missing additional data", () => {
    const key = randomKey();
    const sealed = sealSecret(key, utf8("seed"), aad);
    expect(() => openSecret(key, sealed, utf8("totp:someone-else"))).toThrow(/failed authentication/);
    expect(() => openSecret(key, sealed)).toThrow(/failed authentication/);
  });

  it("throws on an unknown version or a malformed envelope", () => {
    const key = randomKey();
    const sealed = sealSecret(key, utf8("seed"));
    expect(() => openSecret(key, sealed.replace(/^v1/, "v2"))).toThrow(/format/);
    expect(() => openSecret(key, sealed.split(".").slice(0, 2).join("."))).toThrow(/format/);
    expect(() => openSecret(key, `v1.${base64UrlEncode(new Uint8Array(12))}.${sealed.split(".")[2]}`)).toThrow(/nonce/);
  });

  it("refuses keys that are not 32 bytes", () => {
    expect(() => sealSecret(new Uint8Array(16), utf8("seed"))).toThrow(/32 bytes/);
    expect(() => openSecret(new Uint8Array(31), "v1.a.b")).toThrow(/32 bytes/);
  });
});

describe("parseKeyHex", () => {
  it("parses 64 hex characters in either case, ignoring surrounding whitespace", () => {
    const hex = "000102030405060708090a0b0c0d0e0f101112131415161718191A1B1C1D1E1F";
    expect(parseKeyHex(` ${hex}\n`)).toEqual(Uint8Array.from({ length: 32 }, (_, i) => i));
  });
  it("refuses wrong lengths and non-hex characters, saying what was expected", () => {
    expect(() => parseKeyHex("")).toThrow(/64 hex characters/);
    expect(() => parseKeyHex("ab".repeat(31))).toThrow(/64 hex characters/);
    expect(() => parseKeyHex("ab".repeat(33))).toThrow(/64 hex characters/);
    expect(() => parseKeyHex("zz".repeat(32))).toThrow(/64 hex characters/);
  });
});
