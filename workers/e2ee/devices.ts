/**
 * The device directory behind end-to-end encryption (docs/encryption.md): which devices are live, what the server
 * publishes about them, and who is told when they change. The server holds public keys only.
 *
 * A device is live while its row is not revoked and its session is live (not revoked, not expired) and its user
 * not deleted. Deriving liveness from the session means every way a session ends (logout, revocation from another
 * device, refresh-token reuse, password change, suspension by an admin) retires its keys without each of those
 * paths having to remember; workers/auth/sessions.ts also stamps revoked_at so the record says when.
 */
import { and, eq, gt, inArray, isNull, ne } from "drizzle-orm";
import type { PublicDevice } from "../../protocol/e2ee.ts";
import { deviceKeys, dmParticipants, sessions, users, type DeviceKey } from "../../schema/index.ts";
import type { Db } from "../db.ts";
import type { Context } from "hono";
import type { AppEnv } from "../env.ts";
import { userHub } from "../realtime/sockets.ts";

export function deviceView(d: DeviceKey): PublicDevice {
  return {
    id: d.id,
    userId: d.userId,
    ed25519: d.ed25519,
    x25519: d.x25519,
    signature: d.signature,
    createdAt: d.createdAt.toISOString(),
    revokedAt: d.revokedAt ? d.revokedAt.toISOString() : null,
  };
}

/** The live devices of `userIds`, oldest first. */
export async function liveDevices(db: Db, userIds: string[]): Promise<DeviceKey[]> {
  if (userIds.length === 0) return [];
  const rows = await db
    .select({ device: deviceKeys })
    .from(deviceKeys)
    .innerJoin(sessions, eq(sessions.id, deviceKeys.sessionId))
    .innerJoin(users, eq(users.id, deviceKeys.userId))
    .where(
      and(
        inArray(deviceKeys.userId, userIds),
        isNull(deviceKeys.revokedAt),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, new Date()),
        isNull(users.deletedAt),
        isNull(users.suspendedAt),
      ),
    )
    .orderBy(deviceKeys.createdAt);
  return rows.map((r) => r.device);
}

/**
 * H7: tells the user's own devices and everyone they share a DM or group DM with that their device list changed,
 * so senders refetch it before the next message (readers of encrypted community channels refetch when their cached
 * list expires). The audience is read now, on the request's connection; the hubs are told after the response.
 */
export async function notifyDevicesChanged(c: Context<AppEnv>, db: Db, userId: string): Promise<void> {
  const mine = db.select({ id: dmParticipants.channelId }).from(dmParticipants).where(eq(dmParticipants.userId, userId));
  const peers = await db
    .selectDistinct({ userId: dmParticipants.userId })
    .from(dmParticipants)
    .where(and(inArray(dmParticipants.channelId, mine), ne(dmParticipants.userId, userId)));
  const env = c.env;
  const tell = Promise.all([userId, ...peers.map((p) => p.userId)].map((id) => userHub(env, id).devicesChanged(userId))).catch((err) => {
    // The change is committed; clients also refetch when their cached list expires.
    console.error("notifyDevicesChanged failed:", (err as Error).message);
  });
  c.executionCtx.waitUntil(tell);
}
