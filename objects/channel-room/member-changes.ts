/**
 * Permission changes the room was told about (P25), kept in its storage so that a ticket issued before a change
 * cannot outlive it: a resume ticket can be a day old, and even a fresh ticket may be used after a kick.
 * A record applies to tickets issued before it; tickets issued after already carry the new bits.
 */
import { BoundedMap } from "../shared/bounded-map.ts";
import type { SocketTimeout } from "./sockets.ts";

interface MemberRecord {
  version: 1;
  /** Decimal bits, or null: no longer in the channel at all. */
  permissions: string | null;
  atMs: number;
  /** While the user is timed out: when it ends (ms) and the bits from then on (P31). Absent in older records. */
  timedOutUntil?: number;
  permissionsAfterTimeout?: string;
}

const PREFIX = "member:";
/** When permissions last changed for possibly everyone in the channel (a role, an override, a group sync). */
const EVERYONE_KEY = "members:everyone";

/** What a ticket's bits turn into: new bits, null (no longer in the channel), or "reissue" (compute them again). */
export type MemberOverride = bigint | null | "reissue";

/** Users whose record (or its absence) is kept in memory: every socket that opens reads its user's. */
const CACHED_USERS = 2_000;

export class MemberChanges {
  /** Read-through copies of storage (the room is the only writer): null means no record. */
  private readonly records = new BoundedMap<string, MemberRecord | null>(CACHED_USERS);
  private everyoneAtMs: number | undefined;

  constructor(private readonly kv: SyncKvStorage) {}

  record(userId: string, permissions: bigint | null, atMs: number, timeout: SocketTimeout | null = null): void {
    const r: MemberRecord = { version: 1, permissions: permissions === null ? null : permissions.toString(), atMs };
    if (timeout) Object.assign(r, { timedOutUntil: timeout.untilMs, permissionsAfterTimeout: timeout.bits.toString() });
    this.kv.put(PREFIX + userId, r);
    this.records.set(userId, r);
  }

  /**
   * Permissions changed for everyone at `atMs`. The room cannot compute bits itself, so a ticket issued before
   * this (a resume ticket can be a day old) is refused as stale unless a newer per-user record says otherwise; the
   * client then gets a fresh ticket over REST, which carries the current bits (P25).
   */
  recordEveryone(atMs: number): void {
    this.kv.put(EVERYONE_KEY, { version: 1, atMs });
    this.everyoneAtMs = atMs;
  }

  /** The timeout of the latest record, for a socket that takes its bits from it. */
  timeout(userId: string): SocketTimeout | null {
    const r = this.read(userId);
    return r?.timedOutUntil !== undefined && r.permissionsAfterTimeout ? { untilMs: r.timedOutUntil, bits: BigInt(r.permissionsAfterTimeout) } : null;
  }

  /** What replaces a ticket's bits: undefined when nothing changed since `ticketIssuedAtMs`. */
  get(userId: string, ticketIssuedAtMs: number): MemberOverride | undefined {
    const r = this.read(userId);
    const everyoneAt = (this.everyoneAtMs ??= this.kv.get<{ version: 1; atMs: number }>(EVERYONE_KEY)?.atMs ?? -Infinity);
    // Not `<`: a ticket stamped in the same millisecond as the change may hold the bits from before it.
    if (everyoneAt >= ticketIssuedAtMs && !(r && r.atMs >= everyoneAt)) return "reissue";
    if (!r || !(r.atMs >= ticketIssuedAtMs)) return undefined;
    return r.permissions === null ? null : BigInt(r.permissions);
  }

  private read(userId: string): MemberRecord | null {
    let r = this.records.get(userId);
    if (r === undefined) {
      r = this.kv.get<MemberRecord>(PREFIX + userId) ?? null;
      this.records.set(userId, r);
    }
    return r;
  }
}
