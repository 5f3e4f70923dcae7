import { sql } from "drizzle-orm";
import { Hono } from "hono";
import { requestDb } from "./db.ts";
import type { AppEnv } from "./env.ts";
import { AppError, errorBody, renderError } from "./errors.ts";
import { methodIndex } from "./http/allowed-methods.ts";
import { clientIp } from "./http/client-ip.ts";
import { rateLimit } from "./http/rate-limit.ts";
import { securityHeaders } from "./http/security-headers.ts";
import { serveStatic } from "./http/static.ts";
import { accountRoutes } from "./routes/account.ts";
import { keyBackupRoutes } from "./routes/key-backup.ts";
import { adminInviteRoutes } from "./routes/admin-invites.ts";
import { authRoutes } from "./routes/auth.ts";
import { channelRoutes, communityRoutes, groupRoutes, inviteRoutes } from "./routes/communities/index.ts";
import { channelDeviceRoutes, deviceRoutes, userDeviceRoutes } from "./routes/devices.ts";
import { dmRoutes } from "./routes/dms.ts";
import { adminRoutes } from "./routes/admin/index.ts";
import { announcementRoutes, feedbackRoutes } from "./routes/notices.ts";
import { reportRoutes } from "./routes/reports.ts";
import { instanceRoutes } from "./routes/instance.ts";
import { userLookupRoutes } from "./routes/users.ts";
import { channelFileRoutes, fileRoutes } from "./routes/files.ts";
import { channelThreadRoutes, threadRoutes } from "./routes/threads.ts";
import { avatarRoutes, communityImageRoutes, imageRoutes } from "./routes/images.ts";
import { embedRoutes, gifRoutes } from "./routes/embeds.ts";
import { channelWebhookRoutes, communityWebhookRoutes, webhookRoutes } from "./routes/webhooks.ts";
import { communityEmojiRoutes, emojiRoutes } from "./routes/emoji.ts";
import { legalRoutes } from "./routes/legal.ts";
import { pushRoutes } from "./routes/push.ts";
import { readReceiptRoutes } from "./routes/read-receipts.ts";
import { callRoutes } from "./realtime/calls.ts";
import { sweepFilesSoon } from "./files/sweep.ts";
import { messageListRoutes } from "./realtime/message-lists.ts";
import { messageRoutes } from "./realtime/messages.ts";
import { searchRoutes } from "./realtime/search.ts";
import { channelSocketRoutes, hubSocketRoutes, hubTicketRoutes } from "./realtime/sockets.ts";

export const app = new Hono<AppEnv>();

app.use("*", securityHeaders);
app.use("*", async (c, next) => {
  c.set("requestId", crypto.randomUUID());
  c.set("clientIp", clientIp(c.req.raw, c.env.TRUSTED_PROXIES));
  c.set("userAgent", (c.req.header("user-agent") ?? "").slice(0, 512));
  const db = requestDb(c.env);
  c.set("db", db);
  try {
    await next();
  } finally {
    // The connection belongs to this request; close it after the response is on its way. Most socket upgrades
    // and static files never open one, and skip the waitUntil.
    if (db.isOpen) c.executionCtx.waitUntil(db.close());
  }
});

app.get("/healthz", async (c) => {
  try {
    const db = await c.var.db.get();
    await db.execute(sql`select 1`);
    return c.json({ ok: true, db: "up" });
  } catch (err) {
    console.error("healthz: database unreachable:", (err as Error).message);
    return c.json({ ok: false, db: "down" }, 503);
  }
});

app.use("/api/*", rateLimit);
// Blobs of deleted files go within a minute of any API traffic (workers/files/sweep.ts).
app.use("/api/*", async (c, next) => {
  await next();
  if (c.res.status !== 101) sweepFilesSoon(c);
});
app.route("/api/v1/auth", authRoutes);
app.route("/api/v1/users/me", hubTicketRoutes);
app.route("/api/v1/users/me/key-backup", keyBackupRoutes);
app.route("/api/v1/users/me", accountRoutes);
app.route("/api/v1/users/me", avatarRoutes);
app.route("/api/v1/users/me", pushRoutes);
app.route("/api/v1/users", userDeviceRoutes);
app.route("/api/v1/users", userLookupRoutes);
app.route("/api/v1/devices", deviceRoutes);
app.route("/api/v1/admin/registration-invites", adminInviteRoutes);
app.route("/api/v1/instance", instanceRoutes);
app.route("/api/v1/communities", communityRoutes);
app.route("/api/v1/communities", communityImageRoutes);
app.route("/api/v1/images", imageRoutes);
app.route("/api/v1/embeds", embedRoutes);
app.route("/api/v1/gifs", gifRoutes);
app.route("/api/v1/channels", channelWebhookRoutes);
app.route("/api/v1/communities", communityWebhookRoutes);
app.route("/api/v1/communities", communityEmojiRoutes);
app.route("/api/v1/channels", readReceiptRoutes);
app.route("/api/v1/emoji", emojiRoutes);
app.route("/api/v1/legal", legalRoutes);
app.route("/api/v1/webhooks", webhookRoutes);
app.route("/api/v1/channels", channelRoutes);
app.route("/api/v1/channels", channelSocketRoutes);
app.route("/api/v1/channels", messageRoutes);
app.route("/api/v1/channels", channelDeviceRoutes);
app.route("/api/v1/channels", messageListRoutes);
app.route("/api/v1/channels", searchRoutes);
app.route("/api/v1/channels", channelFileRoutes);
app.route("/api/v1/channels", callRoutes);
app.route("/api/v1/channels", channelThreadRoutes);
app.route("/api/v1/threads", threadRoutes);
app.route("/api/v1/files", fileRoutes);
app.route("/api/v1/realtime", hubSocketRoutes);
app.route("/api/v1/groups", groupRoutes);
app.route("/api/v1/invites", inviteRoutes);
app.route("/api/v1/dms", dmRoutes);
app.route("/api/v1/reports", reportRoutes);
app.route("/api/v1/announcements", announcementRoutes);
app.route("/api/v1/feedback", feedbackRoutes);
app.route("/api/v1/admin", adminRoutes);

const allowedMethods = methodIndex(() => app.routes);
app.all("/api/*", (c) => {
  // A known path asked with a method it does not take: say which methods it takes (RFC 9110 405 + Allow).
  const allow = allowedMethods(c.req.path);
  if (allow.length) {
    return c.json(errorBody("method_not_allowed", `${c.req.method} is not allowed on ${c.req.path}; use ${allow.join(", ")}.`, { allow }), 405, { Allow: allow.join(", ") });
  }
  return c.json(errorBody("route_not_found", `No route ${c.req.method} ${c.req.path}.`), 404);
});
// The client is served last, for every other GET: app URLs are client-side routes.
app.on(["GET", "HEAD"], "*", serveStatic);

app.notFound((c) => c.json(errorBody("route_not_found", `No route ${c.req.method} ${c.req.path}.`), 404));
app.onError((err, c) => renderError(err instanceof AppError ? err : (err as Error), c));
