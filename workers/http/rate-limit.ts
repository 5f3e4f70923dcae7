import type { MiddlewareHandler } from "hono";
import { RATE_AUTH_PER_S, RATE_GENERAL_PER_S } from "../../protocol/limits.ts";
import type { BucketName } from "../../objects/RateLimiter.ts";
import type { AppEnv, Env } from "../env.ts";
import { AppError } from "../errors.ts";

/**
 * Per-address token buckets held by the RateLimiter object of that address. Requests that may cost an Argon2 hash
 * draw from the slower auth bucket as well: everything under `/api/v1/auth/`, and the account actions that ask for
 * the password again (password change, 2FA changes, account deletion).
 */
export const rateLimit: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.env.RATE_LIMITS === "0") return next();
  await limitRequest(c.env, c.var.clientIp, c.req.method, c.req.path);
  await next();
};

/** Draws a request from its address's buckets; throws 429 `rate_limited` when one is empty. */
export async function limitRequest(env: Env, ip: string, method: string, path: string): Promise<void> {
  const stub = env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(`ip:${ip}`));
  await take(stub, "general", RATE_GENERAL_PER_S);
  if (checksPassword(method, path)) await take(stub, "auth", RATE_AUTH_PER_S);
}

/** Whether a request may verify a password, and so belongs in the auth bucket. */
export function checksPassword(method: string, rawPath: string): boolean {
  const path = rawPath.replace(/\/+$/, "");
  if (path.startsWith("/api/v1/auth/")) return true;
  if (method === "DELETE" && path === "/api/v1/users/me") return true;
  if ((method === "PUT" || method === "DELETE") && path === "/api/v1/users/me/key-backup") return true;
  return method === "POST" && (path === "/api/v1/users/me/password" || path === "/api/v1/users/me/recovery-code" || path.startsWith("/api/v1/users/me/totp/"));
}

async function take(stub: DurableObjectStub<import("../../objects/RateLimiter.ts").RateLimiter>, bucket: BucketName, perSecond: number) {
  const decision = await stub.take(bucket, perSecond, perSecond);
  if (!decision.allowed) {
    throw new AppError(429, "rate_limited", `Too many requests; try again in ${decision.retryAfterS} s.`, { retryAfterS: decision.retryAfterS }, { "Retry-After": String(decision.retryAfterS) });
  }
}
