/**
 * Reports of a message or a user. A report about something in a community goes to that community's moderators
 * (scope "community"); one about a DM, a user with no community, or flagged `toInstance`, goes to the instance
 * admins (scope "instance"). Moderators can escalate a community report to the admins.
 */
import { and, desc, eq, type SQL } from "drizzle-orm";
import { Hono, type Context } from "hono";
import { uuidv7 } from "uuidv7";
import { z } from "zod";
import { REASON_MAX, REPORT_EXCERPT_CHARS } from "../../protocol/limits.ts";
import { messages, REPORT_STATUSES, reports, users, type Report } from "../../schema/index.ts";
import { audit } from "../audit.ts";
import { channelAccess, communityPermissions } from "../communities/access.ts";
import { requireCommunity, requireModerator } from "../communities/guard.ts";
import type { AppEnv } from "../env.ts";
import { AppError } from "../errors.ts";
import { authOf, requireAdmin, requireAuth } from "../http/auth-middleware.ts";
import { jsonBody, params, query, uuidSchema } from "../http/validate.ts";

const reasonSchema = z.string().trim().min(1).max(REASON_MAX);

const createBody = z.discriminatedUnion("targetType", [
  z.object({ targetType: z.literal("message"), channelId: uuidSchema, messageId: uuidSchema, reason: reasonSchema, toInstance: z.boolean().optional() }),
  z.object({ targetType: z.literal("user"), userId: uuidSchema, communityId: uuidSchema.optional(), reason: reasonSchema, toInstance: z.boolean().optional() }),
]);
const listQuery = z.object({ status: z.enum(REPORT_STATUSES).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) });
const resolveBody = z.object({ status: z.enum(["resolved", "dismissed"]), notes: z.string().trim().max(REASON_MAX).optional() });

export function reportView(r: Report) {
  return {
    id: r.id,
    communityId: r.communityId,
    scope: r.scope,
    reporterId: r.reporterId,
    targetType: r.targetType,
    targetUserId: r.targetUserId,
    channelId: r.channelId,
    messageId: r.messageId,
    messageExcerpt: r.messageExcerpt,
    reason: r.reason,
    status: r.status,
    resolverId: r.resolverId,
    notes: r.notes,
    resolvedAt: r.resolvedAt,
    createdAt: r.createdAt,
  };
}

const notFound = () => new AppError(404, "report_not_found", "No such report in this queue.");

/** One queue: list and resolve, over the reports `scope` selects. */
async function listReports(c: Context<AppEnv>, scope: SQL) {
  const q = query(c, listQuery);
  const db = await c.var.db.get();
  const rows = await db
    .select()
    .from(reports)
    .where(and(scope, q.status ? eq(reports.status, q.status) : undefined))
    .orderBy(desc(reports.createdAt))
    .limit(q.limit);
  return c.json({ reports: rows.map(reportView) });
}

async function resolveReport(c: Context<AppEnv>, reportId: string, scope: SQL) {
  const body = await jsonBody(c, resolveBody);
  const auth = authOf(c);
  const db = await c.var.db.get();
  const [updated] = await db
    .update(reports)
    .set({ status: body.status, notes: body.notes ?? null, resolverId: auth.userId, resolvedAt: new Date() })
    .where(and(eq(reports.id, reportId), scope))
    .returning();
  if (!updated) throw notFound();
  await audit(db, c, { action: `report.${body.status}`, actorId: auth.userId, communityId: updated.communityId ?? undefined, targetType: "report", targetId: reportId, reason: body.notes });
  return c.json(reportView(updated));
}

export const reportRoutes = new Hono<AppEnv>();
reportRoutes.use("*", requireAuth);

