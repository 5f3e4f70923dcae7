/**
 * Latency histogram for the benchmark: fixed buckets (0.1 ms wide up to 100 ms, 1 ms up to 10 s, then 100 ms
 * up to 100 s), so load generators can merge theirs by adding counts, and percentiles are exact to a bucket.
 */
const FINE = 1000; // 0-100 ms in 0.1 ms
const MID = 9900; // 100 ms - 10 s in 1 ms
const COARSE = 900; // 10 s - 100 s in 100 ms
export const BUCKETS = FINE + MID + COARSE + 1;

export function newHistogram(): number[] {
  return new Array(BUCKETS).fill(0);
}

function bucketOf(ms: number): number {
  if (ms < 0) ms = 0;
  if (ms < 100) return Math.floor(ms * 10);
  if (ms < 10_000) return FINE + Math.floor(ms - 100);
  if (ms < 100_000) return FINE + MID + Math.floor((ms - 10_000) / 100);
  return BUCKETS - 1;
}

function upperMs(bucket: number): number {
  if (bucket < FINE) return (bucket + 1) / 10;
  if (bucket < FINE + MID) return 100 + (bucket - FINE) + 1;
  return 10_000 + (bucket - FINE - MID + 1) * 100;
}

export function record(h: number[], ms: number): void {
  h[bucketOf(ms)]++;
}

export function merge(into: number[], from: number[]): void {
  for (let i = 0; i < BUCKETS; i++) into[i] += from[i] ?? 0;
}

export function count(h: number[]): number {
  let n = 0;
  for (const c of h) n += c;
  return n;
}

/** The upper bound of the bucket holding the p-th percentile (ms), or null when empty. */
export function percentile(h: number[], p: number): number | null {
  const total = count(h);
  if (!total) return null;
  const rank = Math.ceil((p / 100) * total);
  let seen = 0;
  for (let i = 0; i < BUCKETS; i++) {
    seen += h[i];
    if (seen >= rank) return upperMs(i);
  }
  return upperMs(BUCKETS - 1);
}

/** A sparse form for sending between processes. */
export function compact(h: number[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  h.forEach((c, i) => c && out.push([i, c]));
  return out;
}

export function expand(pairs: Array<[number, number]>): number[] {
  const h = newHistogram();
  for (const [i, c] of pairs) h[i] = c;
  return h;
}

/** Adds `n` to the tally of `key` (slow acks per window, late deliveries per message). */
export function tally<K>(into: Map<K, number>, key: K, n = 1): void {
  into.set(key, (into.get(key) ?? 0) + n);
}
