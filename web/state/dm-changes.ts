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
