/**
 * Community invites: create and list under /communities/:id/invites; preview (public), accept and revoke under
 * /invites/:code. A revoked, expired or used-up code answers exactly like one that never existed.
 */
import { and, count, desc, eq, gt, isNull, or, sql } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { INVITE_DEFAULT_EXPIRY_S, INVITE_EXPIRY_CHOICES_S, INVITE_MAX_USES } from "../../../protocol/limits.ts";
import { hasPermission } from "../../../protocol/permissions.ts";
import { bans, communities, communityInvites, communityMembers } from "../../../schema/index.ts";
import { audit } from "../../audit.ts";
import { randomToken } from "../../auth/tokens.ts";
import { communityPermissions } from "../../communities/access.ts";
import { requireCommunity, requirePermission } from "../../communities/guard.ts";
import { notifyMembershipChanged } from "../../communities/realtime-hooks.ts";
import { inviteView } from "../../communities/views.ts";
import type { AppEnv } from "../../env.ts";
import { AppError } from "../../errors.ts";
import { authOf, requireAuth } from "../../http/auth-middleware.ts";
import { optionalJsonBody, params } from "../../http/validate.ts";
import { idParam } from "./communities.ts";

/** 6 random bytes → 8 base64url characters: short enough to type, 2^48 guesses behind the per-IP rate limit. */
const INVITE_CODE_BYTES = 6;

const createBody = z.object({
  maxUses: z.number().int().min(1).max(INVITE_MAX_USES).nullable().optional(),
  expiresInSeconds: z
    .number()
    .int()
    .refine((n) => (INVITE_EXPIRY_CHOICES_S as readonly number[]).includes(n), `One of ${INVITE_EXPIRY_CHOICES_S.join(", ")} seconds, or null for never.`)
    .nullable()
    .optional(),
});
const codeParam = z.object({ code: z.string().regex(/^[A-Za-z0-9_-]{4,64}$/) });

/** Usable now: not revoked, not expired, not used up. */
function usable(now: Date) {
  return and(
    isNull(communityInvites.revokedAt),
    or(isNull(communityInvites.expiresAt), gt(communityInvites.expiresAt, now)),
    or(isNull(communityInvites.maxUses), sql`${communityInvites.uses} < ${communityInvites.maxUses}`),
  );
}

const notFound = () => new AppError(404, "invite_not_found", "This invite is not valid: it may have expired, been used up or revoked.");

export const communityInviteRoutes = new Hono<AppEnv>();

communityInviteRoutes.post("/:id/invites", async (c) => {
  const { id } = params(c, idParam);
  const body = await optionalJsonBody(c, createBody);
  const auth = authOf(c);
  const db = await c.var.db.get();
  const { permissions } = await requireCommunity(db, auth.userId, id);
  requirePermission(permissions, "CREATE_INVITES");
  const expiresIn = body.expiresInSeconds === undefined ? INVITE_DEFAULT_EXPIRY_S : body.expiresInSeconds;
  const [invite] = await db
    .insert(communityInvites)
    .values({
      code: randomToken(INVITE_CODE_BYTES),
      communityId: id,
      creatorId: auth.userId,
      maxUses: body.maxUses ?? null,
      expiresAt: expiresIn === null ? null : new Date(Date.now() + expiresIn * 1000),
    })
    .returning();
  await audit(db, c, { action: "invite.create", actorId: auth.userId, communityId: id, targetType: "invite", targetId: invite.code, details: { maxUses: invite.maxUses, expiresAt: invite.expiresAt } });
  return c.json(inviteView(invite), 201);
});

/** With MANAGE_COMMUNITY: every invite of the community. Otherwise: the caller's own. Revoked ones included. */
communityInviteRoutes.get("/:id/invites", async (c) => {
  const { id } = params(c, idParam);
  const auth = authOf(c);
  const db = await c.var.db.get();
  const { permissions } = await requireCommunity(db, auth.userId, id);
  const all = hasPermission(permissions, "MANAGE_COMMUNITY");
  const rows = await db
    .select()
    .from(communityInvites)
    .where(and(eq(communityInvites.communityId, id), all ? undefined : eq(communityInvites.creatorId, auth.userId)))
    .orderBy(desc(communityInvites.createdAt))
    .limit(500);
  return c.json({ invites: rows.map(inviteView) });
});

