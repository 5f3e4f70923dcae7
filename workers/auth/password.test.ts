import { argon2id as nobleArgon2id } from "@noble/hashes/argon2.js";
import { argon2id as wasmArgon2id, argon2Verify } from "hash-wasm";
import { beforeAll, describe, expect, it } from "vitest";
import { COMMON_PASSWORDS } from "./common-passwords.ts";
import {
  ARGON2_HASH_BYTES,
  ARGON2_ITERATIONS,
  ARGON2_MEMORY_KIB,
  ARGON2_PARALLELISM,
  ARGON2_SALT_BYTES,
  hashPassword,
  needsRehash,
  parsePasswordHash,
  validatePasswordStrength,
  verifyPassword,
} from "./password.ts";

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
const filled = (length: number, value: number) => new Uint8Array(length).fill(value);

// hash-wasm (which password.ts uses) takes a secret but no associated data, so RFC 9106's vector cannot be fed to it.
// Instead a second, independent implementation (noble) is pinned to the RFC vector, and hash-wasm must agree with it.
describe("Argon2id implementation", () => {
  it("noble reproduces the RFC 9106 §5.3 Argon2id test vector", () => {
    const tag = nobleArgon2id(filled(32, 0x01), filled(16, 0x02), {
      m: 32,
      t: 3,
      p: 4,
      dkLen: 32,
      key: filled(8, 0x03),
      personalization: filled(12, 0x04),
    });
    expect(hex(tag)).toBe("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659");
  });

  const tuples = [
    { password: "password", salt: "somesaltsomesalt", m: 32, t: 3, p: 4, len: 32 },
    { password: "correct horse battery staple", salt: "0123456789abcdef", m: 64, t: 1, p: 1, len: 32 },
    { password: "p", salt: "saltsalt", m: 16, t: 2, p: 2, len: 16 },
    { password: "pässwörd ✓ 🔑", salt: "a longer salt of 32 bytes.......", m: 256, t: 4, p: 3, len: 64 },
    { password: "x".repeat(300), salt: "0000000000000000", m: 1024, t: 2, p: 4, len: 32 },
  ];
  for (const { password, salt, m, t, p, len } of tuples) {
    it(`hash-wasm agrees with noble for m=${m}, t=${t}, p=${p}, ${len}-byte tag`, async () => {
      const wasm = await wasmArgon2id({ password, salt, memorySize: m, iterations: t, parallelism: p, hashLength: len, outputType: "binary" });
      expect(hex(wasm)).toBe(hex(nobleArgon2id(password, salt, { m, t, p, dkLen: len })));
    });
  }

  it("hash-wasm agrees with noble when a secret key is mixed in", async () => {
    const opts = { memorySize: 32, iterations: 3, parallelism: 4, hashLength: 32, outputType: "binary" } as const;
    const wasm = await wasmArgon2id({ ...opts, password: filled(32, 0x01), salt: filled(16, 0x02), secret: filled(8, 0x03) });
    const noble = nobleArgon2id(filled(32, 0x01), filled(16, 0x02), { m: 32, t: 3, p: 4, dkLen: 32, key: filled(8, 0x03) });
    expect(hex(wasm)).toBe(hex(noble));
  });
});

