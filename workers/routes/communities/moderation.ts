/**
 * Moderation inside a community: kick, ban / unban, timeout, warnings. Every action needs its permission bit and
 * outranking the target (never the owner, never an equal, never oneself), is written to the audit log with the
 * reason, and tells the realtime side so the member's sockets close or re-check at once.
 */
import { and, desc, eq, isNull } from "drizzle-orm";
import { Hono } from "hono";
import { uuidv7 } from "uuidv7";
import { z } from "zod";
import { REASON_MAX, TIMEOUT_MAX_S } from "../../../protocol/limits.ts";
import { bans, communityMembers, users, warnings } from "../../../schema/index.ts";
import { audit } from "../../audit.ts";
import { requireCommunity, requirePermission } from "../../communities/guard.ts";
import { requireMember, requireOutranks } from "../../communities/hierarchy.ts";
import { BAN_DELETE_WINDOWS_S, deleteRecentMessages, removeMember } from "../../communities/moderation.ts";
import { notifyMembershipChanged } from "../../communities/realtime-hooks.ts";
import type { AppEnv } from "../../env.ts";
import { AppError } from "../../errors.ts";
import { authOf } from "../../http/auth-middleware.ts";
import { jsonBody, optionalJsonBody, params, uuidSchema } from "../../http/validate.ts";

const memberParams = z.object({ id: uuidSchema, userId: uuidSchema });
const reasonSchema = z.string().trim().max(REASON_MAX);

const banBody = z.object({
  reason: reasonSchema.optional(),
  deleteMessageSeconds: z
    .number()
    .int()
    .refine((n) => (BAN_DELETE_WINDOWS_S as readonly number[]).includes(n), `One of ${BAN_DELETE_WINDOWS_S.join(", ")}.`)
    .optional(),
  // Omitted or null: until lifted.
  durationSeconds: z.number().int().min(60).max(365 * 86_400).nullable().optional(),
});

export const moderationRoutes = new Hono<AppEnv>();

moderationRoutes.post("/:id/members/:userId/kick", async (c) => {
  const { id, userId } = params(c, memberParams);
  const body = await optionalJsonBody(c, z.object({ reason: reasonSchema.optional() }));
  const auth = authOf(c);
  const db = await c.var.db.get();
  const { permissions, ctx } = await requireCommunity(db, auth.userId, id);
  requirePermission(permissions, "KICK_MEMBERS");
  requireOutranks(ctx, await requireMember(db, id, userId));
  await removeMember(db, id, userId);
  await audit(db, c, { action: "member.kick", actorId: auth.userId, communityId: id, targetType: "user", targetId: userId, reason: body.reason });
  await notifyMembershipChanged(c.env, db, { communityId: id, userId, kind: "kicked" });
  return c.body(null, 204);
});

/**
 * Bans a member, or pre-emptively any user. A member must rank below the caller. Optionally deletes their messages
 * in this community of the last hour, day or 7 days, through the channels' rooms (`messagesDeleted` counts them).
 */
moderationRoutes.put("/:id/bans/:userId", async (c) => {
  const { id, userId } = params(c, memberParams);
  const body = await optionalJsonBody(c, banBody);
  const auth = authOf(c);
  const db = await c.var.db.get();
  const { permissions, ctx } = await requireCommunity(db, auth.userId, id);
  requirePermission(permissions, "BAN_MEMBERS");
  const [member] = await db.select().from(communityMembers).where(and(eq(communityMembers.communityId, id), eq(communityMembers.userId, userId)));
  if (member) requireOutranks(ctx, await requireMember(db, id, userId));
  else {
    if (userId === auth.userId) throw new AppError(403, "cannot_moderate_self", "You cannot ban yourself.");
    const [user] = await db.select({ id: users.id }).from(users).where(and(eq(users.id, userId), isNull(users.deletedAt)));
    if (!user) throw new AppError(404, "user_not_found", "No such user.");
  }
  const expiresAt = body.durationSeconds ? new Date(Date.now() + body.durationSeconds * 1000) : null;
  const values = { reason: body.reason ?? "", bannedBy: auth.userId, createdAt: new Date(), expiresAt };
  const [ban] = await db.insert(bans).values({ communityId: id, userId, ...values }).onConflictDoUpdate({ target: [bans.communityId, bans.userId], set: values }).returning();
  await removeMember(db, id, userId);
  // Sockets close before the deletion query, so nothing the member sends in between escapes it.
  await notifyMembershipChanged(c.env, db, { communityId: id, userId, kind: "banned" });
  const window = body.deleteMessageSeconds ?? 0;
  const messagesDeleted = window > 0 ? await deleteRecentMessages(c.env, db, { communityId: id, userId, since: new Date(Date.now() - window * 1000), moderatorId: auth.userId }) : 0;
  await audit(db, c, {
    action: "member.ban",
    actorId: auth.userId,
    communityId: id,
    targetType: "user",
    targetId: userId,
    reason: body.reason,
    details: { deleteMessageSeconds: window, messagesDeleted, expiresAt },
  });
  return c.json({ communityId: id, userId, reason: ban.reason, bannedBy: ban.bannedBy, createdAt: ban.createdAt, expiresAt: ban.expiresAt, messagesDeleted }, 201);
});

