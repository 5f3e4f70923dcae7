/**
 * Read receipts (docs/api/messages.md, "Read receipts"):
 *   GET /api/v1/channels/:id/read-receipts → { receipts: [{ userId, seq }] }
 * How far the other participants of a DM or group DM have read, for a client opening it; live changes come as
 * `read_receipt` on the conversation's socket. Only people who share receipts are listed, and only to someone who
 * shares theirs. Community channels have none.
 */
import { and, eq, inArray, ne } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { dmParticipants, readStates, users } from "../../schema/index.ts";
import type { AppEnv } from "../env.ts";
import { authOf, requireAuth } from "../http/auth-middleware.ts";
import { params, uuidSchema } from "../http/validate.ts";
import { requireRoomChannel } from "../realtime/messages.ts";

export const readReceiptRoutes = new Hono<AppEnv>();
readReceiptRoutes.use("/:id/read-receipts", requireAuth);

readReceiptRoutes.get("/:id/read-receipts", async (c) => {
  const { id } = params(c, z.object({ id: uuidSchema }));
  const auth = authOf(c);
  const db = await c.var.db.get();
  const access = await requireRoomChannel(db, auth.userId, id);
  const [me] = await db.select({ on: users.readReceipts }).from(users).where(eq(users.id, auth.userId));
  if (access.channel.communityId !== null || !me?.on) return c.json({ receipts: [] });
  const others = db.select({ id: dmParticipants.userId }).from(dmParticipants).where(and(eq(dmParticipants.channelId, id), ne(dmParticipants.userId, auth.userId)));
  const rows = await db
    .select({ userId: readStates.userId, seq: readStates.lastReadSeq })
    .from(readStates)
    .innerJoin(users, eq(users.id, readStates.userId))
    .where(and(eq(readStates.channelId, id), inArray(readStates.userId, others), eq(users.readReceipts, true)));
  return c.json({ receipts: rows });
});
