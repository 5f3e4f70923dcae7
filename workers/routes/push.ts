/**
 * Web Push subscriptions (docs/api/push.md):
 *   POST   /api/v1/users/me/push-subscriptions { endpoint, keys: { p256dh, auth }, mutedChannelIds? } → 201
 *   DELETE /api/v1/users/me/push-subscriptions { endpoint }                        → 204
 * The key browsers subscribe with (the VAPID public key) is in GET /instance as `pushKey`. Pushes go from the user's
 * UserHub when a direct message arrives and none of their devices is online (objects/user-hub/push.ts).
 */
import { and, eq } from "drizzle-orm";
import { Hono } from "hono";
import { uuidv7 } from "uuidv7";
import { z } from "zod";
import { MAX_MUTED_CHANNELS } from "../../protocol/limits.ts";
import { pushSubscriptions } from "../../schema/index.ts";
import type { AppEnv, Env } from "../env.ts";
import { authOf, requireAuth } from "../http/auth-middleware.ts";
import { jsonBody, uuidSchema } from "../http/validate.ts";
import { vapidKeys } from "../push/web-push.ts";
import { base64urlnopad } from "@scure/base";

/** How many browsers one person may have subscribed at once; the oldest go first. */
const MAX_SUBSCRIPTIONS_PER_USER = 20;

const key = (bytes: number) =>
  z
    .string()
    .max(200)
    .transform((s) => s.replace(/=+$/, ""))
    .refine((s) => {
      try {
        return base64urlnopad.decode(s).length === bytes;
      } catch {
        return false;
      }
    }, `${bytes} bytes, base64url`);

const endpointSchema = z
  .string()
  .max(1024)
  .refine((u) => {
    try {
      return ["https:", "http:"].includes(new URL(u).protocol);
    } catch {
      return false;
    }
  }, "The push service's URL.");

const subscribeBody = z
  .object({
    endpoint: endpointSchema,
    keys: z.object({ p256dh: key(65), auth: key(16) }).strip(),
    expirationTime: z.number().nullable().optional(),
    // Conversations this browser muted (at most as many as its preferences keep).
    mutedChannelIds: z.array(uuidSchema).max(MAX_MUTED_CHANNELS).optional(),
  })
  .strict();

/** The VAPID public key browsers subscribe with (base64url), or null when the instance has no at-rest key. */
export function pushKey(env: Pick<Env, "AT_REST_KEY">): string | null {
  return env.AT_REST_KEY ? base64urlnopad.encode(vapidKeys(env.AT_REST_KEY).publicKey) : null;
}

export const pushRoutes = new Hono<AppEnv>();
pushRoutes.use("/push-subscriptions", requireAuth);

pushRoutes.post("/push-subscriptions", async (c) => {
  const body = await jsonBody(c, subscribeBody);
  const auth = authOf(c);
  const db = await c.var.db.get();
  const values = {
    userId: auth.userId,
    sessionId: auth.sessionId,
    endpoint: body.endpoint,
    p256dh: body.keys.p256dh,
    auth: body.keys.auth,
    failures: 0,
    mutedChannelIds: [...new Set(body.mutedChannelIds ?? [])],
  };
  // A browser subscribing again (or after another account signed in there) takes its endpoint over.
  await db
    .insert(pushSubscriptions)
    .values({ id: uuidv7(), ...values })
    .onConflictDoUpdate({ target: pushSubscriptions.endpoint, set: values });
  const mine = await db.select({ id: pushSubscriptions.id }).from(pushSubscriptions).where(eq(pushSubscriptions.userId, auth.userId)).orderBy(pushSubscriptions.createdAt);
  for (const old of mine.slice(0, Math.max(0, mine.length - MAX_SUBSCRIPTIONS_PER_USER))) await db.delete(pushSubscriptions).where(eq(pushSubscriptions.id, old.id));
  return c.json({ ok: true }, 201);
});

pushRoutes.delete("/push-subscriptions", async (c) => {
  const { endpoint } = await jsonBody(c, z.object({ endpoint: endpointSchema }).strict());
  const db = await c.var.db.get();
  await db.delete(pushSubscriptions).where(and(eq(pushSubscriptions.endpoint, endpoint), eq(pushSubscriptions.userId, authOf(c).userId)));
  return c.body(null, 204);
});
