/**
 * What this browser remembers about people's devices and encrypted conversations' members, for the signed-in
 * account (docs/encryption.md, "Key changes and verification"): the records of web/state/device-trust.ts, loaded
 * from and saved to IndexedDB (web/state/device-keystore.ts). web/state/e2ee.ts fetches the lists and hands each
 * one here to be compared; the encryption panel and the conversations read the result through E2eeStore.
 */
import { loadTrust, saveTrust } from "./device-keystore.ts";
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
  type ObservedDevice,
  type TrustEvent,
} from "./device-trust.ts";

/** What the book needs from its owner (E2eeStore), read when needed since each can change at any time. */
export interface TrustBookHost {
  /** Tells whoever watches the owner's store that a record changed. */
  changed(): void;
  /** This browser's own device id, if registered: it never makes a notice of its own. */
  selfDevice(): string | undefined;
  /** A person's display name if this browser knows it, kept in member events (they may be unknown later). */
  nameOf(userId: string): string | undefined;
  /** Fetches a person's device list and observes it (E2eeStore.devicesOf). */
  refetch(userId: string): Promise<unknown>;
}

export class TrustBook {
  private owner: string | null = null;
  /** What this browser remembers about each person's devices (this account's records), by user id. */
  private trust = new Map<string, ContactTrust>();
  private trustLoaded: Promise<void> = Promise.resolve();
  /** Observations are applied one at a time, so two fetches cannot both start from the same record. */
  private observing: Promise<void> = Promise.resolve();
  /** The members of each encrypted conversation as its last device list said, and who joined or left, by channel. */
  private conversations = new Map<string, ConversationMembers>();
  /** People whose list a `devices_changed` asked to fetch, gathered for one fetch each. */
  private refetching = new Set<string>();

  constructor(private readonly host: TrustBookHost) {}

  /** Forgets the previous account's records and loads this one's; the host notifies once loaded. */
  useAccount(userId: string | null): void {
    this.owner = userId;
    this.trust.clear();
    this.conversations.clear();
    this.trustLoaded = userId
      ? loadTrust(userId).then(
          ({ contacts, conversations }) => {
            if (this.owner !== userId) return;
            for (const r of contacts) this.trust.set(r.userId, r);
            for (const r of conversations) this.conversations.set(r.channelId, r);
            this.host.changed();
          },
          () => {
            /* no IndexedDB (private window in some browsers): remembered for this page only */
          },
        )
      : Promise.resolve();
  }

  /** A `devices_changed` notice: the person's list is fetched soon, once for several notices. */
  devicesChanged(userId: string): void {
    if (this.refetching.has(userId)) return;
    this.refetching.add(userId);
    // A microtask gathers several notices about one person (a login registers and may replace keys) into one fetch.
    queueMicrotask(() => {
      this.refetching.delete(userId);
      void this.host.refetch(userId).catch(() => {
        /* offline: the next send or the panel fetches the list, and observes it then */
      });
    });
  }

  /** Compares a list fetched at `fetchedAt` with what is remembered about `userId`, records it, and notifies. */
  observe(userId: string, devices: ObservedDevice[], fetchedAt: number): Promise<void> {
    return this.serially(async (owner) => {
      const r = observe(this.trust.get(userId) ?? null, owner, userId, devices, fetchedAt, new Date(), this.host.selfDevice());
      // The fetch time is kept either way (it orders later answers); only a change is saved and shown.
      this.trust.set(userId, r.record);
      if (!r.changed) return;
      this.host.changed();
      await saveTrust(r.record).catch(() => {
        /* no IndexedDB: remembered for this page only */
      });
    });
  }

  /** The same for who is in an encrypted conversation, as its device list said. */
  observeMembers(channelId: string, members: string[], fetchedAt: number): Promise<void> {
    return this.serially(async (owner) => {
      const r = observeMembers(this.conversations.get(channelId) ?? null, owner, channelId, members, fetchedAt, new Date(), this.host.nameOf);
      this.conversations.set(channelId, r.record);
      if (!r.changed) return;
      this.host.changed();
      await saveTrust(r.record).catch(() => {});
    });
  }

  /** Runs `fn` after the records are loaded and earlier observations applied, unless the account changed meanwhile. */
  private async serially(fn: (owner: string) => Promise<void>): Promise<void> {
    const owner = this.owner;
    if (!owner) return;
    const run = async () => {
      await this.trustLoaded;
      if (this.owner !== owner) return;
      await fn(owner);
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
    this.host.changed();
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

  /** Device changes of `userIds` since `since` (ISO time), oldest first: the notices a conversation shows. */
  changesOf(userIds: string[], since?: string): TrustEvent[] {
    const out: TrustEvent[] = [];
    for (const id of new Set(userIds)) for (const e of this.trust.get(id)?.events ?? []) if (!since || e.at >= since) out.push(e);
    return out.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  }
}
