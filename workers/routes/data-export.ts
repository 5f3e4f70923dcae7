/**
 * GET /users/me/export: everything Hearth holds about the caller, as JSON inside a zip (fflate, small and
 * dependency-free, works in workerd). Built in memory: one person's records are small.
 */
import { and, asc, desc, eq, gt, inArray, isNull } from "drizzle-orm";
import { strToU8, zipSync } from "fflate";
import { Hono } from "hono";
import {
  auditLog,
  bans,
  channels,
  communities,
  communityMembers,
  deviceKeys,
  dmParticipants,
  feedback,
  keyBackups,
  memberRoles,
  messages,
  reports,
  roles,
  sessions,
  userBlocks,
  users,
  warnings,
} from "../../schema/index.ts";
import { audit } from "../audit.ts";
import type { Db } from "../db.ts";
import type { AppEnv } from "../env.ts";
import { authOf } from "../http/auth-middleware.ts";
import { currentUser } from "./account.ts";
import { sealedKeys } from "./key-backup.ts";

/** The export format's version, bumped when its shape changes so tools reading old exports can tell. */
const EXPORT_VERSION = 1;
/** Own audit entries included, newest first: enough for any person's history without an unbounded query. */
const AUDIT_ENTRIES_MAX = 10_000;
/**
 * The export is built in memory, so its messages stop at this much text (a prolific writer's years fit; a flood
 * of maximum-length spam cannot exhaust the isolate). `messagesTruncated` says when it was reached.
 */
const EXPORT_MESSAGE_CHARS_MAX = 32 * 1024 * 1024;
const EXPORT_MESSAGE_PAGE = 2000;

/**
 * The caller's messages that still exist (not deleted), oldest first: where (community, channel), the channel's
 * seq, and the text. Encrypted messages are exported as "[encrypted]" with the envelope's algorithm and device:
 * the server never holds what is needed to read them.
 */
async function ownMessages(db: Db, userId: string) {
  const out = [];
  let chars = 0;
  let after: string | null = null;
  for (;;) {
    const rows = await db
      .select({
        id: messages.id,
        communityId: channels.communityId,
        channelId: messages.channelId,
        channelName: channels.name,
        channelKind: channels.kind,
        seq: messages.seq,
        content: messages.content,
        envelope: messages.envelope,
        attachments: messages.attachments,
        replyToId: messages.replyToId,
        createdAt: messages.createdAt,
        editedAt: messages.editedAt,
      })
      .from(messages)
      .innerJoin(channels, eq(channels.id, messages.channelId))
      .where(and(eq(messages.authorId, userId), isNull(messages.deletedAt), after ? gt(messages.id, after) : undefined))
      .orderBy(asc(messages.id))
      .limit(EXPORT_MESSAGE_PAGE);
    for (const { envelope, content, ...m } of rows) {
      chars += (content ?? "").length;
      if (chars > EXPORT_MESSAGE_CHARS_MAX) return { messages: out, messagesTruncated: true };
      out.push({ ...m, content: envelope ? "[encrypted]" : content, encryption: envelope ? { alg: envelope.alg, senderDevice: envelope.senderDevice } : null });
    }
    if (rows.length < EXPORT_MESSAGE_PAGE) return { messages: out, messagesTruncated: false };
    after = rows[rows.length - 1].id;
  }
}

/**
 * The public keys of the person's devices and their key backup as stored: its public key and the device secrets
 * sealed to it, which only their recovery key opens (docs/encryption.md).
 */
async function encryptionData(db: Db, me: string) {
  const devices = await db
    .select({ id: deviceKeys.id, ed25519: deviceKeys.ed25519, x25519: deviceKeys.x25519, createdAt: deviceKeys.createdAt, revokedAt: deviceKeys.revokedAt })
    .from(deviceKeys)
    .where(eq(deviceKeys.userId, me))
    .orderBy(deviceKeys.createdAt);
  const [backup] = await db.select().from(keyBackups).where(eq(keyBackups.userId, me));
  const keys = backup ? await sealedKeys(db, me, backup.version) : [];
  return { devices, keyBackup: backup ? { version: backup.version, publicKey: backup.publicKey, createdAt: backup.createdAt, keys } : null };
}

export const exportRoutes = new Hono<AppEnv>();

