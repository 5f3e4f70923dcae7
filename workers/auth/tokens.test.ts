import { describe, expect, it } from "vitest";
import { base64UrlDecode, base64UrlEncode, bytesEqual, randomToken, sha256Hex, timingSafeEqual } from "./tokens.ts";

describe("randomToken", () => {
  it("is 32 random bytes as unpadded base64url by default", () => {
    const token = randomToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(base64UrlDecode(token)).toHaveLength(32);
    expect(randomToken()).not.toBe(token);
  });
  it("takes another size", () => {
    expect(base64UrlDecode(randomToken(16))).toHaveLength(16);
  });
});

describe("base64url", () => {
  it("uses - and _ and no padding, and round-trips every length", () => {
    expect(base64UrlEncode(new Uint8Array([0xfb, 0xff, 0xbf]))).toBe("-_-_");
    for (let length = 0; length < 40; length++) {
      const bytes = crypto.getRandomValues(new Uint8Array(length));
      expect(base64UrlDecode(base64UrlEncode(bytes))).toEqual(bytes);
    }
  });
  it("rejects standard-base64 characters, padding and impossible lengths", () => {
    expect(() => base64UrlDecode("ab+/")).toThrow(/base64url/);
    expect(() => base64UrlDecode("YQ==")).toThrow(/base64url/);
    expect(() => base64UrlDecode("abcde")).toThrow(/base64url/);
  });
});

describe("sha256Hex", () => {
  it("matches the FIPS 180-2 test vectors", async () => {
    expect(await sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(await sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });
});

describe("timingSafeEqual", () => {
  it("is true only for identical strings", () => {
    expect(timingSafeEqual("abc123", "abc123")).toBe(true);
    expect(timingSafeEqual("abc123", "abc124")).toBe(false);
    expect(timingSafeEqual("abc123", "abc12")).toBe(false);
    expect(timingSafeEqual("", "")).toBe(true);
    expect(timingSafeEqual("", "a")).toBe(false);
    expect(timingSafeEqual("é", "e\u0301")).toBe(false);
  });
  it("compares bytes the same way", () => {
    expect(bytesEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 3]))).toBe(true);
    expect(bytesEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 3, 0]))).toBe(false);
  });
});
