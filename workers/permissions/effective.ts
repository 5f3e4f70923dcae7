/**
 * Effective permissions: the one place that decides what a member may do in a community, a group or a channel
 * (DESIGN.md, "Permissions"). Pure: callers load roles and overrides from Postgres and pass them in.
 *
 * The algorithm is Discord's:
 *   1. The community owner has every bit.
 *   2. base = @everyone's bits | the bits of every role the member holds.
 *   3. ADMINISTRATOR in base: every bit, no overrides, no timeout.
 *   4. In a group or channel, apply overrides in three levels, each as "remove deny, then add allow":
 *      @everyone's override, then all the member's role overrides merged (union of denies, then union of allows,
 *      so any allow from one role beats a deny from another), then the member's own override.
 *   5. In a group or channel: no VIEW_CHANNEL means no bits at all; no SEND_MESSAGES removes what only makes sense
 *      when sending (threads, attachments, embeds, @everyone).
 *   6. The owner of a personal group gets PERSONAL_GROUP_OWNER in that group and its channels, after overrides
 *      (so a moderator's deny cannot lock them out of their own group) but before the timeout.
 *   7. An active timeout removes TIMEOUT_REVOKED.
 *   8. An archived channel is read-only for everyone, owner included: ARCHIVED_REVOKED is removed last.
 *
 * DMs and group DMs have no community; `dmPermissions` below decides them, in this file for the same reason.
 */
import {
  ALL_PERMISSIONS,
  ARCHIVED_REVOKED,
  DM_PERMISSIONS,
  PERMISSION_BITS,
  PERSONAL_GROUP_OWNER,
  TIMEOUT_KEPT,
  TIMEOUT_REVOKED,
  permissionBits,
} from "../../protocol/permissions.ts";

/** An allow/deny pair on a group or channel, for one role or one member. */
export type Override = { targetType: "role" | "member"; targetId: string; allow: bigint; deny: bigint };

/** A role of the community. Higher `position` ranks higher in the hierarchy; @everyone is conventionally 0. */
export type RoleInput = { id: string; position: number; permissions: bigint };

export type EffectivePermissionsInput = {
  userId: string;
  ownerId: string;
  /**
   * Deliberately ignored: running the instance gives no say inside a community. Instance admins act through
   * instance-level routes; only the owner (and roles the owner hands out) hold community powers.
   */
  isInstanceAdmin?: boolean;
  everyoneRoleId: string;
  /** Every role of the community, so held role ids can be resolved; ids not found here grant nothing. */
  roles: RoleInput[];
  /** Roles the member holds, not counting @everyone (which is always applied, and ignored if listed here). */
  memberRoleIds: string[];
  /**
   * The group (category) of the channel, or the group itself when no channel is given. `ownerUserId` is set on a
   * personal group: its owner manages the channels inside it.
   */
  group?: { overrides: Override[]; ownerUserId?: string | null } | null;
  /**
   * When `syncWithGroup` is true the channel uses its group's overrides and ignores its own. When false only its
   * own apply and the group's are NOT layered underneath: as in Discord, an unsynced channel is a full copy that
   * has diverged, not a delta on top of the group.
   */
  channel?: { overrides: Override[]; syncWithGroup: boolean; archived?: boolean } | null;
  timedOutUntil?: Date | null;
  /** Defaults to the current time; pass it to keep results reproducible. */
  now?: Date;
};

/**
 * Overrides cannot grant or remove ADMINISTRATOR (as in Discord): it is decided by roles alone, before overrides,
 * so a channel override can never turn someone into an administrator.
 */
const OVERRIDABLE: bigint = ALL_PERMISSIONS & ~PERMISSION_BITS.ADMINISTRATOR;

/** Bits that are meaningless without SEND_MESSAGES, removed with it (the first four mirror Discord). */
const SEND_DEPENDENT: bigint = permissionBits("SEND_IN_THREADS", "ATTACH_FILES", "EMBED_LINKS", "MENTION_EVERYONE");

/**
 * What `input.userId` may do. With a channel: in that channel. With only a group: in that group (for actions such
 * as creating channels inside it). With neither: community-wide (kick, ban, manage roles, audit log).
 */
export function effectivePermissions(input: EffectivePermissionsInput): bigint {
  const bits = beforeArchive(input);
  return input.channel?.archived ? bits & ~ARCHIVED_REVOKED : bits;
}

function beforeArchive(input: EffectivePermissionsInput): bigint {
  if (input.userId === input.ownerId) return ALL_PERMISSIONS;

  const base = basePermissions(input);
  if ((base & PERMISSION_BITS.ADMINISTRATOR) !== 0n) return ALL_PERMISSIONS;

  const overrides = applicableOverrides(input);
  let bits = overrides === null ? base : applyOverrides(base, overrides, input);
  if (overrides !== null && input.group?.ownerUserId != null && input.group.ownerUserId === input.userId) bits |= PERSONAL_GROUP_OWNER;

  if (overrides !== null) {
    if ((bits & PERMISSION_BITS.VIEW_CHANNEL) === 0n) return 0n;
    if ((bits & PERMISSION_BITS.SEND_MESSAGES) === 0n) bits &= ~SEND_DEPENDENT;
  }
  if (isTimedOut(input)) bits &= ~TIMEOUT_REVOKED;
  return bits;
}

/**
 * What a user may do in a thread, from their bits in its parent text channel: the same, except that posting there
 * is SEND_IN_THREADS rather than SEND_MESSAGES (what depends on sending goes with it), and an archived thread is
 * read-only for everyone, as an archived channel is. No VIEW_CHANNEL in the parent: nothing.
 */
