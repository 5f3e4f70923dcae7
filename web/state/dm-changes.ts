/**
 * Who renamed a group DM, added someone or left it, as the hub told this page (docs/protocol.md H8), kept per
 * conversation for the timeline's notice rows. Only changes seen while the page is open are known: they are not
 * stored on the server or in the browser (docs/web.md "Group DMs"). Who is in a conversation after a reload still
 * shows through the encryption notices (web/state/device-trust.ts), which are remembered.
 */
import type { DmChangedFrame } from "../../protocol/frames.ts";
import { Notifier } from "./store.ts";

export type DmChange = Omit<DmChangedFrame, "type"> & { id: string };

/** How many changes one conversation keeps: a timeline shows the recent ones; older ones add nothing. */
const MAX_PER_CHANNEL = 50;

export class DmChanges extends Notifier {
  private byChannel = new Map<string, DmChange[]>();
  private seq = 0;

  record(f: Omit<DmChangedFrame, "type">): void {
    const list = this.byChannel.get(f.channelId) ?? [];
    const { channelId, change, actorId, userId, name, at } = f;
    list.push({ id: `dm-change-${++this.seq}`, channelId, change, actorId, userId, name, at });
    this.byChannel.set(f.channelId, list.slice(-MAX_PER_CHANNEL));
    this.changed();
  }

  of(channelId: string): readonly DmChange[] {
    return this.byChannel.get(channelId) ?? NONE;
  }

  forget(): void {
    this.byChannel.clear();
    this.changed();
  }
}

const NONE: readonly DmChange[] = [];

/** How far apart a member notice (device list fetched) and the hub's word on the same change may be to be one row. */
const MERGE_WINDOW_MS = 60_000;

/** A timeline row: an encryption notice (with who caused it, when known), or a change only the hub told of. */
export type ConversationRow<E> = { event: E; actorId?: string } | { change: DmChange };

/**
 * The encryption notices of a conversation merged with the hub's changes, oldest first: a member notice and a
 * change about the same person joining or leaving, within a minute of each other, are one row naming who did it.
 */
export function mergeChanges<E extends { at: string; kind: string; userId?: string }>(events: readonly E[], changes: readonly DmChange[]): ConversationRow<E>[] {
  const used = new Set<string>();
  const rows: (ConversationRow<E> & { at: string })[] = events.map((event) => {
    const change = event.kind === "joined" ? "participant_added" : event.kind === "left" ? "participant_left" : null;
    const c = change && changes.find((c) => !used.has(c.id) && c.change === change && c.userId === event.userId && Math.abs(Date.parse(c.at) - Date.parse(event.at)) < MERGE_WINDOW_MS);
    if (!c) return { event, at: event.at };
    used.add(c.id);
    return { event, actorId: c.actorId, at: event.at };
  });
  for (const change of changes) if (!used.has(change.id)) rows.push({ change, at: change.at });
  return rows.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)).map(({ at: _, ...row }) => row as ConversationRow<E>);
}
