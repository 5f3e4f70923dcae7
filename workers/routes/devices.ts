/**
 * The device directory for end-to-end encryption (docs/api/devices.md, docs/encryption.md):
 *   POST   /api/v1/devices                  register this session's device keys
 *   GET    /api/v1/devices/:id              one device's public keys (revoked ones too: old messages still verify)
 *   DELETE /api/v1/devices/:id              retire one of one's own devices
 *   GET    /api/v1/users/:id/devices        a user's live devices ("me": one's own, marking this session's)
 *   GET    /api/v1/channels/:id/devices     the live devices of everyone who can read an encrypted channel
 * Public keys are not secret, so any signed-in user may read a device or a user's list; a channel's list needs
 * access to the channel, since it says who is in it.
 */
import { and, count, eq, gt, isNull } from "drizzle-orm";
import { Hono } from "hono";
import { uuidv7 } from "uuidv7";
import { z } from "zod";
import { verifyDeviceRegistration } from "../../protocol/e2ee.ts";
import { DEVICE_REGISTRATIONS_PER_HOUR, MAX_DEVICES_PER_USER, MAX_ENCRYPTED_AUDIENCE } from "../../protocol/limits.ts";
import { deviceKeys, dmParticipants, users } from "../../schema/index.ts";
import { audit } from "../audit.ts";
import { channelAccess, communityChannelReaders } from "../communities/access.ts";
import { deviceView, liveDevices, notifyDevicesChanged } from "../e2ee/devices.ts";
import type { AppEnv } from "../env.ts";
import { AppError } from "../errors.ts";
import { authOf, requireAuth } from "../http/auth-middleware.ts";
import { jsonBody, keySchema, params, uuidSchema } from "../http/validate.ts";

/** 64 bytes in unpadded base64url are 86 characters. */
const registerBody = z
  .object({ ed25519: keySchema, x25519: keySchema, signature: z.string().regex(/^[A-Za-z0-9_-]{86}$/, "Expected a 64-byte Ed25519 signature as unpadded base64url (86 characters).") })
  .strict();
const idParam = z.object({ id: uuidSchema });

export const deviceRoutes = new Hono<AppEnv>();
deviceRoutes.use("*", requireAuth);

deviceRoutes.post("/", async (c) => {
  const body = await jsonBody(c, registerBody);
  const auth = authOf(c);
  if (!verifyDeviceRegistration(auth.userId, body)) {
    throw new AppError(400, "invalid_signature", "The signature is not this Ed25519 key's over your user id and both public keys (see docs/encryption.md).");
  }
  const db = await c.var.db.get();
  const [existing] = await db.select().from(deviceKeys).where(eq(deviceKeys.ed25519, body.ed25519));
  if (existing) {
    // The same session presenting its own keys again (a reload) is answered with its device, nothing changes.
    if (existing.userId === auth.userId && existing.sessionId === auth.sessionId && !existing.revokedAt && existing.x25519 === body.x25519) return c.json(deviceView(existing), 200);
    throw new AppError(409, "device_key_in_use", "These keys belong to another or an ended session: generate new keys for this one.");
  }
  const hourAgo = new Date(Date.now() - 3600_000);
  const [recent] = await db.select({ n: count() }).from(deviceKeys).where(and(eq(deviceKeys.userId, auth.userId), gt(deviceKeys.createdAt, hourAgo)));
  if ((recent?.n ?? 0) >= DEVICE_REGISTRATIONS_PER_HOUR) {
    throw new AppError(429, "rate_limited", `At most ${DEVICE_REGISTRATIONS_PER_HOUR} devices can be registered per hour.`, { retryAfterS: 600 }, { "Retry-After": "600" });
  }
  const others = (await liveDevices(db, [auth.userId])).filter((d) => d.sessionId !== auth.sessionId);
  if (others.length >= MAX_DEVICES_PER_USER) {
    throw new AppError(409, "too_many_devices", `You have ${MAX_DEVICES_PER_USER} devices with encryption keys: sign out of one (Settings → Sessions) to add this one.`);
  }
  const created = await db.transaction(async (tx) => {
    // One device per session: new keys for this session replace its old ones.
    await tx.update(deviceKeys).set({ revokedAt: new Date() }).where(and(eq(deviceKeys.sessionId, auth.sessionId), isNull(deviceKeys.revokedAt)));
    const [row] = await tx
      .insert(deviceKeys)
      .values({ id: uuidv7(), userId: auth.userId, sessionId: auth.sessionId, ed25519: body.ed25519, x25519: body.x25519, signature: body.signature })
      .onConflictDoNothing()
      .returning();
    return row;
  });
  // A concurrent registration of the same keys, or for the same session, won the race.
  if (!created) throw new AppError(409, "device_key_in_use", "Another registration for this session or these keys happened at the same time; try again.");
  await audit(db, c, { action: "device.register", actorId: auth.userId, targetType: "device", targetId: created.id });
  await notifyDevicesChanged(c, db, auth.userId);
  return c.json(deviceView(created), 201);
});

