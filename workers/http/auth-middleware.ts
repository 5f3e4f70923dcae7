import { and, eq, gt, isNull } from "drizzle-orm";
import type { Context, MiddlewareHandler } from "hono";
import { sessions, users } from "../../schema/index.ts";
import { verifyAccessToken } from "../auth/jwt.ts";
import type { AppEnv, AuthInfo } from "../env.ts";
import { AppError } from "../errors.ts";

/**
 * Requires a valid access token whose session is still live and whose user is neither suspended nor deleted.
 * Checking the session on every request (one indexed lookup on a connection the handler needs anyway) is what
 * makes logout, "revoke session" and password changes take effect at once instead of after the token's 15 minutes.
 */
export const requireAuth: MiddlewareHandler<AppEnv> = async (c, next) => {
  const header = c.req.header("authorization") ?? "";
  const match = /^Bearer ([A-Za-z0-9_\-.]+)$/.exec(header);
  if (!match) throw new AppError(401, "unauthorized", "Sign in first: send Authorization: Bearer <access token>.");
  c.set("auth", await authenticate(c, match[1]));
  await next();
};

export async function authenticate(c: Context<AppEnv>, token: string): Promise<AuthInfo> {
  const claims = await verifyAccessToken(c.env.JWT_PRIVATE_KEY, token);
  const db = await c.var.db.get();
  const [row] = await db
    .select({ username: users.username, isAdmin: users.isAdmin, suspendedAt: users.suspendedAt, deletedAt: users.deletedAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.id, claims.sessionId),
        eq(sessions.userId, claims.userId),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, new Date()),
      ),
    );
  if (!row || row.deletedAt) throw new AppError(401, "invalid_token", "This session has ended; sign in again.");
  if (row.suspendedAt) throw new AppError(403, "account_suspended", "This account is suspended.");
  return { userId: claims.userId, sessionId: claims.sessionId, username: row.username, isAdmin: row.isAdmin };
}

/** The caller, after requireAuth ran. */
export function authOf(c: Context<AppEnv>): AuthInfo {
  const auth = c.get("auth");
  if (!auth) throw new Error("authOf() used on a route without requireAuth");
  return auth;
}

export const requireAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!authOf(c).isAdmin) throw new AppError(403, "forbidden", "Only instance admins can do this.");
  await next();
};