export const inviteRoutes = new Hono<AppEnv>();

/** Public: what a link shows before anyone signs in. */
inviteRoutes.get("/:code", async (c) => {
  const { code } = params(c, codeParam);
  const db = await c.var.db.get();
  const [row] = await db
    .select({ invite: communityInvites, community: communities })
    .from(communityInvites)
    .innerJoin(communities, eq(communities.id, communityInvites.communityId))
    .where(and(eq(communityInvites.code, code), usable(new Date())));
  if (!row) throw notFound();
  const [{ memberCount }] = await db.select({ memberCount: count() }).from(communityMembers).where(eq(communityMembers.communityId, row.community.id));
  return c.json({
    code: row.invite.code,
    expiresAt: row.invite.expiresAt,
    community: { id: row.community.id, name: row.community.name, description: row.community.description, iconUrl: row.community.iconUrl, bannerUrl: row.community.bannerUrl, memberCount },
  });
});

inviteRoutes.post("/:code/accept", requireAuth, async (c) => {
  const { code } = params(c, codeParam);
  const auth = authOf(c);
  const db = await c.var.db.get();
  const now = new Date();
  const [invite] = await db.select().from(communityInvites).where(and(eq(communityInvites.code, code), usable(now)));
  if (!invite) throw notFound();
  const communityId = invite.communityId;

  const joined = await db.transaction(async (tx) => {
    const [member] = await tx
      .select({ userId: communityMembers.userId })
      .from(communityMembers)
      .where(and(eq(communityMembers.communityId, communityId), eq(communityMembers.userId, auth.userId)));
    if (member) return false;
    const [ban] = await tx
      .select({ userId: bans.userId })
      .from(bans)
      .where(and(eq(bans.communityId, communityId), eq(bans.userId, auth.userId), or(isNull(bans.expiresAt), gt(bans.expiresAt, now))));
    if (ban) throw new AppError(403, "banned", "You are banned from this community.");
    // The use is claimed with the same conditions that made it usable, so two racing joins cannot exceed maxUses.
    const claimed = await tx
      .update(communityInvites)
      .set({ uses: sql`${communityInvites.uses} + 1` })
      .where(and(eq(communityInvites.code, code), usable(now)))
      .returning({ code: communityInvites.code });
    if (claimed.length === 0) throw notFound();
    await tx.insert(communityMembers).values({ communityId, userId: auth.userId }).onConflictDoNothing();
    return true;
  });
  if (joined) {
    await audit(db, c, { action: "member.join", actorId: auth.userId, communityId, targetType: "invite", targetId: code });
    await notifyMembershipChanged(c.env, db, { communityId, userId: auth.userId, kind: "joined" });
  }
  return c.json({ communityId, joined });
});

/** Revoke: the invite's creator, or anyone with MANAGE_COMMUNITY in its community. */
inviteRoutes.delete("/:code", requireAuth, async (c) => {
  const { code } = params(c, codeParam);
  const auth = authOf(c);
  const db = await c.var.db.get();
  const [invite] = await db.select().from(communityInvites).where(eq(communityInvites.code, code));
  const access = invite ? await communityPermissions(db, auth.userId, invite.communityId) : null;
  if (!invite || !access) throw notFound();
  if (invite.creatorId !== auth.userId) requirePermission(access.permissions, "MANAGE_COMMUNITY");
  const [revoked] = await db
    .update(communityInvites)
    .set({ revokedAt: invite.revokedAt ?? new Date() })
    .where(eq(communityInvites.code, code))
    .returning();
  await audit(db, c, { action: "invite.revoke", actorId: auth.userId, communityId: invite.communityId, targetType: "invite", targetId: code });
  return c.json(inviteView(revoked));
});
