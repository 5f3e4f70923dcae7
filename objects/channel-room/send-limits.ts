/**
 * The per-user limits on sending (P16, P17): slow-mode clocks, kept in the object's storage so a restart does not
 * reset them, and message-rate buckets, kept in memory (losing them only forgives an idle user).
 */
import { MESSAGE_BURST, MESSAGE_RATE_PER_S } from "../../protocol/limits.ts";
import { BoundedMap } from "../shared/bounded-map.ts";
import type { Bucket } from "../rate-limiter/bucket.ts";
import { checkRate, isSlowModeExempt, slowModeVerdict, slowModeWaitMs, type ChannelSettings, type Verdict } from "./checks.ts";

/** Users remembered for rate limiting: a forgotten one just starts with a full bucket. */
const RATE_USERS = 10_000;

interface SlowClock {
  version: 1;
  nextAllowedMs: number;
}

export class SendLimits {
  private readonly buckets = new BoundedMap<string, Bucket>(RATE_USERS);

  constructor(
    private readonly storage: Pick<DurableObjectStorage, "kv" | "put">,
    private readonly rateLimited: boolean,
  ) {}

  /** Checks slow mode then the rate; on success starts the user's slow-mode clock. */
  admit(userId: string, permissions: bigint, settings: ChannelSettings, nowMs: number): Verdict {
    const slowKey = settings.slowModeSeconds > 0 && !isSlowModeExempt(permissions) ? "slow:" + userId : null;
    if (slowKey) {
      const v = slowModeVerdict(slowModeWaitMs(settings, permissions, this.storage.kv.get<SlowClock>(slowKey)?.nextAllowedMs, nowMs));
      if (!v.ok) return v;
    }
    if (this.rateLimited) {
      let bucket = this.buckets.get(userId);
      if (!bucket) this.buckets.set(userId, (bucket = { tokens: MESSAGE_BURST, updatedMs: nowMs }));
      const v = checkRate(bucket, nowMs, MESSAGE_RATE_PER_S, MESSAGE_BURST, true);
      if (!v.ok) return v;
    }
    // Not waiting for the disk: a clock lost to a crash only forgives one message.
    if (slowKey) void this.storage.put(slowKey, { version: 1, nextAllowedMs: nowMs + settings.slowModeSeconds * 1000 } satisfies SlowClock, { allowUnconfirmed: true });
    return { ok: true };
  }
}