export function threadPermissions(parentBits: bigint, thread: { archived: boolean }): bigint {
  if ((parentBits & PERMISSION_BITS.VIEW_CHANNEL) === 0n) return 0n;
  let bits = parentBits & ~PERMISSION_BITS.SEND_MESSAGES;
  if ((parentBits & PERMISSION_BITS.SEND_IN_THREADS) !== 0n) bits |= PERMISSION_BITS.SEND_MESSAGES;
  else bits &= ~SEND_DEPENDENT;
  return thread.archived ? bits & ~ARCHIVED_REVOKED : bits;
}

/**
 * What a user may do in a DM or group DM. Participants get DM_PERMISSIONS; non-participants nothing. In a 1:1 DM
 * where either person has blocked the other, both keep only reading (TIMEOUT_KEPT: view and history), so the
 * conversation stays readable but nobody can send, react or call. Blocks do not change group DMs: the blocker's
 * client hides the blocked person's messages there instead.
 */
export function dmPermissions(input: { isParticipant: boolean; kind: "dm" | "group_dm"; isBlockedEitherWay: boolean }): bigint {
  if (!input.isParticipant) return 0n;
  if (input.kind === "dm" && input.isBlockedEitherWay) return DM_PERMISSIONS & TIMEOUT_KEPT;
  return DM_PERMISSIONS;
}

/** @everyone's bits plus those of each held role, restricted to defined bits. */
function basePermissions(input: EffectivePermissionsInput): bigint {
  const held = new Set(input.memberRoleIds);
  let bits = 0n;
  for (const role of input.roles) {
    if (role.id === input.everyoneRoleId || held.has(role.id)) bits |= role.permissions;
  }
  return bits & ALL_PERMISSIONS;
}

/** The override set in scope, or null at community level (no group, no channel). */
function applicableOverrides(input: EffectivePermissionsInput): Override[] | null {
  if (input.channel) return input.channel.syncWithGroup ? (input.group?.overrides ?? []) : input.channel.overrides;
  if (input.group) return input.group.overrides;
  return null;
}

function applyOverrides(base: bigint, overrides: Override[], input: EffectivePermissionsInput): bigint {
  const held = new Set(input.memberRoleIds);
  let everyoneAllow = 0n;
  let everyoneDeny = 0n;
  let rolesAllow = 0n;
  let rolesDeny = 0n;
  let memberAllow = 0n;
  let memberDeny = 0n;
  for (const o of overrides) {
    if (o.targetType === "member") {
      if (o.targetId !== input.userId) continue;
      memberAllow |= o.allow;
      memberDeny |= o.deny;
    } else if (o.targetId === input.everyoneRoleId) {
      // Matched before held roles, so @everyone listed in memberRoleIds is still applied at its own level only.
      everyoneAllow |= o.allow;
      everyoneDeny |= o.deny;
    } else if (held.has(o.targetId)) {
      rolesAllow |= o.allow;
      rolesDeny |= o.deny;
    }
  }
  let bits = base;
  bits = (bits & ~everyoneDeny) | everyoneAllow;
  bits = (bits & ~rolesDeny) | rolesAllow;
  bits = (bits & ~memberDeny) | memberAllow;
  return bits & OVERRIDABLE;
}

function isTimedOut(input: EffectivePermissionsInput): boolean {
  if (!input.timedOutUntil) return false;
  const now = input.now ?? new Date();
  return input.timedOutUntil.getTime() > now.getTime();
}

/**
 * The highest position among the member's roles, @everyone included; 0 when none of them is found in `roles`.
 * Feed it to canActOn / canManageRole.
 */
export function highestRolePosition(
  input: Pick<EffectivePermissionsInput, "everyoneRoleId" | "roles" | "memberRoleIds">,
): number {
  const held = new Set(input.memberRoleIds);
  held.add(input.everyoneRoleId);
  let highest: number | null = null;
  for (const role of input.roles) {
    if (held.has(role.id) && (highest === null || role.position > highest)) highest = role.position;
  }
  return highest ?? 0;
}

/** A member as the role hierarchy sees them. */
export type RankedMember = { userId: string; highestPosition: number };

/**
 * Whether `actor` outranks `target` for moderation (kick, ban, timeout, nickname, role changes). Nobody acts on
 * the owner, the owner acts on everyone else, and otherwise the actor's highest role must be strictly above the
 * target's, so equals (and oneself) are out of reach. ADMINISTRATOR does not bypass this. The caller still checks
 * the permission bit itself.
 */
export function canActOn(args: { ownerId: string; actor: RankedMember; target: RankedMember }): boolean {
  if (args.target.userId === args.ownerId) return false;
  if (args.actor.userId === args.ownerId) return true;
  return args.actor.highestPosition > args.target.highestPosition;
}

/** Whether `actor` may edit, assign or remove a role at `rolePosition`: only roles strictly below their highest. */
export function canManageRole(args: { ownerId: string; actor: RankedMember; rolePosition: number }): boolean {
  if (args.actor.userId === args.ownerId) return true;
  return args.actor.highestPosition > args.rolePosition;
}

/**
 * Whether someone holding `actorBits` (their effective bits in the scope being edited) may put `requestedBits` on
 * a role or override: only bits they hold themselves, unless they are an administrator. Unknown bits never pass.
 */
export function canGrant(actorBits: bigint, requestedBits: bigint): boolean {
  if (requestedBits < 0n || (requestedBits & ~ALL_PERMISSIONS) !== 0n) return false;
  if ((actorBits & PERMISSION_BITS.ADMINISTRATOR) !== 0n) return true;
  return (requestedBits & ~actorBits) === 0n;
}
