/**
 * Which files an encrypted message shows, and as what (docs/web.md "Attachments"): the server's list says which
 * files are linked to the message (it decides, and checks access), the opened envelope says what they are (real
 * name, type, size, key). A file shows only when both name it. Kept apart from file-crypto.ts, which loads the
 * cipher code on first use.
 */
import type { SealedAttachment } from "../../protocol/e2ee.ts";
import type { FileView } from "../../protocol/files.ts";

/** A file as a message row shows it: for an encrypted one, the envelope's name, type and size, and its key. */
export interface ShownFile {
  file: FileView;
  sealed: SealedAttachment | null;
}

/** A MIME type as the server would store one (workers/routes/files.ts `contentTypeOf`). */
export function isMimeType(type: string): boolean {
  return /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,127}$/.test(type);
}

/**
 * The files to show for a message: the server's list as it is when nothing was sealed (`sealed` undefined: a plain
 * channel), else only the server's files the envelope describes, in the server's order, with the envelope's name,
 * type (an odd one as bytes, so it downloads rather than shows) and size. Envelope entries for files the server did
 * not link, and linked files the envelope does not describe, are left out.
 */
export function filesToShow(server: readonly FileView[], sealed: readonly SealedAttachment[] | undefined): ShownFile[] {
  if (!sealed) return server.map((file) => ({ file, sealed: null }));
  const out: ShownFile[] = [];
  for (const f of server) {
    const s = sealed.find((x) => x.id === f.id);
    if (!s || out.some((x) => x.file.id === f.id)) continue;
    out.push({ file: { ...f, name: s.name, contentType: isMimeType(s.type) ? s.type : "application/octet-stream", size: s.size }, sealed: s });
  }
  return out;
}
