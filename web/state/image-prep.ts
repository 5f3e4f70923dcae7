/**
 * Pictures are made small in the browser before upload (docs/api/images.md): an avatar or icon is cropped to a
 * centred square of at most AVATAR_PX, a banner scaled to at most BANNER_WIDTH_PX wide. Every avatar on a page is
 * this image, so a 4 MB photo would cost every viewer 4 MB. Animated GIFs and images already small enough go
 * unchanged (re-encoding would lose the animation or gain nothing).
 */

export const AVATAR_PX = 256;
export const BANNER_WIDTH_PX = 1200;
export const BANNER_ASPECT = 3;

/** The types the server takes (it reads them from the bytes). */
export const IMAGE_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp"] as const;

export type PictureShape = "square" | "banner";

/** Where to cut and how large to draw: pure, so it is unit-tested. */
export function fitPicture(width: number, height: number, shape: PictureShape, maxPx = AVATAR_PX): { sx: number; sy: number; sw: number; sh: number; dw: number; dh: number } {
  if (shape === "square") {
    const side = Math.min(width, height);
    const out = Math.min(side, maxPx);
    return { sx: Math.floor((width - side) / 2), sy: Math.floor((height - side) / 2), sw: side, sh: side, dw: out, dh: out };
  }
  const sh = Math.min(height, Math.floor(width / BANNER_ASPECT));
  const sw = Math.min(width, sh * BANNER_ASPECT);
  const dw = Math.min(sw, BANNER_WIDTH_PX);
  return { sx: Math.floor((width - sw) / 2), sy: Math.floor((height - sh) / 2), sw, sh, dw, dh: Math.round((dw * sh) / sw) };
}

/** Why a chosen file cannot be a picture, or null. */
export function pictureRefusal(file: { type: string; size: number }, maxBytes: number): string | null {
  if (!(IMAGE_TYPES as readonly string[]).includes(file.type)) return "Choose a PNG, JPEG, GIF or WebP image.";
  if (file.type === "image/gif" && file.size > maxBytes) return `That GIF is larger than ${Math.round(maxBytes / 1024 / 1024)} MB.`;
  return null;
}

/**
 * The image to upload: cropped and scaled on a canvas (WebP where the browser encodes it, else PNG), or the file.
 * `maxPx` overrides the square's size (an emoji is smaller than an avatar).
 */
export async function preparePicture(file: Blob, shape: PictureShape, maxPx?: number): Promise<Blob> {
  if (file.type === "image/gif") return file;
  const bitmap = await createImageBitmap(file);
  try {
    const fit = fitPicture(bitmap.width, bitmap.height, shape, maxPx);
    const untouched = fit.sx === 0 && fit.sy === 0 && fit.dw === bitmap.width && fit.dh === bitmap.height;
    if (untouched && file.size < 512 * 1024) return file;
    const canvas = document.createElement("canvas");
    canvas.width = fit.dw;
    canvas.height = fit.dh;
    const g = canvas.getContext("2d");
    if (!g) return file;
    g.imageSmoothingQuality = "high";
    g.drawImage(bitmap, fit.sx, fit.sy, fit.sw, fit.sh, 0, 0, fit.dw, fit.dh);
    const webp = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/webp", 0.9));
    if (webp && webp.type === "image/webp") return webp;
    return (await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/png"))) ?? file;
  } finally {
    bitmap.close();
  }
}

/** The widest a custom call background is kept: sharp on a large screen, a few hundred KB as a JPEG. */
export const CALL_PICTURE_PX = 1600;

/**
 * A picture for behind calls, made small enough to keep in this browser: scaled to at most CALL_PICTURE_PX on its
 * longer side and encoded as a JPEG data: URL (web/state/prefs.ts keeps it).
 */
export async function callPictureDataUrl(file: Blob): Promise<string> {
  const bitmap = await createImageBitmap(file);
  try {
    const scale = Math.min(1, CALL_PICTURE_PX / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    const g = canvas.getContext("2d");
    if (!g) throw new Error("This browser can't prepare pictures.");
    g.imageSmoothingQuality = "high";
    g.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    return canvas.toDataURL("image/jpeg", 0.82);
  } finally {
    bitmap.close();
  }
}