deviceRoutes.get("/:id", async (c) => {
  const { id } = params(c, idParam);
  const db = await c.var.db.get();
  const [row] = await db.select().from(deviceKeys).where(eq(deviceKeys.id, id));
  if (!row) throw new AppError(404, "device_not_found", "No such device.");
  return c.json(deviceView(row));
});

deviceRoutes.delete("/:id", async (c) => {
  const { id } = params(c, idParam);
  const auth = authOf(c);
  const db = await c.var.db.get();
  const [row] = await db.select().from(deviceKeys).where(eq(deviceKeys.id, id));
  if (!row) throw new AppError(404, "device_not_found", "No such device.");
  if (row.userId !== auth.userId) throw new AppError(403, "forbidden", "You can only remove your own devices.");
  if (!row.revokedAt) {
    await db.update(deviceKeys).set({ revokedAt: new Date() }).where(eq(deviceKeys.id, id));
    await audit(db, c, { action: "device.revoke", actorId: auth.userId, targetType: "device", targetId: id });
    await notifyDevicesChanged(c, db, auth.userId);
  }
  return c.body(null, 204);
});

export const userDeviceRoutes = new Hono<AppEnv>();
userDeviceRoutes.use("/:id/devices", requireAuth);

userDeviceRoutes.get("/:id/devices", async (c) => {
  const { id } = params(c, z.object({ id: z.union([z.literal("me"), uuidSchema]) }));
  const auth = authOf(c);
  const db = await c.var.db.get();
  const userId = id === "me" ? auth.userId : id;
  if (userId !== auth.userId) {
    const [user] = await db.select({ id: users.id }).from(users).where(and(eq(users.id, userId), isNull(users.deletedAt)));
    if (!user) throw new AppError(404, "user_not_found", "No such user.");
  }
  const devices = await liveDevices(db, [userId]);
  return c.json({ devices: devices.map((d) => ({ ...deviceView(d), ...(userId === auth.userId ? { current: d.sessionId === auth.sessionId } : {}) })) });
});

export const channelDeviceRoutes = new Hono<AppEnv>();
channelDeviceRoutes.use("/:id/devices", requireAuth);

channelDeviceRoutes.get("/:id/devices", async (c) => {
  const { id } = params(c, idParam);
  const auth = authOf(c);
  const db = await c.var.db.get();
  const access = await channelAccess(db, auth.userId, id);
  if (!access) throw new AppError(404, "channel_not_found", "No such channel, or you cannot see it.");
  const { channel } = access;
  if (!channel.encrypted) throw new AppError(400, "encryption_not_supported", "This channel is not end-to-end encrypted: it has no device list.");
  const members =
    channel.communityId === null
      ? (await db.select({ userId: dmParticipants.userId }).from(dmParticipants).where(eq(dmParticipants.channelId, id))).map((p) => p.userId)
      : await communityChannelReaders(db, channel);
  if (members.length > MAX_ENCRYPTED_AUDIENCE) {
    throw new AppError(400, "too_many_recipients", `Encrypted messages reach at most ${MAX_ENCRYPTED_AUDIENCE} readers; this channel has ${members.length}.`);
  }
  const devices = await liveDevices(db, members);
  return c.json({ members, devices: devices.map(deviceView) });
});
