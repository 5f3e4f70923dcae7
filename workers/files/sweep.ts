/**
 * The box's housekeeping. Deletes the blobs whose rows are gone (schema/files.ts: the triggers queue them in
 * `file_tombstones`, whichever path deleted a file or image row: a deleted message, a replaced picture, a channel,
 * community or account), the uploads nobody sent within UNSENT_UPLOAD_TTL_MS, and link previews gone stale. It runs after the file routes' requests and, at most once a minute per
 * isolate, after any API request (workers/app.ts), on a connection of its own once the response is on its way.
 */
import { and, inArray, isNull, lt } from "drizzle-orm";
import type { Context } from "hono";
import { linkEmbeds } from "../../schema/embeds.ts";
import { fileTombstones, files } from "../../schema/files.ts";
import { requestDb, type Db } from "../db.ts";
import type { AppEnv, Env } from "../env.ts";
import { blobStore, type BlobStore } from "./blob-store.ts";

/** An upload not named by a send within a day is dropped. */
export const UNSENT_UPLOAD_TTL_MS = 24 * 60 * 60 * 1000;
const STALE_EMBED_MS = 7 * 24 * 3600_000;
/** Blobs deleted per sweep; more wait for the next. */
const SWEEP_BATCH = 200;
const SWEEP_EVERY_MS = 60_000;

let lastSweep = 0;
let sweeping = false;

/** One pass. Returns how many blobs it deleted. */
export async function sweepFiles(db: Db, store: BlobStore, now = Date.now()): Promise<number> {
  await db.delete(files).where(and(isNull(files.messageId), lt(files.createdAt, new Date(now - UNSENT_UPLOAD_TTL_MS))));
  // Link previews nobody asked for in a week (schema/embeds.ts): fetched again if someone does.
  await db.delete(linkEmbeds).where(lt(linkEmbeds.fetchedAt, new Date(now - STALE_EMBED_MS)));
  const due = await db.select({ id: fileTombstones.fileId }).from(fileTombstones).limit(SWEEP_BATCH);
  const deleted: string[] = [];
  for (const { id } of due) {
    try {
      await store.delete(id);
      deleted.push(id);
    } catch (err) {
      console.error("file sweep: could not delete a blob:", (err as Error).message);
    }
  }
  if (deleted.length) await db.delete(fileTombstones).where(inArray(fileTombstones.fileId, deleted));
  return deleted.length;
}

/**
 * Schedules a sweep after this request unless one ran within `minGapMs` in this isolate (0: now, as after a
 * deletion, so its blob goes at once).
 */
export function sweepFilesSoon(c: Context<AppEnv>, minGapMs = SWEEP_EVERY_MS): void {
  const store = blobStore(c.env);
  const now = Date.now();
  if (!store || sweeping || now - lastSweep < minGapMs) return;
  lastSweep = now;
  sweeping = true;
  c.executionCtx.waitUntil(runSweep(c.env, store).finally(() => (sweeping = false)));
}

async function runSweep(env: Env, store: BlobStore): Promise<void> {
  const conn = requestDb(env);
  try {
    await sweepFiles(await conn.get(), store);
  } catch (err) {
    console.error("file sweep failed:", (err as Error).message);
  } finally {
    await conn.close();
  }
}

