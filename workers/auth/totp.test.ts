import { describe, expect, it } from "vitest";
import {
  base32Decode,
  base32Encode,
  generateBackupCodes,
  generateTotpSecret,
  hotp,
  normalizeBackupCode,
  otpauthUri,
  totpAt,
  verifyTotp,
  type OtpAlgorithm,
} from "./totp.ts";

const ascii = (text: string) => new TextEncoder().encode(text);

// RFC 6238 Appendix B. The seeds are the ASCII digits repeated to the hash's natural key size (20/32/64 bytes),
// as in the RFC's reference code (see erratum 2866: the table applies these per-algorithm seeds).
const SEEDS: Record<OtpAlgorithm, Uint8Array> = {
  "SHA-1": ascii("12345678901234567890"),
  "SHA-256": ascii("12345678901234567890123456789012"),
  "SHA-512": ascii("1234567890123456789012345678901234567890123456789012345678901234"),
};
const RFC6238: Array<[number, string, string, string]> = [
  // time,        SHA-1,     SHA-256,   SHA-512
  [59, "94287082", "46119246", "90693936"],
  [1111111109, "07081804", "68084774", "25091201"],
  [1111111111, "14050471", "67062674", "99943326"],
  [1234567890, "89005924", "91819424", "93441116"],
  [2000000000, "69279037", "90698825", "38618901"],
  [20000000000, "65353130", "77737706", "47863826"],
];

describe("RFC 6238 Appendix B test vectors", () => {
  for (const [time, sha1, sha256, sha512] of RFC6238) {
    for (const [algorithm, expected] of [["SHA-1", sha1], ["SHA-256", sha256], ["SHA-512", sha512]] as const) {
      it(`gives ${expected} at T=${time} with ${algorithm}`, async () => {
        expect(await totpAt(SEEDS[algorithm], time, { digits: 8, algorithm })).toBe(expected);
      });
    }
  }
});

describe("RFC 4226 Appendix D HOTP test vectors", () => {
  const expected = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"];
  expected.forEach((code, counter) => {
    it(`gives ${code} for counter ${counter}`, async () => {
      expect(await hotp(SEEDS["SHA-1"], counter)).toBe(code);
    });
  });
});

describe("base32", () => {
  const vectors: Array<[string, string]> = [
    ["", ""],
    ["f", "MY======"],
    ["fo", "MZXQ===="],
    ["foo", "MZXW6==="],
    ["foob", "MZXW6YQ="],
    ["fooba", "MZXW6YTB"],
    ["foobar", "MZXW6YTBOI======"],
  ];
  for (const [plain, encoded] of vectors) {
    it(`matches RFC 4648 §10 for "${plain}", without padding on output`, () => {
      expect(base32Encode(ascii(plain))).toBe(encoded.replace(/=+$/, ""));
      expect(new TextDecoder().decode(base32Decode(encoded))).toBe(plain);
      expect(new TextDecoder().decode(base32Decode(encoded.replace(/=+$/, "")))).toBe(plain);
    });
  }

  it("round-trips random secrets of every length up to 40 bytes", () => {
    for (let length = 0; length <= 40; length++) {
      const bytes = crypto.getRandomValues(new Uint8Array(length));
      expect(base32Decode(base32Encode(bytes))).toEqual(bytes);
    }
  });

  it("accepts what people paste: lower case, spaces, dashes and padding", () => {
    expect(new TextDecoder().decode(base32Decode(" mzxw 6ytb-oi====== "))).toBe("foobar");
  });

  it("rejects characters outside the alphabet and impossible lengths", () => {
    expect(() => base32Decode("MZXW6YT1")).toThrow(/A-Z and 2-7/);
    expect(() => base32Decode("MZXW6YT8")).toThrow(/A-Z and 2-7/);
    expect(() => base32Decode("MZX")).toThrow(/impossible length/);
  });
});

