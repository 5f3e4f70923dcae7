/**
 * End-to-end encryption in the client (docs/encryption.md): this browser's device identity, the device directory
 * as the server publishes it (cached, refreshed when a hub says a person's devices changed), and sealing and
 * opening message envelopes with protocol/e2ee.ts. The crypto code (noble) is loaded on first use, so screens
 * without encrypted conversations do not pay for it.
 */
import type { MessagePayload, OpenResult, PublicDevice, SealedEnvelope } from "../../protocol/e2ee.ts";
import type { MessageView } from "../../protocol/frames.ts";
import { MAX_ENVELOPE_BYTES, MAX_MENTIONS } from "../../protocol/limits.ts";
import { ApiError, type Api } from "./api.ts";
import { forgetDevice, loadDevice, saveDevice, type StoredDevice } from "./device-keystore.ts";
import { Notifier, type Async } from "./store.ts";

type Lib = typeof import("../../protocol/e2ee.ts");
let lib: Promise<Lib> | null = null;
const loadLib = (): Promise<Lib> => (lib ??= import("../../protocol/e2ee.ts"));

/**
 * How long a channel's device list is trusted before a send fetches it again. Hubs announce changes in DMs at
 * once (H7); this bounds how late a new device in an encrypted community channel (not announced) is included.
 */
const DIRECTORY_TTL_MS = 30_000;

interface ChannelDirectory {
  at: number;
  members: string[];
  devices: PublicDevice[];
}

/** A device as the UI lists it, with the code people compare out of band. */
export interface DeviceInfo extends PublicDevice {
  fingerprint: string;
  current?: boolean;
}

export class E2eeStore extends Notifier {
  /** This browser's device for the signed-in account. */
  device: Async<StoredDevice> = { state: "idle" };
  private userId: string | null = null;
  private ensuring: Promise<StoredDevice> | null = null;
  private publicDevices = new Map<string, Promise<PublicDevice | null>>();
  private directories = new Map<string, ChannelDirectory>();
  private opened = new Map<string, Promise<OpenResult>>();
  /** Bumped when a person's devices change, so open panels refetch. */
  version = 0;

  constructor(private readonly api: Api) {
    super();
  }

  useAccount(userId: string | null): void {
    this.userId = userId;
    this.ensuring = null;
    this.device = { state: "idle" };
    this.publicDevices.clear();
    this.directories.clear();
    this.opened.clear();
    this.changed();
  }

  /**
   * This browser's registered device: the stored one if the server still knows it under this session, else new
   * keys. One at a time per account across tabs (a Web Lock), since tabs share the session and its one device.
   */
  ensureDevice(): Promise<StoredDevice> {
    const userId = this.userId;
    if (!userId) return Promise.reject(new Error("Sign in first."));
    if (this.ensuring) return this.ensuring;
    this.device = { state: "loading" };
    const run = async (): Promise<StoredDevice> => {
      const { deviceRegistration, generateDeviceSecrets } = await loadLib();
      const stored = await loadDevice(userId);
      if (stored) {
        try {
          const known = await this.api.post<PublicDevice>("/api/v1/devices", deviceRegistration(stored.secrets, userId));
          if (known.id === stored.deviceId) return stored;
        } catch (e) {
          // Keys of an ended session (signed out elsewhere, revoked): this session needs new ones.
          if (!(e instanceof ApiError && e.code === "device_key_in_use")) throw e;
        }
      }
      const secrets = generateDeviceSecrets();
      const created = await this.api.post<PublicDevice>("/api/v1/devices", deviceRegistration(secrets, userId));
      const rec = { userId, deviceId: created.id, secrets };
      await saveDevice(rec);
      return rec;
    };
    const locked = (typeof navigator !== "undefined" && navigator.locks ? navigator.locks.request(`hearth-e2ee-device:${userId}`, run) : run()) as Promise<StoredDevice>;
    this.ensuring = locked.then(
      (rec) => {
        if (this.userId === userId) this.device = { state: "ready", value: rec };
        this.changed();
        return rec;
      },
      (error: Error) => {
        if (this.userId === userId) {
          this.device = { state: "error", error };
          this.ensuring = null;
        }
        this.changed();
        throw error;
      },
    );
    return this.ensuring;
  }

  /** Signing out: this browser's keys for the account are deleted (a shared computer keeps nothing readable). */
  async forgetThisDevice(userId: string): Promise<void> {
    try {
      await forgetDevice(userId);
    } catch {
      /* no IndexedDB: nothing was stored */
    }
  }

  /** A person's devices changed (H7): lists that include them are fetched again before the next send. */
  devicesChanged(userId: string): void {
    for (const [id, dir] of this.directories) if (dir.members.includes(userId)) this.directories.delete(id);
    this.version++;
    this.changed();
  }

