import { describe, expect, it } from "vitest";
import { clientIp, stripPort } from "./client-ip.ts";

function req(cfIp: string | null, headers: Record<string, string> = {}): Request {
  const r = new Request("http://x/", { headers });
  if (cfIp !== null) Object.defineProperty(r, "cf", { value: { clientIp: cfIp } });
  return r;
}

describe("clientIp", () => {
  it("uses the TCP peer under standalone workerd and ignores spoofed headers", () => {
    expect(clientIp(req("10.0.0.5:1234", { "x-forwarded-for": "1.2.3.4", "cf-connecting-ip": "5.6.7.8" }), "")).toBe("10.0.0.5");
  });
  it("takes the right-most forwarded address from a trusted proxy", () => {
    expect(clientIp(req("127.0.0.1:999", { "x-forwarded-for": "9.9.9.9, 1.2.3.4" }), "127.0.0.1")).toBe("1.2.3.4");
  });
  it("falls back to CF-Connecting-IP when there is no peer field (Cloudflare, wrangler dev)", () => {
    expect(clientIp(req(null, { "cf-connecting-ip": "203.0.113.9" }), undefined)).toBe("203.0.113.9");
  });
  it("strips ports from v4 and bracketed v6 peers", () => {
    expect(stripPort("[::1]:80")).toBe("::1");
    expect(stripPort("::1")).toBe("::1");
    expect(stripPort("1.2.3.4:5")).toBe("1.2.3.4");
  });
});