describe("verifyTotp", () => {
  const secret = SEEDS["SHA-1"];
  const now = 1_700_000_015; // mid-step, so ±15 s stays in the same step
  const step = Math.floor(now / 30);

  it("accepts the current code and returns its time step", async () => {
    expect(await verifyTotp(secret, await totpAt(secret, now), now)).toBe(step);
  });

  it("accepts the previous and next step's code within the default window of 1", async () => {
    expect(await verifyTotp(secret, await totpAt(secret, now - 30), now)).toBe(step - 1);
    expect(await verifyTotp(secret, await totpAt(secret, now + 30), now)).toBe(step + 1);
  });

  it("rejects codes two steps away, unless the window is widened", async () => {
    const old = await totpAt(secret, now - 60);
    const early = await totpAt(secret, now + 60);
    expect(await verifyTotp(secret, old, now)).toBeNull();
    expect(await verifyTotp(secret, early, now)).toBeNull();
    expect(await verifyTotp(secret, old, now, 2)).toBe(step - 2);
    expect(await verifyTotp(secret, await totpAt(secret, now - 30), now, 0)).toBeNull();
  });

  it("accepts a code typed with a space in the middle", async () => {
    const code = await totpAt(secret, now);
    expect(await verifyTotp(secret, `${code.slice(0, 3)} ${code.slice(3)}`, now)).toBe(step);
  });

  it("rejects anything that is not exactly six digits", async () => {
    const code = await totpAt(secret, now);
    for (const bad of ["", code.slice(0, 5), `${code}0`, "abcdef", `${code.slice(0, 5)}x`, (await totpAt(secret, now, { digits: 8 }))]) {
      expect(await verifyTotp(secret, bad, now)).toBeNull();
    }
  });

  it("rejects a code made from another secret", async () => {
    expect(await verifyTotp(generateTotpSecret(), await totpAt(secret, now), now)).toBeNull();
  });
});

describe("secrets and enrolment URI", () => {
  it("generates 20-byte secrets that differ every time", () => {
    const a = generateTotpSecret();
    expect(a).toHaveLength(20);
    expect(a).not.toEqual(generateTotpSecret());
  });

  it("builds an otpauth URI with the issuer in label and query, and parameters apps expect", () => {
    const uri = otpauthUri({ secret: ascii("12345678901234567890"), account: "alice", issuer: "Hearth" });
    expect(uri).toBe("otpauth://totp/Hearth:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Hearth&algorithm=SHA1&digits=6&period=30");
  });

  it("percent-encodes spaces and reserved characters in issuer and account", () => {
    const uri = otpauthUri({ secret: ascii("12345678901234567890"), account: "bob@example.com", issuer: "My Hearth & Co" });
    expect(uri.startsWith("otpauth://totp/My%20Hearth%20%26%20Co:bob%40example.com?")).toBe(true);
    const query = new URL(uri).searchParams;
    expect(query.get("issuer")).toBe("My Hearth & Co");
    expect(base32Decode(query.get("secret")!)).toEqual(ascii("12345678901234567890"));
  });

  it("refuses an issuer containing a colon, which would split the label wrongly", () => {
    expect(() => otpauthUri({ secret: generateTotpSecret(), account: "alice", issuer: "Hearth: dev" })).toThrow(/must not contain/);
  });
});

describe("backup codes", () => {
  it("are eight distinct xxxx-xxxx codes from an unambiguous alphabet", () => {
    const codes = generateBackupCodes();
    expect(codes).toHaveLength(8);
    expect(new Set(codes).size).toBe(8);
    for (const code of codes) expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}$/);
    expect(generateBackupCodes(3)).toHaveLength(3);
  });

  it("normalise however a person types them back", () => {
    for (const code of generateBackupCodes()) {
      const typed = ` ${code.toUpperCase().replace("-", " ").replace(/0/g, "O").replace(/1/g, "l")} `;
      expect(normalizeBackupCode(typed)).toBe(code.replace("-", ""));
    }
    expect(normalizeBackupCode("Io1L-ab0O")).toBe("1011ab00");
  });
});
