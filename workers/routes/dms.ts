/**
 * DMs and group DMs: channels without a community. Opening a DM with the same person twice returns the same
 * channel. Blocks either way refuse new DMs (and make an existing 1:1 DM read-only: see dmPermissions).
 */
import { and, asc, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { Hono, type Context } from "hono";
import { uuidv7 } from "uuidv7";
import { z } from "zod";
import { CHANNEL_NAME_MAX, GROUP_DM_MAX_PARTICIPANTS, USERNAME_MAX } from "../../protocol/limits.ts";
import { channels, dmChanges, dmParticipants, headSeqOf, readStates, userBlocks, users, type Channel } from "../../schema/index.ts";
import { audit } from "../audit.ts";
import { channelAccess } from "../communities/access.ts";
import { channelView } from "../communities/views.ts";
import type { Db } from "../db.ts";
import type { AppEnv } from "../env.ts";
import { AppError } from "../errors.ts";
import { authOf, requireAuth } from "../http/auth-middleware.ts";
import { jsonBody, params, uuidSchema } from "../http/validate.ts";
import { dmChangeView, notifyDmChanged, notifyDmOpened, recordDmChange, unstoredDmChange } from "../realtime/dm-hooks.ts";
import { authorViews } from "../realtime/history.ts";
import { channelRoom } from "../realtime/sockets.ts";
import { dmPermissions } from "../permissions/effective.ts";

const openBody = z.union([
  z.object({ userId: uuidSchema }).strict(),
  z.object({ username: z.string().trim().min(1).max(USERNAME_MAX).transform((s) => s.toLowerCase()) }).strict(),
  z
    .object({ userIds: z.array(uuidSchema).min(1).max(GROUP_DM_MAX_PARTICIPANTS - 1), name: z.string().trim().min(1).max(CHANNEL_NAME_MAX).optional() })
    .strict(),
]);

export const dmRoutes = new Hono<AppEnv>();
dmRoutes.use("*", requireAuth);

/** Live (not deleted) users among `ids`. */
async function liveUsers(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: users.id, username: users.username, displayName: users.displayName })
    .from(users)
    .where(and(inArray(users.id, ids), isNull(users.deletedAt)));
}

/** Whether a block stands between `userId` and any of `others`, in either direction. */
async function anyBlock(db: Db, userId: string, others: string[]): Promise<boolean> {
  const [row] = await db
    .select({ blockerId: userBlocks.blockerId })
    .from(userBlocks)
    .where(
      or(
        and(eq(userBlocks.blockerId, userId), inArray(userBlocks.blockedId, others)),
        and(eq(userBlocks.blockedId, userId), inArray(userBlocks.blockerId, others)),
      ),
    )
    .limit(1);
  return !!row;
}

/** Whether any of `ids` has blocked another of them: such people are never put in one conversation. */
async function blockAmong(db: Db, ids: string[]): Promise<boolean> {
  const [row] = await db
    .select({ blockerId: userBlocks.blockerId })
    .from(userBlocks)
    .where(and(inArray(userBlocks.blockerId, ids), inArray(userBlocks.blockedId, ids)))
    .limit(1);
  return !!row;
}

async function dmView(db: Db, channel: Channel, viewerId: string) {
  const participants = await db
    .select({ id: users.id, username: users.username, displayName: users.displayName, avatarUrl: users.avatarUrl, joinedAt: dmParticipants.joinedAt })
    .from(dmParticipants)
    .innerJoin(users, eq(users.id, dmParticipants.userId))
    .where(eq(dmParticipants.channelId, channel.id))
    .orderBy(asc(dmParticipants.joinedAt));
  const access = await channelAccess(db, viewerId, channel.id);
  return { ...channelView(channel, access?.permissions ?? 0n), participants };
}