moderationRoutes.get("/:id/bans", async (c) => {
  const { id } = params(c, z.object({ id: uuidSchema }));
  const auth = authOf(c);
  const db = await c.var.db.get();
  const { permissions } = await requireCommunity(db, auth.userId, id);
  requirePermission(permissions, "BAN_MEMBERS");
  const rows = await db
    .select({ ban: bans, username: users.username, displayName: users.displayName })
    .from(bans)
    .innerJoin(users, eq(users.id, bans.userId))
    .where(eq(bans.communityId, id))
    .orderBy(desc(bans.createdAt))
    .limit(1000);
  return c.json({
    bans: rows.map((r) => ({ user: { id: r.ban.userId, username: r.username, displayName: r.displayName }, reason: r.ban.reason, bannedBy: r.ban.bannedBy, createdAt: r.ban.createdAt, expiresAt: r.ban.expiresAt })),
  });
});

moderationRoutes.delete("/:id/bans/:userId", async (c) => {
  const { id, userId } = params(c, memberParams);
  const auth = authOf(c);
  const db = await c.var.db.get();
  const { permissions } = await requireCommunity(db, auth.userId, id);
  requirePermission(permissions, "BAN_MEMBERS");
  const removed = await db.delete(bans).where(and(eq(bans.communityId, id), eq(bans.userId, userId))).returning({ userId: bans.userId });
  if (removed.length === 0) throw new AppError(404, "ban_not_found", "That user is not banned here.");
  await audit(db, c, { action: "member.unban", actorId: auth.userId, communityId: id, targetType: "user", targetId: userId });
  return c.body(null, 204);
});

/** Times a member out: they keep reading but cannot send, react, speak or moderate until `timedOutUntil`. */
moderationRoutes.put("/:id/members/:userId/timeout", async (c) => {
  const { id, userId } = params(c, memberParams);
  const body = await jsonBody(c, z.object({ durationSeconds: z.number().int().min(1).max(TIMEOUT_MAX_S), reason: reasonSchema.optional() }));
  const auth = authOf(c);
  const db = await c.var.db.get();
  const { permissions, ctx } = await requireCommunity(db, auth.userId, id);
  requirePermission(permissions, "TIMEOUT_MEMBERS");
  requireOutranks(ctx, await requireMember(db, id, userId));
  const until = new Date(Date.now() + body.durationSeconds * 1000);
  await db.update(communityMembers).set({ timedOutUntil: until }).where(and(eq(communityMembers.communityId, id), eq(communityMembers.userId, userId)));
  await audit(db, c, { action: "member.timeout", actorId: auth.userId, communityId: id, targetType: "user", targetId: userId, reason: body.reason, details: { until } });
  await notifyMembershipChanged(c.env, db, { communityId: id, userId, kind: "timed_out" });
  return c.json({ userId, timedOutUntil: until });
});

moderationRoutes.delete("/:id/members/:userId/timeout", async (c) => {
  const { id, userId } = params(c, memberParams);
  const auth = authOf(c);
  const db = await c.var.db.get();
  const { permissions, ctx } = await requireCommunity(db, auth.userId, id);
  requirePermission(permissions, "TIMEOUT_MEMBERS");
  requireOutranks(ctx, await requireMember(db, id, userId));
  await db.update(communityMembers).set({ timedOutUntil: null }).where(and(eq(communityMembers.communityId, id), eq(communityMembers.userId, userId)));
  await audit(db, c, { action: "member.timeout_end", actorId: auth.userId, communityId: id, targetType: "user", targetId: userId });
  await notifyMembershipChanged(c.env, db, { communityId: id, userId, kind: "timed_out" });
  return c.json({ userId, timedOutUntil: null });
});

/** Records a warning on a member. Moderators (TIMEOUT_MEMBERS, the lightest sanction) may warn those they outrank. */
moderationRoutes.post("/:id/members/:userId/warnings", async (c) => {
  const { id, userId } = params(c, memberParams);
  const body = await jsonBody(c, z.object({ reason: reasonSchema.min(1) }));
  const auth = authOf(c);
  const db = await c.var.db.get();
  const { permissions, ctx } = await requireCommunity(db, auth.userId, id);
  requirePermission(permissions, "TIMEOUT_MEMBERS");
  requireOutranks(ctx, await requireMember(db, id, userId));
  const [warning] = await db.insert(warnings).values({ id: uuidv7(), communityId: id, userId, moderatorId: auth.userId, reason: body.reason }).returning();
  await audit(db, c, { action: "member.warn", actorId: auth.userId, communityId: id, targetType: "user", targetId: userId, reason: body.reason });
  return c.json(warning, 201);
});

/** A member's warnings: for moderators (TIMEOUT_MEMBERS), and for the member themselves. */
moderationRoutes.get("/:id/members/:userId/warnings", async (c) => {
  const { id, userId } = params(c, memberParams);
  const auth = authOf(c);
  const db = await c.var.db.get();
  const { permissions } = await requireCommunity(db, auth.userId, id);
  if (userId !== auth.userId) requirePermission(permissions, "TIMEOUT_MEMBERS");
  const rows = await db
    .select()
    .from(warnings)
    .where(and(eq(warnings.communityId, id), eq(warnings.userId, userId)))
    .orderBy(desc(warnings.createdAt))
    .limit(500);
  return c.json({ warnings: rows });
});

moderationRoutes.delete("/:id/warnings/:warningId", async (c) => {
  const { id, warningId } = params(c, z.object({ id: uuidSchema, warningId: uuidSchema }));
  const auth = authOf(c);
  const db = await c.var.db.get();
  const { permissions } = await requireCommunity(db, auth.userId, id);
  requirePermission(permissions, "TIMEOUT_MEMBERS");
  const removed = await db.delete(warnings).where(and(eq(warnings.id, warningId), eq(warnings.communityId, id))).returning();
  if (removed.length === 0) throw new AppError(404, "not_found", "No such warning in this community.");
  await audit(db, c, { action: "member.warning_delete", actorId: auth.userId, communityId: id, targetType: "user", targetId: removed[0].userId });
  return c.body(null, 204);
});
