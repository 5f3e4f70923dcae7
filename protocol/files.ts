/**
 * Files attached to messages (docs/api/files.md). A file is uploaded to a channel first (REST, raw body), then named
 * by id in the send that carries it; the room links it to that message in the message's own transaction. Deleting
 * the message deletes its files.
 *
 * In an end-to-end-encrypted channel the browser encrypts a file before upload: the server stores ciphertext under
 * a neutral name and type, and the real name, type and key travel inside the message's envelope (web/state/
 * file-crypto.ts, and SealedAttachment in protocol/e2ee.ts), so the server learns only the size.
 */

/** A file as messages and uploads show it. */
export interface FileView {
  id: string;
  /** The name the uploader gave (`encrypted.bin` for an encrypted file: its real name is in the envelope). */
  name: string;
  /** As stored; a download serves types that could run script as application/octet-stream. */
  contentType: string;
  /** Bytes as stored (for an encrypted file: the ciphertext, 16 bytes of tag more than the file). */
  size: number;
  encrypted: boolean;
}

/** Files one message may carry. */
export const MAX_ATTACHMENTS = 10;

/** Longest file name kept (characters); longer names are refused, not cut. */
export const MAX_FILE_NAME_CHARS = 200;

/** The name and type an encrypted file is stored under. */
export const ENCRYPTED_FILE_NAME = "encrypted.bin";
export const ENCRYPTED_FILE_TYPE = "application/octet-stream";
/** How much longer an encrypted file is than the file: Poly1305's tag (the nonce travels in the envelope). */
export const ENCRYPTED_FILE_OVERHEAD_BYTES = 16;

/** Types a browser may show inline (images, audio, video that cannot carry script). Everything else downloads. */
export const INLINE_TYPES: ReadonlySet<string> = new Set([
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
  "image/avif",
  "video/mp4",
  "video/webm",
  "audio/mpeg",
  "audio/ogg",
  "audio/wav",
  "audio/webm",
  "text/plain",
]);

/** Images the client previews in the timeline. */
export const PREVIEW_IMAGE_TYPES: ReadonlySet<string> = new Set(["image/png", "image/jpeg", "image/gif", "image/webp", "image/avif"]);
