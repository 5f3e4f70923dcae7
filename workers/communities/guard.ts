/**
 * Route-side wrappers around access.ts: load, and turn "absent or hidden" into 404 and "visible but not allowed"
 * into 403, with the codes clients branch on.
 */
import { hasPermission, type Permission } from "../../protocol/permissions.ts";
import type { Db } from "../db.ts";
import { AppError } from "../errors.ts";
import { channelAccess, communityPermissions, groupPermissions, type ChannelAccess, type CommunityAccess, type GroupAccess } from "./access.ts";

export async function requireCommunity(db: Db, userId: string, communityId: string): Promise<CommunityAccess> {
  const access = await communityPermissions(db, userId, communityId);
  if (!access) throw new AppError(404, "community_not_found", "No such community, or you are not a member of it.");
  return access;
}

/** A group of `communityId` (when given) that the caller can see. */
export async function requireGroup(db: Db, userId: string, groupId: string, communityId?: string): Promise<GroupAccess> {
  const access = await groupPermissions(db, userId, groupId);
  if (!access || (communityId && access.community.id !== communityId)) throw new AppError(404, "group_not_found", "No such group in this community.");
  return access;
}

/** A community channel the caller can see (never a DM or a thread: those have their own routes). */
export async function requireCommunityChannel(db: Db, userId: string, channelId: string): Promise<ChannelAccess & { communityId: string }> {
  const access = await channelAccess(db, userId, channelId);
  if (!access || access.communityId === null || access.channel.kind === "thread") throw new AppError(404, "channel_not_found", "No such channel, or you cannot see it.");
  return access as ChannelAccess & { communityId: string };
}

/** 403 unless `bits` hold `name` (effectivePermissions has already expanded ADMINISTRATOR). */
export function requirePermission(bits: bigint, name: Permission): void {
  if (!hasPermission(bits, name)) {
    throw new AppError(403, "missing_permission", `This needs the ${name} permission.`, { permission: name });
  }
}

/** Who counts as a community moderator for the report queue: anyone holding one of these bits. */
const MODERATOR_BITS: Permission[] = ["MANAGE_MESSAGES", "KICK_MEMBERS", "BAN_MEMBERS", "TIMEOUT_MEMBERS"];

export function isModerator(bits: bigint): boolean {
  return MODERATOR_BITS.some((name) => hasPermission(bits, name));
}

export function requireModerator(bits: bigint): void {
  if (!isModerator(bits)) {
    throw new AppError(403, "missing_permission", `This needs one of ${MODERATOR_BITS.join(", ")}.`, { permission: MODERATOR_BITS[0], anyOf: MODERATOR_BITS });
  }
}
