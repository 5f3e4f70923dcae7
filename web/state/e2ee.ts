/**
 * End-to-end encryption in the client (docs/encryption.md): this browser's device identity, the device directory
 * as the server publishes it (cached and kept current by web/state/device-directory.ts), what this browser
 * remembers about people's devices (trust on first use, verification: kept by web/state/trust-book.ts), and
 * sealing and opening message envelopes with protocol/e2ee.ts. The crypto code (noble) is loaded on first use, so
 * screens without encrypted conversations do not pay for it.
 *
 * Every device list fetched from the server (a channel's before sending, a person's after a `devices_changed`
 * notice or for the encryption panel) is compared with what this browser remembers, so a device the server adds
 * or removes always shows up as a notice in the conversations with that person.
 */
import type { MessagePayload, OpenResult, PublicDevice, RestoredKey, SealedAttachment, SealedEnvelope, SealedPoll } from "../../protocol/e2ee.ts";
import type { MessageView } from "../../protocol/frames.ts";
import { MAX_ENVELOPE_BYTES, MAX_MENTIONS } from "../../protocol/limits.ts";
import { ApiError, type Api } from "./api.ts";
import { DeviceDirectory, type ChannelDirectory } from "./device-directory.ts";
import { forgetBackup, forgetDevice, forgetTrust, loadDevice, loadRestoredKeys, saveDevice, saveRestoredKeys, type StoredDevice } from "./device-keystore.ts";
import type { ContactStatus, DeviceStatus, MemberEvent, TrustEvent } from "./device-trust.ts";
import { Notifier, type Async } from "./store.ts";
import { TrustBook } from "./trust-book.ts";

type Lib = typeof import("../../protocol/e2ee.ts");
let lib: Promise<Lib> | null = null;
const loadLib = (): Promise<Lib> => (lib ??= import("../../protocol/e2ee.ts"));

/** A device as the UI lists it, with the code people compare out of band. */
export interface DeviceInfo extends PublicDevice {
  fingerprint: string;
  current?: boolean;
  /** Whether its self-signature holds (a device that fails is never sealed for). */
  valid: boolean;
}

/** The result of opening, plus "offline": the keys could not be fetched, so the session tries again later. */
export type ClientOpenResult = OpenResult | { ok: false; reason: "offline" };

/**
 * A send held back because someone the person verified has a device that is neither verified nor accepted
 * (docs/encryption.md). The conversation shows who, and offers to review the devices or send anyway.
 */
export class UnverifiedDevicesError extends Error {
  readonly code = "unverified_devices";
  constructor(readonly userIds: string[]) {
    // Shown after "Not sent: " on the held message, with the warning above the composer naming who.
    super("a device you haven't verified would be able to read it. Review the devices, or choose Send anyway");
  }
}

/** Whether a failure is the network's (worth trying again when it is back) rather than a refusal. */
function transient(e: unknown): boolean {
  if (e instanceof ApiError) return e.code === "network_error" || e.status >= 500 || e.status === 429;
  return e instanceof TypeError;
}

export class E2eeStore extends Notifier {
  /** This browser's device for the signed-in account. */
  device: Async<StoredDevice> = { state: "idle" };
  private userId: string | null = null;
  private ensuring: Promise<StoredDevice> | null = null;
  /** Channels' device lists and single devices, as the server publishes them. */
  private readonly directory: DeviceDirectory;
  private opened = new Map<string, Promise<ClientOpenResult>>();
  /** Earlier devices' secrets recovered from the key backup (web/state/key-backup.ts), loaded on first open. */
  private restored: Promise<RestoredKey[]> | null = null;
  /** Keys were recovered from the backup: the open conversation tries its locked messages again (set by the app). */
  onKeysRestored: () => void = () => {};
  /** Bumped when a person's devices change, so open panels refetch. */
  version = 0;
  /** What this browser remembers about people's devices and conversations' members, for this account. */
  private trust = new TrustBook({
    changed: () => this.changed(),
    selfDevice: () => (this.device.state === "ready" ? this.device.value.deviceId : undefined),
    nameOf: (userId) => this.nameOf(userId),
    refetch: (userId) => this.devicesOf(userId),
  });

  /** A person's display name if this browser knows it (set by the app: the members store). */
  nameOf: (userId: string) => string | undefined = () => undefined;

  constructor(private readonly api: Api) {
    super();
    this.directory = new DeviceDirectory(api, (channelId, list) => this.observeList(channelId, list));
  }

