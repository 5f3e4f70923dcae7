/**
 * Who renamed a group DM, added someone or left it (docs/protocol.md H8), per conversation, for the timeline's
 * notice rows: the stored history from `GET /dms/:id/changes` (loaded when the conversation is opened, again after
 * the hub reconnects, since notices are lost while it is away) merged with what the hub pushes live, each change
 * once by its id.
 */
import type { DmChangedFrame } from "../../protocol/frames.ts";
import type { Api } from "./api.ts";
import type { UserRef } from "./members.ts";
import { Notifier } from "./store.ts";

export type DmChange = Omit<DmChangedFrame, "type">;

/** How many changes one conversation keeps (what the server returns): a timeline shows the recent ones. */
const MAX_PER_CHANNEL = 100;

export class DmChanges extends Notifier {
  private byChannel = new Map<string, DmChange[]>();
  /** Conversations whose stored changes were fetched (or are being fetched) since the last reset. */
  private loaded = new Set<string>();
  private generation = 0;

  /** `learn` hears the names of everyone the stored changes mention (a leaver is in no other list a client loads). */
  constructor(
    private readonly api: Pick<Api, "get">,
    private readonly learn: (users: UserRef[]) => void = () => {},
  ) {
    super();
  }

  record(f: DmChange): void {
    const { id, channelId, change, actorId, userId, name, at } = f;
    this.merge(channelId, [{ id, channelId, change, actorId, userId, name, at }]);
  }

  /** Fetches a group DM's stored changes once (until the hub reconnects or the account changes). Never throws. */
  async ensure(channelId: string): Promise<void> {
    if (this.loaded.has(channelId)) return;
    this.loaded.add(channelId);
    const generation = this.generation;
    try {
      const res = await this.api.get<{ changes: DmChange[]; users?: UserRef[] }>(`/api/v1/dms/${encodeURIComponent(channelId)}/changes`);
      if (generation !== this.generation) return;
      this.learn(res.users ?? []);
      this.merge(channelId, res.changes);
    } catch {
      // Offline or gone: the timeline shows what the hub pushes; the next open tries again.
      if (generation === this.generation) this.loaded.delete(channelId);
    }
  }

  /** The hub (re)connected: changes pushed while it was away are fetched again on the next ensure(). */
  hubConnected(): void {
    this.loaded.clear();
    this.changed();
  }

  of(channelId: string): readonly DmChange[] {
    return this.byChannel.get(channelId) ?? NONE;
  }

  forget(): void {
    this.generation++;
    this.byChannel.clear();
    this.loaded.clear();
    this.changed();
  }

  private merge(channelId: string, incoming: readonly DmChange[]): void {
    const list = this.byChannel.get(channelId) ?? [];
    const known = new Set(list.map((c) => c.id));
    const fresh = incoming.filter((c) => !known.has(c.id) && known.add(c.id));
    if (fresh.length === 0) return;
    const all = [...list, ...fresh].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : 1));
    this.byChannel.set(channelId, all.slice(-MAX_PER_CHANNEL));
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
