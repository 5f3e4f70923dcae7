/**
 * Incoming webhooks (docs/api/webhooks.md):
 *   GET    /api/v1/communities/:id/webhooks      → { webhooks } of the channels where the caller has MANAGE_WEBHOOKS
 *   GET    /api/v1/channels/:id/webhooks         → { webhooks }                      (MANAGE_WEBHOOKS)
 *   POST   /api/v1/channels/:id/webhooks { name } → 201 { webhook, token, url }      (MANAGE_WEBHOOKS)
 *   PATCH  /api/v1/webhooks/:id { name }          → { webhook }
 *   POST   /api/v1/webhooks/:id/token             → { token, url }   (a new secret; the old one stops working)
 *   DELETE /api/v1/webhooks/:id                   → 204
 *   POST   /api/v1/webhooks/:id/:token { content } → 201 { id, seq }   (no account: the token is the credential)
 * A webhook posts into one plain text channel as its own account (schema/webhooks.ts), through the channel's room
 * like any REST send: ordered, rate-limited per webhook, refused when the channel is gone.
 */
import { desc, eq, inArray } from "drizzle-orm";
import { Hono, type Context } from "hono";
import { uuidv7 } from "uuidv7";
import { z } from "zod";
import type { OpOutcome } from "../../objects/channel-room/ops.ts";
import { MAX_MESSAGE_CHARS } from "../../protocol/limits.ts";
import { hasPermission, permissionBits } from "../../protocol/permissions.ts";
import { channels, communities, users, webhooks, type Webhook } from "../../schema/index.ts";
import { audit } from "../audit.ts";
import { randomToken, sha256Hex, timingSafeEqual } from "../auth/tokens.ts";
import { channelAccess, communityChannelPermissions } from "../communities/access.ts";
import { requireCommunity, requirePermission } from "../communities/guard.ts";
import type { Db } from "../db.ts";
import type { AppEnv } from "../env.ts";
import { AppError } from "../errors.ts";
import { authOf, requireAuth } from "../http/auth-middleware.ts";
import { jsonBody, params, uuidSchema } from "../http/validate.ts";
import { channelRoom } from "../realtime/sockets.ts";

const idParam = z.object({ id: uuidSchema });
const tokenParam = z.object({ id: uuidSchema, token: z.string().regex(/^[A-Za-z0-9_-]{16,128}$/) });
const nameSchema = z.string().trim().min(1).max(80);
const postBody = z.object({ content: z.string().max(MAX_MESSAGE_CHARS).refine((s) => s.trim().length > 0, "content must not be empty"), nonce: z.string().min(1).max(64).regex(/^[^\s\p{Cc}]+$/u).optional() }).strict();

/** What a webhook may do in its channel: post text that unfurls links; never @everyone, files or anything else. */
const WEBHOOK_PERMISSIONS = permissionBits("VIEW_CHANNEL", "SEND_MESSAGES", "EMBED_LINKS");

export function webhookView(w: Webhook) {
  return { id: w.id, communityId: w.communityId, channelId: w.channelId, userId: w.userId, name: w.name, createdBy: w.createdBy, createdAt: w.createdAt, lastUsedAt: w.lastUsedAt };
}

function webhookUrl(c: Context<AppEnv>, id: string, token: string): string {
  return new URL(`/api/v1/webhooks/${id}/${token}`, c.env.PUBLIC_URL || c.req.url).href;
}

/** A text channel the caller may manage webhooks in. */
async function requireManageable(db: Db, userId: string, channelId: string) {
  const access = await channelAccess(db, userId, channelId);
  if (!access || access.communityId === null) throw new AppError(404, "channel_not_found", "No such channel, or you cannot see it.");
  requirePermission(access.permissions, "MANAGE_WEBHOOKS");
  if (access.channel.kind !== "text") throw new AppError(400, "invalid_body", "Webhooks post into text channels only.");
  if (access.channel.encrypted) throw new AppError(400, "encryption_required", "This channel is end-to-end encrypted: a webhook's plain text cannot be posted in it.");
  return access as typeof access & { communityId: string };
}

async function requireWebhook(db: Db, userId: string, id: string): Promise<Webhook> {
  const [hook] = await db.select().from(webhooks).where(eq(webhooks.id, id));
  const access = hook ? await channelAccess(db, userId, hook.channelId) : null;
  if (!hook || !access) throw new AppError(404, "not_found", "No such webhook.");
  requirePermission(access.permissions, "MANAGE_WEBHOOKS");
  return hook;
}

export const channelWebhookRoutes = new Hono<AppEnv>();
channelWebhookRoutes.use("/:id/webhooks", requireAuth);

channelWebhookRoutes.get("/:id/webhooks", async (c) => {
  const { id } = params(c, idParam);
  const db = await c.var.db.get();
  await requireManageable(db, authOf(c).userId, id);
  const rows = await db.select().from(webhooks).where(eq(webhooks.channelId, id)).orderBy(desc(webhooks.createdAt));
  return c.json({ webhooks: rows.map(webhookView) });
});

channelWebhookRoutes.post("/:id/webhooks", async (c) => {
  const { id } = params(c, idParam);
  const { name } = await jsonBody(c, z.object({ name: nameSchema }).strict());
  const auth = authOf(c);
  const db = await c.var.db.get();
  const access = await requireManageable(db, auth.userId, id);
  const token = randomToken();
  const hookId = uuidv7();
  const userId = uuidv7();
  const hook = await db.transaction(async (tx) => {
    // Its own account: "-" never appears in a chosen username, and "!" in a hash matches no password.
    await tx.insert(users).values({ id: userId, username: `webhook-${hookId}`, displayName: name, passwordHash: "!webhook", recoveryCodeHash: "!webhook", isBot: true });
    const [row] = await tx.insert(webhooks).values({ id: hookId, communityId: access.communityId, channelId: id, userId, name, tokenHash: await sha256Hex(token), createdBy: auth.userId }).returning();
    return row;
  });
  await audit(db, c, { action: "webhook.create", actorId: auth.userId, communityId: access.communityId, targetType: "webhook", targetId: hookId, details: { name, channelId: id } });
  return c.json({ webhook: webhookView(hook), token, url: webhookUrl(c, hookId, token) }, 201);
});

