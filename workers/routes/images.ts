/**
 * Profile pictures and banners, and community icons and banners (docs/api/images.md):
 *   PUT    /api/v1/users/me/avatar|banner      raw image → 200 { avatarUrl } | { bannerUrl }
 *   DELETE /api/v1/users/me/avatar|banner      → 204
 *   PUT    /api/v1/communities/:id/icon|banner raw image → 200 community (MANAGE_COMMUNITY)
 *   DELETE /api/v1/communities/:id/icon|banner → 204
 *   GET    /api/v1/images/:id                  → the image, to anyone (an unguessable id, cached for good)
 * The type is read from the bytes (PNG, JPEG, GIF, WebP), never from the request. Images are public the way
 * Discord's CDN avatars are: what a member list shows anyone who shares a community with you.
 */
import { and, eq, ne } from "drizzle-orm";
import { Hono, type Context } from "hono";
import { z } from "zod";
import { communities, communityMembers, images, users, type ImageKind } from "../../schema/index.ts";
import { audit } from "../audit.ts";
import { communityView } from "../communities/views.ts";
import { requireCommunity, requirePermission } from "../communities/guard.ts";
import { notifyMemberListChanged } from "../communities/realtime-hooks.ts";
import type { Db } from "../db.ts";
import type { AppEnv } from "../env.ts";
import { AppError } from "../errors.ts";
import { blobStore, type BlobStore } from "../files/blob-store.ts";
import { sweepFilesSoon } from "../files/sweep.ts";
import { authOf, requireAuth } from "../http/auth-middleware.ts";
import { drainRefusedBody, params, uuidSchema } from "../http/validate.ts";
import { uuidv7 } from "uuidv7";

/** Largest image taken (bytes): ample for a 1024 px photo, small enough to read whole to check its type. */
export const MAX_IMAGE_BYTES = 4 * 1024 * 1024;

const idParam = z.object({ id: uuidSchema });

/** The image types browsers show, by their first bytes. Anything else (SVG included: it can run script) is refused. */
export function sniffImage(bytes: Uint8Array): string | null {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  if (starts(0xff, 0xd8, 0xff)) return "image/jpeg";
  if (starts(0x47, 0x49, 0x46, 0x38)) return "image/gif";
  if (starts(0x52, 0x49, 0x46, 0x46) && bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50) return "image/webp";
  return null;
}

export const imageUrl = (id: string) => `/api/v1/images/${id}`;

function requireStore(c: Context<AppEnv>): BlobStore {
  const store = blobStore(c.env);
  if (!store) throw new AppError(503, "service_unavailable", "File storage is not configured on this server.");
  return store;
}

/** The request's bytes, checked: declared length, at most `maxBytes`, one of the image types. */
export async function readImage(c: Context<AppEnv>, maxBytes = MAX_IMAGE_BYTES): Promise<{ bytes: Uint8Array; contentType: string }> {
  const declared = c.req.header("content-length");
  const size = declared !== undefined && /^\d{1,15}$/.test(declared) ? Number(declared) : NaN;
  if (!Number.isSafeInteger(size)) throw new AppError(411, "invalid_body", "Send the image with a Content-Length header.");
  if (size > maxBytes) {
    await drainRefusedBody(c, size);
    throw new AppError(413, "payload_too_large", `Images are limited to ${maxBytes} bytes here.`, { maxImageBytes: maxBytes });
  }
  if (size === 0 || !c.req.raw.body) throw new AppError(400, "invalid_body", "The image is empty.");
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.byteLength !== size) throw new AppError(400, "invalid_body", "The image did not arrive whole (its length differs from Content-Length); try again.");
  const contentType = sniffImage(bytes);
  if (!contentType) throw new AppError(415, "unsupported_media_type", "Use a PNG, JPEG, GIF or WebP image.");
  return { bytes, contentType };
}

export type Owner = { userId: string; communityId?: undefined } | { communityId: string; userId?: undefined };

/**
 * Stores a new image for `owner` and makes it current with `point` (in the same transaction as the old ones'
 * deletion). The row comes first, as a file's does: a blob is never written without a row the sweep would find.
 */
async function replaceImage(c: Context<AppEnv>, db: Db, owner: Owner, kind: ImageKind, uploadedBy: string, point: (tx: Db, url: string) => Promise<void>): Promise<string> {
  const id = await storeImage(c, db, owner, kind, uploadedBy, await readImage(c));
  const url = imageUrl(id);
  await db.transaction(async (tx) => {
    await point(tx as unknown as Db, url);
    await tx.delete(images).where(and(ownerIs(owner), eq(images.kind, kind), ne(images.id, id)));
  });
  sweepFilesSoon(c, 0);
  return url;
}

/** A new image row, then its bytes (a failure deletes the row again, so the sweep takes whatever was written). */
export async function storeImage(c: Context<AppEnv>, db: Db, owner: Owner, kind: ImageKind, uploadedBy: string, image: { bytes: Uint8Array; contentType: string }): Promise<string> {
  const store = requireStore(c);
  const { bytes, contentType } = image;
  const id = uuidv7();
  await db.insert(images).values({ id, kind, ...owner, contentType, size: bytes.byteLength, uploadedBy });
  try {
    await store.put(id, new Blob([bytes as Uint8Array<ArrayBuffer>]).stream(), bytes.byteLength);
  } catch (err) {
    await db.delete(images).where(eq(images.id, id));
    sweepFilesSoon(c, 0);
    console.error("image upload: storing failed:", (err as Error).message);
    throw new AppError(503, "service_unavailable", "The image could not be stored; try again.");
  }
  return id;
}

