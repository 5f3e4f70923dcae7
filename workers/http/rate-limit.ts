import type { MiddlewareHandler } from "hono";
import { RATE_AUTH_PER_S, RATE_GENERAL_PER_S } from "../../protocol/limits.ts";
import type { BucketName } from "../../objects/RateLimiter.ts";
import type { AppEnv } from "../env.ts";
import { AppError } from "../errors.ts";

/**
 * Per-address token buckets held by the RateLimiter object of that address. `/api/v1/auth/*` draws from a
 * slower bucket as well, since each of those requests may cost an Argon2 hash.
 */
export const rateLimit: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.env.RATE_LIMITS === "0") return next();
  const stub = c.env.RATE_LIMITER.get(c.env.RATE_LIMITER.idFromName(`ip:${c.var.clientIp}`));
  await take(stub, "general", RATE_GENERAL_PER_S);
  if (c.req.path.startsWith("/api/v1/auth/")) await take(stub, "auth", RATE_AUTH_PER_S);
  await next();
};

async function take(stub: DurableObjectStub<import("../../objects/RateLimiter.ts").RateLimiter>, bucket: BucketName, perSecond: number) {
  const decision = await stub.take(bucket, perSecond, perSecond);
  if (!decision.allowed) {
    throw new AppError(429, "rate_limited", `Too many requests; try again in ${decision.retryAfterS} s.`, { retryAfterS: decision.retryAfterS }, { "Retry-After": String(decision.retryAfterS) });
  }
}
