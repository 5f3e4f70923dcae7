/**
 * Trust on first use for encryption devices (docs/encryption.md, "Key changes and verification"): what this
 * browser remembers about each person's devices, and what follows from a new observation of their device list.
 * Pure functions over plain records; web/state/e2ee.ts fetches lists from the server, and web/state/trust-book.ts
 * applies them and keeps the records in IndexedDB (web/state/device-keystore.ts), per signed-in account.
 *
 * Devices are remembered by fingerprint (the code people compare, over the user id and both public keys), not by
 * the id the server assigns: a verified key stays verified whatever id the server shows it under.
 *
 * The rules:
 * - The first list seen for a person is accepted as it is (trust on first use) and says nothing.
 * - After that, every device that appears or disappears is an event, shown in their conversations. Nothing is
 *   added silently, whether the person was verified or not.
 * - Marking a person verified records the fingerprints compared at that moment. If a verified person later has a
 *   device that is neither verified nor accepted, sending to them asks first ("changed").
 * - "Send anyway" accepts the current devices without verifying them: the question is not asked again for them,
 *   and they stay marked as not verified.
 */

/** A device as the trust rules see it: the server's id and the fingerprint of its signed keys. */
export interface ObservedDevice {
  id: string;
  fingerprint: string;
}

/** A device of a person's current list, as remembered. */
export interface KnownDevice {
  fingerprint: string;
  deviceId: string;
  firstSeen: string;
  /** Seen in the first list for this person (trusted on first use), as opposed to appearing later. */
  initial: boolean;
}

/** A change to a person's devices, shown as a notice in conversations with them. */
export interface TrustEvent {
  id: string;
  at: string;
  userId: string;
  kind: "added" | "removed";
  fingerprint: string;
  deviceId: string;
}

/** Everything this browser remembers about one person's devices, for one signed-in account. */
export interface ContactTrust {
  ownerId: string;
  userId: string;
  /** The person's devices as last observed. */
  devices: KnownDevice[];
  /** Fingerprints the owner compared and marked verified. */
  verified: string[];
  /** Fingerprints the owner chose to send to without verifying ("Send anyway"). */
  accepted: string[];
  /** When the person was last marked verified; null if never (or verification was removed). */
  verifiedAt: string | null;
  /** When the list behind `devices` was fetched: an older fetch arriving late must not undo a newer one. */
  observedAt: number;
  /** Recent changes, oldest first, at most MAX_EVENTS. */
  events: TrustEvent[];
}

/**
 * Changes kept per person. A person has at most 10 live devices and may register 20 an hour, so this is weeks of
 * ordinary use; older notices are dropped from conversations (the device list itself is always complete).
 */
export const MAX_EVENTS = 50;
/** Verified fingerprints kept per person, current devices first: enough for devices that come and go. */
const MAX_VERIFIED = 50;
/** How long a device added after first contact is labelled "New" in the encryption panel. */
export const NEW_DEVICE_MS = 7 * 24 * 3600_000;

export type DeviceStatus = "verified" | "new" | "unverified";
/**
 * "unverified": never marked verified (trust on first use). "verified": every current device is verified.
 * "partly": verified once, and some current devices were accepted without verifying. "changed": verified once,
 * and a current device is neither verified nor accepted: the composer asks before sending.
 */
export type ContactStatus = "unverified" | "verified" | "partly" | "changed";

export interface ObserveResult {
  record: ContactTrust;
  /** The changes this observation found (empty for the first list, for a stale one, and when nothing changed). */
  events: TrustEvent[];
  /** Whether the devices or events differ from the record given (so it is worth saving and showing). */
  changed: boolean;
}

/**
 * Compares a freshly fetched device list of `userId` with what this browser remembers. `fetchedAt` is when the
 * fetch started; `selfDeviceId` is this browser's own device, which never makes a notice of its own.
 */
export function observe(prev: ContactTrust | null, ownerId: string, userId: string, current: ObservedDevice[], fetchedAt: number, now: Date, selfDeviceId?: string): ObserveResult {
  const at = now.toISOString();
  if (!prev) {
    const record: ContactTrust = {
      ownerId,
      userId,
      devices: unique(current).map((d) => ({ fingerprint: d.fingerprint, deviceId: d.id, firstSeen: at, initial: true })),
      verified: [],
      accepted: [],
      verifiedAt: null,
      observedAt: fetchedAt,
      events: [],
    };
    return { record, events: [], changed: true };
  }
  if (fetchedAt < prev.observedAt) return { record: prev, events: [], changed: false };
  const now_ = unique(current);
  const before = new Map(prev.devices.map((d) => [d.fingerprint, d]));
  const after = new Set(now_.map((d) => d.fingerprint));
  const events: TrustEvent[] = [];
  const devices: KnownDevice[] = [];
  for (const d of now_) {
    const known = before.get(d.fingerprint);
    if (known) {
      devices.push(known.deviceId === d.id ? known : { ...known, deviceId: d.id });
      continue;
    }
    devices.push({ fingerprint: d.fingerprint, deviceId: d.id, firstSeen: at, initial: false });
    if (d.id !== selfDeviceId) events.push(event(userId, "added", d, at));
  }
  for (const d of prev.devices) {
    if (!after.has(d.fingerprint) && d.deviceId !== selfDeviceId) events.push(event(userId, "removed", { id: d.deviceId, fingerprint: d.fingerprint }, at));
  }
  // Order is the server's and means nothing; only which devices, under which ids.
  const sameDevices = devices.length === prev.devices.length && devices.every((d) => prev.devices.includes(d));
  const record: ContactTrust = { ...prev, devices, observedAt: fetchedAt, events: [...prev.events, ...events].slice(-MAX_EVENTS) };
  return { record, events, changed: events.length > 0 || !sameDevices };
}