export const communityWebhookRoutes = new Hono<AppEnv>();
communityWebhookRoutes.use("/:id/webhooks", requireAuth);

communityWebhookRoutes.get("/:id/webhooks", async (c) => {
  const { id } = params(c, idParam);
  const auth = authOf(c);
  const db = await c.var.db.get();
  const { ctx } = await requireCommunity(db, auth.userId, id);
  const { channels: list } = await communityChannelPermissions(db, ctx, id);
  const manageable = list.filter((ch) => hasPermission(ch.permissions, "MANAGE_WEBHOOKS")).map((ch) => ch.channel.id);
  const rows = manageable.length ? await db.select().from(webhooks).where(inArray(webhooks.channelId, manageable)).orderBy(desc(webhooks.createdAt)) : [];
  return c.json({ webhooks: rows.map(webhookView) });
});

export const webhookRoutes = new Hono<AppEnv>();

webhookRoutes.patch("/:id", requireAuth, async (c) => {
  const { id } = params(c, idParam);
  const { name } = await jsonBody(c, z.object({ name: nameSchema }).strict());
  const auth = authOf(c);
  const db = await c.var.db.get();
  const hook = await requireWebhook(db, auth.userId, id);
  const [row] = await db.update(webhooks).set({ name }).where(eq(webhooks.id, id)).returning();
  await db.update(users).set({ displayName: name, updatedAt: new Date() }).where(eq(users.id, hook.userId));
  await audit(db, c, { action: "webhook.update", actorId: auth.userId, communityId: hook.communityId, targetType: "webhook", targetId: id, details: { name } });
  return c.json({ webhook: webhookView(row) });
});

webhookRoutes.post("/:id/token", requireAuth, async (c) => {
  const { id } = params(c, idParam);
  const auth = authOf(c);
  const db = await c.var.db.get();
  const hook = await requireWebhook(db, auth.userId, id);
  const token = randomToken();
  await db.update(webhooks).set({ tokenHash: await sha256Hex(token) }).where(eq(webhooks.id, id));
  await audit(db, c, { action: "webhook.token_reset", actorId: auth.userId, communityId: hook.communityId, targetType: "webhook", targetId: id });
  return c.json({ token, url: webhookUrl(c, id, token) });
});

webhookRoutes.delete("/:id", requireAuth, async (c) => {
  const { id } = params(c, idParam);
  const auth = authOf(c);
  const db = await c.var.db.get();
  const hook = await requireWebhook(db, auth.userId, id);
  await db.delete(webhooks).where(eq(webhooks.id, id));
  await audit(db, c, { action: "webhook.delete", actorId: auth.userId, communityId: hook.communityId, targetType: "webhook", targetId: id, details: { name: hook.name } });
  return c.body(null, 204);
});

/** Posting: the token in the URL is the whole credential, so every failure looks the same (404). */
webhookRoutes.post("/:id/:token", async (c) => {
  const { id, token } = params(c, tokenParam);
  const body = await jsonBody(c, postBody);
  const db = await c.var.db.get();
  const [hook] = await db
    .select({ hook: webhooks, encrypted: channels.encrypted })
    .from(webhooks)
    .innerJoin(channels, eq(channels.id, webhooks.channelId))
    .where(eq(webhooks.id, id));
  if (!hook || !timingSafeEqual(await sha256Hex(token), hook.hook.tokenHash)) throw new AppError(404, "not_found", "No such webhook, or a wrong token.");
  const { outcome, retryAfterMs } = (await channelRoom(c.env, hook.hook.channelId).sendMessage({
    channelId: hook.hook.channelId,
    userId: hook.hook.userId,
    permissions: WEBHOOK_PERMISSIONS.toString(),
    nonce: body.nonce ?? uuidv7(),
    content: body.content,
  } as never)) as { outcome: OpOutcome; retryAfterMs?: number };
  if (!outcome.ok) {
    const retryS = retryAfterMs !== undefined ? Math.max(1, Math.ceil(retryAfterMs / 1000)) : undefined;
    const status = outcome.code === "rate_limited" || outcome.code === "slow_mode" ? 429 : outcome.code === "channel_not_found" ? 404 : outcome.code === "commit_failed" ? 503 : 400;
    throw new AppError(status, outcome.code, outcome.message, retryS ? { retryAfterS: retryS } : undefined, retryS ? { "Retry-After": String(retryS) } : undefined);
  }
  await db.update(webhooks).set({ lastUsedAt: new Date() }).where(eq(webhooks.id, id));
  return c.json({ id: outcome.id, seq: outcome.seq }, outcome.duplicate ? 200 : 201);
});

/** Every webhook on the server, for the instance admins' overview. */
export async function allWebhooks(db: Db) {
  const rows = await db
    .select({ hook: webhooks, communityName: communities.name, channelName: channels.name, creator: users.username })
    .from(webhooks)
    .innerJoin(communities, eq(communities.id, webhooks.communityId))
    .innerJoin(channels, eq(channels.id, webhooks.channelId))
    .leftJoin(users, eq(users.id, webhooks.createdBy))
    .orderBy(desc(webhooks.createdAt));
  return rows.map((r) => ({ ...webhookView(r.hook), communityName: r.communityName, channelName: r.channelName, createdByUsername: r.creator }));
}
