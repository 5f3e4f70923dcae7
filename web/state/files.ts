/**
 * Attachments on the client side (docs/web.md "Attachments"): the composer's tray of uploads per channel, and
 * downloaded files as object URLs (file-blobs.ts). A file uploads as soon as it is chosen (raw bytes, with
 * progress) and its id goes with the next send; removing it from the tray cancels the upload or deletes the unsent
 * file. Files the server would refuse (too large, too many) are refused here first, with the reason in the tray.
 *
 * In an end-to-end encrypted conversation each file is encrypted here before upload (file-crypto.ts) and sent under
 * ENCRYPTED_FILE_NAME; the tray keeps its real name, type and key for the send's envelope, and downloads are
 * decrypted before they become object URLs.
 */
import type { SealedAttachment } from "../../protocol/e2ee.ts";
import type { FileView } from "../../protocol/files.ts";
import { ENCRYPTED_FILE_NAME, ENCRYPTED_FILE_OVERHEAD_BYTES, ENCRYPTED_FILE_TYPE, INLINE_TYPES, MAX_ATTACHMENTS, MAX_FILE_NAME_CHARS, PREVIEW_IMAGE_TYPES } from "../../protocol/files.ts";
import { formatBytes } from "../render/file-format.ts";
import { ApiError, type Api } from "./api.ts";
import type { AuthStore } from "./auth.ts";
import { BlobCache } from "./file-blobs.ts";
import { Notifier } from "./store.ts";

/** One file in the composer's tray, as the composer shows it. */
export interface Upload {
  key: string;
  name: string;
  size: number;
  type: string;
  state: "uploading" | "ready" | "error";
  /** 0 to 1 while uploading. */
  progress: number;
  /** The stored file once uploaded. */
  file: FileView | null;
  error: string | null;
  /** An object URL of the local bytes, for an image's thumbnail. */
  thumb: string | null;
  /** The upload failed for a reason that may pass (the network): it can be tried again. */
  canRetry: boolean;
}

interface Slot {
  upload: Upload;
  blob: File;
  abort: AbortController | null;
  /** Encrypted before upload (an end-to-end encrypted conversation). */
  encrypt: boolean;
  /** Once encrypted: what is uploaded, and what the envelope will say (kept for a retry, which sends the same bytes). */
  cipher: { bytes: Blob; sealed: Omit<SealedAttachment, "id"> } | null;
}

/** Loads the cipher code on the first encrypted file, as web/state/e2ee.ts does for messages. */
let fileCrypto: Promise<typeof import("./file-crypto.ts")> | null = null;
const loadFileCrypto = () => (fileCrypto ??= import("./file-crypto.ts"));

/** A download that arrived but does not decrypt under its envelope's key: trying again will not help. */
export class UndecryptableFileError extends Error {
  readonly code = "undecryptable";
  constructor() {
    super("Can't decrypt this file.");
  }
}

/** Why a file cannot join the tray (null: it can), before anything is uploaded. `overhead`: bytes encryption adds. */
export function refusal(file: { name: string; size: number }, held: number, maxBytes: number | null, overhead = 0): string | null {
  if (held >= MAX_ATTACHMENTS) return `One message can carry up to ${MAX_ATTACHMENTS} files.`;
  if (file.size === 0) return "This file is empty.";
  if (maxBytes !== null && file.size + overhead > maxBytes) return `Too large (${formatBytes(file.size)}): files can be up to ${formatBytes(maxBytes - overhead)}.`;
  // UTF-16 units, as the server counts.
  if (file.name.length > MAX_FILE_NAME_CHARS) return `The file name is too long (up to ${MAX_FILE_NAME_CHARS} characters).`;
  return null;
}

/** An upload's failure in words for the tray. */
export function uploadError(e: unknown, maxBytes: number | null): string {
  if (!(e instanceof ApiError)) return "Upload failed.";
  switch (e.code) {
    case "payload_too_large":
      return maxBytes ? `Too large: files can be up to ${formatBytes(maxBytes)}.` : "Too large for this server.";
    case "quota_exceeded":
      return "Your storage quota is full: delete some files you sent, or ask an admin for more room.";
    case "missing_permission":
      return "You don't have permission to attach files here.";
    case "network_error":
      return "Upload failed: can't reach the server.";
    default:
      return e.message;
  }
}