/** The 1:1 DM between the caller and `otherId`: the existing one (200) or a new one (201). */
async function openDirect(c: Context<AppEnv>, db: Db, userId: string, otherId: string) {
  if (otherId === userId) throw new AppError(400, "invalid_body", "You cannot open a DM with yourself.");
  if ((await liveUsers(db, [otherId])).length === 0) throw new AppError(404, "user_not_found", "No such user.");
  const dmKey = [userId, otherId].sort().join(":");
  const [existing] = await db.select().from(channels).where(eq(channels.dmKey, dmKey));
  if (existing) return c.json(await dmView(db, existing, userId), 200);
  if (await anyBlock(db, userId, [otherId])) throw cannotDm();
  const channel = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(channels)
      .values({ id: uuidv7(), kind: "dm", name: "", encrypted: true, dmKey, createdBy: userId })
      .onConflictDoNothing()
      .returning();
    // A concurrent request created the same DM first: use that one.
    if (!created) return (await tx.select().from(channels).where(eq(channels.dmKey, dmKey)))[0];
    await tx.insert(dmParticipants).values([
      { channelId: created.id, userId },
      { channelId: created.id, userId: otherId },
    ]);
    return created;
  });
  await audit(db, c, { action: "dm.open", actorId: userId, targetType: "channel", targetId: channel.id });
  await notifyDmOpened(c.env, db, [userId, otherId]);
  return c.json(await dmView(db, channel, userId), 201);
}

const cannotDm = () => new AppError(403, "cannot_dm_user", "You cannot message this user.");

dmRoutes.post("/", async (c) => {
  const body = await jsonBody(c, openBody);
  const auth = authOf(c);
  const db = await c.var.db.get();
  if ("userId" in body) return openDirect(c, db, auth.userId, body.userId);
  if ("username" in body) {
    const [found] = await db.select({ id: users.id }).from(users).where(and(eq(users.username, body.username), isNull(users.deletedAt)));
    if (!found) throw new AppError(404, "user_not_found", "No such user.");
    return openDirect(c, db, auth.userId, found.id);
  }

  const others = [...new Set(body.userIds)].filter((id) => id !== auth.userId);
  if (others.length === 0) throw new AppError(400, "invalid_body", "Name at least one other person.");
  if (others.length + 1 > GROUP_DM_MAX_PARTICIPANTS) throw new AppError(400, "too_many_participants", `Group DMs hold at most ${GROUP_DM_MAX_PARTICIPANTS} people.`);
  if ((await liveUsers(db, others)).length !== others.length) throw new AppError(404, "user_not_found", "One of those users does not exist.");
  if (await anyBlock(db, auth.userId, others)) throw cannotDm();
  // As when adding someone later: nobody is put in a conversation with a person they blocked or who blocked them.
  if (await blockAmong(db, others)) throw new AppError(403, "cannot_dm_user", "These people can't all be in one conversation.");
  const channel = await db.transaction(async (tx) => {
    const [created] = await tx.insert(channels).values({ id: uuidv7(), kind: "group_dm", name: body.name ?? "", encrypted: true, createdBy: auth.userId }).returning();
    await tx.insert(dmParticipants).values([auth.userId, ...others].map((userId) => ({ channelId: created.id, userId })));
    return created;
  });
  await audit(db, c, { action: "dm.open_group", actorId: auth.userId, targetType: "channel", targetId: channel.id, details: { participants: others.length + 1 } });
  await notifyDmOpened(c.env, db, [auth.userId, ...others]);
  return c.json(await dmView(db, channel, auth.userId), 201);
});

