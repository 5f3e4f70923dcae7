import { desc, eq } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { registrationInvites } from "../../schema/index.ts";
import { audit } from "../audit.ts";
import { randomToken } from "../auth/tokens.ts";
import type { AppEnv } from "../env.ts";
import { AppError } from "../errors.ts";
import { authOf, requireAdmin, requireAuth } from "../http/auth-middleware.ts";
import { jsonBody, optionalJsonBody, params } from "../http/validate.ts";

/** Registration invites: how people get in while REGISTRATION_MODE is invite_only. Instance admins only. */
export const adminInviteRoutes = new Hono<AppEnv>();
adminInviteRoutes.use("*", requireAuth, requireAdmin);

const createBody = z.object({
  maxUses: z.number().int().min(1).max(10_000).nullable().optional(),
  expiresInSeconds: z.number().int().min(60).max(365 * 24 * 3600).nullable().optional(),
});

function inviteView(i: typeof registrationInvites.$inferSelect) {
  return { code: i.code, maxUses: i.maxUses, uses: i.uses, expiresAt: i.expiresAt, revokedAt: i.revokedAt, grantsAdmin: i.grantsAdmin, createdAt: i.createdAt };
}

adminInviteRoutes.post("/", async (c) => {
  const body = await optionalJsonBody(c, createBody);
  const auth = authOf(c);
  const db = await c.var.db.get();
  const [invite] = await db
    .insert(registrationInvites)
    .values({
      code: randomToken(12),
      createdBy: auth.userId,
      maxUses: body.maxUses ?? null,
      expiresAt: body.expiresInSeconds ? new Date(Date.now() + body.expiresInSeconds * 1000) : null,
    })
    .returning();
  await audit(db, c, { action: "admin.registration_invite_created", actorId: auth.userId, targetType: "registration_invite", targetId: invite.code });
  return c.json(inviteView(invite), 201);
});

adminInviteRoutes.get("/", async (c) => {
  const db = await c.var.db.get();
  const rows = await db.select().from(registrationInvites).orderBy(desc(registrationInvites.createdAt)).limit(500);
  return c.json({ invites: rows.map(inviteView) });
});

adminInviteRoutes.delete("/:code", async (c) => {
  const { code } = params(c, z.object({ code: z.string().min(1).max(64) }));
  const auth = authOf(c);
  const db = await c.var.db.get();
  const [row] = await db.update(registrationInvites).set({ revokedAt: new Date() }).where(eq(registrationInvites.code, code)).returning();
  if (!row) throw new AppError(404, "not_found", "No such registration invite.");
  await audit(db, c, { action: "admin.registration_invite_revoked", actorId: auth.userId, targetType: "registration_invite", targetId: code });
  return c.body(null, 204);
});
