/**
 * RateLimiter: token buckets for one client address.
 *
 * Addressed by `idFromName("ip:" + address)`, so every request from one address meets the same buckets
 * wherever it lands. Buckets live in memory only: losing them on eviction just forgives an idle client,
 * which is what an idle client deserves. Calls are answered in arrival order (one object, one thread).
 */
import { DurableObject } from "cloudflare:workers";
import { takeToken, type Bucket } from "./rate-limiter/bucket.ts";

export type BucketName = "general" | "auth" | "socket";

export interface RateDecision {
  allowed: boolean;
  /** Whole seconds until a token is available again (for Retry-After). */
  retryAfterS: number;
}

export class RateLimiter extends DurableObject {
  private buckets = new Map<string, Bucket>();

  /** Takes one token from the named bucket refilling at `perSecond` with a burst of `burst`. */
  take(name: BucketName, perSecond: number, burst: number): RateDecision {
    const now = Date.now();
    const bucket = this.buckets.get(name) ?? { tokens: burst, updatedMs: now };
    const { allowed, waitMs } = takeToken(bucket, now, perSecond, burst);
    this.buckets.set(name, bucket);
    return { allowed, retryAfterS: Math.max(1, Math.ceil(waitMs / 1000)) };
  }
}