  useAccount(userId: string | null): void {
    this.userId = userId;
    this.ensuring = null;
    this.device = { state: "idle" };
    this.directory.clear();
    this.opened.clear();
    this.restored = null;
    this.trust.useAccount(userId);
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

  /**
   * Signing out: this browser's keys for the account are deleted (a shared computer keeps nothing readable), and
   * so is what it remembered about people's devices (which says whom the account talks to).
   */
  async forgetThisDevice(userId: string): Promise<void> {
    try {
      await forgetDevice(userId);
      await forgetTrust(userId);
      await forgetBackup(userId);
    } catch {
      /* no IndexedDB: nothing was stored */
    }
  }

  /** The earlier devices' secrets this browser recovered from the key backup. */
  private restoredKeys(): Promise<RestoredKey[]> {
    const userId = this.userId;
    if (!userId) return Promise.resolve([]);
    return (this.restored ??= loadRestoredKeys(userId).catch(() => []));
  }

  /**
   * Secrets of earlier devices recovered from the key backup: kept in this browser, and every message that did
   * not open is tried again with them.
   */
  async addRestoredKeys(keys: RestoredKey[]): Promise<void> {
    const userId = this.userId;
    if (!userId || keys.length === 0) return;
    const before = await this.restoredKeys();
    await saveRestoredKeys(userId, keys);
    const fresh = new Set(keys.map((k) => k.deviceId));
    this.restored = Promise.resolve([...before.filter((k) => !fresh.has(k.deviceId)), ...keys]);
    for (const [key, p] of this.opened) {
      void p.then((r) => {
        if (!r.ok && this.opened.get(key) === p) this.opened.delete(key);
      });
    }
    await Promise.all([...this.opened.values()]);
    this.onKeysRestored();
    this.changed();
  }

  /**
   * A person's devices changed (H7): lists that include them are fetched again before the next send, and their
   * list is fetched now so the change shows in conversations with them at once.
   */
  devicesChanged(userId: string): void {
    this.directory.personChanged(userId);
    this.version++;
    this.changed();
    this.trust.devicesChanged(userId);
  }

  /**
   * The hub (re)connected: notices sent while it was away are lost, so every list is fetched again before the
   * next send. Also covers lists fetched before the hub's first welcome.
   */
  hubConnected(): void {
    this.directory.allStale();
  }

  /**
   * Someone joined or left a group DM (H8): its device list is fetched again before the next send, and now when
   * `refetch` (the conversation is open), so who joined or left shows in its timeline at once.
   */
  membersChanged(channelId: string, refetch: boolean): void {
    this.directory.channelChanged(channelId);
    if (refetch) void this.directory.channel(channelId, true).catch(() => {
      /* offline: the next send fetches it */
    });
  }

  // Trust on first use and verification, kept by the TrustBook; these are what the components call.

  /** Marks a person verified for the fingerprints the owner compared (the ones on screen, not whatever is newest). */
  verify(userId: string, fingerprints: string[]): void {
    this.trust.verify(userId, fingerprints);
  }

  unverify(userId: string): void {
    this.trust.unverify(userId);
  }

  /** "Send anyway": stop holding sends back for these people's current devices, without verifying them. */
  sendAnyway(userIds: string[]): void {
    this.trust.sendAnyway(userIds);
  }

  contactStatus(userId: string): ContactStatus {
    return this.trust.contactStatus(userId);
  }

  deviceStatus(userId: string, fingerprint: string): DeviceStatus {
    return this.trust.deviceStatus(userId, fingerprint);
  }

  /** Of `userIds`, those who were verified and now have a device that is neither verified nor accepted. */
  unverifiedChanges(userIds: string[]): string[] {
    return this.trust.unverifiedChanges(userIds);
  }

  /** The members of an encrypted channel as its last device list said, or null before one was fetched. */
  membersOf(channelId: string): string[] | null {
    return this.trust.membersOf(channelId);
  }

  /** Who joined or left an encrypted conversation since `since` (ISO time), oldest first. */
  memberChangesOf(channelId: string, since?: string): MemberEvent[] {
    return this.trust.memberChangesOf(channelId, since);
  }

  /** What an encrypted conversation's timeline shows, oldest first (TrustBook.conversationChanges). */
  conversationChanges(channelId: string, members: string[], since: string | undefined, withMembers: boolean): (TrustEvent | (MemberEvent & { fingerprint: "" }))[] {
    return this.trust.conversationChanges(channelId, members, since, withMembers);
  }

  /** Device changes of `userIds` since `since` (ISO time), oldest first: the notices a conversation shows. */
  changesOf(userIds: string[], since?: string): TrustEvent[] {
    return this.trust.changesOf(userIds, since);
  }

  /**
   * Opening an encrypted conversation: fetch its device list (unless a fresh one is cached), so changes since the
   * last visit show at once and the first visit records what is there (trust on first use).
   */
  async prepare(channelId: string): Promise<void> {
    await this.ensureDevice();
    await this.directory.channel(channelId, false);
  }

  /** One device's public record (revoked ones too, so old messages verify); null when the server knows none. */
  publicDevice(id: string): Promise<PublicDevice | null> {
    return this.directory.device(id);
  }

  /**
   * Before anything is sealed for a fetched list, who is in it and every member's devices are compared with what
   * is remembered.
   */
  private async observeList(channelId: string, list: ChannelDirectory): Promise<void> {
    const { deviceFingerprint, verifyDeviceRegistration } = await loadLib();
    await Promise.all([
      this.trust.observeMembers(channelId, list.members, list.at),
      ...list.members.map((userId) =>
        this.trust.observe(
          userId,
          list.devices.filter((d) => d.userId === userId && verifyDeviceRegistration(userId, d)).map((d) => ({ id: d.id, fingerprint: deviceFingerprint(d.userId, d.ed25519, d.x25519) })),
          list.at,
        ),
      ),
    ]);
  }

  /**
   * Seals `content`, and what readers need to know of the message's encrypted files (`attachments`), for every
   * current device of everyone who can read the channel, with a poll's answers when it starts one. Throws with a sentence.
   */
  async seal(channelId: string, messageNonce: string, content: string, attachments: readonly SealedAttachment[] = [], poll?: SealedPoll): Promise<{ envelope: SealedEnvelope; mentions: string[] }> {
    const me = await this.ensureDevice();
    const { seal, verifyDeviceRegistration, fromB64u } = await loadLib();
    let dir = await this.directory.channel(channelId, false);
    // Our own device missing means the list predates it: fetch once more rather than seal for an old list.
    if (!dir.devices.some((d) => d.id === me.deviceId)) dir = await this.directory.channel(channelId, true);
    // A person verified earlier has a device nobody compared or accepted: ask before it can read anything.
    const held = this.unverifiedChanges(dir.members);
    if (held.length) throw new UnverifiedDevicesError(held);
    // Only devices whose self-signature holds for a current member: the server cannot slip in a key of its own.
    const recipients = dir.devices.filter((d) => dir.members.includes(d.userId) && verifyDeviceRegistration(d.userId, d));
    const mentions = mentionsIn(content).filter((id) => dir.members.includes(id));
    const payload: MessagePayload = { content, ...(mentions.length ? { mentions } : {}), ...(attachments.length ? { attachments: [...attachments] } : {}), ...(poll ? { poll } : {}) };
    const envelope = seal({ channelId, messageNonce, sender: { deviceId: me.deviceId, secrets: me.secrets }, recipients: recipients.map((d) => ({ deviceId: d.id, x25519: fromB64u(d.x25519) })), payload });
    if (new TextEncoder().encode(JSON.stringify(envelope)).length > MAX_ENVELOPE_BYTES) {
      throw new Error("This message is too long to encrypt for everyone's devices: shorten it.");
    }
    return { envelope, mentions };
  }

  /**
   * Verifies and decrypts a message's envelope for this device. Never throws: a failure is a locked message, or
   * "offline" when this device's keys or the sender's could not be fetched (not remembered, so it can be retried).
   */
  open(m: Pick<MessageView, "id" | "channelId" | "nonce" | "authorId" | "envelope">): Promise<ClientOpenResult> {
    const env = m.envelope;
    if (!env) return Promise.resolve({ ok: false, reason: "unsupported" });
    const key = `${m.id}:${typeof env.sig === "string" ? env.sig : env.ciphertext.slice(0, 64)}`;
    let p = this.opened.get(key);
    if (!p) {
      p = (async (): Promise<ClientOpenResult> => {
        try {
          const me = await this.ensureDevice();
          const { open } = await loadLib();
          const sender = await this.publicDevice(env.senderDevice);
          const restored = await this.restoredKeys();
          return open({ channelId: m.channelId, messageNonce: m.nonce, envelope: env, authorId: m.authorId, senderDevice: sender, me: { deviceId: me.deviceId, secrets: me.secrets }, restored });
        } catch (e) {
          this.opened.delete(key);
          return { ok: false, reason: transient(e) ? "offline" : "not_for_this_device" };
        }
      })();
      this.opened.set(key, p);
    }
    return p;
  }

  /**
   * A user's live devices with fingerprints, marking this browser's, compared with what is remembered about them
   * (so the panel's labels and any notice agree with the list it shows).
   */
  async devicesOf(userId: string): Promise<DeviceInfo[]> {
    const { deviceFingerprint, verifyDeviceRegistration } = await loadLib();
    const at = Date.now();
    const path = userId === this.userId ? "me" : encodeURIComponent(userId);
    const res = await this.api.get<{ devices: (PublicDevice & { current?: boolean })[] }>(`/api/v1/users/${path}/devices`);
    const list = res.devices.map((d) => ({ ...d, fingerprint: deviceFingerprint(d.userId, d.ed25519, d.x25519), valid: d.userId === userId && verifyDeviceRegistration(d.userId, d) }));
    await this.trust.observe(userId, list.filter((d) => d.valid), at);
    return list;
  }
}

/** `<@user-id>` mentions in text, as the server parses plain messages (P19), for the envelope's declared list. */
export function mentionsIn(content: string): string[] {
  const ids = new Set<string>();
  for (const m of content.matchAll(/<@([0-9a-fA-F-]{36})>/g)) ids.add(m[1].toLowerCase());
  return [...ids].slice(0, MAX_MENTIONS);
}
