/**
 * The caller's blocks, under /users/me/blocks. Blocking someone stops DMs between the two (new ones are refused, an
 * existing 1:1 DM turns read-only: see dmPermissions) and tells the blocker's client to hide their messages.
 */
import { and, desc, eq, isNull } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { userBlocks, users } from "../../schema/index.ts";
import { audit } from "../audit.ts";
import type { AppEnv } from "../env.ts";
import { AppError } from "../errors.ts";
import { authOf } from "../http/auth-middleware.ts";
import { params, uuidSchema } from "../http/validate.ts";

export const blockRoutes = new Hono<AppEnv>();

blockRoutes.get("/", async (c) => {
  const auth = authOf(c);
  const db = await c.var.db.get();
  const rows = await db
    .select({ id: users.id, username: users.username, displayName: users.displayName, avatarUrl: users.avatarUrl, createdAt: userBlocks.createdAt })
    .from(userBlocks)
    .innerJoin(users, eq(users.id, userBlocks.blockedId))
    .where(eq(userBlocks.blockerId, auth.userId))
    .orderBy(desc(userBlocks.createdAt));
  return c.json({ blocks: rows.map(({ createdAt, ...user }) => ({ user, createdAt })) });
});

blockRoutes.put("/:userId", async (c) => {
  const { userId } = params(c, z.object({ userId: uuidSchema }));
  const auth = authOf(c);
  const db = await c.var.db.get();
  if (userId === auth.userId) throw new AppError(400, "invalid_body", "You cannot block yourself.");
  const [user] = await db.select({ id: users.id }).from(users).where(and(eq(users.id, userId), isNull(users.deletedAt)));
  if (!user) throw new AppError(404, "user_not_found", "No such user.");
  await db.insert(userBlocks).values({ blockerId: auth.userId, blockedId: userId }).onConflictDoNothing();
  await audit(db, c, { action: "user.block", actorId: auth.userId, targetType: "user", targetId: userId });
  return c.body(null, 204);
});

blockRoutes.delete("/:userId", async (c) => {
  const { userId } = params(c, z.object({ userId: uuidSchema }));
  const auth = authOf(c);
  const db = await c.var.db.get();
  await db.delete(userBlocks).where(and(eq(userBlocks.blockerId, auth.userId), eq(userBlocks.blockedId, userId)));
  await audit(db, c, { action: "user.unblock", actorId: auth.userId, targetType: "user", targetId: userId });
  return c.body(null, 204);
});
