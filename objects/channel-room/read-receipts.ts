/**
 * Read receipts in DMs and group DMs (docs/api/messages.md, "Read receipts"): when someone's read position moves,
 * the others in the conversation hear `read_receipt { userId, seq }`. Both sides must share receipts (the
 * `read_receipts` setting, read from Postgres each time, so turning it off holds at once): who turns them off neither
 * shows nor sees them.
 */
import { liveViewers } from "./audience.ts";
import type { RoomSocket } from "./sockets.ts";

export class ReadReceipts {
  constructor(
    private readonly load: (userIds: string[]) => Promise<Map<string, boolean>>,
    private readonly sockets: () => Iterable<RoomSocket>,
  ) {}

  /** `userId` has read up to `seq`: tell the others watching, where both share receipts. */
  async moved(userId: string, seq: number): Promise<void> {
    const others = liveViewers(this.sockets()).filter((s) => s.userId !== userId);
    if (!others.length) return;
    const sharing = await this.load([userId, ...new Set(others.map((s) => s.userId))]);
    if (!sharing.get(userId)) return;
    const frame = JSON.stringify({ type: "read_receipt", userId, seq });
    for (const s of others) if (sharing.get(s.userId)) s.send(frame);
  }
}
