/**
 * The device directory as the server publishes it, cached for E2eeStore (web/state/e2ee.ts): each encrypted
 * channel's members and their devices, and single devices by id (a message's sender, revoked ones included so old
 * messages verify).
 *
 * A channel's list is kept DIRECTORY_TTL_MS and dropped at once by the notices that make it stale: a person's
 * devices changed (H7), a conversation's members changed (H8), the hub reconnected (notices may have been lost).
 * Each of those also bumps an epoch: a list whose fetch began before the last bump is fetched again (a few times
 * at most), since the notice may describe a change the server made after it answered. Every list fetched is handed
 * to `observe` before anything is sealed for it, so what the browser remembers about people's devices (the
 * TrustBook) always sees it first.
 */
import type { PublicDevice } from "../../protocol/e2ee.ts";
import { ApiError, type Api } from "./api.ts";

/**
 * How long a channel's device list is trusted before a send fetches it again. Hubs announce changes in DMs at
 * once (H7); this bounds how late a new device in an encrypted community channel (not announced) is included.
 */
const DIRECTORY_TTL_MS = 30_000;
/** Fetches of one device list while notices keep arriving, before the newest answer is used anyway. */
const DIRECTORY_TRIES = 3;

export interface ChannelDirectory {
  /** When the fetch that answered began (ms). */
  at: number;
  members: string[];
  devices: PublicDevice[];
}

export class DeviceDirectory {
  private lists = new Map<string, ChannelDirectory>();
  private devices = new Map<string, Promise<PublicDevice | null>>();
  private epoch = 0;

  constructor(
    private readonly api: Api,
    private readonly observe: (channelId: string, list: ChannelDirectory) => Promise<void>,
  ) {}

  /** Another account: nothing cached is theirs. */
  clear(): void {
    this.lists.clear();
    this.devices.clear();
  }

  /** A person's devices changed (H7): every list that includes them is stale. */
  personChanged(userId: string): void {
    this.epoch++;
    for (const [id, list] of this.lists) if (list.members.includes(userId)) this.lists.delete(id);
  }

  /** A conversation's members changed (H8). */
  channelChanged(channelId: string): void {
    this.epoch++;
    this.lists.delete(channelId);
  }

  /** The hub (re)connected: notices sent while it was away are lost, so every list is stale. */
  allStale(): void {
    this.epoch++;
    this.lists.clear();
  }

  /** A channel's members and devices: the cached list while fresh (unless `fresh`), else fetched and observed. */
  async channel(channelId: string, fresh: boolean): Promise<ChannelDirectory> {
    const cached = this.lists.get(channelId);
    if (!fresh && cached && Date.now() - cached.at < DIRECTORY_TTL_MS) return cached;
    let list: ChannelDirectory;
    for (let tries = 1; ; tries++) {
      const epoch = this.epoch;
      const at = Date.now();
      const res = await this.api.get<{ members: string[]; devices: PublicDevice[] }>(`/api/v1/channels/${encodeURIComponent(channelId)}/devices`);
      list = { at, ...res };
      if (epoch === this.epoch || tries === DIRECTORY_TRIES) break;
    }
    this.lists.set(channelId, list);
    await this.observe(channelId, list);
    return list;
  }

  /** One device's public record; null when the server knows none. */
  device(id: string): Promise<PublicDevice | null> {
    let p = this.devices.get(id);
    if (!p) {
      p = this.api.get<PublicDevice>(`/api/v1/devices/${encodeURIComponent(id)}`).catch((e) => {
        this.devices.delete(id);
        if (e instanceof ApiError && (e.code === "device_not_found" || e.status === 400)) return null;
        throw e;
      });
      this.devices.set(id, p);
    }
    return p;
  }
}
