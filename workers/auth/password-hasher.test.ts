import { describe, expect, it } from "vitest";
import { serveHasher, type DeriveRequest } from "./password-hasher.ts";
import { base64UrlDecode, base64UrlEncode } from "./tokens.ts";

const text = (s: string) => base64UrlEncode(new TextEncoder().encode(s));

const env = { HASHER_TOKEN: "t0ken" };
const body = { password: text("secret"), salt: text("0123456789abcdef"), memoryKib: 64, iterations: 1, parallelism: 1, hashLength: 16 };

function post(payload: unknown, token = "t0ken", path = "/derive") {
  return new Request(`http://hasher${path}`, { method: "POST", headers: { "x-hearth-hasher-token": token }, body: JSON.stringify(payload) });
}

const echo = async (req: DeriveRequest) => new Uint8Array([...req.password, req.hashLength]);

describe("serveHasher", () => {
  it("derives for a request with the token, with the password and parameters it was sent", async () => {
    const res = await serveHasher(post(body), env, echo)!;
    expect(res.status).toBe(200);
    const key = base64UrlDecode(((await res.json()) as { key: string }).key);
    expect([...key]).toEqual([...new TextEncoder().encode("secret"), 16]);
  });

  it("answers 404 without the right token or on another path, and 400 to parameters out of range", async () => {
    expect((await serveHasher(post(body, "wrong"), env, echo)!).status).toBe(404);
    expect((await serveHasher(post(body, "t0ken", "/other"), env, echo)!).status).toBe(404);
    expect((await serveHasher(post({ ...body, memoryKib: 4 * 1024 * 1024 }), env, echo)!).status).toBe(400);
    expect((await serveHasher(post({ ...body, extra: 1 }), env, echo)!).status).toBe(400);
    expect((await serveHasher(new Request("http://hasher/derive", { method: "POST", headers: { "x-hearth-hasher-token": "t0ken" }, body: "{" }), env, echo)!).status).toBe(400);
  });

  it("leaves requests alone in the main process (which holds the hasher binding) and without a token", () => {
    const fetcher = { fetch: async () => new Response() } as unknown as Fetcher;
    expect(serveHasher(post(body), { ...env, PASSWORD_HASHER: fetcher }, echo)).toBeNull();
    expect(serveHasher(post(body), {}, echo)).toBeNull();
  });
});
