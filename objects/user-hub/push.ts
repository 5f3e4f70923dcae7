/**
 * Pushes from a user's hub (docs/api/push.md): when a direct message arrives and none of the user's devices is
 * online, each of their browsers subscribed to Web Push is told who wrote in which conversation. Never what was
 * written: the text of a DM is end-to-end encrypted, and the push service (a third party) sees only ciphertext of
 * this metadata anyway. At most one push per conversation per PUSH_INTERVAL_MS; a subscription the service says is
 * gone is deleted, one that keeps failing too.
 */
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { sessions, users } from "../../schema/accounts.ts";
import { pushSubscriptions } from "../../schema/push.ts";
import { encryptPush, vapidAuthorization, vapidKeys } from "../../workers/push/web-push.ts";
import type { ObjectDb } from "../shared/lazy-pg.ts";

export const PUSH_INTERVAL_MS = 15_000;
const MAX_FAILURES = 5;

export interface PushPayload {
  kind: "dm";
  channelId: string;
  authorName: string;
  url: string;
}

export interface PushEnv {
  AT_REST_KEY: string;
  PUBLIC_URL?: string;
  /** Under workerd: a network service reaching the public internet only (scripts/workerd-config.ts). */
  WEB_FETCH?: Fetcher;
}

export class PushSender {
  private last = new Map<string, number>();

  constructor(
    private readonly env: PushEnv,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether a push for `channelId` is due (not one in the last PUSH_INTERVAL_MS); records it if so. */
  due(channelId: string): boolean {
    const t = this.now();
    if (t - (this.last.get(channelId) ?? -Infinity) < PUSH_INTERVAL_MS) return false;
    this.last.set(channelId, t);
    if (this.last.size > 500) this.last.clear();
    return true;
  }

  /** Sends `userId`'s subscribed browsers a DM notice; failures are logged, never thrown. */
  async dm(db: ObjectDb, userId: string, channelId: string, authorId: string): Promise<void> {
    if (!this.env.AT_REST_KEY) return;
    const subs = await db
      .select({ id: pushSubscriptions.id, endpoint: pushSubscriptions.endpoint, p256dh: pushSubscriptions.p256dh, auth: pushSubscriptions.auth })
      .from(pushSubscriptions)
      .innerJoin(sessions, eq(sessions.id, pushSubscriptions.sessionId))
      // A browser that muted this conversation is not told of it.
      .where(and(eq(pushSubscriptions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, new Date()), sql`not (${channelId}::uuid = any(${pushSubscriptions.mutedChannelIds}))`));
    // Nothing to send (no subscription, or every browser muted it) starts no interval: the next message may push.
    if (!subs.length) return void this.last.delete(channelId);
    const [author] = await db.select({ name: users.displayName }).from(users).where(eq(users.id, authorId));
    const payload: PushPayload = { kind: "dm", channelId, authorName: author?.name ?? "Someone", url: `/dm/${channelId}` };
    const body = new TextEncoder().encode(JSON.stringify(payload));
    const keys = vapidKeys(this.env.AT_REST_KEY);
    const subject = this.env.PUBLIC_URL || "mailto:admin@hearth.invalid";
    const web = this.env.WEB_FETCH ?? { fetch: (u: string, init?: RequestInit) => fetch(u, init) };
    await Promise.all(
      subs.map(async (s) => {
        let status = 0;
        try {
          const res = await web.fetch(s.endpoint, {
            method: "POST",
            headers: {
              authorization: vapidAuthorization(keys, s.endpoint, subject),
              "content-encoding": "aes128gcm",
              "content-type": "application/octet-stream",
              ttl: "86400",
              urgency: "high",
              // A newer notice for the same conversation replaces one not yet delivered.
              topic: channelId.replace(/-/g, "").slice(0, 32),
            },
            body: encryptPush(body, s) as Uint8Array<ArrayBuffer>,
            signal: AbortSignal.timeout(10_000),
          });
          status = res.status;
          await res.body?.cancel();
        } catch (err) {
          console.error("push: delivery failed:", (err as Error).message);
        }
        if (status >= 200 && status < 300) {
          await db.update(pushSubscriptions).set({ failures: 0 }).where(eq(pushSubscriptions.id, s.id));
        } else if (status === 404 || status === 410) {
          await db.delete(pushSubscriptions).where(eq(pushSubscriptions.id, s.id));
        } else {
          const [row] = await db.update(pushSubscriptions).set({ failures: sql`${pushSubscriptions.failures} + 1` }).where(eq(pushSubscriptions.id, s.id)).returning({ failures: pushSubscriptions.failures });
          if (row && row.failures >= MAX_FAILURES) await db.delete(pushSubscriptions).where(eq(pushSubscriptions.id, s.id));
        }
      }),
    );
  }
}