reportRoutes.post("/", async (c) => {
  const body = await jsonBody(c, createBody);
  const auth = authOf(c);
  const db = await c.var.db.get();
  let communityId: string | null = null;
  let targetUserId: string | null = null;
  let messageExcerpt: string | null = null;
  if (body.targetType === "message") {
    // Only what the reporter can see can be reported, so reports cannot probe for hidden channels.
    const access = await channelAccess(db, auth.userId, body.channelId);
    if (!access) throw new AppError(404, "channel_not_found", "No such channel, or you cannot see it.");
    communityId = access.communityId;
    const [message] = await db
      .select({ authorId: messages.authorId, content: messages.content, deletedAt: messages.deletedAt })
      .from(messages)
      .where(and(eq(messages.id, body.messageId), eq(messages.channelId, body.channelId)));
    if (!message || message.deletedAt) throw new AppError(404, "message_not_found", "No such message in this channel (it may have been deleted).");
    targetUserId = message.authorId;
    // Kept with the report: the message may be edited or deleted before anyone reviews it. Encrypted messages
    // cannot be read here, so their reports carry no excerpt.
    messageExcerpt = message.content === null ? null : message.content.slice(0, REPORT_EXCERPT_CHARS);
  } else {
    const [user] = await db.select({ id: users.id }).from(users).where(eq(users.id, body.userId));
    if (!user) throw new AppError(404, "user_not_found", "No such user.");
    targetUserId = body.userId;
    if (body.communityId) {
      if (!(await communityPermissions(db, auth.userId, body.communityId))) throw new AppError(404, "community_not_found", "No such community, or you are not a member of it.");
      communityId = body.communityId;
    }
  }
  const scope = communityId && !body.toInstance ? "community" : "instance";
  const [report] = await db
    .insert(reports)
    .values({
      id: uuidv7(),
      communityId,
      scope,
      reporterId: auth.userId,
      targetType: body.targetType,
      targetUserId,
      channelId: body.targetType === "message" ? body.channelId : null,
      messageId: body.targetType === "message" ? body.messageId : null,
      messageExcerpt,
      reason: body.reason,
    })
    .returning();
  await audit(db, c, { action: "report.create", actorId: auth.userId, communityId: communityId ?? undefined, targetType: "report", targetId: report.id, details: { scope } });
  return c.json(reportView(report), 201);
});

/** The caller's own reports, to follow what happened to them (notes are the moderators' and stay hidden). */
reportRoutes.get("/mine", async (c) => {
  const auth = authOf(c);
  const db = await c.var.db.get();
  const rows = await db.select().from(reports).where(eq(reports.reporterId, auth.userId)).orderBy(desc(reports.createdAt)).limit(200);
  return c.json({ reports: rows.map((r) => ({ ...reportView(r), notes: null, resolverId: null })) });
});

/** The community queue, under /communities/:id/reports; for moderators (see isModerator). */
export const communityReportRoutes = new Hono<AppEnv>();

communityReportRoutes.get("/:id/reports", async (c) => {
  const { id } = params(c, z.object({ id: uuidSchema }));
  const db = await c.var.db.get();
  requireModerator((await requireCommunity(db, authOf(c).userId, id)).permissions);
  return listReports(c, and(eq(reports.communityId, id), eq(reports.scope, "community"))!);
});

communityReportRoutes.post("/:id/reports/:reportId/resolve", async (c) => {
  const { id, reportId } = params(c, z.object({ id: uuidSchema, reportId: uuidSchema }));
  const db = await c.var.db.get();
  requireModerator((await requireCommunity(db, authOf(c).userId, id)).permissions);
  return resolveReport(c, reportId, and(eq(reports.communityId, id), eq(reports.scope, "community"))!);
});

/** Hands a community report to the instance admins (a problem beyond the community: spam rings, illegal content). */
communityReportRoutes.post("/:id/reports/:reportId/escalate", async (c) => {
  const { id, reportId } = params(c, z.object({ id: uuidSchema, reportId: uuidSchema }));
  const auth = authOf(c);
  const db = await c.var.db.get();
  requireModerator((await requireCommunity(db, auth.userId, id)).permissions);
  const [updated] = await db
    .update(reports)
    .set({ scope: "instance" })
    .where(and(eq(reports.id, reportId), eq(reports.communityId, id), eq(reports.scope, "community")))
    .returning();
  if (!updated) throw notFound();
  await audit(db, c, { action: "report.escalate", actorId: auth.userId, communityId: id, targetType: "report", targetId: reportId });
  return c.json(reportView(updated));
});

/** The instance queue, under /admin/reports. */
export const adminReportRoutes = new Hono<AppEnv>();
adminReportRoutes.use("*", requireAuth, requireAdmin);
adminReportRoutes.get("/", (c) => listReports(c, eq(reports.scope, "instance")));
adminReportRoutes.post("/:reportId/resolve", (c) => {
  const { reportId } = params(c, z.object({ reportId: uuidSchema }));
  return resolveReport(c, reportId, eq(reports.scope, "instance"));
});
