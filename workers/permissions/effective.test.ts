import { describe, expect, it } from "vitest";
import {
  ALL_PERMISSIONS,
  DEFAULT_ADMIN,
  DEFAULT_EVERYONE,
  DEFAULT_MEMBER,
  DEFAULT_MODERATOR,
  DM_PERMISSIONS,
  TIMEOUT_KEPT,
  listPermissions,
  permissionBits,
  permissionsFromString,
  permissionsToString,
  type Permission,
} from "../../protocol/permissions.ts";
import {
  canActOn,
  canGrant,
  canManageRole,
  dmPermissions,
  effectivePermissions,
  highestRolePosition,
  threadPermissions,
  type EffectivePermissionsInput,
  type Override,
  type RoleInput,
} from "./effective.ts";

const NOW = new Date("2030-01-01T12:00:00Z");
const LATER = new Date("2030-01-01T13:00:00Z");
const EARLIER = new Date("2030-01-01T11:00:00Z");
const UNKNOWN_BIT = 1n << 40n;

const ROLES: RoleInput[] = [
  { id: "everyone", position: 0, permissions: DEFAULT_EVERYONE },
  { id: "member", position: 1, permissions: DEFAULT_MEMBER },
  { id: "helper", position: 2, permissions: permissionBits("MENTION_EVERYONE") },
  { id: "mod", position: 5, permissions: DEFAULT_MODERATOR },
  { id: "admin", position: 10, permissions: DEFAULT_ADMIN },
];

function input(over: Partial<EffectivePermissionsInput> = {}): EffectivePermissionsInput {
  return { userId: "u1", ownerId: "owner", everyoneRoleId: "everyone", roles: ROLES, memberRoleIds: [], now: NOW, ...over };
}

type Bits = { allow?: Permission[]; deny?: Permission[] };
const bitsOf = (names: Permission[] = []) => permissionBits(...names);
const roleOv = (id: string, b: Bits): Override => ({ targetType: "role", targetId: id, allow: bitsOf(b.allow), deny: bitsOf(b.deny) });
const memberOv = (id: string, b: Bits): Override => ({ targetType: "member", targetId: id, allow: bitsOf(b.allow), deny: bitsOf(b.deny) });
const channel = (...overrides: Override[]) => ({ overrides, syncWithGroup: false });
const synced = (...overrides: Override[]) => ({ overrides, syncWithGroup: true });
const group = (...overrides: Override[]) => ({ overrides });

type Case = { name: string; input: Partial<EffectivePermissionsInput>; exact?: bigint; has?: Permission[]; lacks?: Permission[] };

