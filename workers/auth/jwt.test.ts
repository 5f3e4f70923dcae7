import { exportJWK, generateKeyPair } from "jose";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ACCESS_TOKEN_TTL_S } from "../../protocol/limits.ts";
import { signAccessToken, verifyAccessToken } from "./jwt.ts";

async function privateJwk(): Promise<string> {
  const { privateKey } = await generateKeyPair("EdDSA", { extractable: true });
  return JSON.stringify(await exportJWK(privateKey));
}

const claims = { userId: "0190a0b0-0000-7000-8000-000000000001", sessionId: "0190a0b0-0000-7000-8000-000000000002" };

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("verifyAccessToken", () => {
  it("verifies a token's signature once, then answers from memory", async () => {
    const key = await privateJwk();
    const token = await signAccessToken(key, claims);
    const verify = vi.spyOn(crypto.subtle, "verify");
    expect(await verifyAccessToken(key, token)).toEqual(claims);
    expect(await verifyAccessToken(key, token)).toEqual(claims);
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it("refuses a token changed by one character, even after the original was verified", async () => {
    const key = await privateJwk();
    const token = await signAccessToken(key, claims);
    await verifyAccessToken(key, token);
    // A character inside the signature (the last one also carries padding bits, which decode to the same bytes).
    const i = token.length - 10;
    const changed = token.slice(0, i) + (token[i] === "A" ? "B" : "A") + token.slice(i + 1);
    await expect(verifyAccessToken(key, changed)).rejects.toMatchObject({ code: "invalid_token" });
  });

  it("says token_expired for a remembered token once its 15 minutes are over", async () => {
    const key = await privateJwk();
    vi.useFakeTimers({ toFake: ["Date"] });
    const token = await signAccessToken(key, claims);
    await verifyAccessToken(key, token);
    vi.setSystemTime(Date.now() + ACCESS_TOKEN_TTL_S * 1000 + 1000);
    await expect(verifyAccessToken(key, token)).rejects.toMatchObject({ code: "token_expired" });
    await expect(verifyAccessToken(key, token)).rejects.toMatchObject({ code: "token_expired" });
  });

  it("forgets what it verified when the key changes", async () => {
    const [a, b] = [await privateJwk(), await privateJwk()];
    const token = await signAccessToken(a, claims);
    await verifyAccessToken(a, token);
    await expect(verifyAccessToken(b, token)).rejects.toMatchObject({ code: "invalid_token" });
  });
});
