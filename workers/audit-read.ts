/** Reading the audit log: one page, newest first, for a community's moderators or the instance admins. */
import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import { auditLog, users } from "../schema/index.ts";
import type { Db } from "./db.ts";
import { uuidSchema } from "./http/validate.ts";

export const auditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  // The id of the last entry seen: ids are UUIDv7, so id order is time order.
  before: uuidSchema.optional(),
  action: z.string().max(64).optional(),
  actorId: uuidSchema.optional(),
  communityId: uuidSchema.optional(),
});

const actor = alias(users, "actor");

/**
 * A page of entries matching `scope` and the query. `withNetwork` adds the IP and user agent, which only instance
 * admins see: community moderators learn what was done, not from where.
 */
export async function auditPage(db: Db, scope: SQL | undefined, q: z.infer<typeof auditQuery>, withNetwork: boolean) {
  const rows = await db
    .select({ entry: auditLog, actorUsername: actor.username, actorDisplayName: actor.displayName })
    .from(auditLog)
    .leftJoin(actor, eq(actor.id, auditLog.actorId))
    .where(
      and(
        scope,
        q.before ? lt(auditLog.id, q.before) : undefined,
        q.action ? eq(auditLog.action, q.action) : undefined,
        q.actorId ? eq(auditLog.actorId, q.actorId) : undefined,
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(q.limit);
  return {
    entries: rows.map(({ entry: e, actorUsername, actorDisplayName }) => ({
      id: e.id,
      action: e.action,
      actor: e.actorId ? { id: e.actorId, username: actorUsername, displayName: actorDisplayName } : null,
      targetType: e.targetType,
      targetId: e.targetId,
      communityId: e.communityId,
      reason: e.reason,
      details: e.details,
      createdAt: e.createdAt,
      ...(withNetwork ? { ip: e.ip, userAgent: e.userAgent } : {}),
    })),
    nextBefore: rows.length === q.limit ? rows[rows.length - 1].entry.id : null,
  };
}