const CASES: Case[] = [
  // owner and instance admin
  { name: "owner holds every bit without any role", input: { userId: "owner" }, exact: ALL_PERMISSIONS },
  { name: "owner holds every bit where @everyone cannot view", input: { userId: "owner", channel: channel(roleOv("everyone", { deny: ["VIEW_CHANNEL"] })) }, exact: ALL_PERMISSIONS },
  { name: "owner keeps every bit while timed out", input: { userId: "owner", timedOutUntil: LATER }, exact: ALL_PERMISSIONS },
  { name: "instance admin gets no community powers beyond @everyone", input: { isInstanceAdmin: true }, exact: DEFAULT_EVERYONE },
  // base permissions
  { name: "@everyone-only member gets exactly the @everyone bits", input: {}, exact: DEFAULT_EVERYONE },
  { name: "@everyone-only member cannot moderate", input: {}, lacks: ["KICK_MEMBERS", "MANAGE_MESSAGES", "MENTION_EVERYONE"] },
  { name: "a held role adds its bits to @everyone's", input: { memberRoleIds: ["mod"] }, has: ["KICK_MEMBERS", "BAN_MEMBERS", "SEND_MESSAGES"] },
  { name: "bits of several held roles are combined", input: { memberRoleIds: ["member", "helper"] }, has: ["MENTION_EVERYONE", "SEND_MESSAGES"], lacks: ["KICK_MEMBERS"] },
  { name: "a held role id missing from the community grants nothing", input: { memberRoleIds: ["ghost"] }, exact: DEFAULT_EVERYONE },
  { name: "community-level bits do not require VIEW_CHANNEL", input: { roles: [{ id: "everyone", position: 0, permissions: 0n }, { id: "kicker", position: 1, permissions: bitsOf(["KICK_MEMBERS"]) }], memberRoleIds: ["kicker"] }, exact: bitsOf(["KICK_MEMBERS"]) },
  { name: "unknown bits stored on a role are dropped", input: { roles: [{ id: "everyone", position: 0, permissions: DEFAULT_EVERYONE | UNKNOWN_BIT }] }, exact: DEFAULT_EVERYONE },
  // administrator
  { name: "ADMINISTRATOR role holds every bit", input: { memberRoleIds: ["admin"] }, exact: ALL_PERMISSIONS },
  { name: "administrator ignores a channel override that hides the channel", input: { memberRoleIds: ["admin"], channel: channel(roleOv("admin", { deny: ["VIEW_CHANNEL"] })) }, exact: ALL_PERMISSIONS },
  { name: "administrator ignores a member override denying sending", input: { memberRoleIds: ["admin"], channel: channel(memberOv("u1", { deny: ["SEND_MESSAGES"] })) }, exact: ALL_PERMISSIONS },
  { name: "ADMINISTRATOR allowed by an override does not make an administrator", input: { channel: channel(memberOv("u1", { allow: ["ADMINISTRATOR"] })) }, exact: DEFAULT_EVERYONE },
  // overrides
  { name: "channel without overrides keeps the base bits", input: { channel: channel() }, exact: DEFAULT_EVERYONE },
  { name: "@everyone override deny removes a bit from everyone", input: { channel: channel(roleOv("everyone", { deny: ["SEND_MESSAGES"] })) }, lacks: ["SEND_MESSAGES"], has: ["VIEW_CHANNEL"] },
  { name: "@everyone override allow adds a bit for everyone", input: { channel: channel(roleOv("everyone", { allow: ["MENTION_EVERYONE"] })) }, has: ["MENTION_EVERYONE"] },
  { name: "role override deny removes a bit the base grants", input: { memberRoleIds: ["member"], channel: channel(roleOv("member", { deny: ["ATTACH_FILES"] })) }, lacks: ["ATTACH_FILES"], has: ["SEND_MESSAGES"] },
  { name: "role override allow adds a bit the base lacks", input: { memberRoleIds: ["member"], channel: channel(roleOv("member", { allow: ["MANAGE_MESSAGES"] })) }, has: ["MANAGE_MESSAGES"] },
  { name: "role override allow beats @everyone override deny", input: { memberRoleIds: ["member"], channel: channel(roleOv("everyone", { deny: ["SEND_MESSAGES"] }), roleOv("member", { allow: ["SEND_MESSAGES"] })) }, has: ["SEND_MESSAGES"] },
  { name: "role override deny beats @everyone override allow", input: { memberRoleIds: ["member"], channel: channel(roleOv("everyone", { allow: ["MENTION_EVERYONE"] }), roleOv("member", { deny: ["MENTION_EVERYONE"] })) }, lacks: ["MENTION_EVERYONE"] },
  { name: "across roles an allow beats a deny", input: { memberRoleIds: ["member", "helper"], channel: channel(roleOv("member", { deny: ["ATTACH_FILES"] }), roleOv("helper", { allow: ["ATTACH_FILES"] })) }, has: ["ATTACH_FILES"] },
  { name: "@everyone listed among held roles is not applied twice", input: { memberRoleIds: ["everyone", "member"], channel: channel(roleOv("everyone", { allow: ["MENTION_EVERYONE"] }), roleOv("member", { deny: ["MENTION_EVERYONE"] })) }, lacks: ["MENTION_EVERYONE"] },
  { name: "member override allow beats role override deny", input: { memberRoleIds: ["member"], channel: channel(roleOv("member", { deny: ["SEND_MESSAGES"] }), memberOv("u1", { allow: ["SEND_MESSAGES"] })) }, has: ["SEND_MESSAGES"] },
  { name: "member override deny beats role override allow", input: { memberRoleIds: ["member"], channel: channel(roleOv("member", { allow: ["PIN_MESSAGES"] }), memberOv("u1", { deny: ["PIN_MESSAGES"] })) }, lacks: ["PIN_MESSAGES"] },
  { name: "another member's override has no effect", input: { channel: channel(memberOv("u2", { deny: ["SEND_MESSAGES"] })) }, exact: DEFAULT_EVERYONE },
  { name: "override for a role not held has no effect", input: { memberRoleIds: ["member"], channel: channel(roleOv("mod", { allow: ["MANAGE_MESSAGES"] })) }, lacks: ["MANAGE_MESSAGES"] },
  { name: "unknown bits allowed by an override are dropped", input: { channel: channel({ targetType: "role", targetId: "everyone", allow: UNKNOWN_BIT, deny: 0n }) }, exact: DEFAULT_EVERYONE },
  // groups
  { name: "synced channel takes its group's overrides", input: { group: group(roleOv("everyone", { deny: ["SEND_MESSAGES"] })), channel: synced() }, lacks: ["SEND_MESSAGES"] },
  { name: "synced channel ignores its own overrides", input: { group: group(), channel: synced(roleOv("everyone", { deny: ["VIEW_CHANNEL"] })) }, exact: DEFAULT_EVERYONE },
  { name: "synced channel without a group has no overrides", input: { group: null, channel: synced(roleOv("everyone", { deny: ["SEND_MESSAGES"] })) }, exact: DEFAULT_EVERYONE },
  { name: "unsynced channel ignores its group's overrides", input: { group: group(roleOv("everyone", { deny: ["SEND_MESSAGES"] })), channel: channel() }, has: ["SEND_MESSAGES"] },
  { name: "unsynced channel applies its own overrides", input: { group: group(roleOv("everyone", { allow: ["ATTACH_FILES"] })), channel: channel(roleOv("everyone", { deny: ["ATTACH_FILES"] })) }, lacks: ["ATTACH_FILES"] },
  { name: "group alone scopes group-level actions", input: { memberRoleIds: ["member"], group: group(roleOv("member", { allow: ["MANAGE_CHANNELS"] })) }, has: ["MANAGE_CHANNELS"] },
  { name: "group the member cannot view gives no bits", input: { memberRoleIds: ["mod"], group: group(roleOv("everyone", { deny: ["VIEW_CHANNEL"] })) }, exact: 0n },
  // implicit rules
  { name: "channel the member cannot view gives no bits at all", input: { memberRoleIds: ["mod"], channel: channel(roleOv("everyone", { deny: ["VIEW_CHANNEL"] })) }, exact: 0n },
  { name: "view denied to @everyone but allowed to a role keeps the channel", input: { memberRoleIds: ["mod"], channel: channel(roleOv("everyone", { deny: ["VIEW_CHANNEL"] }), roleOv("mod", { allow: ["VIEW_CHANNEL"] })) }, has: ["VIEW_CHANNEL", "MANAGE_MESSAGES"] },
  { name: "send denied removes threads, attachments, embeds and @everyone", input: { memberRoleIds: ["helper"], channel: channel(roleOv("everyone", { deny: ["SEND_MESSAGES"] })) }, lacks: ["SEND_IN_THREADS", "ATTACH_FILES", "EMBED_LINKS", "MENTION_EVERYONE"], has: ["VIEW_CHANNEL", "ADD_REACTIONS", "SPEAK"] },
  { name: "send denied wins over an explicit allow of a dependent bit", input: { channel: channel(memberOv("u1", { allow: ["ATTACH_FILES"], deny: ["SEND_MESSAGES"] })) }, lacks: ["ATTACH_FILES"] },
  // timeouts
  { name: "timeout removes sending, reacting and voice but keeps reading", input: { timedOutUntil: LATER }, lacks: ["SEND_MESSAGES", "SEND_IN_THREADS", "ADD_REACTIONS", "CONNECT_VOICE", "SPEAK", "VIDEO", "SCREEN_SHARE"], has: ["VIEW_CHANNEL", "READ_HISTORY"] },
  { name: "timeout leaves only view and history", input: { memberRoleIds: ["mod"], timedOutUntil: LATER }, exact: TIMEOUT_KEPT },
  { name: "timeout applies inside a channel", input: { timedOutUntil: LATER, channel: channel(memberOv("u1", { allow: ["MANAGE_MESSAGES"] })) }, exact: TIMEOUT_KEPT },
  { name: "timeout does not apply to administrators", input: { memberRoleIds: ["admin"], timedOutUntil: LATER }, exact: ALL_PERMISSIONS },
  { name: "expired timeout has no effect", input: { timedOutUntil: EARLIER }, exact: DEFAULT_EVERYONE },
  { name: "timeout ending exactly now has ended", input: { timedOutUntil: NOW }, exact: DEFAULT_EVERYONE },
  // personal groups
  { name: "personal group owner manages channels in their group", input: { group: { overrides: [], ownerUserId: "u1" }, channel: synced() }, has: ["MANAGE_CHANNELS", "CREATE_INVITES", "SEND_MESSAGES"] },
  { name: "personal group owner sees their group even when @everyone is denied", input: { group: { overrides: [roleOv("everyone", { deny: ["VIEW_CHANNEL"] })], ownerUserId: "u1" } }, has: ["VIEW_CHANNEL", "MANAGE_CHANNELS"] },
  { name: "personal group owner gets nothing extra community-wide", input: { group: null, channel: null }, lacks: ["MANAGE_CHANNELS"] },
  { name: "another member's personal group grants nothing", input: { group: { overrides: [], ownerUserId: "u2" } }, lacks: ["MANAGE_CHANNELS"] },
  { name: "timed-out personal group owner cannot manage channels", input: { timedOutUntil: LATER, group: { overrides: [], ownerUserId: "u1" } }, exact: TIMEOUT_KEPT },
  // archived channels
  { name: "archived channel is read-only for members", input: { channel: { overrides: [], syncWithGroup: false, archived: true } }, has: ["VIEW_CHANNEL", "READ_HISTORY"], lacks: ["SEND_MESSAGES", "ADD_REACTIONS", "SPEAK"] },
  { name: "archived channel is read-only for the owner too", input: { userId: "owner", channel: { overrides: [], syncWithGroup: false, archived: true } }, has: ["MANAGE_CHANNELS"], lacks: ["SEND_MESSAGES"] },
  { name: "timeout is checked against the clock when now is omitted", input: { now: undefined, timedOutUntil: new Date(Date.now() + 3_600_000) }, exact: TIMEOUT_KEPT },
];

