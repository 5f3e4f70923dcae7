export interface Bucket {
  tokens: number;
  updatedMs: number;
}

/** Refills `bucket` for the time since it was last touched, then takes one token if there is one. Mutates. */
export function takeToken(bucket: Bucket, nowMs: number, perSecond: number, burst: number): { allowed: boolean; waitMs: number } {
  const elapsed = Math.max(0, nowMs - bucket.updatedMs);
  bucket.tokens = Math.min(burst, bucket.tokens + (elapsed / 1000) * perSecond);
  bucket.updatedMs = nowMs;
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return { allowed: true, waitMs: 0 };
  }
  return { allowed: false, waitMs: ((1 - bucket.tokens) / perSecond) * 1000 };
}
