/**
 * Names for user ids a client meets before any list it loaded names them (someone who joined after the member
 * list was read writes their first message; a mention of someone in another conversation):
 *   GET /api/v1/users?ids=<id>,<id>,…   (Bearer) → 200 { users: [{ id, username, displayName, isDeleted }] }
 *   GET /api/v1/users/:id/profile       (Bearer) → 200 { id, username, displayName, avatarUrl, bannerUrl, isBot, createdAt }
 * Only people the caller shares a community or a conversation with are named (and the caller); other ids are left
 * out, as are ids of no one, so the answer says nothing about who exists elsewhere on the instance. A profile of
 * anyone else is 404 user_not_found, the same as one of nobody.
 */
import { and, eq, inArray, or, sql } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { USER_LOOKUP_MAX } from "../../protocol/limits.ts";
import { sharesSpaceWith, users } from "../../schema/index.ts";
import type { AppEnv } from "../env.ts";
import { authOf, requireAuth } from "../http/auth-middleware.ts";
import { AppError } from "../errors.ts";
import { params, query, uuidSchema } from "../http/validate.ts";
import { authorColumns, authorView } from "../realtime/history.ts";

const lookupQuery = z
  .object({
    ids: z
      .string()
      .transform((s) => [...new Set(s.split(",").map((id) => id.trim().toLowerCase()))])
      .pipe(z.array(uuidSchema).min(1).max(USER_LOOKUP_MAX)),
  })
  .strict();

export const userLookupRoutes = new Hono<AppEnv>();

userLookupRoutes.get("/", requireAuth, async (c) => {
  const { ids } = query(c, lookupQuery);
  const me = authOf(c).userId;
  const db = await c.var.db.get();
  const rows = await db
    .select(authorColumns)
    .from(users)
    .where(and(inArray(users.id, ids), or(eq(users.id, me), sharesSpaceWith(sql`${me}::uuid`, sql`${users.id}`))));
  return c.json({ users: rows.map(authorView) });
});

/** What a profile card shows beyond a name: the pictures and when the account was made. */
userLookupRoutes.get("/:id/profile", requireAuth, async (c) => {
  const raw = c.req.param("id");
  const me = authOf(c).userId;
  const { id } = raw === "me" ? { id: me } : params(c, z.object({ id: uuidSchema }));
  const db = await c.var.db.get();
  const [row] = await db
    .select({ ...authorColumns, bannerUrl: users.bannerUrl, createdAt: users.createdAt })
    .from(users)
    .where(and(eq(users.id, id), or(eq(users.id, me), sharesSpaceWith(sql`${me}::uuid`, sql`${users.id}`))));
  if (!row || row.deletedAt) throw new AppError(404, "user_not_found", "No such user, or none you share a community or conversation with.");
  return c.json({ ...authorView(row), bannerUrl: row.bannerUrl, createdAt: row.createdAt });
});
