/**
 * End-to-end encryption in the client (docs/encryption.md): this browser's device identity, the device directory
 * as the server publishes it (cached, refreshed when a hub says a person's devices changed), what this browser
 * remembers about people's devices (trust on first use, verification: web/state/device-trust.ts), and sealing and
 * opening message envelopes with protocol/e2ee.ts. The crypto code (noble) is loaded on first use, so screens
 * without encrypted conversations do not pay for it.
 *
 * Every device list fetched from the server (a channel's before sending, a person's after a `devices_changed`
 * notice or for the encryption panel) is compared with what this browser remembers, so a device the server adds
 * or removes always shows up as a notice in the conversations with that person.
 */
import type { MessagePayload, OpenResult, PublicDevice, SealedEnvelope } from "../../protocol/e2ee.ts";
import type { MessageView } from "../../protocol/frames.ts";
import { MAX_ENVELOPE_BYTES, MAX_MENTIONS } from "../../protocol/limits.ts";
import { ApiError, type Api } from "./api.ts";
import { forgetDevice, forgetTrust, loadDevice, loadTrust, saveDevice, saveTrust, type StoredDevice } from "./device-keystore.ts";
import {
  acceptCurrent,
  clearVerified,
  contactStatus,
  deviceStatus,
  markVerified,
  observe,
  observeMembers,
  type ContactStatus,
  type ContactTrust,
  type ConversationMembers,
  type DeviceStatus,
  type MemberEvent,
  type TrustEvent,
} from "./device-trust.ts";
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
  private publicDevices = new Map<string, Promise<PublicDevice | null>>();
  private directories = new Map<string, ChannelDirectory>();
  private opened = new Map<string, Promise<ClientOpenResult>>();
  /** Bumped when a person's devices change, so open panels refetch. */
  version = 0;
  /** What this browser remembers about each person's devices (this account's records), by user id. */
  private trust = new Map<string, ContactTrust>();
  private trustLoaded: Promise<void> = Promise.resolve();
  /** Observations are applied one at a time, so two fetches cannot both start from the same record. */
  private observing: Promise<void> = Promise.resolve();
  /** The members of each encrypted conversation as its last device list said, and who joined or left, by channel. */
  private conversations = new Map<string, ConversationMembers>();
  /** People whose list a `devices_changed` asked to fetch, gathered for one fetch each. */
  private refetching = new Set<string>();

  /** A person's display name if this browser knows it (set by the app: the members store). */
  nameOf: (userId: string) => string | undefined = () => undefined;

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
    this.trust.clear();
    this.conversations.clear();
    this.trustLoaded = userId
      ? loadTrust(userId).then(
          ({ contacts, conversations }) => {
            if (this.userId !== userId) return;
            for (const r of contacts) this.trust.set(r.userId, r);
            for (const r of conversations) this.conversations.set(r.channelId, r);
            this.changed();
          },
          () => {
            /* no IndexedDB (private window in some browsers): remembered for this page only */
          },
        )
      : Promise.resolve();
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
    } catch {
      /* no IndexedDB: nothing was stored */
    }
  }

  /**
   * A person's devices changed (H7): lists that include them are fetched again before the next send, and their
   * list is fetched now so the change shows in conversations with them at once.
   */
  devicesChanged(userId: string): void {
    for (const [id, dir] of this.directories) if (dir.members.includes(userId)) this.directories.delete(id);
    this.version++;
    this.changed();
    if (this.refetching.has(userId)) return;
    this.refetching.add(userId);
    // A microtask gathers several notices about one person (a login registers and may replace keys) into one fetch.
    queueMicrotask(() => {
      this.refetching.delete(userId);
      void this.devicesOf(userId).catch(() => {
        /* offline: the next send or the panel fetches the list, and observes it then */
      });
    });
  }

  /**
   * Someone joined or left a group DM (H8): its device list is fetched again before the next send, and now when
   * `refetch` (the conversation is open), so who joined or left shows in its timeline at once.
   */
  membersChanged(channelId: string, refetch: boolean): void {
    this.directories.delete(channelId);
    if (refetch) void this.directory(channelId, true).catch(() => {
      /* offline: the next send fetches it */
    });
  }

  // ---- trust on first use (web/state/device-trust.ts) ----

  /** Compares a list fetched at `fetchedAt` with what is remembered about `userId`, records it, and notifies. */
  private async observe(userId: string, devices: { id: string; fingerprint: string }[], fetchedAt: number): Promise<void> {
    const owner = this.userId;
    if (!owner) return;
    const run = async () => {
      await this.trustLoaded;
      if (this.userId !== owner) return;
      const self = this.device.state === "ready" ? this.device.value.deviceId : undefined;
      const r = observe(this.trust.get(userId) ?? null, owner, userId, devices, fetchedAt, new Date(), self);
      // The fetch time is kept either way (it orders later answers); only a change is saved and shown.
      this.trust.set(userId, r.record);
      if (!r.changed) return;
      this.changed();
      await saveTrust(r.record).catch(() => {
        /* no IndexedDB: remembered for this page only */
      });
    };
    const next = this.observing.then(run);
    this.observing = next.catch(() => {});
    return next;
  }

  private update(userId: string, fn: (r: ContactTrust) => ContactTrust): void {
    const rec = this.trust.get(userId);
    if (!rec) return;
    const next = fn(rec);
    if (next === rec) return;
    this.trust.set(userId, next);
    this.changed();
    void saveTrust(next).catch(() => {});
  }

  /** Marks a person verified for the fingerprints the owner compared (the ones on screen, not whatever is newest). */
  verify(userId: string, fingerprints: string[]): void {
    this.update(userId, (r) => markVerified(r, fingerprints, new Date()));
  }

  unverify(userId: string): void {
    this.update(userId, clearVerified);
  }

  /** "Send anyway": stop holding sends back for these people's current devices, without verifying them. */
  sendAnyway(userIds: string[]): void {
    for (const id of userIds) this.update(id, acceptCurrent);
  }

  contactStatus(userId: string): ContactStatus {
    return contactStatus(this.trust.get(userId) ?? null);
  }

  deviceStatus(userId: string, fingerprint: string): DeviceStatus {
    return deviceStatus(this.trust.get(userId) ?? null, fingerprint, new Date());
  }

  /** Of `userIds`, those who were verified and now have a device that is neither verified nor accepted. */
  unverifiedChanges(userIds: string[]): string[] {
    return userIds.filter((id) => this.contactStatus(id) === "changed");
  }

  /** The members of an encrypted channel as its last device list said, or null before one was fetched. */
  membersOf(channelId: string): string[] | null {
    return this.conversations.get(channelId)?.members ?? null;
  }

  /** Who joined or left an encrypted conversation since `since` (ISO time), oldest first. */
  memberChangesOf(channelId: string, since?: string): MemberEvent[] {
    return (this.conversations.get(channelId)?.events ?? []).filter((e) => !since || e.at >= since);
  }

  /**
   * What an encrypted conversation's timeline shows, oldest first: its members' device changes and, with
   * `withMembers` (DMs and group DMs), who joined or left. Encrypted community channels follow their readers
   * through roles, which their admins manage and see; joins there are not listed.
   */
  conversationChanges(channelId: string, members: string[], since: string | undefined, withMembers: boolean): (TrustEvent | (MemberEvent & { fingerprint: "" }))[] {
    const joins = withMembers ? this.memberChangesOf(channelId, since).map((e) => ({ ...e, fingerprint: "" as const })) : [];
    return [...this.changesOf(members, since), ...joins].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  }

  private async observeMembers(channelId: string, members: string[], fetchedAt: number): Promise<void> {
    const owner = this.userId;
    if (!owner) return;
    const run = async () => {
      await this.trustLoaded;
      if (this.userId !== owner) return;
      const r = observeMembers(this.conversations.get(channelId) ?? null, owner, channelId, members, fetchedAt, new Date(), this.nameOf);
      this.conversations.set(channelId, r.record);
      if (!r.changed) return;
      this.changed();
      await saveTrust(r.record).catch(() => {});
    };
    const next = this.observing.then(run);
    this.observing = next.catch(() => {});
    return next;
  }

  /** Device changes of `userIds` since `since` (ISO time), oldest first: the notices a conversation shows. */
  changesOf(userIds: string[], since?: string): TrustEvent[] {
    const out: TrustEvent[] = [];
    for (const id of new Set(userIds)) for (const e of this.trust.get(id)?.events ?? []) if (!since || e.at >= since) out.push(e);
    return out.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  }

  /**
   * Opening an encrypted conversation: fetch its device list (unless a fresh one is cached), so changes since the
   * last visit show at once and the first visit records what is there (trust on first use).
   */
  async prepare(channelId: string): Promise<void> {
    await this.ensureDevice();
    await this.directory(channelId, false);
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
    const at = Date.now();
    const res = await this.api.get<{ members: string[]; devices: PublicDevice[] }>(`/api/v1/channels/${encodeURIComponent(channelId)}/devices`);
    const dir = { at, ...res };
    this.directories.set(channelId, dir);
    // Before anything is sealed for this list, who is in it and every member's devices are compared with what
    // is remembered.
    const { deviceFingerprint, verifyDeviceRegistration } = await loadLib();
    await Promise.all([
      this.observeMembers(channelId, res.members, at),
      ...res.members.map((userId) =>
        this.observe(
          userId,
          res.devices.filter((d) => d.userId === userId && verifyDeviceRegistration(userId, d)).map((d) => ({ id: d.id, fingerprint: deviceFingerprint(d.userId, d.ed25519, d.x25519) })),
          at,
        ),
      ),
    ]);
    return dir;
  }

  /** Seals `content` for every current device of everyone who can read the channel. Throws with a sentence. */
  async seal(channelId: string, messageNonce: string, content: string): Promise<{ envelope: SealedEnvelope; mentions: string[] }> {
    const me = await this.ensureDevice();
    const { seal, verifyDeviceRegistration, fromB64u } = await loadLib();
    let dir = await this.directory(channelId, false);
    // Our own device missing means the list predates it: fetch once more rather than seal for an old list.
    if (!dir.devices.some((d) => d.id === me.deviceId)) dir = await this.directory(channelId, true);
    // A person verified earlier has a device nobody compared or accepted: ask before it can read anything.
    const held = this.unverifiedChanges(dir.members);
    if (held.length) throw new UnverifiedDevicesError(held);
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
          return open({ channelId: m.channelId, messageNonce: m.nonce, envelope: env, authorId: m.authorId, senderDevice: sender, me: { deviceId: me.deviceId, secrets: me.secrets } });
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
    await this.observe(userId, list.filter((d) => d.valid), at);
    return list;
  }
}

/** `<@user-id>` mentions in text, as the server parses plain messages (P19), for the envelope's declared list. */
export function mentionsIn(content: string): string[] {
  const ids = new Set<string>();
  for (const m of content.matchAll(/<@([0-9a-fA-F-]{36})>/g)) ids.add(m[1].toLowerCase());
  return [...ids].slice(0, MAX_MENTIONS);
}
