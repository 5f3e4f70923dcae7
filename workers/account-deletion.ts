/**
 * Deleting an account, whether the person asks (DELETE /users/me) or an instance admin does. Personal data goes;
 * the users row stays as "Deleted user" so everything the person wrote keeps a valid author.
 */
import { and, eq, inArray, isNull, or } from "drizzle-orm";
import {
  announcementDismissals,
  backupCodes,
  keyBackups,
  channelGroups,
  channels,
  communities,
  communityInvites,
  communityMembers,
  dmParticipants,
  feedback,
  reports,
  userBlocks,
  userPresence,
  users,
  warnings,
} from "../schema/index.ts";
import { files, images } from "../schema/files.ts";
import { randomToken } from "./auth/tokens.ts";
import { revokeUserSessions } from "./auth/sessions.ts";
import type { Db } from "./db.ts";
import { AppError } from "./errors.ts";
import { notifyDmChanged, recordDmChange, type StoredDmChange } from "./realtime/dm-hooks.ts";
import { channelRoom } from "./realtime/sockets.ts";
import { notifyMembershipChanged } from "./communities/realtime-hooks.ts";
import type { Env } from "./env.ts";

/** 409 owns_communities while the user owns any: ownership must move first, or the community be deleted. */
export async function requireOwnsNoCommunities(db: Db, userId: string): Promise<void> {
  const owned = await db.select({ id: communities.id, name: communities.name }).from(communities).where(eq(communities.ownerId, userId));
  if (owned.length > 0) {
    throw new AppError(409, "owns_communities", "Transfer or delete the communities this account owns first.", { communities: owned });
  }
}

/**
 * Removes the user's personal data and memberships in one transaction: sessions, 2FA, key backup, memberships (roles and
 * nicknames with them), group DM places, blocks, dismissals, feedback, warnings about them; their open invites are
 * revoked, personal groups return to the community, their presence row goes. Reports they filed stay for the
 * moderators, unattributed. 1:1 DMs keep both participants so the other person's conversation stays whole; a group
 * DM they were the last one in is deleted, as when the last person leaves it.
 * Messages stay, now by "Deleted user". Returns what they left (communities, and group DMs with who remains), for
 * the realtime hooks.
 */
export async function deleteAccount(db: Db, userId: string): Promise<{ communities: string[]; groupDms: Array<{ channelId: string; participants: string[]; change: StoredDmChange | null }> }> {
  await requireOwnsNoCommunities(db, userId);
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    await revokeUserSessions(t, userId, "account_deleted");
    await tx.delete(backupCodes).where(eq(backupCodes.userId, userId));
    // The key backup (and every device secret sealed to it) goes: nobody can sign in to use it any more.
    await tx.delete(keyBackups).where(eq(keyBackups.userId, userId));
    // Uploads never sent go (their bytes by the sweep); sent files stay with their messages.
    await tx.delete(files).where(and(eq(files.uploaderId, userId), isNull(files.messageId)));
    const left = await tx.delete(communityMembers).where(eq(communityMembers.userId, userId)).returning({ communityId: communityMembers.communityId });
    const groupDms = tx.select({ id: channels.id }).from(channels).where(eq(channels.kind, "group_dm"));
    const leftDms = await tx
      .delete(dmParticipants)
      .where(and(eq(dmParticipants.userId, userId), inArray(dmParticipants.channelId, groupDms)))
      .returning({ channelId: dmParticipants.channelId });
    const remaining = leftDms.length
      ? await tx.select({ channelId: dmParticipants.channelId, userId: dmParticipants.userId }).from(dmParticipants).where(inArray(dmParticipants.channelId, leftDms.map((d) => d.channelId)))
      : [];
    // The last one out deletes a group DM, as leaving does (workers/routes/dms.ts).
    const emptied = leftDms.map((d) => d.channelId).filter((id) => !remaining.some((r) => r.channelId === id));
    if (emptied.length) await tx.delete(channels).where(inArray(channels.id, emptied));
    // The others' timelines say they left (the account's name becomes "Deleted user" below).
    const changes = new Map<string, StoredDmChange>();
    for (const { channelId } of leftDms) {
      if (!emptied.includes(channelId)) changes.set(channelId, await recordDmChange(tx, { channelId, change: "participant_left", actorId: userId, userId, name: null }));
    }
    await tx.delete(userBlocks).where(or(eq(userBlocks.blockerId, userId), eq(userBlocks.blockedId, userId)));
    await tx.delete(announcementDismissals).where(eq(announcementDismissals.userId, userId));
    await tx.delete(feedback).where(eq(feedback.userId, userId));
    await tx.delete(userPresence).where(eq(userPresence.userId, userId));
    await tx.delete(warnings).where(eq(warnings.userId, userId));
    await tx.update(reports).set({ reporterId: null }).where(eq(reports.reporterId, userId));
    await tx.update(communityInvites).set({ revokedAt: new Date() }).where(and(eq(communityInvites.creatorId, userId), isNull(communityInvites.revokedAt)));
    await tx.update(channelGroups).set({ ownerUserId: null }).where(eq(channelGroups.ownerUserId, userId));
    // The profile picture and banner go (their blobs by the tombstone trigger and the sweep).
    await tx.delete(images).where(eq(images.userId, userId));
    await tx
      .update(users)
      .set({
        // "-" is not allowed in chosen usernames, so no one can register this name first and make deletion fail.
        username: `deleted-${userId}`,
        displayName: "Deleted user",
        avatarUrl: null,
        bannerUrl: null,
        passwordHash: `!deleted:${randomToken()}`,
        recoveryCodeHash: `!deleted:${randomToken()}`,
        totpSecretSealed: null,
        totpEnabled: false,
        isAdmin: false,
        suspendedReason: null,
        deletedAt: new Date(),
        updatedAt: new Date(),
      })
      .where(eq(users.id, userId));
    return {
      communities: left.map((l) => l.communityId),
      groupDms: leftDms.map(({ channelId }) => ({ channelId, participants: remaining.filter((r) => r.channelId === channelId).map((r) => r.userId), change: changes.get(channelId) ?? null })),
    };
  });
}

/** After deleteAccount: the communities and group DMs the person left hear of it at once (as if they had left). */
export async function notifyAccountDeleted(env: Env, db: Db, userId: string, left: Awaited<ReturnType<typeof deleteAccount>>): Promise<void> {
  for (const communityId of left.communities) await notifyMembershipChanged(env, db, { communityId, userId, kind: "left" });
  for (const dm of left.groupDms) {
    if (dm.participants.length === 0) await channelRoom(env, dm.channelId).channelChanged(dm.channelId, null);
    else if (dm.change) await notifyDmChanged(env, db, dm.change, dm.participants);
  }
}