/** The caller's DMs and group DMs, newest first. */
dmRoutes.get("/", async (c) => {
  const auth = authOf(c);
  const db = await c.var.db.get();
  const mine = await db
    .select({ channel: channels })
    .from(dmParticipants)
    .innerJoin(channels, eq(channels.id, dmParticipants.channelId))
    .where(eq(dmParticipants.userId, auth.userId))
    .orderBy(desc(channels.createdAt))
    .limit(500);
  const ids = mine.map((m) => m.channel.id);
  const people = ids.length
    ? await db
        .select({ channelId: dmParticipants.channelId, id: users.id, username: users.username, displayName: users.displayName, avatarUrl: users.avatarUrl, joinedAt: dmParticipants.joinedAt })
        .from(dmParticipants)
        .innerJoin(users, eq(users.id, dmParticipants.userId))
        .where(inArray(dmParticipants.channelId, ids))
        .orderBy(asc(dmParticipants.joinedAt))
    : [];
  const blocked = new Set(
    (
      await db
        .select({ a: userBlocks.blockerId, b: userBlocks.blockedId })
        .from(userBlocks)
        .where(or(eq(userBlocks.blockerId, auth.userId), eq(userBlocks.blockedId, auth.userId)))
    ).map((r) => (r.a === auth.userId ? r.b : r.a)),
  );
  return c.json({
    channels: mine.map(({ channel }) => {
      const participants = people.filter((p) => p.channelId === channel.id).map(({ id, username, displayName, joinedAt }) => ({ id, username, displayName, joinedAt }));
      const isBlockedEitherWay = participants.some((p) => p.id !== auth.userId && blocked.has(p.id));
      const permissions = dmPermissions({ isParticipant: true, kind: channel.kind as "dm" | "group_dm", isBlockedEitherWay });
      return { ...channelView(channel, permissions), participants };
    }),
  });
});

/** The group DM `id` as the caller sees it: 404 unless they are in it, 400 when it is a 1:1 DM. */
async function groupDmOf(db: Db, userId: string, id: string) {
  const access = await channelAccess(db, userId, id);
  if (!access || (access.channel.kind !== "group_dm" && access.channel.kind !== "dm")) throw new AppError(404, "channel_not_found", "No such group DM.");
  if (access.channel.kind === "dm") throw new AppError(400, "not_a_group_dm", "This is a 1:1 DM: only group DMs can be renamed, joined or left. Start a group DM to add people.");
  return access.channel;
}

async function participantIds(db: Pick<Db, "select">, channelId: string): Promise<string[]> {
  return (await db.select({ userId: dmParticipants.userId }).from(dmParticipants).where(eq(dmParticipants.channelId, channelId))).map((p) => p.userId);
}

/** How many changes `GET /dms/:id/changes` returns: the newest, oldest first. */
export const DM_CHANGES_LIMIT = 100;

/**
 * A group DM's renames, additions and departures with who made them, oldest first (the newest DM_CHANGES_LIMIT),
 * for the timeline's notice rows after a reload, with the names of everyone they mention: someone who left is in
 * no list a fresh client loads. Participants only, as for everything about a DM.
 */
dmRoutes.get("/:id/changes", async (c) => {
  const { id } = params(c, z.object({ id: uuidSchema }));
  const auth = authOf(c);
  const db = await c.var.db.get();
  await groupDmOf(db, auth.userId, id);
  const rows = await db.select().from(dmChanges).where(eq(dmChanges.channelId, id)).orderBy(desc(dmChanges.createdAt), desc(dmChanges.id)).limit(DM_CHANGES_LIMIT);
  const named = await authorViews(db, rows.flatMap((r) => (r.userId ? [r.actorId, r.userId] : [r.actorId])));
  return c.json({ changes: rows.reverse().map(dmChangeView), users: [...named.values()] });
});

const renameBody = z.object({ name: z.string().trim().min(1).max(CHANNEL_NAME_MAX).nullable() }).strict();

/** Renames a group DM (any participant may); null clears the name, so clients show the participants' names. */
dmRoutes.patch("/:id", async (c) => {
  const { id } = params(c, z.object({ id: uuidSchema }));
  const body = await jsonBody(c, renameBody);
  const auth = authOf(c);
  const db = await c.var.db.get();
  const channel = await groupDmOf(db, auth.userId, id);
  const name = body.name ?? "";
  if (channel.name === name) return c.json(await dmView(db, channel, auth.userId));
  const { renamed, change } = await db.transaction(async (tx) => {
    const [renamed] = await tx.update(channels).set({ name }).where(eq(channels.id, id)).returning();
    return { renamed, change: await recordDmChange(tx, { channelId: id, change: "renamed", actorId: auth.userId, userId: null, name: body.name }) };
  });
  await audit(db, c, { action: "dm.rename", actorId: auth.userId, targetType: "channel", targetId: id });
  await notifyDmChanged(c.env, db, change, await participantIds(db, id));
  return c.json(await dmView(db, renamed, auth.userId));
});

