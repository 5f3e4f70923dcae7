/**
 * Message text → safe HTML. Markdown by `marked` (Discord's subset plus spoilers and mentions), with raw HTML
 * escaped rather than rendered, then sanitized by DOMPurify as a second wall: only formatting tags survive, links
 * open in a new tab without referrer, anything active is dropped, and the only images are custom emoji
 * (`<:name:id>`, docs/api/emoji.md) served by this server.
 */
import DOMPurify from "dompurify";
import { Marked, type Tokens } from "marked";
import { Notifier } from "../state/store.ts";

type Highlighter = (code: string, lang: string) => string;
let highlighter: Highlighter | null = null;
let loading = false;

class Signal extends Notifier {
  /** Bumped on each fire: passed down to rows so they re-render even though their message did not change. */
  version = 0;
  fire(): void {
    this.version++;
    this.changed();
  }
}

/** Tells message views to re-render once the highlighter chunk has arrived. */
export const highlighterReady = new Signal();

function requestHighlighter(): void {
  if (loading) return;
  loading = true;
  void import("./highlight.ts").then((m) => {
    highlighter = m.highlight;
    cache.clear();
    highlighterReady.fire();
  });
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!);

export interface RenderContext {
  /** Display name for a mentioned user id. */
  nameOf(userId: string): string;
  /** The reader's user id, to highlight mentions of them. */
  me: string;
}

const MENTION = /^<@([0-9a-fA-F-]{36})>/;
const CUSTOM_EMOJI = /^<:([a-z0-9_]{2,32}):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})>/;
/** Where custom emoji pictures are served: the only image source a message may show. */
const EMOJI_SRC = /^\/api\/v1\/images\/[0-9a-f-]{36}$/;
const SPOILER = /^\|\|([\s\S]+?)\|\|/;

function makeMarked(ctx: RenderContext): Marked {
  const m = new Marked({ gfm: true, breaks: true, async: false });
  m.use({
    extensions: [
      {
        name: "spoiler",
        level: "inline",
        start: (src: string) => src.indexOf("||"),
        tokenizer(src: string) {
          const match = SPOILER.exec(src);
          if (!match) return undefined;
          return { type: "spoiler", raw: match[0], tokens: this.lexer.inlineTokens(match[1]) };
        },
        renderer(token) {
          // The text sits in its own span, hidden (not only transparent) until revealed: nothing reads it out early.
          return `<span class="spoiler" tabindex="0" role="button" aria-label="Spoiler: select to reveal"><span>${this.parser.parseInline((token as Tokens.Generic).tokens ?? [])}</span></span>`;
        },
      },
      {
        name: "customEmoji",
        level: "inline",
        start: (src: string) => src.indexOf("<:"),
        tokenizer(src: string) {
          const match = CUSTOM_EMOJI.exec(src);
          return match ? { type: "customEmoji", raw: match[0], name: match[1], id: match[2] } : undefined;
        },
        renderer(token) {
          const { name, id } = token as Tokens.Generic as unknown as { name: string; id: string };
          // A picture that is gone (the emoji deleted) falls back to its name, in message-content's styles.
          return `<img class="emoji-custom" src="/api/v1/images/${escapeHtml(id)}" alt=":${escapeHtml(name)}:" title=":${escapeHtml(name)}:" loading="lazy">`;
        },
      },
      {
        name: "mention",
        level: "inline",
        start: (src: string) => src.indexOf("<@"),
        tokenizer(src: string) {
          const match = MENTION.exec(src);
          return match ? { type: "mention", raw: match[0], userId: match[1].toLowerCase() } : undefined;
        },
        renderer(token) {
          const id = (token as Tokens.Generic).userId as string;
          return `<span class="mention${id === ctx.me ? " me" : ""}" data-user-id="${escapeHtml(id)}">@${escapeHtml(ctx.nameOf(id))}</span>`;
        },
      },
    ],
    renderer: {
      // Raw HTML in a message is shown as the text the person typed.
      html(token) {
        return escapeHtml(token.text);
      },
      code(token) {
        const lang = (token.lang ?? "").split(/\s/)[0];
        if (!highlighter) requestHighlighter();
        const body = highlighter ? highlighter(token.text, lang) : escapeHtml(token.text);
        return `<pre><code class="hljs${lang ? ` language-${escapeHtml(lang)}` : ""}">${body}</code></pre>`;
      },
      image(token) {
        return escapeHtml(token.raw);
      },
    },
  });
  return m;
}

let purifyReady = false;
function purifier(): typeof DOMPurify {
  if (!purifyReady) {
    DOMPurify.addHook("afterSanitizeAttributes", (node) => {
      if (node.tagName === "IMG" && !EMOJI_SRC.test(node.getAttribute("src") ?? "")) node.remove();
      if (node.tagName === "A") {
        const href = node.getAttribute("href") ?? "";
        if (!/^(https?:|mailto:)/i.test(href)) node.removeAttribute("href");
        node.setAttribute("target", "_blank");
        node.setAttribute("rel", "noopener noreferrer nofollow ugc");
      }
    });
    purifyReady = true;
  }
  return DOMPurify;
}

const ALLOWED_TAGS = ["a", "b", "strong", "i", "em", "u", "s", "del", "code", "pre", "span", "p", "br", "blockquote", "ul", "ol", "li", "h1", "h2", "h3", "hr", "table", "thead", "tbody", "tr", "th", "td", "img"];
const ALLOWED_ATTR = ["href", "target", "rel", "class", "data-user-id", "tabindex", "role", "aria-label", "start", "src", "alt", "title", "loading"];

const cache = new Map<string, string>();
/** Rendered messages kept: enough for a few channels' worth of scrolling. */
const CACHE_MAX = 2000;

/** Sanitized HTML for a message's text. Cached per text (mention names resolved at render time are part of the key). */
export function renderMarkdown(text: string, ctx: RenderContext): string {
  const key = `${ctx.me}\u0000${text}`;
  const hit = cache.get(key);
  if (hit !== undefined && !text.includes("<@")) return hit;
  const raw = makeMarkedCached(ctx).parse(text) as string;
  const clean = purifier().sanitize(raw, { ALLOWED_TAGS, ALLOWED_ATTR, ALLOW_DATA_ATTR: false, RETURN_TRUSTED_TYPE: false }) as string;
  if (cache.size > CACHE_MAX) cache.clear();
  cache.set(key, clean);
  return clean;
}

let lastCtx: RenderContext | null = null;
let lastMarked: Marked | null = null;
function makeMarkedCached(ctx: RenderContext): Marked {
  if (ctx !== lastCtx || !lastMarked) {
    lastCtx = ctx;
    lastMarked = makeMarked(ctx);
  }
  return lastMarked;
}

/** Plain text of a message for previews (reply quotes, notifications): markdown markers removed, one line. */
export function plainExcerpt(text: string, max = 100): string {
  const s = text
    .replace(/```[\s\S]*?```/g, "[code]")
    .replace(/\|\|[\s\S]*?\|\|/g, "[spoiler]")
    .replace(/[*_~`>#]/g, "")
    .replace(/\s+/g, " ")
    .trim();
  return s.length > max ? s.slice(0, max - 1) + "…" : s;
}
