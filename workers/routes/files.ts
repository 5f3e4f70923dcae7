/**
 * Files (docs/api/files.md):
 *   POST   /api/v1/channels/:id/files?name=NAME  raw bytes, Content-Type, Content-Length → 201 { file }
 *   GET    /api/v1/files/:id                     → the bytes
 *   DELETE /api/v1/files/:id                     → 204 (an upload not sent yet, by its uploader)
 * An upload is a file of its channel that only its uploader sees until a send names it (protocol/files.ts); from
 * then on whoever may read the channel's history may download it, until the message is deleted.
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import { Hono, type Context } from "hono";
import { uuidv7 } from "uuidv7";
import { z } from "zod";
import { ENCRYPTED_FILE_NAME, ENCRYPTED_FILE_TYPE, INLINE_TYPES, MAX_FILE_NAME_CHARS } from "../../protocol/files.ts";
import { files, fileView } from "../../schema/files.ts";
import { messages } from "../../schema/messages.ts";
import { hasPermission } from "../../protocol/permissions.ts";
import { channelAccess } from "../communities/access.ts";
import { requirePermission } from "../communities/guard.ts";
import type { Db } from "../db.ts";
import type { AppEnv } from "../env.ts";
import { AppError } from "../errors.ts";
import { blobStore, type BlobStore } from "../files/blob-store.ts";
import { sweepFilesSoon } from "../files/sweep.ts";
import { authOf, requireAuth } from "../http/auth-middleware.ts";
import { drainRefusedBody, params, query, uuidSchema } from "../http/validate.ts";
import { requireRoomChannel } from "../realtime/messages.ts";
import { uploadLimits } from "../settings.ts";

const idParam = z.object({ id: uuidSchema });

/** A file name: what a person would see in a file manager, without paths or control characters. */
const nameQuery = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Give the file a name.")
    .max(MAX_FILE_NAME_CHARS)
    .regex(/^[^\p{Cc}\/\\]+$/u, "no slashes or control characters")
    .refine((n) => n !== "." && n !== "..", "not a path"),
});

/** A MIME type as browsers send them (`type/subtype`, parameters dropped); anything else is stored as bytes. */
function contentTypeOf(header: string | undefined): string {
  const type = (header ?? "").split(";")[0].trim().toLowerCase();
  return /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,127}$/.test(type) ? type : "application/octet-stream";
}

function requireStore(c: Context<AppEnv>): BlobStore {
  const store = blobStore(c.env);
  if (!store) throw new AppError(503, "service_unavailable", "File storage is not configured on this server.");
  return store;
}

/** Counts the bytes passing through and fails the stream if they go beyond what the client declared. */
function limitTo(size: number): TransformStream<Uint8Array, Uint8Array> {
  let seen = 0;
  return new TransformStream({
    transform(chunk, controller) {
      seen += chunk.byteLength;
      if (seen > size) controller.error(new Error("more bytes than Content-Length"));
      else controller.enqueue(chunk);
    },
    flush(controller) {
      if (seen !== size) controller.error(new Error("fewer bytes than Content-Length"));
    },
  });
}

export const channelFileRoutes = new Hono<AppEnv>();
channelFileRoutes.use("/:id/files", requireAuth);

