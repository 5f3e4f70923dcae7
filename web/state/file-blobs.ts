/**
 * Downloaded attachments as blob: URLs, one per file id. Downloads need the Authorization header (there are no
 * cookies), so `<img src>` cannot point at the API: the bytes are fetched through the Api and shown from an object
 * URL. Whatever is on screen holds its URL (acquire/release); URLs nobody holds are kept for a while, most recent
 * first, so scrolling back does not download again, and revoked beyond MAX_IDLE_URLS or MAX_IDLE_BYTES. A file of
 * an encrypted message comes with what its envelope says (`sealed`), for the download to decrypt it (files.ts).
 */
import type { SealedAttachment } from "../../protocol/e2ee.ts";

/** Previews scrolled past and back are common; forty covers a few screens of them. */
const MAX_IDLE_URLS = 40;
/** Idle blobs hold memory until revoked: a long video or two is enough to keep around. */
const MAX_IDLE_BYTES = 128 * 1024 * 1024;

interface Entry {
  url: Promise<string>;
  /** Known once the bytes are in. */
  ready?: string;
  bytes: number;
  holders: number;
}

export interface ObjectUrls {
  create(blob: Blob): string;
  revoke(url: string): void;
}

/** Where a file's URL is kept: its id, and for an encrypted file the key its envelope gives. */
function entryKey(fileId: string, sealed: SealedAttachment | undefined): string {
  return sealed ? `${fileId}:${sealed.key}` : fileId;
}

const browserUrls: ObjectUrls = { create: (b) => URL.createObjectURL(b), revoke: (u) => URL.revokeObjectURL(u) };

export class BlobCache {
  /** In order of last use: idle entries at the front go first. */
  private entries = new Map<string, Entry>();

  constructor(
    private readonly download: (fileId: string, sealed: SealedAttachment | undefined) => Promise<Blob>,
    private readonly urls: ObjectUrls = browserUrls,
    private readonly limits = { urls: MAX_IDLE_URLS, bytes: MAX_IDLE_BYTES },
  ) {}

  /**
   * The file's object URL, downloading it if needed; held until `release`. A failed download is not kept. An
   * encrypted file is cached under its id and key together: bytes decrypted for one envelope are never shown for
   * another that names the same id.
   */
  acquire(fileId: string, sealed?: SealedAttachment): Promise<string> {
    const key = entryKey(fileId, sealed);
    let e = this.entries.get(key);
    if (!e) {
      const entry: Entry = { url: Promise.resolve(""), bytes: 0, holders: 0 };
      entry.url = this.download(fileId, sealed).then(
        (blob) => {
          const url = this.urls.create(blob);
          entry.ready = url;
          entry.bytes = blob.size;
          // Released and evicted while downloading: nobody will revoke it later.
          if (this.entries.get(key) !== entry) this.urls.revoke(url);
          else this.evict();
          return url;
        },
        (err: unknown) => {
          if (this.entries.get(key) === entry) this.entries.delete(key);
          throw err;
        },
      );
      this.entries.set(key, (e = entry));
    }
    e.holders++;
    return e.url;
  }

  /** The holder no longer shows it; the URL stays cached (most recently used) until evicted. */
  release(fileId: string, sealed?: SealedAttachment): void {
    const key = entryKey(fileId, sealed);
    const e = this.entries.get(key);
    if (!e || e.holders === 0) return;
    e.holders--;
    if (e.holders === 0) {
      this.entries.delete(key);
      this.entries.set(key, e);
      this.evict();
    }
  }

  /** The URL if the bytes are already here (no download), e.g. to size a preview before it renders. */
  peek(fileId: string, sealed?: SealedAttachment): string | undefined {
    return this.entries.get(entryKey(fileId, sealed))?.ready;
  }

  /** Bytes this browser already has (the person's own upload), so their sent message shows without a download. */
  seed(fileId: string, blob: Blob, sealed?: SealedAttachment): void {
    const key = entryKey(fileId, sealed);
    if (this.entries.has(key)) return;
    const url = this.urls.create(blob);
    this.entries.set(key, { url: Promise.resolve(url), ready: url, bytes: blob.size, holders: 0 });
    this.evict();
  }

  /** Signing out: every URL goes. */
  clear(): void {
    for (const e of this.entries.values()) if (e.ready) this.urls.revoke(e.ready);
    this.entries.clear();
  }

  private evict(): void {
    let count = 0;
    let bytes = 0;
    for (const e of this.entries.values()) {
      if (e.holders === 0 && e.ready) {
        count++;
        bytes += e.bytes;
      }
    }
    for (const [id, e] of this.entries) {
      if (count <= this.limits.urls && bytes <= this.limits.bytes) break;
      if (e.holders > 0 || !e.ready) continue;
      this.urls.revoke(e.ready);
      this.entries.delete(id);
      count--;
      bytes -= e.bytes;
    }
  }
}