// Each full-cost (64 MiB) hash takes a few hundred milliseconds, so one is shared and the timeout leaves headroom.
describe("hashPassword / verifyPassword", { timeout: 30_000 }, () => {
  const password = "a perfectly fine passphrase";
  let encoded = "";
  beforeAll(async () => {
    encoded = await hashPassword(password);
  }, 30_000);

  it("produces a PHC string carrying the current parameters and a fresh salt", async () => {
    expect(encoded).toMatch(/^\$argon2id\$v=19\$m=65536,t=3,p=4\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    const parsed = parsePasswordHash(encoded)!;
    expect(parsed).toMatchObject({ memoryKib: ARGON2_MEMORY_KIB, iterations: ARGON2_ITERATIONS, parallelism: ARGON2_PARALLELISM });
    expect(parsed.salt).toHaveLength(ARGON2_SALT_BYTES);
    expect(parsed.hash).toHaveLength(ARGON2_HASH_BYTES);
    expect(await hashPassword(password)).not.toBe(encoded);
  });

  it("accepts the right password", async () => {
    expect(await verifyPassword(password, encoded)).toBe(true);
  });

  it("refuses a wrong password, including one differing only in case or a trailing space", async () => {
    expect(await verifyPassword(`${password} `, encoded)).toBe(false);
    expect(await verifyPassword("A perfectly fine passphrase", encoded)).toBe(false);
    expect(await verifyPassword("", encoded)).toBe(false);
  });

  it("writes hashes that hash-wasm's own verifier and noble both accept", async () => {
    expect(await argon2Verify({ password, hash: encoded })).toBe(true);
    const { salt, hash } = parsePasswordHash(encoded)!;
    expect(hex(nobleArgon2id(password, salt, { m: 65536, t: 3, p: 4, dkLen: 32 }))).toBe(hex(hash));
  });

  it("verifies hashes made elsewhere with other parameters, read from the string", async () => {
    const old = await wasmArgon2id({ password: "legacy pass", salt: "legacy-salt-1234", memorySize: 19456, iterations: 2, parallelism: 1, hashLength: 32, outputType: "encoded" });
    expect(old.startsWith("$argon2id$v=19$m=19456,t=2,p=1$")).toBe(true);
    expect(await verifyPassword("legacy pass", old)).toBe(true);
    expect(await verifyPassword("legacy pas", old)).toBe(false);
  });

  it("treats composed and decomposed Unicode as the same password (NFKC)", async () => {
    const composed = await hashPassword("caf\u00e9 au lait");
    expect(await verifyPassword("cafe\u0301 au lait", composed)).toBe(true);
  });

  it("refuses to hash an empty password", async () => {
    await expect(hashPassword("")).rejects.toThrow(/empty password/);
  });

  it("returns false, without throwing, for strings that are not Argon2id PHC hashes", async () => {
    for (const bad of ["", "plaintext", "$argon2i$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$aGFzaGhhc2g", "$argon2id$v=16$m=65536,t=3,p=4$c29tZXNhbHRzb21lc2FsdA$aGFzaGhhc2g", "$2b$10$abcdefghijklmnopqrstuv"]) {
      expect(await verifyPassword("anything", bad)).toBe(false);
    }
  });
});

describe("parsePasswordHash", () => {
  it("reads parameters, salt and hash", () => {
    const parsed = parsePasswordHash("$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHRzb21lc2FsdA$3xRpLQ4kq7f2oU4bH3bqg0xw5H8oXH4mS0u2pXb4yMQ");
    expect(parsed).not.toBeNull();
    expect(parsed!.memoryKib).toBe(65536);
    expect(new TextDecoder().decode(parsed!.salt)).toBe("somesaltsomesalt");
    // A well-formed decoy (as used for unknown usernames) parses, so checking it costs a full Argon2 run.
    expect(parsed!.hash).toHaveLength(32);
  });

  it("refuses parameters no Argon2 implementation could have used", () => {
    const salt = "c29tZXNhbHRzb21lc2FsdA";
    const hash = "aGFzaGhhc2hoYXNoaGFzaA";
    expect(parsePasswordHash(`$argon2id$v=19$m=65536,t=0,p=4$${salt}$${hash}`)).toBeNull();
    expect(parsePasswordHash(`$argon2id$v=19$m=16,t=3,p=4$${salt}$${hash}`)).toBeNull();
    expect(parsePasswordHash(`$argon2id$v=19$m=2097152,t=3,p=4$${salt}$${hash}`)).toBeNull();
    expect(parsePasswordHash(`$argon2id$v=19$m=65536,t=3,p=0$${salt}$${hash}`)).toBeNull();
    expect(parsePasswordHash(`$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$${hash}`)).toBeNull();
    expect(parsePasswordHash(`$argon2id$v=19$m=65536,t=3,p=4$${salt}=$${hash}`)).toBeNull();
  });
});

describe("needsRehash", () => {
  const salt = "c29tZXNhbHRzb21lc2FsdA";
  const hash = "3xRpLQ4kq7f2oU4bH3bqg0xw5H8oXH4mS0u2pXb4yMQ";
  it("is false for a hash made with today's parameters", () => {
    expect(needsRehash(`$argon2id$v=19$m=65536,t=3,p=4$${salt}$${hash}`)).toBe(false);
  });
  it("is false when a hash is stronger than today's parameters", () => {
    expect(needsRehash(`$argon2id$v=19$m=131072,t=4,p=4$${salt}$${hash}`)).toBe(false);
  });
  it("is true when any parameter is below today's", () => {
    expect(needsRehash(`$argon2id$v=19$m=19456,t=3,p=4$${salt}$${hash}`)).toBe(true);
    expect(needsRehash(`$argon2id$v=19$m=65536,t=2,p=4$${salt}$${hash}`)).toBe(true);
    expect(needsRehash(`$argon2id$v=19$m=65536,t=3,p=1$${salt}$${hash}`)).toBe(true);
    expect(needsRehash(`$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$${hash}`)).toBe(true);
    expect(needsRehash(`$argon2id$v=19$m=65536,t=3,p=4$${salt}$aGFzaGhhc2hoYXNoaGFzaA`)).toBe(true);
  });
  it("is true for a string that is not a readable hash", () => {
    expect(needsRehash("not a hash")).toBe(true);
  });
});

describe("validatePasswordStrength", () => {
  it("accepts a long, unusual password", () => {
    expect(validatePasswordStrength("violet-teapot-orbit-42", "alice")).toBeNull();
  });
  it("refuses fewer than 8 characters, counting emoji as one", () => {
    expect(validatePasswordStrength("x7#kQ2!", "alice")).toMatch(/at least 8/);
    expect(validatePasswordStrength("🔑🔑🔑🔑🔑🔑🔑", "alice")).toMatch(/at least 8/);
    expect(validatePasswordStrength("x7#kQ2!z", "alice")).toBeNull();
  });
  it("refuses more than 256 characters", () => {
    expect(validatePasswordStrength("a9".repeat(128), "alice")).toBeNull();
    expect(validatePasswordStrength("a9".repeat(128) + "z", "alice")).toMatch(/at most 256/);
  });
  it("refuses the username itself or any password containing it, ignoring case", () => {
    expect(validatePasswordStrength("bobthebuilder", "bobthebuilder")).toMatch(/username/);
    expect(validatePasswordStrength("MyNameIsAlice!2024", "alice")).toMatch(/username/);
  });
  it("refuses common passwords, ignoring case", () => {
    expect(validatePasswordStrength("password1", "alice")).toMatch(/commonly used/);
    expect(validatePasswordStrength("IloveYou1", "alice")).toMatch(/commonly used/);
    expect(validatePasswordStrength("QWERTYUIOP", "alice")).toMatch(/commonly used/);
  });
});

describe("common password list", () => {
  it("holds about a thousand distinct lower-case entries, starting with the famous ones", () => {
    expect(COMMON_PASSWORDS.size).toBeGreaterThanOrEqual(1000);
    for (const entry of COMMON_PASSWORDS) expect(entry).toBe(entry.toLowerCase());
    for (const famous of ["123456", "password", "qwerty", "iloveyou", "letmein", "trustno1", "monkey", "dragon"]) {
      expect(COMMON_PASSWORDS.has(famous)).toBe(true);
    }
  });
});
