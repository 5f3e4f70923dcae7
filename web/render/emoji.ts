/**
 * Emoji shortcodes (`:smile:` → 😄) from emojibase-data's GitHub set, loaded on first use as a separate chunk so
 * the first page load does not carry ~45 KB of names.
 */
export interface EmojiEntry {
  code: string;
  emoji: string;
}

let entries: EmojiEntry[] | null = null;
let loading: Promise<EmojiEntry[]> | null = null;

/** Reactions offered before the data loads, and first in the picker. */
export const QUICK_REACTIONS = ["👍", "❤️", "😂", "🎉", "😮", "😢", "🔥", "👀"];

function fromHex(hex: string): string {
  return String.fromCodePoint(...hex.split("-").map((h) => parseInt(h, 16)));
}

export function loadEmoji(): Promise<EmojiEntry[]> {
  loading ??= import("emojibase-data/en/shortcodes/github.json").then((mod) => {
    const data = (mod as { default: Record<string, string | string[]> }).default;
    const out: EmojiEntry[] = [];
    for (const [hex, codes] of Object.entries(data)) for (const code of Array.isArray(codes) ? codes : [codes]) out.push({ code, emoji: fromHex(hex) });
    out.sort((a, b) => a.code.length - b.code.length || a.code.localeCompare(b.code));
    entries = out;
    return out;
  });
  return loading;
}

/** Up to `limit` emoji whose shortcode starts with (then contains) the query. Empty until the data has loaded. */
export function searchEmoji(query: string, limit = 8): EmojiEntry[] {
  if (!entries) {
    void loadEmoji();
    return [];
  }
  const q = query.toLowerCase();
  const starts = entries.filter((e) => e.code.startsWith(q));
  const contains = starts.length >= limit ? [] : entries.filter((e) => !e.code.startsWith(q) && e.code.includes(q));
  return [...starts, ...contains].slice(0, limit);
}

/** Replaces complete `:shortcode:`s in text with their emoji (known codes only). */
export function replaceShortcodes(text: string): string {
  if (!entries) return text;
  const map = new Map(entries.map((e) => [e.code, e.emoji]));
  return text.replace(/:([a-z0-9_+-]{1,40}):/g, (m, code: string) => map.get(code) ?? m);
}

let byEmoji: Map<string, string> | null = null;

/** A community emoji's token (`<:name:id>`, docs/api/emoji.md) taken apart, or null for anything else. */
export function customEmojiOf(emoji: string): { name: string; id: string; url: string } | null {
  const m = /^<:([a-z0-9_]{2,32}):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})>$/.exec(emoji);
  return m ? { name: m[1], id: m[2], url: `/api/v1/images/${m[2]}` } : null;
}

/** `:tada:` for 🎉 once the data has loaded (the shortest GitHub shortcode), `:name:` for a community emoji, else the emoji itself. */
export function shortcodeFor(emoji: string): string {
  const custom = customEmojiOf(emoji);
  if (custom) return `:${custom.name}:`;
  if (!entries) return emoji;
  byEmoji ??= new Map([...entries].reverse().map((e) => [e.emoji, e.code]));
  const code = byEmoji.get(emoji) ?? byEmoji.get(emoji.replace(/\uFE0F/g, ""));
  return code ? `:${code}:` : emoji;
}