describe("effectivePermissions", () => {
  it.each(CASES)("$name", ({ input: over, exact, has = [], lacks = [] }) => {
    const bits = effectivePermissions(input(over));
    if (exact !== undefined) expect(listPermissions(bits)).toEqual(listPermissions(exact));
    if (exact !== undefined) expect(bits).toBe(exact);
    expect(listPermissions(bits)).toEqual(expect.arrayContaining(has));
    for (const name of lacks) expect(listPermissions(bits)).not.toContain(name);
  });
});

describe("dmPermissions", () => {
  it.each([
    { name: "participant of a DM gets the DM set", args: { isParticipant: true, kind: "dm" as const, isBlockedEitherWay: false }, expected: DM_PERMISSIONS },
    { name: "non-participant gets nothing", args: { isParticipant: false, kind: "dm" as const, isBlockedEitherWay: false }, expected: 0n },
    { name: "a block in a DM leaves only reading", args: { isParticipant: true, kind: "dm" as const, isBlockedEitherWay: true }, expected: permissionBits("VIEW_CHANNEL", "READ_HISTORY") },
    { name: "a block does not change a group DM", args: { isParticipant: true, kind: "group_dm" as const, isBlockedEitherWay: true }, expected: DM_PERMISSIONS },
  ])("$name", ({ args, expected }) => {
    expect(dmPermissions(args)).toBe(expected);
  });

  it("the DM set holds no moderation bits", () => {
    expect(listPermissions(DM_PERMISSIONS)).not.toEqual(expect.arrayContaining(["MANAGE_MESSAGES"]));
    expect(listPermissions(DM_PERMISSIONS)).toEqual(expect.arrayContaining(["SEND_MESSAGES", "ADD_REACTIONS", "ATTACH_FILES", "EMBED_LINKS"]));
  });
});