exportRoutes.get("/", async (c) => {
  const auth = authOf(c);
  const db = await c.var.db.get();
  const user = await currentUser(db, auth.userId);
  const me = auth.userId;

  const memberships = await db
    .select({ communityId: communities.id, name: communities.name, ownerId: communities.ownerId, nickname: communityMembers.nickname, joinedAt: communityMembers.joinedAt, timedOutUntil: communityMembers.timedOutUntil })
    .from(communityMembers)
    .innerJoin(communities, eq(communities.id, communityMembers.communityId))
    .where(eq(communityMembers.userId, me));
  const heldRoles = await db
    .select({ communityId: memberRoles.communityId, name: roles.name })
    .from(memberRoles)
    .innerJoin(roles, eq(roles.id, memberRoles.roleId))
    .where(eq(memberRoles.userId, me));
  const dmIds = (await db.select({ id: dmParticipants.channelId }).from(dmParticipants).where(eq(dmParticipants.userId, me))).map((r) => r.id);
  const dmPeople = dmIds.length
    ? await db
        .select({ channelId: dmParticipants.channelId, kind: channels.kind, name: channels.name, username: users.username })
        .from(dmParticipants)
        .innerJoin(channels, eq(channels.id, dmParticipants.channelId))
        .innerJoin(users, eq(users.id, dmParticipants.userId))
        .where(inArray(dmParticipants.channelId, dmIds))
    : [];

  const data = {
    format: "hearth-export",
    version: EXPORT_VERSION,
    exportedAt: new Date(),
    profile: { id: user.id, username: user.username, displayName: user.displayName, isAdmin: user.isAdmin, totpEnabled: user.totpEnabled, createdAt: user.createdAt, updatedAt: user.updatedAt },
    sessions: await db
      .select({ id: sessions.id, deviceName: sessions.deviceName, ip: sessions.ip, userAgent: sessions.userAgent, createdAt: sessions.createdAt, lastUsedAt: sessions.lastUsedAt, revokedAt: sessions.revokedAt })
      .from(sessions)
      .where(eq(sessions.userId, me))
      .orderBy(desc(sessions.createdAt)),
    communities: memberships.map((m) => ({ ...m, isOwner: m.ownerId === me, roles: heldRoles.filter((r) => r.communityId === m.communityId).map((r) => r.name) })),
    directMessages: dmIds.map((id) => {
      const rows = dmPeople.filter((p) => p.channelId === id);
      return { channelId: id, kind: rows[0]?.kind, name: rows[0]?.name || null, participants: rows.map((r) => r.username) };
    }),
    blocks: await db.select({ userId: userBlocks.blockedId, createdAt: userBlocks.createdAt }).from(userBlocks).where(eq(userBlocks.blockerId, me)),
    warningsReceived: await db.select({ communityId: warnings.communityId, reason: warnings.reason, createdAt: warnings.createdAt }).from(warnings).where(eq(warnings.userId, me)),
    bans: await db.select({ communityId: bans.communityId, reason: bans.reason, createdAt: bans.createdAt, expiresAt: bans.expiresAt }).from(bans).where(eq(bans.userId, me)),
    reportsFiled: await db
      .select({ id: reports.id, targetType: reports.targetType, targetUserId: reports.targetUserId, messageId: reports.messageId, reason: reports.reason, status: reports.status, createdAt: reports.createdAt })
      .from(reports)
      .where(eq(reports.reporterId, me)),
    feedback: await db.select({ category: feedback.category, body: feedback.body, createdAt: feedback.createdAt }).from(feedback).where(eq(feedback.userId, me)),
    activity: await db
      .select({ action: auditLog.action, targetType: auditLog.targetType, targetId: auditLog.targetId, communityId: auditLog.communityId, ip: auditLog.ip, createdAt: auditLog.createdAt })
      .from(auditLog)
      .where(and(eq(auditLog.actorId, me)))
      .orderBy(desc(auditLog.id))
      .limit(AUDIT_ENTRIES_MAX),
    encryption: await encryptionData(db, me),
    ...(await ownMessages(db, me)),
  };

  const zip = zipSync({ "hearth-export.json": strToU8(JSON.stringify(data, null, 2)) }, { level: 6 });
  await audit(db, c, { action: "user.export_data", actorId: me, targetType: "user", targetId: me });
  const date = new Date().toISOString().slice(0, 10);
  return new Response(zip, {
    headers: {
      "content-type": "application/zip",
      "content-disposition": `attachment; filename="hearth-export-${user.username}-${date}.zip"`,
      "cache-control": "no-store",
    },
  });
});
