/**
 * Forwarding a message (the web client's "Forward"): its text goes, as a quote headed by who wrote it and where, in a
 * new message of one's own in another conversation, sealed there like any message when that conversation is
 * end-to-end encrypted. It is a quote by the person forwarding, as in any chat app: the server does not vouch for it.
 */
import { MAX_MESSAGE_CHARS } from "../../protocol/limits.ts";

/** The text of a forward: a header line and the original quoted line by line, cut to fit one message. */
export function forwardText(author: string, where: string, text: string, attachments: number): string {
  const header = `> ↪ Forwarded from **${author.replace(/[*_`~|>\\]/g, "\\$&")}** · ${where}`;
  const note = attachments ? `\n> _(${attachments} attachment${attachments === 1 ? "" : "s"} not forwarded)_` : "";
  const room = MAX_MESSAGE_CHARS - header.length - note.length - 8;
  const body = text.length > room ? `${text.slice(0, room - 1)}…` : text;
  const quoted = body
    .split("\n")
    .map((line) => `> ${line}`)
    .join("\n");
  return `${header}\n${quoted}${note}`;
}