async function removeImages(c: Context<AppEnv>, db: Db, owner: Owner, kind: ImageKind, point: (tx: Db) => Promise<void>): Promise<void> {
  await db.transaction(async (tx) => {
    await point(tx as unknown as Db);
    await tx.delete(images).where(and(ownerIs(owner), eq(images.kind, kind)));
  });
  sweepFilesSoon(c, 0);
}

function ownerIs(owner: Owner) {
  return owner.userId !== undefined ? eq(images.userId, owner.userId) : eq(images.communityId, owner.communityId!);
}

/** Everyone who shares a community with the user refetches its member list (the new picture shows at once). */
async function tellCommunities(c: Context<AppEnv>, db: Db, userId: string): Promise<void> {
  const rows = await db.select({ id: communityMembers.communityId }).from(communityMembers).where(eq(communityMembers.userId, userId));
  for (const { id } of rows) await notifyMemberListChanged(c.env, db, id, "");
}

export const avatarRoutes = new Hono<AppEnv>();

/**
 * The user column each of one's own image slots points from (and the key the answer names it by), and whether
 * member lists show it: only those need telling of a change (a banner is on the profile alone).
 */
const USER_SLOTS = {
  avatar: { kind: "avatar", column: "avatarUrl", inMemberLists: true },
  banner: { kind: "profile_banner", column: "bannerUrl", inMemberLists: false },
} as const;

for (const slot of ["avatar", "banner"] as const) {
  const { kind, column, inMemberLists } = USER_SLOTS[slot];
  avatarRoutes.use(`/${slot}`, requireAuth);
  avatarRoutes.put(`/${slot}`, async (c) => {
    const auth = authOf(c);
    const db = await c.var.db.get();
    const url = await replaceImage(c, db, { userId: auth.userId }, kind, auth.userId, async (tx, url) => {
      await tx.update(users).set({ [column]: url, updatedAt: new Date() }).where(eq(users.id, auth.userId));
    });
    if (inMemberLists) await tellCommunities(c, db, auth.userId);
    return c.json({ [column]: url });
  });
  avatarRoutes.delete(`/${slot}`, async (c) => {
    const auth = authOf(c);
    const db = await c.var.db.get();
    await removeImages(c, db, { userId: auth.userId }, kind, async (tx) => {
      await tx.update(users).set({ [column]: null, updatedAt: new Date() }).where(eq(users.id, auth.userId));
    });
    if (inMemberLists) await tellCommunities(c, db, auth.userId);
    return c.body(null, 204);
  });
}

export const communityImageRoutes = new Hono<AppEnv>();

/** The community column an image slot points from. */
const SLOTS = { icon: { kind: "community_icon", column: "iconUrl" }, banner: { kind: "community_banner", column: "bannerUrl" } } as const;

for (const slot of ["icon", "banner"] as const) {
  communityImageRoutes.use(`/:id/${slot}`, requireAuth);
  communityImageRoutes.put(`/:id/${slot}`, (c) => putCommunityImage(c, slot));
  communityImageRoutes.delete(`/:id/${slot}`, (c) => deleteCommunityImage(c, slot));
}

/** The slot's community, which the caller must manage (MANAGE_COMMUNITY), and what the slot points from. */
async function managedSlot(c: Context<AppEnv>, slot: keyof typeof SLOTS) {
  const { id } = params(c, idParam);
  const auth = authOf(c);
  const db = await c.var.db.get();
  const { permissions } = await requireCommunity(db, auth.userId, id);
  requirePermission(permissions, "MANAGE_COMMUNITY");
  const setColumn = (tx: Db, url: string | null) => tx.update(communities).set({ [SLOTS[slot].column]: url, updatedAt: new Date() }).where(eq(communities.id, id));
  const audited = () => audit(db, c, { action: "community.update", actorId: auth.userId, communityId: id, targetType: "community", targetId: id, details: { fields: [SLOTS[slot].column] } });
  return { id, userId: auth.userId, db, kind: SLOTS[slot].kind, setColumn, audited };
}

async function putCommunityImage(c: Context<AppEnv>, slot: keyof typeof SLOTS) {
  const m = await managedSlot(c, slot);
  await replaceImage(c, m.db, { communityId: m.id }, m.kind, m.userId, async (tx, url) => void (await m.setColumn(tx, url)));
  await m.audited();
  const [community] = await m.db.select().from(communities).where(eq(communities.id, m.id));
  return c.json(communityView(community));
}

async function deleteCommunityImage(c: Context<AppEnv>, slot: keyof typeof SLOTS) {
  const m = await managedSlot(c, slot);
  await removeImages(c, m.db, { communityId: m.id }, m.kind, async (tx) => void (await m.setColumn(tx, null)));
  await m.audited();
  return c.body(null, 204);
}

export const imageRoutes = new Hono<AppEnv>();

imageRoutes.get("/:id", async (c) => {
  const { id } = params(c, idParam);
  const store = requireStore(c);
  const db = await c.var.db.get();
  const [row] = await db.select({ contentType: images.contentType, size: images.size }).from(images).where(eq(images.id, id));
  const body = row ? await store.get(id) : null;
  if (!row || !body) throw new AppError(404, "not_found", "No such image.");
  return new Response(body, {
    headers: {
      "content-type": row.contentType,
      "content-length": String(row.size),
      // A new image gets a new id, so an image never changes under its URL.
      "cache-control": "public, max-age=31536000, immutable",
      "content-security-policy": "default-src 'none'; sandbox",
      "x-content-type-options": "nosniff",
    },
  });
});
