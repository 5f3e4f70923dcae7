/**
 * Permission changes the room was told about (P25), kept in its storage so that a ticket issued before a change
 * cannot outlive it: a resume ticket can be a day old, and even a fresh ticket may be used after a kick.
 * A record applies to tickets issued before it; tickets issued after already carry the new bits.
 */

interface MemberRecord {
  version: 1;
  /** Decimal bits, or null: no longer in the channel at all. */
  permissions: string | null;
  atMs: number;
}

const PREFIX = "member:";

export class MemberChanges {
  constructor(private readonly kv: SyncKvStorage) {}

  record(userId: string, permissions: bigint | null, atMs: number): void {
    this.kv.put(PREFIX + userId, { version: 1, permissions: permissions === null ? null : permissions.toString(), atMs } satisfies MemberRecord);
  }

  /** The bits to use instead of a ticket's: undefined when nothing changed since `ticketIssuedAtMs`. */
  get(userId: string, ticketIssuedAtMs: number): bigint | null | undefined {
    const r = this.kv.get<MemberRecord>(PREFIX + userId);
    if (!r || !(r.atMs >= ticketIssuedAtMs)) return undefined;
    return r.permissions === null ? null : BigInt(r.permissions);
  }
}
