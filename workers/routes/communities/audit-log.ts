/** A community's audit log: every moderation and configuration action in it, for holders of VIEW_AUDIT_LOG. */
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { auditLog } from "../../../schema/index.ts";
import { auditPage, auditQuery } from "../../audit-read.ts";
import { requireCommunity, requirePermission } from "../../communities/guard.ts";
import type { AppEnv } from "../../env.ts";
import { authOf } from "../../http/auth-middleware.ts";
import { params, query, uuidSchema } from "../../http/validate.ts";

export const communityAuditRoutes = new Hono<AppEnv>();

communityAuditRoutes.get("/:id/audit-log", async (c) => {
  const { id } = params(c, z.object({ id: uuidSchema }));
  const q = query(c, auditQuery.omit({ communityId: true }));
  const db = await c.var.db.get();
  const { permissions } = await requireCommunity(db, authOf(c).userId, id);
  requirePermission(permissions, "VIEW_AUDIT_LOG");
  return c.json(await auditPage(db, eq(auditLog.communityId, id), q, false));
});
