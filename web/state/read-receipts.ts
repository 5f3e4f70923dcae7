/**
 * Read receipts in DMs and group DMs (docs/api/messages.md, "Read receipts"): how far the others have read, from
 * `GET /channels/:id/read-receipts` when the conversation opens (and on every welcome, as a reconnect may have
 * missed some) and `read_receipt` frames after; and the line under one's last message that says who has seen it.
 */
import type { Api } from "./api.ts";

export class ReadReceipts {
  /** Others' read positions by user id: only ever move forward. */
  readonly seqs = new Map<string, number>();

  constructor(
    private readonly api: Api,
    private readonly channelId: string,
    private readonly changed: () => void,
  ) {}

  heard(userId: string, seq: number): void {
    if ((this.seqs.get(userId) ?? -1) >= seq) return;
    this.seqs.set(userId, seq);
    this.changed();
  }

  async load(): Promise<void> {
    try {
      const { receipts } = await this.api.get<{ receipts: { userId: string; seq: number }[] }>(`/api/v1/channels/${encodeURIComponent(this.channelId)}/read-receipts`);
      for (const r of receipts) this.heard(r.userId, r.seq);
    } catch {
      // Receipts are a courtesy: a failure shows none.
    }
  }
}

/**
 * The line under the reader's last message: "Seen" in a 1:1 DM, "Seen by everyone" or "Seen by Ann, Bob and 2
 * others" in a group; null when nobody else has read that far (or it is not the newest message of theirs).
 */
export function seenLine(
  messages: readonly { id: string; seq: number; authorId: string; deletedAt: string | null }[],
  me: string,
  seqs: ReadonlyMap<string, number>,
  others: readonly string[],
  nameOf: (userId: string) => string,
): { messageId: string; text: string } | null {
  let mine: (typeof messages)[number] | undefined;
  for (let i = messages.length - 1; i >= 0 && !mine; i--) if (messages[i].authorId === me && !messages[i].deletedAt) mine = messages[i];
  if (!mine || others.length === 0) return null;
  const readers = others.filter((id) => (seqs.get(id) ?? -1) >= mine.seq);
  if (readers.length === 0) return null;
  if (others.length === 1) return { messageId: mine.id, text: "Seen" };
  if (readers.length === others.length) return { messageId: mine.id, text: "Seen by everyone" };
  const names = readers.slice(0, 3).map(nameOf);
  const rest = readers.length - names.length;
  const list = rest > 0 ? `${names.join(", ")} and ${rest} other${rest === 1 ? "" : "s"}` : names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names.at(-1)}` : names[0];
  return { messageId: mine.id, text: `Seen by ${list}` };
}
