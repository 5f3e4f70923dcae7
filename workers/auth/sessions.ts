import { and, eq, inArray, isNull, ne } from "drizzle-orm";
import type { Context } from "hono";
import { uuidv7 } from "uuidv7";
import { DEVICE_NAME_MAX, REFRESH_TOKEN_TTL_S } from "../../protocol/limits.ts";
import { deviceKeys, pushSubscriptions, refreshTokens, sessions } from "../../schema/index.ts";
import type { Db } from "../db.ts";
import type { AppEnv } from "../env.ts";
import { signAccessToken } from "./jwt.ts";
import { randomToken, sha256Hex } from "./tokens.ts";

export interface IssuedTokens {
  sessionId: string;
  accessToken: string;
  refreshToken: string;
}

/** A readable default device name from the user agent, e.g. "Firefox on Linux". */
export function deviceNameFrom(userAgent: string): string {
  const browser = /Edg\//.test(userAgent) ? "Edge" : /Firefox\//.test(userAgent) ? "Firefox"
    : /Chrom(e|ium)\//.test(userAgent) ? "Chrome" : /Safari\//.test(userAgent) ? "Safari"
    : /curl\//.test(userAgent) ? "curl" : "Unknown client";
  const os = /Android/.test(userAgent) ? "Android" : /iPhone|iPad/.test(userAgent) ? "iOS"
    : /Windows/.test(userAgent) ? "Windows" : /Mac OS X/.test(userAgent) ? "macOS" : /Linux/.test(userAgent) ? "Linux" : "";
  return os ? `${browser} on ${os}` : browser;
}

/** Opens a new session (one per device) and issues its first token pair. */
export async function openSession(db: Db, c: Context<AppEnv>, userId: string, deviceName?: string): Promise<IssuedTokens> {
  const sessionId = uuidv7();
  const refreshToken = randomToken();
  const now = Date.now();
  await db.insert(sessions).values({
    id: sessionId,
    userId,
    deviceName: (deviceName?.trim() || deviceNameFrom(c.var.userAgent)).slice(0, DEVICE_NAME_MAX),
    ip: c.var.clientIp,
    userAgent: c.var.userAgent.slice(0, 512),
    expiresAt: new Date(now + REFRESH_TOKEN_TTL_S * 1000),
  });
  await db.insert(refreshTokens).values({ tokenHash: await sha256Hex(refreshToken), sessionId });
  const accessToken = await signAccessToken(c.env.JWT_PRIVATE_KEY, { userId, sessionId });
  return { sessionId, accessToken, refreshToken };
}

/** Issues the next refresh token of a session; the caller has already marked the presented one replaced. */
export async function continueSession(db: Db, c: Context<AppEnv>, userId: string, sessionId: string): Promise<IssuedTokens> {
  const refreshToken = randomToken();
  await db.insert(refreshTokens).values({ tokenHash: await sha256Hex(refreshToken), sessionId });
  await db
    .update(sessions)
    .set({ lastUsedAt: new Date(), ip: c.var.clientIp, userAgent: c.var.userAgent.slice(0, 512), expiresAt: new Date(Date.now() + REFRESH_TOKEN_TTL_S * 1000) })
    .where(eq(sessions.id, sessionId));
  const accessToken = await signAccessToken(c.env.JWT_PRIVATE_KEY, { userId, sessionId });
  return { sessionId, accessToken, refreshToken };
}

export async function revokeSession(db: Db, sessionId: string, reason: string): Promise<void> {
  await db.update(sessions).set({ revokedAt: new Date(), revokedReason: reason }).where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
  await revokeDevicesOf(db, [sessionId]);
}

/**
 * A session's end is its encryption device's end, and its push subscription's. Device liveness already follows the session (workers/e2ee/
 * devices.ts); this stamps revoked_at so the device record says when.
 */
async function revokeDevicesOf(db: Db, sessionIds: string[]): Promise<void> {
  if (sessionIds.length === 0) return;
  // The browser's push subscription ends with its session (docs/api/push.md).
  await db.delete(pushSubscriptions).where(inArray(pushSubscriptions.sessionId, sessionIds));
  await db.update(deviceKeys).set({ revokedAt: new Date() }).where(and(inArray(deviceKeys.sessionId, sessionIds), isNull(deviceKeys.revokedAt)));
}

/** Revokes every live session of a user, or every one but `except`. Returns how many ended. */
export async function revokeUserSessions(db: Db, userId: string, reason: string, except?: string): Promise<number> {
  const conditions = [eq(sessions.userId, userId), isNull(sessions.revokedAt)];
  if (except) conditions.push(ne(sessions.id, except));
  const ended = await db.update(sessions).set({ revokedAt: new Date(), revokedReason: reason }).where(and(...conditions)).returning({ id: sessions.id });
  await revokeDevicesOf(db, ended.map((s) => s.id));
  return ended.length;
}
