/**
 * Custom emoji (docs/api/emoji.md):
 *   GET    /api/v1/communities/:id/emoji            → { emoji }              (members)
 *   POST   /api/v1/communities/:id/emoji?name=NAME  raw image → 201 { emoji } (MANAGE_EMOJI)
 *   PATCH  /api/v1/emoji/:id { name }               → { emoji }              (MANAGE_EMOJI)
 *   DELETE /api/v1/emoji/:id                        → 204                    (MANAGE_EMOJI)
 * The picture is an image row (kind "emoji") served at /api/v1/images/<id>; the emoji shares its id.
 */
import { and, asc, count, eq } from "drizzle-orm";
import { Hono, type Context } from "hono";
import { z } from "zod";
import { EMOJI_NAME, MAX_EMOJI_BYTES, MAX_EMOJI_PER_COMMUNITY, type CustomEmoji } from "../../protocol/emoji.ts";
import { communityEmoji, images, type CommunityEmoji } from "../../schema/index.ts";
import { audit } from "../audit.ts";
import { requireCommunity, requirePermission } from "../communities/guard.ts";
import type { Db } from "../db.ts";
import type { AppEnv } from "../env.ts";
import { AppError } from "../errors.ts";
import { sweepFilesSoon } from "../files/sweep.ts";
import { authOf, requireAuth } from "../http/auth-middleware.ts";
import { jsonBody, params, query, uuidSchema } from "../http/validate.ts";
import { imageUrl, readImage, storeImage } from "./images.ts";

const idParam = z.object({ id: uuidSchema });
const nameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(EMOJI_NAME, "2 to 32 letters, digits or underscores.");

function emojiView(e: CommunityEmoji): CustomEmoji {
  return { id: e.id, communityId: e.communityId, name: e.name, url: imageUrl(e.id), animated: e.animated, createdBy: e.createdBy };
}

const nameTaken = () => new AppError(409, "conflict", "This community already has an emoji with that name.");

function isNameConflict(err: unknown): boolean {
  const e = ((err as { cause?: unknown })?.cause ?? err) as { code?: string; constraint?: string };
  return e?.code === "23505" && e.constraint === "community_emoji_name_key";
}

export const communityEmojiRoutes = new Hono<AppEnv>();
communityEmojiRoutes.use("/:id/emoji", requireAuth);

communityEmojiRoutes.get("/:id/emoji", async (c) => {
  const { id } = params(c, idParam);
  const db = await c.var.db.get();
  await requireCommunity(db, authOf(c).userId, id);
  const rows = await db.select().from(communityEmoji).where(eq(communityEmoji.communityId, id)).orderBy(asc(communityEmoji.name));
  return c.json({ emoji: rows.map(emojiView) });
});

communityEmojiRoutes.post("/:id/emoji", async (c) => {
  const { id } = params(c, idParam);
  const { name } = query(c, z.object({ name: nameSchema }).strict());
  const auth = authOf(c);
  const db = await c.var.db.get();
  const { permissions } = await requireCommunity(db, auth.userId, id);
  requirePermission(permissions, "MANAGE_EMOJI");
  const [{ total }] = await db.select({ total: count() }).from(communityEmoji).where(eq(communityEmoji.communityId, id));
  if (total >= MAX_EMOJI_PER_COMMUNITY) throw new AppError(409, "conflict", `A community holds at most ${MAX_EMOJI_PER_COMMUNITY} emoji; delete one first.`);
  const [taken] = await db.select({ id: communityEmoji.id }).from(communityEmoji).where(and(eq(communityEmoji.communityId, id), eq(communityEmoji.name, name)));
  if (taken) throw nameTaken();
  const image = await readImage(c, MAX_EMOJI_BYTES);
  const imageId = await storeImage(c, db, { communityId: id }, "emoji", auth.userId, image);
  let row: CommunityEmoji;
  try {
    [row] = await db.insert(communityEmoji).values({ id: imageId, communityId: id, name, animated: image.contentType === "image/gif", createdBy: auth.userId }).returning();
  } catch (err) {
    // Someone took the name between the check and now: the stored picture goes again.
    await db.delete(images).where(eq(images.id, imageId));
    sweepFilesSoon(c, 0);
    if (isNameConflict(err)) throw nameTaken();
    throw err;
  }
  await audit(db, c, { action: "emoji.create", actorId: auth.userId, communityId: id, targetType: "emoji", targetId: imageId, details: { name } });
  return c.json({ emoji: emojiView(row) }, 201);
});

export const emojiRoutes = new Hono<AppEnv>();
emojiRoutes.use("/:id", requireAuth);

async function requireEmoji(c: Context<AppEnv>, db: Db, id: string): Promise<CommunityEmoji> {
  const [row] = await db.select().from(communityEmoji).where(eq(communityEmoji.id, id));
  const access = row ? await requireCommunity(db, authOf(c).userId, row.communityId).catch(() => null) : null;
  if (!row || !access) throw new AppError(404, "not_found", "No such emoji.");
  requirePermission(access.permissions, "MANAGE_EMOJI");
  return row;
}

emojiRoutes.patch("/:id", async (c) => {
  const { id } = params(c, idParam);
  const { name } = await jsonBody(c, z.object({ name: nameSchema }).strict());
  const db = await c.var.db.get();
  const emoji = await requireEmoji(c, db, id);
  let row: CommunityEmoji;
  try {
    [row] = await db.update(communityEmoji).set({ name }).where(eq(communityEmoji.id, id)).returning();
  } catch (err) {
    if (isNameConflict(err)) throw nameTaken();
    throw err;
  }
  await audit(db, c, { action: "emoji.update", actorId: authOf(c).userId, communityId: emoji.communityId, targetType: "emoji", targetId: id, details: { from: emoji.name, name } });
  return c.json({ emoji: emojiView(row) });
});

emojiRoutes.delete("/:id", async (c) => {
  const { id } = params(c, idParam);
  const db = await c.var.db.get();
  const emoji = await requireEmoji(c, db, id);
  // The image row takes the emoji row with it (cascade), and its bytes go by the tombstone trigger and the sweep.
  await db.delete(images).where(eq(images.id, id));
  await audit(db, c, { action: "emoji.delete", actorId: authOf(c).userId, communityId: emoji.communityId, targetType: "emoji", targetId: id, details: { name: emoji.name } });
  sweepFilesSoon(c, 0);
  return c.body(null, 204);
});