describe("highestRolePosition", () => {
  it.each([
    { name: "is @everyone's position without other roles", memberRoleIds: [], expected: 0 },
    { name: "is the highest held role", memberRoleIds: ["member", "mod", "helper"], expected: 5 },
    { name: "ignores roles missing from the community", memberRoleIds: ["ghost", "helper"], expected: 2 },
  ])("$name", ({ memberRoleIds, expected }) => {
    expect(highestRolePosition({ everyoneRoleId: "everyone", roles: ROLES, memberRoleIds })).toBe(expected);
  });
});

const rank = (userId: string, highestPosition: number) => ({ userId, highestPosition });

describe("canActOn", () => {
  it.each([
    { name: "owner acts on the top administrator", actor: rank("owner", 0), target: rank("u2", 10), expected: true },
    { name: "nobody acts on the owner, even from the top role", actor: rank("u1", 99), target: rank("owner", 0), expected: false },
    { name: "owner does not act on themselves", actor: rank("owner", 0), target: rank("owner", 0), expected: false },
    { name: "a higher role acts on a lower one", actor: rank("u1", 5), target: rank("u2", 1), expected: true },
    { name: "an equal role cannot act", actor: rank("u1", 5), target: rank("u2", 5), expected: false },
    { name: "a lower role cannot act on a higher one", actor: rank("u1", 1), target: rank("u2", 5), expected: false },
    { name: "a member cannot act on themselves", actor: rank("u1", 5), target: rank("u1", 5), expected: false },
  ])("$name", ({ actor, target, expected }) => {
    expect(canActOn({ ownerId: "owner", actor, target })).toBe(expected);
  });
});

