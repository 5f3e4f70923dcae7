/**
 * What hearth-channel-view says in words, as plain functions of what it shows: a DM's title, who is typing, why
 * live updates stopped, and why the composer is disabled.
 */
import { html, nothing } from "lit";
import { ApiError } from "../state/api.ts";
import type { Channel } from "../state/communities.ts";
import type { Async } from "../state/store.ts";

/** A DM's title: a group DM's name when it has one, else the other people's names. */
export function dmTitle(ch: Channel | undefined, me: string): string {
  if (ch?.kind === "group_dm" && ch.name) return ch.name;
  const others = (ch?.participants ?? []).filter((p) => p.id !== me);
  return others.map((p) => p.displayName).join(", ") || ch?.name || "Direct message";
}

/** The typing line for these names (three at most are named), with its dots; nothing when no one is typing. */
export function typingLine(names: string[]) {
  if (names.length === 0) return nothing;
  const text = names.length === 1 ? html`<strong>${names[0]}</strong> is typing…` : names.length <= 3 ? html`<strong>${names.join(", ")}</strong> are typing…` : html`Several people are typing…`;
  return html`<span class="dots" aria-hidden="true"><i></i><i></i><i></i></span>${text}`;
}

/** Why live updates stopped, in words (close codes and ticket refusals from docs/protocol.md). */
export function closedNotice(reason: string, noun: "channel" | "thread" = "channel"): string {
  if (reason === "4409") return "Hearth was updated. Reload the page to keep chatting.";
  if (reason === "4403" || reason === "403") return `You no longer have access to this ${noun}.`;
  if (reason === "4404" || reason === "404") return noun === "thread" ? "This thread was deleted, or you can no longer see it." : "This channel no longer exists, or you can no longer see it.";
  return `Live updates stopped for this ${noun}. Reload to reconnect.`;
}

/** Why the person cannot send here (timed out, archived, no encryption on this device, no right to), else null. */
export function disabledReason(c: {
  timedOutUntil: string | null | undefined;
  channel: Channel | undefined;
  /** The room's word that it is encrypted, which the channel list may not have yet. */
  encrypted: boolean | undefined;
  /** This browser's encryption device (web/state/e2ee.ts). */
  device: Async<unknown>;
  /** The person's permissions here, once known. */
  permissions: string | null | undefined;
  canReply: boolean;
  /** What the conversation is, for the wording (a thread is shown as a channel, see threadAsChannel). */
  noun?: "channel" | "thread";
}): string | null {
  if (c.timedOutUntil && new Date(c.timedOutUntil) > new Date()) {
    return `You're timed out until ${new Date(c.timedOutUntil).toLocaleString()}. You can read, but not send or react.`;
  }
  const noun = c.noun ?? "channel";
  if (c.channel?.archived) return `This ${noun} is archived: it's read-only.`;
  const device = c.device;
  // Offline is not a setup failure: sends queue and seal once the network is back.
  if ((c.channel?.encrypted || c.encrypted) && device.state === "error" && !(device.error instanceof ApiError && device.error.code === "network_error")) {
    return `End-to-end encryption couldn't be set up on this device: ${device.error.message}`;
  }
  if (c.permissions && !c.canReply) return noun === "thread" ? "You don't have permission to send messages in threads here." : "You don't have permission to send messages here.";
  return null;
}