function unique(list: ObservedDevice[]): ObservedDevice[] {
  const seen = new Set<string>();
  return list.filter((d) => (seen.has(d.fingerprint) ? false : (seen.add(d.fingerprint), true)));
}

function event(userId: string, kind: TrustEvent["kind"], d: ObservedDevice, at: string): TrustEvent {
  return { id: `${kind}:${d.fingerprint}:${at}`, at, userId, kind, fingerprint: d.fingerprint, deviceId: d.id };
}

/**
 * Marks the person verified for exactly `fingerprints`: the codes the owner saw and compared. A device that
 * appeared after the panel showed them is not in that list, so it stays unverified.
 */
export function markVerified(record: ContactTrust, fingerprints: string[], now: Date): ContactTrust {
  const current = new Set(record.devices.map((d) => d.fingerprint));
  const compared = fingerprints.filter((f) => current.has(f));
  const verified = [...new Set([...compared, ...record.verified])].slice(0, MAX_VERIFIED);
  return { ...record, verified, accepted: record.accepted.filter((f) => !verified.includes(f)), verifiedAt: now.toISOString() };
}

/** Takes verification away: the person is back to trust on first use, and nothing asks before sending. */
export function clearVerified(record: ContactTrust): ContactTrust {
  return { ...record, verified: [], accepted: [], verifiedAt: null };
}

/** "Send anyway": the current devices that are not verified stop holding messages back, without being verified. */
export function acceptCurrent(record: ContactTrust): ContactTrust {
  const pending = record.devices.map((d) => d.fingerprint).filter((f) => !record.verified.includes(f) && !record.accepted.includes(f));
  return pending.length ? { ...record, accepted: [...record.accepted, ...pending].slice(-MAX_VERIFIED) } : record;
}

export function deviceStatus(record: ContactTrust | null, fingerprint: string, now: Date): DeviceStatus {
  if (!record) return "unverified";
  if (record.verified.includes(fingerprint)) return "verified";
  const d = record.devices.find((x) => x.fingerprint === fingerprint);
  if (d && !d.initial && now.getTime() - Date.parse(d.firstSeen) < NEW_DEVICE_MS) return "new";
  return "unverified";
}

export function contactStatus(record: ContactTrust | null): ContactStatus {
  if (!record || !record.verifiedAt) return "unverified";
  let partly = false;
  for (const d of record.devices) {
    if (record.verified.includes(d.fingerprint)) continue;
    if (!record.accepted.includes(d.fingerprint)) return "changed";
    partly = true;
  }
  return partly ? "partly" : "verified";
}

// ---- who is in a conversation ----

/** Someone joined or left an encrypted conversation: from then on messages are (or are no longer) sealed for them. */
export interface MemberEvent {
  id: string;
  at: string;
  channelId: string;
  userId: string;
  kind: "joined" | "left";
  /** Their name when the change was seen: someone who left may be unknown to this browser later. */
  name?: string;
}

/** The members of one encrypted conversation as this browser last saw them, for one signed-in account. */
export interface ConversationMembers {
  ownerId: string;
  channelId: string;
  members: string[];
  observedAt: number;
  events: MemberEvent[];
}

/**
 * The same rules for a conversation's member list as for a person's devices: the first list is accepted
 * silently; later, everyone who appears or disappears is an event (the server decides who is in a group DM, so a
 * person added without anyone's knowledge would otherwise receive every message sealed after it).
 */
export function observeMembers(
  prev: ConversationMembers | null,
  ownerId: string,
  channelId: string,
  members: string[],
  fetchedAt: number,
  now: Date,
  nameOf: (userId: string) => string | undefined = () => undefined,
): { record: ConversationMembers; events: MemberEvent[]; changed: boolean } {
  const list = [...new Set(members)];
  if (!prev) return { record: { ownerId, channelId, members: list, observedAt: fetchedAt, events: [] }, events: [], changed: true };
  if (fetchedAt < prev.observedAt) return { record: prev, events: [], changed: false };
  const at = now.toISOString();
  const mk = (userId: string, kind: MemberEvent["kind"]): MemberEvent => {
    const name = nameOf(userId);
    return { id: `${kind}:${userId}:${at}`, at, channelId, userId, kind, ...(name ? { name } : {}) };
  };
  const events = [...list.filter((u) => !prev.members.includes(u)).map((u) => mk(u, "joined")), ...prev.members.filter((u) => !list.includes(u)).map((u) => mk(u, "left"))];
  const record = { ...prev, members: list, observedAt: fetchedAt, events: [...prev.events, ...events].slice(-MAX_EVENTS) };
  return { record, events, changed: events.length > 0 };
}