describe("canManageRole", () => {
  it.each([
    { name: "manages a role below their highest", actor: rank("u1", 5), rolePosition: 4, expected: true },
    { name: "cannot manage their own highest position", actor: rank("u1", 5), rolePosition: 5, expected: false },
    { name: "owner manages any role", actor: rank("owner", 0), rolePosition: 99, expected: true },
  ])("$name", ({ actor, rolePosition, expected }) => {
    expect(canManageRole({ ownerId: "owner", actor, rolePosition })).toBe(expected);
  });
});

describe("canGrant", () => {
  it.each([
    { name: "grants a subset of held bits", actor: DEFAULT_MODERATOR, requested: bitsOf(["KICK_MEMBERS", "SEND_MESSAGES"]), expected: true },
    { name: "grants nothing at all", actor: DEFAULT_EVERYONE, requested: 0n, expected: true },
    { name: "cannot grant a bit not held", actor: DEFAULT_MODERATOR, requested: bitsOf(["MANAGE_ROLES"]), expected: false },
    { name: "cannot grant ADMINISTRATOR without it", actor: ALL_PERMISSIONS & ~DEFAULT_ADMIN, requested: DEFAULT_ADMIN, expected: false },
    { name: "administrator grants anything, ADMINISTRATOR included", actor: DEFAULT_ADMIN, requested: ALL_PERMISSIONS, expected: true },
    { name: "nobody grants undefined bits", actor: DEFAULT_ADMIN, requested: UNKNOWN_BIT, expected: false },
  ])("$name", ({ actor, requested, expected }) => {
    expect(canGrant(actor, requested)).toBe(expected);
  });
});

describe("bitfields over JSON", () => {
  it.each([
    { name: "no permissions", bits: 0n },
    { name: "the @everyone preset", bits: DEFAULT_EVERYONE },
    { name: "the moderator preset", bits: DEFAULT_MODERATOR },
    { name: "every permission", bits: ALL_PERMISSIONS },
  ])("round-trips $name through a decimal string", ({ bits }) => {
    const wire = JSON.parse(JSON.stringify({ p: permissionsToString(bits) })) as { p: string };
    expect(permissionsFromString(wire.p)).toBe(bits);
  });

  it.each(["", "-1", "0x10", "1e3", " 7", "07", "1.0", "abc", (1n << 40n).toString()])("rejects %j", (bad) => {
    expect(() => permissionsFromString(bad)).toThrow(RangeError);
  });
});

describe("threadPermissions", () => {
  const has = (bits: bigint, name: Permission) => (bits & permissionBits(name)) !== 0n;

  it("posting in a thread is SEND_IN_THREADS in the parent, not SEND_MESSAGES", () => {
    const member = threadPermissions(DEFAULT_MEMBER, { archived: false });
    expect(has(member, "SEND_MESSAGES")).toBe(true);
    expect(has(member, "READ_HISTORY")).toBe(true);
    const noThreads = threadPermissions(DEFAULT_MEMBER & ~permissionBits("SEND_IN_THREADS"), { archived: false });
    expect(has(noThreads, "SEND_MESSAGES")).toBe(false);
    expect(has(noThreads, "ATTACH_FILES")).toBe(false);
    expect(has(noThreads, "VIEW_CHANNEL")).toBe(true);
    expect(has(noThreads, "ADD_REACTIONS")).toBe(true);
    const threadsOnly = threadPermissions(permissionBits("VIEW_CHANNEL", "READ_HISTORY", "SEND_IN_THREADS"), { archived: false });
    expect(has(threadsOnly, "SEND_MESSAGES")).toBe(true);
  });

  it("an archived thread is read-only for everyone, the owner's bits included; no view in the parent is nothing", () => {
    for (const bits of [DEFAULT_MEMBER, ALL_PERMISSIONS]) {
      const t = threadPermissions(bits, { archived: true });
      expect(has(t, "SEND_MESSAGES") || has(t, "ADD_REACTIONS")).toBe(false);
      expect(has(t, "VIEW_CHANNEL") && has(t, "READ_HISTORY")).toBe(true);
    }
    expect(threadPermissions(DEFAULT_MEMBER & ~permissionBits("VIEW_CHANNEL"), { archived: false })).toBe(0n);
  });
});