channelFileRoutes.post("/:id/files", async (c) => {
  const { id: channelId } = params(c, idParam);
  const auth = authOf(c);
  const store = requireStore(c);
  const db = await c.var.db.get();
  const access = await requireRoomChannel(db, auth.userId, channelId);
  requirePermission(access.permissions, "SEND_MESSAGES");
  requirePermission(access.permissions, "ATTACH_FILES");
  const { name } = query(c, nameQuery);

  const declared = c.req.header("content-length");
  const size = declared !== undefined && /^\d{1,15}$/.test(declared) ? Number(declared) : NaN;
  if (!Number.isSafeInteger(size)) throw new AppError(411, "invalid_body", "Send the file with a Content-Length header.");
  if (size === 0 || !c.req.raw.body) throw new AppError(400, "invalid_body", "The file is empty.");
  const { maxUploadBytes, userQuotaBytes } = await uploadLimits(db);
  if (size > maxUploadBytes) {
    await drainRefusedBody(c, size);
    throw new AppError(413, "payload_too_large", `Files are limited to ${maxUploadBytes} bytes on this server.`, { maxUploadBytes });
  }
  if (userQuotaBytes !== null) {
    const [{ used }] = await db.select({ used: sql<string>`coalesce(sum(${files.size}), 0)` }).from(files).where(eq(files.uploaderId, auth.userId));
    if (Number(used) + size > userQuotaBytes) {
      await drainRefusedBody(c, size);
      throw new AppError(413, "quota_exceeded", "This file would take you over your storage quota; delete some files first.", { quotaBytes: userQuotaBytes, usedBytes: Number(used) });
    }
  }

  const encrypted = access.channel.encrypted;
  const row = {
    id: uuidv7(),
    channelId,
    uploaderId: auth.userId,
    // The server cannot read an encrypted file: its real name and type travel inside the message's envelope.
    name: encrypted ? ENCRYPTED_FILE_NAME : name,
    contentType: encrypted ? ENCRYPTED_FILE_TYPE : contentTypeOf(c.req.header("content-type")),
    size,
    encrypted,
  };
  // The row first: a blob is never written without a row that the sweep would find (its tombstone if this fails).
  await db.insert(files).values(row);
  try {
    await store.put(row.id, c.req.raw.body.pipeThrough(limitTo(size)), size);
  } catch (err) {
    await db.delete(files).where(eq(files.id, row.id));
    sweepFilesSoon(c, 0);
    console.error("file upload: storing failed:", (err as Error).message);
    throw new AppError(400, "invalid_body", "The upload did not arrive whole (its length differs from Content-Length, or the connection ended); try again.");
  }
  // Uploads are rare beside messages: each one also clears what deletions left since the last sweep.
  sweepFilesSoon(c, 0);
  return c.json({ file: fileView(row) }, 201);
});

/** The file, if the caller may see it: a sent file to whoever may read its channel's history, an unsent one to its uploader. */
async function visibleFile(db: Db, userId: string, fileId: string) {
  const [file] = await db
    .select({ file: files, deletedAt: messages.deletedAt })
    .from(files)
    .leftJoin(messages, eq(messages.id, files.messageId))
    .where(eq(files.id, fileId));
  const notFound = new AppError(404, "file_not_found", "No such file, or you cannot see it.");
  if (!file || file.deletedAt) throw notFound;
  if (file.file.messageId === null) {
    if (file.file.uploaderId !== userId) throw notFound;
    return file.file;
  }
  const access = await channelAccess(db, userId, file.file.channelId);
  if (!access || !hasPermission(access.permissions, "READ_HISTORY")) throw notFound;
  return file.file;
}

/** `filename*` per RFC 6266 / 5987, with an ASCII fallback. */
function disposition(kind: "inline" | "attachment", name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export const fileRoutes = new Hono<AppEnv>();
fileRoutes.use("/:id", requireAuth);

fileRoutes.get("/:id", async (c) => {
  const { id } = params(c, idParam);
  const auth = authOf(c);
  const store = requireStore(c);
  const file = await visibleFile(await c.var.db.get(), auth.userId, id);
  const body = await store.get(file.id);
  if (!body) throw new AppError(404, "file_not_found", "This file's contents are gone.");
  const inline = INLINE_TYPES.has(file.contentType);
  return new Response(body, {
    headers: {
      "Content-Type": inline ? file.contentType : "application/octet-stream",
      "Content-Length": String(file.size),
      "Content-Disposition": disposition(inline ? "inline" : "attachment", file.name),
      // Never run as a page of this origin, whatever it contains.
      "Content-Security-Policy": "default-src 'none'; sandbox",
      // A file's bytes never change; only the signed-in browser that fetched it keeps it.
      "Cache-Control": "private, max-age=86400",
    },
  });
});

fileRoutes.delete("/:id", async (c) => {
  const { id } = params(c, idParam);
  const auth = authOf(c);
  const db = await c.var.db.get();
  const gone = await db
    .delete(files)
    .where(and(eq(files.id, id), eq(files.uploaderId, auth.userId), isNull(files.messageId)))
    .returning({ id: files.id });
  if (!gone.length) throw new AppError(404, "file_not_found", "No unsent upload of yours with this id (a sent file goes with its message).");
  sweepFilesSoon(c, 0);
  return c.body(null, 204);
});