/**
 * Adds someone to a group DM. Any participant may, anyone a DM could be opened with (as when creating one), up to
 * the limit, unless a block stands between the newcomer and anyone already in it. Adding someone already in it
 * changes nothing (200). The newcomer starts with everything read: earlier messages were not sealed for them.
 */
dmRoutes.post("/:id/participants", async (c) => {
  const { id } = params(c, z.object({ id: uuidSchema }));
  const body = await jsonBody(c, z.object({ userId: uuidSchema }).strict());
  const auth = authOf(c);
  const db = await c.var.db.get();
  const channel = await groupDmOf(db, auth.userId, id);
  const current = await participantIds(db, id);
  if (current.includes(body.userId)) return c.json(await dmView(db, channel, auth.userId));
  if (current.length >= GROUP_DM_MAX_PARTICIPANTS) throw new AppError(400, "too_many_participants", `Group DMs hold at most ${GROUP_DM_MAX_PARTICIPANTS} people.`);
  if ((await liveUsers(db, [body.userId])).length === 0) throw new AppError(404, "user_not_found", "No such user.");
  if (await anyBlock(db, body.userId, current)) throw new AppError(403, "cannot_dm_user", "You cannot add this user to this group DM.");
  const added = await db.transaction(async (tx) => {
    const [row] = await tx.insert(dmParticipants).values({ channelId: id, userId: body.userId }).onConflictDoNothing().returning();
    if (!row) return null;
    const { rows } = await tx.execute<{ seq: string | null }>(sql`select ${headSeqOf(sql`${id}::uuid`)} as seq`);
    const seq = Number(rows[0]?.seq ?? 0);
    await tx
      .insert(readStates)
      .values({ userId: body.userId, channelId: id, lastReadSeq: seq })
      .onConflictDoUpdate({ target: [readStates.userId, readStates.channelId], set: { lastReadSeq: sql`greatest(${readStates.lastReadSeq}, excluded.last_read_seq)`, updatedAt: sql`now()` } });
    return recordDmChange(tx, { channelId: id, change: "participant_added", actorId: auth.userId, userId: body.userId, name: null });
  });
  if (added) {
    await audit(db, c, { action: "dm.add_participant", actorId: auth.userId, targetType: "channel", targetId: id, details: { userId: body.userId } });
    await notifyDmChanged(c.env, db, added, [...current, body.userId]);
  }
  return c.json(await dmView(db, channel, auth.userId));
});

/**
 * Leaves a group DM; the last one out deletes it. 1:1 DMs cannot be left (there is nobody to hand it to; 400
 * not_a_group_dm); clients just hide them.
 */
dmRoutes.delete("/:id/participants/me", async (c) => {
  const { id } = params(c, z.object({ id: uuidSchema }));
  const auth = authOf(c);
  const db = await c.var.db.get();
  await groupDmOf(db, auth.userId, id);
  const { removed, rest, change } = await db.transaction(async (tx) => {
    const removed = await tx.delete(dmParticipants).where(and(eq(dmParticipants.channelId, id), eq(dmParticipants.userId, auth.userId))).returning();
    const rest = await participantIds(tx, id);
    // The last one out deletes the conversation, and its history of changes with it.
    if (rest.length === 0) await tx.delete(channels).where(eq(channels.id, id));
    const left = { channelId: id, change: "participant_left", actorId: auth.userId, userId: auth.userId, name: null } as const;
    const change = removed.length === 0 ? null : rest.length ? await recordDmChange(tx, left) : unstoredDmChange(left);
    return { removed, rest, change };
  });
  await audit(db, c, { action: "dm.leave", actorId: auth.userId, targetType: "channel", targetId: id });
  if (removed.length && rest.length === 0) await channelRoom(c.env, id).channelChanged(id, null);
  // The leaver's own devices hear of it too (they drop the conversation).
  if (change) await notifyDmChanged(c.env, db, change, rest);
  return c.body(null, 204);
});
