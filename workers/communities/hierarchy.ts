/** Role-hierarchy checks for routes, on top of canActOn / canManageRole / canGrant (effective.ts). */
import { and, eq } from "drizzle-orm";
import { communityMembers, memberRoles } from "../../schema/index.ts";
import type { Db } from "../db.ts";
import { AppError } from "../errors.ts";
import { canActOn, canGrant, canManageRole } from "../permissions/effective.ts";
import { rankOf, type MemberContext } from "./access.ts";

export interface TargetMember {
  userId: string;
  roleIds: string[];
  nickname: string | null;
  timedOutUntil: Date | null;
}

/** A member of the community, or 404 member_not_found. */
export async function requireMember(db: Db, communityId: string, userId: string): Promise<TargetMember> {
  const [row] = await db.select().from(communityMembers).where(and(eq(communityMembers.communityId, communityId), eq(communityMembers.userId, userId)));
  if (!row) throw new AppError(404, "member_not_found", "No such member in this community.");
  const held = await db.select({ roleId: memberRoles.roleId }).from(memberRoles).where(and(eq(memberRoles.communityId, communityId), eq(memberRoles.userId, userId)));
  return { userId, roleIds: held.map((r) => r.roleId), nickname: row.nickname, timedOutUntil: row.timedOutUntil };
}

/** 403 unless the caller outranks the target (never the owner, never oneself, never an equal). */
export function requireOutranks(ctx: MemberContext, target: Pick<TargetMember, "userId" | "roleIds">): void {
  if (target.userId === ctx.userId) throw new AppError(403, "cannot_moderate_self", "You cannot do this to yourself.");
  const ok = canActOn({ ownerId: ctx.ownerId, actor: rankOf(ctx, ctx.userId, ctx.memberRoleIds), target: rankOf(ctx, target.userId, target.roleIds) });
  if (!ok) {
    const who = target.userId === ctx.ownerId ? "the community's owner" : "a member whose highest role is at or above yours";
    throw new AppError(403, "role_hierarchy", `You cannot act on ${who}.`);
  }
}

/** 403 unless the role sits strictly below the caller's highest role (the owner manages every role). */
export function requireRoleBelow(ctx: MemberContext, rolePosition: number): void {
  if (!canManageRole({ ownerId: ctx.ownerId, actor: rankOf(ctx, ctx.userId, ctx.memberRoleIds), rolePosition })) {
    throw new AppError(403, "role_hierarchy", "You can only manage roles below your highest role.");
  }
}

/** 403 unless the caller holds every bit in `bits` (or is an administrator) in the scope being edited. */
export function requireCanGrant(actorBits: bigint, bits: bigint): void {
  if (!canGrant(actorBits, bits)) throw new AppError(403, "cannot_grant_permission", "You can only give or take away permissions you hold yourself.");
}

/** The caller's highest role position (owner: above everything). */
export function actorCeiling(ctx: MemberContext): number {
  return ctx.userId === ctx.ownerId ? Number.MAX_SAFE_INTEGER : rankOf(ctx, ctx.userId, ctx.memberRoleIds).highestPosition;
}
