/**
 * Instance admin: settings (registration mode, community creation mode, upload limits), the instance audit log,
 * an overview of communities (and removing one), and the webhooks overview.
 */
import { asc, count, eq, gt } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { UPLOAD_MAX_BYTES_CEILING } from "../../../protocol/limits.ts";
import { auditLog, communities, communityMembers } from "../../../schema/index.ts";
import { auditPage, auditQuery } from "../../audit-read.ts";
import { audit } from "../../audit.ts";
import { notifyMembershipChanged } from "../../communities/realtime-hooks.ts";
import { communityView } from "../../communities/views.ts";
import type { AppEnv } from "../../env.ts";
import { AppError } from "../../errors.ts";
import { authOf } from "../../http/auth-middleware.ts";
import { allWebhooks } from "../webhooks.ts";
import { jsonBody, params, query, uuidSchema } from "../../http/validate.ts";
import {
  COMMUNITY_CREATION_MODES,
  REGISTRATION_MODES,
  communityCreationMode,
  deleteSetting,
  envCommunityCreationMode,
  envRegistrationMode,
  putSetting,
  registrationMode,
  uploadLimits,
} from "../../settings.ts";

/** Each field: a value sets the stored setting; null removes it, falling back to the environment / default. */
const settingsBody = z
  .object({
    registrationMode: z.enum(REGISTRATION_MODES).nullable(),
    communityCreationMode: z.enum(COMMUNITY_CREATION_MODES).nullable(),
    maxUploadBytes: z.number().int().min(1024).max(UPLOAD_MAX_BYTES_CEILING).nullable(),
    userQuotaBytes: z.number().int().min(1024 * 1024).max(Number.MAX_SAFE_INTEGER).nullable(),
  })
  .partial()
  .strict();

const SETTING_KEYS = {
  registrationMode: "registration_mode",
  communityCreationMode: "community_creation_mode",
  maxUploadBytes: "upload_max_bytes",
  userQuotaBytes: "upload_user_quota_bytes",
} as const;

export const adminInstanceRoutes = new Hono<AppEnv>();

adminInstanceRoutes.get("/settings", async (c) => {
  const db = await c.var.db.get();
  return c.json({
    registrationMode: await registrationMode(db, c.env),
    communityCreationMode: await communityCreationMode(db, c.env),
    ...(await uploadLimits(db)),
    defaults: { registrationMode: envRegistrationMode(c.env), communityCreationMode: envCommunityCreationMode(c.env) },
  });
});

adminInstanceRoutes.patch("/settings", async (c) => {
  const body = await jsonBody(c, settingsBody);
  const db = await c.var.db.get();
  for (const [field, value] of Object.entries(body) as Array<[keyof typeof SETTING_KEYS, unknown]>) {
    if (value === null) await deleteSetting(db, SETTING_KEYS[field]);
    else await putSetting(db, SETTING_KEYS[field], value);
  }
  await audit(db, c, { action: "admin.settings_update", actorId: authOf(c).userId, targetType: "instance", details: { changes: body } });
  return c.json({ registrationMode: await registrationMode(db, c.env), communityCreationMode: await communityCreationMode(db, c.env), ...(await uploadLimits(db)) });
});

/** The whole instance's audit log, including network details (IP, user agent). */
adminInstanceRoutes.get("/audit-log", async (c) => {
  const q = query(c, auditQuery);
  const db = await c.var.db.get();
  return c.json(await auditPage(db, q.communityId ? eq(auditLog.communityId, q.communityId) : undefined, q, true));
});

adminInstanceRoutes.get("/communities", async (c) => {
  const q = query(c, z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), after: uuidSchema.optional() }));
  const db = await c.var.db.get();
  const rows = await db
    .select({ community: communities, memberCount: count(communityMembers.userId) })
    .from(communities)
    .leftJoin(communityMembers, eq(communityMembers.communityId, communities.id))
    .where(q.after ? gt(communities.id, q.after) : undefined)
    .groupBy(communities.id)
    .orderBy(asc(communities.id))
    .limit(q.limit);
  return c.json({
    communities: rows.map((r) => ({ ...communityView(r.community), memberCount: r.memberCount })),
    nextAfter: rows.length === q.limit ? rows[rows.length - 1].community.id : null,
  });
});

/** Removes a community that breaks the instance's rules, with everything in it. Needs a reason. */
adminInstanceRoutes.delete("/communities/:id", async (c) => {
  const { id } = params(c, z.object({ id: uuidSchema }));
  const body = await jsonBody(c, z.object({ reason: z.string().trim().min(1).max(512) }));
  const db = await c.var.db.get();
  const [community] = await db.select().from(communities).where(eq(communities.id, id));
  if (!community) throw new AppError(404, "community_not_found", "No such community.");
  const members = await db.select({ userId: communityMembers.userId }).from(communityMembers).where(eq(communityMembers.communityId, id));
  await db.delete(communities).where(eq(communities.id, id));
  await audit(db, c, { action: "admin.community_delete", actorId: authOf(c).userId, communityId: id, targetType: "community", targetId: id, reason: body.reason, details: { name: community.name, ownerId: community.ownerId } });
  for (const m of members) await notifyMembershipChanged(c.env, db, { communityId: id, userId: m.userId, kind: "community_deleted" });
  return c.body(null, 204);
});

/** Webhooks overview: every webhook on the server, with its community, channel, creator and last use. */
adminInstanceRoutes.get("/webhooks", async (c) => {
  const db = await c.var.db.get();
  return c.json({ webhooks: await allWebhooks(db), available: true });
});
