/** How attachments are described and laid out: sizes in words, which kind of viewer a type gets, preview boxes. */
import { INLINE_TYPES, PREVIEW_IMAGE_TYPES } from "../../protocol/files.ts";

const UNITS = ["KB", "MB", "GB", "TB"];

/** A byte count as people read it: "512 bytes", "1.5 KB", "12 MB" (1024-based, one decimal under 10). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return "";
  if (bytes < 1024) return bytes === 1 ? "1 byte" : `${bytes} bytes`;
  let n = bytes / 1024;
  let unit = 0;
  while (n >= 1024 && unit < UNITS.length - 1) {
    n /= 1024;
    unit++;
  }
  // 1023.96 KB would round to "1024 KB": say "1 MB" instead.
  if (Math.round(n * 10) / 10 >= 1024 && unit < UNITS.length - 1) {
    n /= 1024;
    unit++;
  }
  const text = n < 10 ? (Math.round(n * 10) / 10).toString() : Math.round(n).toString();
  return `${text} ${UNITS[unit]}`;
}

export type AttachmentKind = "image" | "video" | "audio" | "file";

/** How the timeline shows a file of this type: an image preview, a player, or a card to download. */
export function attachmentKind(contentType: string): AttachmentKind {
  const type = contentType.split(";")[0].trim().toLowerCase();
  if (PREVIEW_IMAGE_TYPES.has(type)) return "image";
  if (!INLINE_TYPES.has(type)) return "file";
  if (type.startsWith("video/")) return "video";
  if (type.startsWith("audio/")) return "audio";
  return "file";
}

/** Largest box an image preview takes in the timeline (CSS px); the lightbox shows it whole. */
export const PREVIEW_MAX = { width: 400, height: 300 } as const;

/** `width`×`height` scaled down (never up) to fit within `max`, keeping the aspect ratio; whole pixels, at least 1. */
export function fitWithin(width: number, height: number, max: { width: number; height: number } = PREVIEW_MAX): { width: number; height: number } {
  if (!(width > 0) || !(height > 0)) return { width: Math.min(max.width, 1), height: Math.min(max.height, 1) };
  const scale = Math.min(1, max.width / width, max.height / height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}
