/**
 * The member list and nicknames. `online` comes from user_presence, which each user's UserHub keeps (online while
 * any of their devices holds a hub socket).
 */
import { and, asc, eq, gt, inArray } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { NICKNAME_MAX } from "../../../protocol/limits.ts";
import { communityMembers, memberRoles, userPresence, users } from "../../../schema/index.ts";
import { audit } from "../../audit.ts";
import { requireCommunity, requirePermission } from "../../communities/guard.ts";
import { requireMember, requireOutranks } from "../../communities/hierarchy.ts";
import { notifyMemberListChanged } from "../../communities/realtime-hooks.ts";
import type { Db } from "../../db.ts";
import type { AppEnv } from "../../env.ts";
import { authOf } from "../../http/auth-middleware.ts";
import { jsonBody, params, query, uuidSchema } from "../../http/validate.ts";

const memberParams = z.object({ id: uuidSchema, userId: uuidSchema });
const nicknameBody = z.object({ nickname: z.string().trim().max(NICKNAME_MAX).nullable() }).strict();
const MEMBER_PAGE_MAX = 1000;

type MemberRow = { userId: string; username: string; displayName: string; avatarUrl: string | null; nickname: string | null; joinedAt: Date; timedOutUntil: Date | null; online: boolean | null; lastSeenAt: Date | null };

async function memberViews(db: Db, communityId: string, rows: MemberRow[]) {
  const ids = rows.map((r) => r.userId);
  const held = ids.length
    ? await db.select().from(memberRoles).where(and(eq(memberRoles.communityId, communityId), inArray(memberRoles.userId, ids)))
    : [];
  const now = new Date();
  return rows.map((r) => ({
    user: { id: r.userId, username: r.username, displayName: r.displayName, avatarUrl: r.avatarUrl },
    nickname: r.nickname,
    roleIds: held.filter((h) => h.userId === r.userId).map((h) => h.roleId),
    joinedAt: r.joinedAt,
    timedOutUntil: r.timedOutUntil && r.timedOutUntil > now ? r.timedOutUntil : null,
    online: r.online ?? false,
    // When they were last online; null while they are, or if they never were.
    lastSeenAt: r.online ? null : (r.lastSeenAt ?? null),
  }));
}

const memberColumns = {
  userId: communityMembers.userId,
  username: users.username,
  displayName: users.displayName,
  avatarUrl: users.avatarUrl,
  nickname: communityMembers.nickname,
  joinedAt: communityMembers.joinedAt,
  timedOutUntil: communityMembers.timedOutUntil,
  online: userPresence.online,
  lastSeenAt: userPresence.lastSeenAt,
};

export const memberRoutes = new Hono<AppEnv>();

/** Members ordered by user id; page with `after` = the last user id seen. */
memberRoutes.get("/:id/members", async (c) => {
  const { id } = params(c, z.object({ id: uuidSchema }));
  const q = query(c, z.object({ limit: z.coerce.number().int().min(1).max(MEMBER_PAGE_MAX).default(100), after: uuidSchema.optional() }));
  const auth = authOf(c);
  const db = await c.var.db.get();
  await requireCommunity(db, auth.userId, id);
  const rows = await db
    .select(memberColumns)
    .from(communityMembers)
    .innerJoin(users, eq(users.id, communityMembers.userId))
    .leftJoin(userPresence, eq(userPresence.userId, communityMembers.userId))
    .where(and(eq(communityMembers.communityId, id), q.after ? gt(communityMembers.userId, q.after) : undefined))
    .orderBy(asc(communityMembers.userId))
    .limit(q.limit);
  return c.json({ members: await memberViews(db, id, rows), nextAfter: rows.length === q.limit ? rows[rows.length - 1].userId : null });
});

memberRoutes.get("/:id/members/:userId", async (c) => {
  const { id, userId } = params(c, memberParams);
  const auth = authOf(c);
  const db = await c.var.db.get();
  await requireCommunity(db, auth.userId, id);
  await requireMember(db, id, userId);
  const rows = await db
    .select(memberColumns)
    .from(communityMembers)
    .innerJoin(users, eq(users.id, communityMembers.userId))
    .leftJoin(userPresence, eq(userPresence.userId, communityMembers.userId))
    .where(and(eq(communityMembers.communityId, id), eq(communityMembers.userId, userId)));
  return c.json((await memberViews(db, id, rows))[0]);
});

/**
 * Sets a nickname (null or "" clears it). Anyone may set their own; setting someone else's needs MANAGE_ROLES and
 * outranking them (there is no separate nickname bit).
 */
memberRoutes.patch("/:id/members/:userId", async (c) => {
  const { id, userId } = params(c, memberParams);
  const body = await jsonBody(c, nicknameBody);
  const auth = authOf(c);
  const db = await c.var.db.get();
  const { permissions, ctx } = await requireCommunity(db, auth.userId, id);
  const target = await requireMember(db, id, userId);
  if (userId !== auth.userId) {
    requirePermission(permissions, "MANAGE_ROLES");
    requireOutranks(ctx, target);
  }
  const nickname = body.nickname ? body.nickname : null;
  await db.update(communityMembers).set({ nickname }).where(and(eq(communityMembers.communityId, id), eq(communityMembers.userId, userId)));
  await audit(db, c, { action: "member.nickname", actorId: auth.userId, communityId: id, targetType: "user", targetId: userId, details: { nickname, previous: target.nickname } });
  await notifyMemberListChanged(c.env, db, id, auth.userId);
  return c.json({ userId, nickname });
});
