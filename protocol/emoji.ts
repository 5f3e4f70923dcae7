/**
 * Custom emoji (docs/api/emoji.md). In text an emoji is `<:name:id>`: clients show the picture at
 * `/api/v1/images/<id>` (an unknown or deleted one as `:name:`), and people type `:name:`, which the composer turns
 * into the token when it sends.
 */

export interface CustomEmoji {
  id: string;
  communityId: string;
  name: string;
  /** The picture (an `/api/v1/images/` path). */
  url: string;
  animated: boolean;
  createdBy: string | null;
}

export const EMOJI_NAME = /^[a-z0-9_]{2,32}$/;
export const MAX_EMOJI_PER_COMMUNITY = 50;
export const MAX_EMOJI_BYTES = 256 * 1024;

/** A custom emoji token anywhere in text: `<:name:uuid>`. */
export const CUSTOM_EMOJI_TOKEN = /<:([a-z0-9_]{2,32}):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})>/g;

/** The token for an emoji. */
export function emojiToken(e: Pick<CustomEmoji, "id" | "name">): string {
  return `<:${e.name}:${e.id}>`;
}

/**
 * `:name:` written for one of `emoji` becomes its token, outside code spans and blocks (where people write colons
 * for other reasons). Names not known stay as typed.
 */
export function withEmojiTokens(text: string, emoji: readonly Pick<CustomEmoji, "id" | "name">[]): string {
  if (!emoji.length || !text.includes(":")) return text;
  const byName = new Map(emoji.map((e) => [e.name, e]));
  return text
    .split(/(```[\s\S]*?```|`[^`\n]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/(?<![<\w]):([a-z0-9_]{2,32}):(?![\w-])/g, (whole, name: string) => (byName.has(name) ? emojiToken(byName.get(name)!) : whole))))
    .join("");
}
