/**
 * Link previews and GIF search (docs/api/embeds.md). The server fetches a page or image once, keeps what a
 * preview shows, and serves remote images through its own proxy, so the browser never contacts another site (the
 * content security policy allows only this server's images, and nobody's address reaches a third party).
 */

/** What a link in a message unfurls into. */
export interface EmbedView {
  /** The link as written in the message. */
  url: string;
  /** "image": the link is a picture itself (a GIF, say), shown as one; "link": a page with a card. */
  kind: "link" | "image";
  siteName: string | null;
  title: string | null;
  description: string | null;
  /** Through this server's image proxy; null when the page names no usable image. */
  image: { url: string; width: number | null; height: number | null } | null;
  /** The page's theme colour ("#rrggbb"), for the card's edge. */
  color: string | null;
}

/** One GIF search result. */
export interface GifView {
  id: string;
  title: string;
  /** The GIF's own address: what a message carries when it is sent. */
  url: string;
  /** A smaller rendition through the image proxy, for the picker. */
  preview: string;
  width: number;
  height: number;
}

/** Links per message that get a preview, at most (the first ones). */
export const MAX_EMBEDS_PER_MESSAGE = 3;
/** Longest link previewed. */
export const MAX_EMBED_URL_CHARS = 2048;
export const MAX_GIF_QUERY_CHARS = 100;

const URL_IN_TEXT = /https?:\/\/[^\s<>"'`]+[^\s<>"'`.,;:!?)\]}]/gi;

/**
 * The http(s) links in a message's text that get previews: not inside code, not wrapped in <…> (the markdown way
 * to say "no preview"), distinct, the first MAX_EMBEDS_PER_MESSAGE.
 */
export function embeddableLinks(text: string): string[] {
  const withoutCode = text.replace(/```[\s\S]*?```/g, " ").replace(/`[^`\n]*`/g, " ");
  const out: string[] = [];
  for (const m of withoutCode.matchAll(URL_IN_TEXT)) {
    const before = withoutCode[m.index! - 1];
    const after = withoutCode[m.index! + m[0].length];
    if (before === "<" && after === ">") continue;
    if (m[0].length > MAX_EMBED_URL_CHARS || out.includes(m[0])) continue;
    out.push(m[0]);
    if (out.length === MAX_EMBEDS_PER_MESSAGE) break;
  }
  return out;
}
