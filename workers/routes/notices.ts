/**
 * Announcements (admins post, every user sees until they dismiss it or it ends) and feedback (users send, admins
 * read). User side under /announcements and /feedback; admin side under /admin/announcements and /admin/feedback.
 */
import { and, desc, eq, gt, isNull, notExists, or } from "drizzle-orm";
import { Hono } from "hono";
import { uuidv7 } from "uuidv7";
import { z } from "zod";
import { ANNOUNCEMENT_BODY_MAX, ANNOUNCEMENT_TITLE_MAX, FEEDBACK_BODY_MAX } from "../../protocol/limits.ts";
import { announcementDismissals, announcements, feedback, users } from "../../schema/index.ts";
import { audit } from "../audit.ts";
import type { AppEnv } from "../env.ts";
import { AppError } from "../errors.ts";
import { authOf, requireAuth } from "../http/auth-middleware.ts";
import { jsonBody, params, query, uuidSchema } from "../http/validate.ts";

const idParam = z.object({ id: uuidSchema });

export const announcementRoutes = new Hono<AppEnv>();
announcementRoutes.use("*", requireAuth);

/** Active announcements the caller has not dismissed, newest first. */
announcementRoutes.get("/", async (c) => {
  const auth = authOf(c);
  const db = await c.var.db.get();
  const rows = await db
    .select({ id: announcements.id, title: announcements.title, body: announcements.body, createdAt: announcements.createdAt, endsAt: announcements.endsAt })
    .from(announcements)
    .where(
      and(
        or(isNull(announcements.endsAt), gt(announcements.endsAt, new Date())),
        notExists(
          db
            .select()
            .from(announcementDismissals)
            .where(and(eq(announcementDismissals.announcementId, announcements.id), eq(announcementDismissals.userId, auth.userId))),
        ),
      ),
    )
    .orderBy(desc(announcements.createdAt))
    .limit(50);
  return c.json({ announcements: rows });
});

announcementRoutes.post("/:id/dismiss", async (c) => {
  const { id } = params(c, idParam);
  const auth = authOf(c);
  const db = await c.var.db.get();
  const [row] = await db.select({ id: announcements.id }).from(announcements).where(eq(announcements.id, id));
  if (!row) throw new AppError(404, "announcement_not_found", "No such announcement.");
  await db.insert(announcementDismissals).values({ announcementId: id, userId: auth.userId }).onConflictDoNothing();
  return c.body(null, 204);
});

export const adminAnnouncementRoutes = new Hono<AppEnv>();

adminAnnouncementRoutes.post("/", async (c) => {
  const body = await jsonBody(
    c,
    z.object({ title: z.string().trim().min(1).max(ANNOUNCEMENT_TITLE_MAX), body: z.string().trim().min(1).max(ANNOUNCEMENT_BODY_MAX), endsAt: z.iso.datetime().nullable().optional() }),
  );
  const auth = authOf(c);
  const db = await c.var.db.get();
  const [row] = await db
    .insert(announcements)
    .values({ id: uuidv7(), title: body.title, body: body.body, createdBy: auth.userId, endsAt: body.endsAt ? new Date(body.endsAt) : null })
    .returning();
  await audit(db, c, { action: "admin.announcement_create", actorId: auth.userId, targetType: "announcement", targetId: row.id, details: { title: row.title } });
  return c.json(row, 201);
});

/** Every announcement, ended ones included, newest first. */
adminAnnouncementRoutes.get("/", async (c) => {
  const db = await c.var.db.get();
  const rows = await db.select().from(announcements).orderBy(desc(announcements.createdAt)).limit(200);
  return c.json({ announcements: rows });
});

adminAnnouncementRoutes.delete("/:id", async (c) => {
  const { id } = params(c, idParam);
  const db = await c.var.db.get();
  const removed = await db.delete(announcements).where(eq(announcements.id, id)).returning({ id: announcements.id });
  if (removed.length === 0) throw new AppError(404, "announcement_not_found", "No such announcement.");
  await audit(db, c, { action: "admin.announcement_delete", actorId: authOf(c).userId, targetType: "announcement", targetId: id });
  return c.body(null, 204);
});

const FEEDBACK_CATEGORIES = ["general", "bug", "feature", "abuse", "other"] as const;

export const feedbackRoutes = new Hono<AppEnv>();
feedbackRoutes.use("*", requireAuth);

feedbackRoutes.post("/", async (c) => {
  const body = await jsonBody(c, z.object({ category: z.enum(FEEDBACK_CATEGORIES).default("general"), body: z.string().trim().min(1).max(FEEDBACK_BODY_MAX) }));
  const auth = authOf(c);
  const db = await c.var.db.get();
  const [row] = await db.insert(feedback).values({ id: uuidv7(), userId: auth.userId, category: body.category, body: body.body }).returning();
  return c.json({ id: row.id, category: row.category, body: row.body, status: row.status, createdAt: row.createdAt }, 201);
});

export const adminFeedbackRoutes = new Hono<AppEnv>();

adminFeedbackRoutes.get("/", async (c) => {
  const q = query(c, z.object({ status: z.enum(["open", "closed"]).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }));
  const db = await c.var.db.get();
  const rows = await db
    .select({ feedback, username: users.username })
    .from(feedback)
    .leftJoin(users, eq(users.id, feedback.userId))
    .where(q.status ? eq(feedback.status, q.status) : undefined)
    .orderBy(desc(feedback.createdAt))
    .limit(q.limit);
  return c.json({ feedback: rows.map((r) => ({ ...r.feedback, username: r.username })) });
});

adminFeedbackRoutes.patch("/:id", async (c) => {
  const { id } = params(c, idParam);
  const body = await jsonBody(c, z.object({ status: z.enum(["open", "closed"]) }));
  const db = await c.var.db.get();
  const [row] = await db.update(feedback).set({ status: body.status }).where(eq(feedback.id, id)).returning();
  if (!row) throw new AppError(404, "feedback_not_found", "No such feedback.");
  await audit(db, c, { action: "admin.feedback_update", actorId: authOf(c).userId, targetType: "feedback", targetId: id, details: { status: body.status } });
  return c.json(row);
});

