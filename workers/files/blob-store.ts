/**
 * Where file bytes live, behind one small interface (DESIGN: files): on this box a writable directory that workerd
 * serves to the Worker as the FILE_STORE service (scripts/workerd-config.ts: PUT writes a file atomically, GET reads
 * it, DELETE removes it); on Cloudflare an R2 bucket bound as FILES. Blobs are named by file id only: the name, type
 * and owner are in Postgres (schema/files.ts).
 */
import type { Env } from "../env.ts";

export interface BlobStore {
  /** Stores `size` bytes from `body` under `id`; rejects if the stream fails or ends at another length. */
  put(id: string, body: ReadableStream<Uint8Array>, size: number): Promise<void>;
  /** The bytes, or null if there is no such blob. */
  get(id: string): Promise<ReadableStream<Uint8Array> | null>;
  /** Removes it; no error if it is already gone. */
  delete(id: string): Promise<void>;
}

/** Blob names are file ids (UUIDs): nothing a caller sends can name a path outside the store. */
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function checked(id: string): string {
  if (!ID.test(id)) throw new Error(`blob store: not a file id: ${JSON.stringify(id.slice(0, 40))}`);
  return id;
}

/** The directory store, through workerd's disk service (any path is its file name inside the directory). */
export function diskStore(service: Fetcher): BlobStore {
  const url = (id: string) => `http://files/${checked(id)}`;
  return {
    async put(id, body, size) {
      const res = await service.fetch(url(id), { method: "PUT", body, headers: { "content-length": String(size) } });
      if (!res.ok) throw new Error(`blob store: writing ${id} answered ${res.status}`);
    },
    async get(id) {
      const res = await service.fetch(url(id));
      if (res.status === 404) return null;
      if (!res.ok || !res.body) throw new Error(`blob store: reading ${id} answered ${res.status}`);
      return res.body;
    },
    async delete(id) {
      const res = await service.fetch(url(id), { method: "DELETE" });
      if (!res.ok && res.status !== 404) throw new Error(`blob store: deleting ${id} answered ${res.status}`);
    },
  };
}

/** The R2 store (Cloudflare). */
export function r2Store(bucket: R2Bucket): BlobStore {
  return {
    async put(id, body, size) {
      await bucket.put(checked(id), fixedLength(body, size));
    },
    async get(id) {
      const obj = await bucket.get(checked(id));
      return obj ? obj.body : null;
    },
    async delete(id) {
      await bucket.delete(checked(id));
    },
  };
}

/** R2 needs to know a stream's length up front. */
function fixedLength(body: ReadableStream<Uint8Array>, size: number): ReadableStream<Uint8Array> {
  const fixed = new FixedLengthStream(size);
  void body.pipeTo(fixed.writable).catch(() => {});
  return fixed.readable;
}

/** The store this deployment has: R2 where bound (Cloudflare), else the directory (workerd). Null: no file storage. */
export function blobStore(env: Pick<Env, "FILES" | "FILE_STORE">): BlobStore | null {
  if (env.FILES) return r2Store(env.FILES);
  if (env.FILE_STORE) return diskStore(env.FILE_STORE);
  return null;
}
