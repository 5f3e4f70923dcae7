/**
 * Permission bits shared by the server and the web client.
 *
 * A bitfield is a `bigint` in memory, so bitwise operations stay exact past bit 31 (JS numbers are truncated to
 * 32 bits by `&`, `|` and `~`). Over JSON it travels as a canonical decimal string, because JSON has no bigint and
 * a number would lose precision past 2^53. Use `permissionsToString` / `permissionsFromString` at every boundary.
 *
 * Bit positions are the index in `PERMISSIONS` and are stored in Postgres: append new names at the end, never
 * reorder, rename or remove one.
 */

export const PERMISSIONS = [
  /** Every permission in every channel, bypassing overrides and timeouts; still bound by the role hierarchy. */
  "ADMINISTRATOR",
  /** See a channel or group at all; without it every other channel permission is void. */
  "VIEW_CHANNEL",
  /** Post messages in a text channel. */
  "SEND_MESSAGES",
  /** Post messages inside threads. */
  "SEND_IN_THREADS",
  /** Have links in one's messages unfurled into previews. */
  "EMBED_LINKS",
  /** Upload files with messages. */
  "ATTACH_FILES",
  /** Add new reactions to messages. */
  "ADD_REACTIONS",
  /** Use the community's custom emoji. */
  "USE_CUSTOM_EMOJI",
  /** Notify everyone with @everyone / @here. */
  "MENTION_EVERYONE",
  /** Delete or hide other people's messages. */
  "MANAGE_MESSAGES",
  /** Pin and unpin messages. */
  "PIN_MESSAGES",
  /** Create, edit, reorder and delete channels and their overrides. */
  "MANAGE_CHANNELS",
  /** Create, edit, reorder and delete groups (categories) and their overrides. */
  "MANAGE_GROUPS",
  /** Create and edit roles below one's own and assign them. */
  "MANAGE_ROLES",
  /** Upload, rename and delete custom emoji. */
  "MANAGE_EMOJI",
  /** Create, edit and delete webhooks. */
  "MANAGE_WEBHOOKS",
  /** Create invites to the community. */
  "CREATE_INVITES",
  /** Remove members (they may rejoin with an invite). */
  "KICK_MEMBERS",
  /** Remove members and keep them out. */
  "BAN_MEMBERS",
  /** Put members in timeout (see TIMEOUT_REVOKED). */
  "TIMEOUT_MEMBERS",
  /** Read the community's audit log. */
  "VIEW_AUDIT_LOG",
  /** Edit the community's name, icon and settings. */
  "MANAGE_COMMUNITY",
  /** Join voice channels. */
  "CONNECT_VOICE",
  /** Transmit audio in voice channels. */
  "SPEAK",
  /** Transmit camera video in voice channels. */
  "VIDEO",
  /** Share a screen in voice channels. */
  "SCREEN_SHARE",
  /** Server-mute other members in voice. */
  "MUTE_MEMBERS",
  /** Move or disconnect other members between voice channels. */
  "MOVE_MEMBERS",
  /** Read messages sent before one opened the channel. */
  "READ_HISTORY",
] as const;

export type Permission = (typeof PERMISSIONS)[number];

/** The single bit for each permission name. */
export const PERMISSION_BITS: Readonly<Record<Permission, bigint>> = Object.freeze(
  Object.fromEntries(PERMISSIONS.map((name, i) => [name, 1n << BigInt(i)])) as Record<Permission, bigint>,
);

/** Combine permission names into one bitfield. */
export function permissionBits(...names: Permission[]): bigint {
  let bits = 0n;
  for (const name of names) bits |= PERMISSION_BITS[name];
  return bits;
}

/** Every defined bit; anything outside it is unknown and refused by the parser. */
export const ALL_PERMISSIONS: bigint = (1n << BigInt(PERMISSIONS.length)) - 1n;

/** Whether `name`'s bit is set. Raw check: ADMINISTRATOR does not imply others here (effectivePermissions expands it). */
export function hasPermission(bits: bigint, name: Permission): boolean {
  return (bits & PERMISSION_BITS[name]) !== 0n;
}

/** The names of the set bits, in bit order. Unknown bits are skipped. */
export function listPermissions(bits: bigint): Permission[] {
  return PERMISSIONS.filter((name) => hasPermission(bits, name));
}

/**
 * Longest accepted decimal string. 20 digits covers any 64-bit field, far beyond today's bits, and caps the work a
 * hostile client can make BigInt() do.
 */
const MAX_PERMISSION_DIGITS = 20;
const CANONICAL_DECIMAL = new RegExp(`^(0|[1-9][0-9]{0,${MAX_PERMISSION_DIGITS - 1}})$`);