const NO_UPLOADS: Upload[] = [];

export class FilesStore extends Notifier {
  /** Downloaded attachments, shown from object URLs. */
  readonly blobs: BlobCache;
  private trays = new Map<string, Slot[]>();
  /** The tray as the composer gets it: the same array until it changes, so Lit sees changes by identity. */
  private views = new Map<string, Upload[]>();
  private nextKey = 1;

  constructor(
    private readonly api: Api,
    private readonly auth: AuthStore,
  ) {
    super();
    this.blobs = new BlobCache((id, sealed) => this.download(id, sealed));
  }

  /**
   * A file's bytes for an object URL. An encrypted one is decrypted with its envelope's key and checked against its
   * size; it takes its real type only where the server would serve that type inline (INLINE_TYPES), so a blob: URL
   * of this origin never holds a page that could run script, as downloads in plain channels.
   */
  private async download(id: string, sealed: SealedAttachment | undefined): Promise<Blob> {
    const blob = await this.api.blob(`/api/v1/files/${encodeURIComponent(id)}`);
    if (!sealed) return blob;
    const { decryptFile } = await loadFileCrypto();
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      bytes = decryptFile(new Uint8Array(await blob.arrayBuffer()), sealed) as Uint8Array<ArrayBuffer>;
    } catch {
      throw new UndecryptableFileError();
    }
    return new Blob([bytes], { type: INLINE_TYPES.has(sealed.type) ? sealed.type : "application/octet-stream" });
  }

  /** The instance's upload limit in bytes, once known (null before, or when the server states none). */
  get maxUploadBytes(): number | null {
    return this.auth.instance?.maxUploadBytes ?? null;
  }

  uploads(channelId: string): Upload[] {
    return this.views.get(channelId) ?? NO_UPLOADS;
  }

  /** Whether the tray holds uploads still in progress (a send waits for them). */
  busy(channelId: string): boolean {
    return this.uploads(channelId).some((u) => u.state === "uploading");
  }

  /**
   * Adds files to a channel's tray and starts uploading each one that passes the checks; with `encrypt` (an end-to-end
   * encrypted conversation) each is encrypted first and uploaded under a neutral name.
   */
  async add(channelId: string, files: File[], opts: { encrypt?: boolean } = {}): Promise<void> {
    const encrypt = !!opts.encrypt;
    if (this.maxUploadBytes === null) {
      try {
        await this.auth.loadInstance();
      } catch {
        /* offline: the server enforces its limit anyway */
      }
    }
    const tray = [...(this.trays.get(channelId) ?? [])];
    for (const blob of files) {
      const held = tray.filter((s) => s.upload.state !== "error").length;
      const why = refusal(blob, held, this.maxUploadBytes, encrypt ? ENCRYPTED_FILE_OVERHEAD_BYTES : 0);
      const type = blob.type || "application/octet-stream";
      const upload: Upload = {
        key: `u${this.nextKey++}`,
        name: blob.name || "file",
        size: blob.size,
        type,
        state: why ? "error" : "uploading",
        progress: 0,
        file: null,
        error: why,
        thumb: !why && PREVIEW_IMAGE_TYPES.has(type) ? URL.createObjectURL(blob) : null,
        canRetry: false,
      };
      const slot: Slot = { upload, blob, abort: null, encrypt, cipher: null };
      tray.push(slot);
      if (!why) void this.start(channelId, slot);
    }
    this.publish(channelId, tray);
  }

  /** Tries a failed upload again. */
  retry(channelId: string, key: string): void {
    const slot = this.trays.get(channelId)?.find((s) => s.upload.key === key);
    if (!slot || !slot.upload.canRetry) return;
    this.patch(channelId, slot, { state: "uploading", progress: 0, error: null, canRetry: false });
    void this.start(channelId, slot);
  }

  /** Takes a file out of the tray: an upload in progress is cancelled, an uploaded one deleted from the server. */
  remove(channelId: string, key: string): void {
    const tray = this.trays.get(channelId) ?? [];
    const slot = tray.find((s) => s.upload.key === key);
    if (!slot) return;
    slot.abort?.abort();
    if (slot.upload.file) void this.api.delete(`/api/v1/files/${encodeURIComponent(slot.upload.file.id)}`).catch(() => {
      /* unsent files the server keeps are its to clean up */
    });
    this.drop(slot);
    this.publish(channelId, tray.filter((s) => s !== slot));
  }

  /**
   * The uploaded files for a send, in the order chosen, and for encrypted ones what the envelope must say about them
   * (`sealed`); the tray empties. Their bytes are kept as this browser's copy, so the sent message shows them
   * without downloading them again.
   */
  take(channelId: string): { files: FileView[]; sealed: SealedAttachment[] } {
    const tray = this.trays.get(channelId) ?? [];
    const files: FileView[] = [];
    const sealed: SealedAttachment[] = [];
    for (const s of tray) {
      if (s.upload.file) {
        files.push(s.upload.file);
        const entry = s.cipher ? { id: s.upload.file.id, ...s.cipher.sealed } : undefined;
        if (entry) sealed.push(entry);
        this.blobs.seed(s.upload.file.id, s.blob, entry);
      }
      s.abort?.abort();
      this.drop(s);
    }
    this.publish(channelId, []);
    return { files, sealed };
  }

  /** Signing out: uploads stop and every object URL is revoked. */
  forget(): void {
    for (const tray of this.trays.values()) for (const s of tray) (s.abort?.abort(), this.drop(s));
    this.trays.clear();
    this.views.clear();
    this.blobs.clear();
    this.changed();
  }

  private async start(channelId: string, slot: Slot): Promise<void> {
    const abort = new AbortController();
    slot.abort = abort;
    try {
      if (slot.encrypt && !slot.cipher) {
        const { encryptFile } = await loadFileCrypto();
        const plain = new Uint8Array(await slot.blob.arrayBuffer());
        if (abort.signal.aborted) return;
        const { ciphertext, sealed } = encryptFile(plain, { name: slot.upload.name, type: slot.upload.type });
        slot.cipher = { bytes: new Blob([ciphertext as Uint8Array<ArrayBuffer>]), sealed };
      }
      // The server is told nothing of an encrypted file but its length: its name and type are in the envelope.
      const name = slot.cipher ? ENCRYPTED_FILE_NAME : slot.upload.name;
      const res = await this.api.upload<{ file: FileView }>(`/api/v1/channels/${encodeURIComponent(channelId)}/files?name=${encodeURIComponent(name)}`, slot.cipher?.bytes ?? slot.blob, {
        contentType: slot.cipher ? ENCRYPTED_FILE_TYPE : slot.upload.type,
        signal: abort.signal,
        onProgress: (loaded, total) => {
          // Progress events come many times a second: the bar moves in whole percents, so only those re-render.
          const progress = total > 0 ? Math.floor((Math.min(1, loaded / total)) * 100) / 100 : 0;
          if (progress !== slot.upload.progress) this.patch(channelId, slot, { progress });
        },
      });
      if (abort.signal.aborted) return;
      this.patch(channelId, slot, { state: "ready", progress: 1, file: res.file });
    } catch (e) {
      if (abort.signal.aborted) return;
      const retryable = e instanceof ApiError && (e.code === "network_error" || e.status >= 500);
      this.patch(channelId, slot, { state: "error", error: uploadError(e, this.maxUploadBytes), canRetry: retryable });
    } finally {
      if (slot.abort === abort) slot.abort = null;
    }
  }

  /** Replaces a slot's upload by a changed copy (rows compare by identity), if it is still in the tray. */
  private patch(channelId: string, slot: Slot, change: Partial<Upload>): void {
    const tray = this.trays.get(channelId);
    if (!tray?.includes(slot)) return;
    slot.upload = { ...slot.upload, ...change };
    this.publish(channelId, tray);
  }

  private drop(slot: Slot): void {
    if (slot.upload.thumb) URL.revokeObjectURL(slot.upload.thumb);
  }

  private publish(channelId: string, tray: Slot[]): void {
    if (tray.length) {
      this.trays.set(channelId, tray);
      this.views.set(channelId, tray.map((s) => s.upload));
    } else {
      this.trays.delete(channelId);
      this.views.delete(channelId);
    }
    this.changed();
  }
}