  /** One device's public record (revoked ones too, so old messages verify); null when the server knows none. */
  publicDevice(id: string): Promise<PublicDevice | null> {
    let p = this.publicDevices.get(id);
    if (!p) {
      p = this.api.get<PublicDevice>(`/api/v1/devices/${encodeURIComponent(id)}`).catch((e) => {
        this.publicDevices.delete(id);
        if (e instanceof ApiError && (e.code === "device_not_found" || e.status === 400)) return null;
        throw e;
      });
      this.publicDevices.set(id, p);
    }
    return p;
  }

  private async directory(channelId: string, fresh: boolean): Promise<ChannelDirectory> {
    const cached = this.directories.get(channelId);
    if (!fresh && cached && Date.now() - cached.at < DIRECTORY_TTL_MS) return cached;
    const res = await this.api.get<{ members: string[]; devices: PublicDevice[] }>(`/api/v1/channels/${encodeURIComponent(channelId)}/devices`);
    const dir = { at: Date.now(), ...res };
    this.directories.set(channelId, dir);
    return dir;
  }

  /** Seals `content` for every current device of everyone who can read the channel. Throws with a sentence. */
  async seal(channelId: string, messageNonce: string, content: string): Promise<{ envelope: SealedEnvelope; mentions: string[] }> {
    const me = await this.ensureDevice();
    const { seal, verifyDeviceRegistration, fromB64u } = await loadLib();
    let dir = await this.directory(channelId, false);
    // Our own device missing means the list predates it: fetch once more rather than seal for an old list.
    if (!dir.devices.some((d) => d.id === me.deviceId)) dir = await this.directory(channelId, true);
    // Only devices whose self-signature holds for a current member: the server cannot slip in a key of its own.
    const recipients = dir.devices.filter((d) => dir.members.includes(d.userId) && verifyDeviceRegistration(d.userId, d));
    const mentions = mentionsIn(content).filter((id) => dir.members.includes(id));
    const payload: MessagePayload = mentions.length ? { content, mentions } : { content };
    const envelope = seal({ channelId, messageNonce, sender: { deviceId: me.deviceId, secrets: me.secrets }, recipients: recipients.map((d) => ({ deviceId: d.id, x25519: fromB64u(d.x25519) })), payload });
    if (new TextEncoder().encode(JSON.stringify(envelope)).length > MAX_ENVELOPE_BYTES) {
      throw new Error("This message is too long to encrypt for everyone's devices: shorten it.");
    }
    return { envelope, mentions };
  }

  /** Verifies and decrypts a message's envelope for this device. Never throws: a failure is a locked message. */
  open(m: Pick<MessageView, "id" | "channelId" | "nonce" | "authorId" | "envelope">): Promise<OpenResult> {
    const env = m.envelope;
    if (!env) return Promise.resolve({ ok: false, reason: "unsupported" });
    const key = `${m.id}:${typeof env.sig === "string" ? env.sig : env.ciphertext.slice(0, 64)}`;
    let p = this.opened.get(key);
    if (!p) {
      p = (async (): Promise<OpenResult> => {
        try {
          const me = await this.ensureDevice();
          const { open } = await loadLib();
          const sender = await this.publicDevice(env.senderDevice);
          return open({ channelId: m.channelId, messageNonce: m.nonce, envelope: env, authorId: m.authorId, senderDevice: sender, me: { deviceId: me.deviceId, secrets: me.secrets } });
        } catch {
          // Offline or no device: not cached, so the next render tries again.
          this.opened.delete(key);
          return { ok: false, reason: "not_for_this_device" };
        }
      })();
      this.opened.set(key, p);
    }
    return p;
  }

  /** A user's live devices with fingerprints ("me": this account's, marking this browser's). */
  async devicesOf(userId: string): Promise<DeviceInfo[]> {
    const { deviceFingerprint } = await loadLib();
    const res = await this.api.get<{ devices: (PublicDevice & { current?: boolean })[] }>(`/api/v1/users/${encodeURIComponent(userId)}/devices`);
    return res.devices.map((d) => ({ ...d, fingerprint: deviceFingerprint(d.userId, d.ed25519, d.x25519) }));
  }
}

/** `<@user-id>` mentions in text, as the server parses plain messages (P19), for the envelope's declared list. */
export function mentionsIn(content: string): string[] {
  const ids = new Set<string>();
  for (const m of content.matchAll(/<@([0-9a-fA-F-]{36})>/g)) ids.add(m[1].toLowerCase());
  return [...ids].slice(0, MAX_MENTIONS);
}