/** Serialise a bitfield for JSON; throws RangeError on negative values or bits that no permission defines. */
export function permissionsToString(bits: bigint): string {
  if (bits < 0n || (bits & ~ALL_PERMISSIONS) !== 0n) {
    throw new RangeError(`Permission bitfield ${bits} has bits outside the ${PERMISSIONS.length} defined permissions`);
  }
  return bits.toString(10);
}

/** Whether `value` is a canonical decimal bitfield using only defined bits. Handy in edge validators. */
export function isPermissionsString(value: unknown): value is string {
  return typeof value === "string" && CANONICAL_DECIMAL.test(value) && (BigInt(value) & ~ALL_PERMISSIONS) === 0n;
}

/**
 * Parse a bitfield received over JSON. Accepts only canonical decimal (no sign, spaces, leading zeros, hex or
 * exponent) and only defined bits; throws RangeError otherwise, since an unknown bit would be a permission nobody
 * can see or revoke.
 */
export function permissionsFromString(value: string): bigint {
  if (typeof value !== "string" || !CANONICAL_DECIMAL.test(value)) {
    throw new RangeError(`Expected permissions as a decimal string like "1024", got ${JSON.stringify(value)}`);
  }
  const bits = BigInt(value);
  if ((bits & ~ALL_PERMISSIONS) !== 0n) {
    throw new RangeError(`Permissions "${value}" set bits that no permission defines (known: ${ALL_PERMISSIONS})`);
  }
  return bits;
}

/** @everyone in a new community: take part in text and voice, but no moderation and no @everyone pings. */
export const DEFAULT_EVERYONE: bigint = permissionBits(
  "VIEW_CHANNEL",
  "READ_HISTORY",
  "SEND_MESSAGES",
  "SEND_IN_THREADS",
  "EMBED_LINKS",
  "ATTACH_FILES",
  "ADD_REACTIONS",
  "USE_CUSTOM_EMOJI",
  "CREATE_INVITES",
  "CONNECT_VOICE",
  "SPEAK",
  "VIDEO",
  "SCREEN_SHARE",
);

/**
 * The "Member" role preset: the same set as @everyone, so a community that strips @everyone down (a verification
 * gate, a members-only space) can hand participation back through an assignable role.
 */
export const DEFAULT_MEMBER: bigint = DEFAULT_EVERYONE;

/** The "Moderator" role preset: a member who can also clean up messages and remove or silence people. */
export const DEFAULT_MODERATOR: bigint =
  DEFAULT_MEMBER |
  permissionBits(
    "MANAGE_MESSAGES",
    "PIN_MESSAGES",
    "KICK_MEMBERS",
    "BAN_MEMBERS",
    "TIMEOUT_MEMBERS",
    "VIEW_AUDIT_LOG",
    "MUTE_MEMBERS",
    "MOVE_MEMBERS",
  );

/** The "Admin" role preset. */
export const DEFAULT_ADMIN: bigint = permissionBits("ADMINISTRATOR");

/**
 * What a timed-out member keeps: they can still read, so they see why they were timed out and what followed.
 * This matches Discord, where a timeout leaves only View Channel and Read Message History.
 */
export const TIMEOUT_KEPT: bigint = permissionBits("VIEW_CHANNEL", "READ_HISTORY");

/**
 * What a timed-out member loses: everything else, including sending, reacting, joining and talking in voice,
 * creating invites and any moderation powers their roles give.
 */
export const TIMEOUT_REVOKED: bigint = ALL_PERMISSIONS & ~TIMEOUT_KEPT;

/**
 * What a participant of a DM or group DM holds: conversation and calls, nothing that needs a moderator (there is
 * none). workers/permissions/effective.ts (dmPermissions) narrows it when a block stands between two people.
 */
export const DM_PERMISSIONS: bigint = permissionBits(
  "VIEW_CHANNEL",
  "READ_HISTORY",
  "SEND_MESSAGES",
  "ADD_REACTIONS",
  "ATTACH_FILES",
  "EMBED_LINKS",
  "PIN_MESSAGES",
  "CONNECT_VOICE",
  "SPEAK",
  "VIDEO",
  "SCREEN_SHARE",
);

/**
 * What the owner of a personal group gets inside it (its channels included): seeing it, and managing its channels
 * (create, rename, delete, overrides: who may see and who may invite). Nothing outside the group.
 */
export const PERSONAL_GROUP_OWNER: bigint = permissionBits("VIEW_CHANNEL", "READ_HISTORY", "MANAGE_CHANNELS", "CREATE_INVITES");

/** What nobody can do in an archived channel: it is read-only until unarchived (which needs MANAGE_CHANNELS). */
export const ARCHIVED_REVOKED: bigint = permissionBits(
  "SEND_MESSAGES",
  "SEND_IN_THREADS",
  "ADD_REACTIONS",
  "ATTACH_FILES",
  "EMBED_LINKS",
  "MENTION_EVERYONE",
  "CONNECT_VOICE",
  "SPEAK",
  "VIDEO",
  "SCREEN_SHARE",
);
