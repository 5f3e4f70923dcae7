/**
 * Communities (Discord's servers) and everything that structures them: members, roles, groups (categories),
 * channels, permission overrides, invites; plus DMs and group DMs, which are channels without a community, and
 * user blocks. Permissions are computed from these rows by workers/permissions/effective.ts only.
 */
import { sql, type SQL } from "drizzle-orm";
import { bigint, boolean, check, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { users } from "./accounts.ts";

export const communities = pgTable(
  "communities",
  {
    id: uuid("id").primaryKey(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    iconUrl: text("icon_url"),
    bannerUrl: text("banner_url"),
    // "#rrggbb", or null for the client's default.
    accentColor: text("accent_color"),
    // Colour variables members see in the community (protocol/community-theme.ts), as parseTheme wrote them; null: none.
    themeCss: text("theme_css"),
    // Restrict: an owner is never hard-deleted (account deletion keeps the row), and ownership moves by transfer.
    ownerId: uuid("owner_id").notNull().references(() => users.id, { onDelete: "restrict" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("communities_owner_idx").on(t.ownerId)],
);

/** Who belongs to a community. The owner always has a row. Leaving, kicks and bans delete it. */
export const communityMembers = pgTable(
  "community_members",
  {
    communityId: uuid("community_id").notNull().references(() => communities.id, { onDelete: "cascade" }),
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    nickname: text("nickname"),
    joinedAt: timestamp("joined_at", { withTimezone: true }).notNull().defaultNow(),
    // While in the future, effectivePermissions removes TIMEOUT_REVOKED.
    timedOutUntil: timestamp("timed_out_until", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.communityId, t.userId] }), index("community_members_user_idx").on(t.userId)],
);

export const roles = pgTable(
  "roles",
  {
    id: uuid("id").primaryKey(),
    communityId: uuid("community_id").notNull().references(() => communities.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    // "#rrggbb", or null for no colour.
    color: text("color"),
    // Higher ranks higher; @everyone is 0 and the rest are 1..n without gaps after every change.
    position: integer("position").notNull(),
    // Bit i is PERMISSIONS[i] (protocol/permissions.ts). bigint so bits past 31 stay exact.
    permissions: bigint("permissions", { mode: "bigint" }).notNull(),
    isEveryone: boolean("is_everyone").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("roles_community_idx").on(t.communityId, t.position),
    uniqueIndex("roles_one_everyone_key").on(t.communityId).where(sql`${t.isEveryone}`),
  ],
);

/** Roles a member holds (never @everyone, which everyone holds implicitly). Leaving removes them. */
export const memberRoles = pgTable(
  "member_roles",
  {
    communityId: uuid("community_id").notNull(),
    userId: uuid("user_id").notNull(),
    roleId: uuid("role_id").notNull().references(() => roles.id, { onDelete: "cascade" }),
  },
  (t) => [
    primaryKey({ columns: [t.communityId, t.userId, t.roleId] }),
    foreignKey({ name: "member_roles_member_fk", columns: [t.communityId, t.userId], foreignColumns: [communityMembers.communityId, communityMembers.userId] }).onDelete("cascade"),
    index("member_roles_role_idx").on(t.roleId),
  ],
);

/** Groups (categories) of channels. A personal group has an owner member who manages the channels inside it. */
export const channelGroups = pgTable(
  "channel_groups",
  {
    id: uuid("id").primaryKey(),
    communityId: uuid("community_id").notNull().references(() => communities.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    position: integer("position").notNull(),
    ownerUserId: uuid("owner_user_id").references(() => users.id, { onDelete: "set null" }),
    // How the sidebar marks it: an emoji before its name and a colour ("#rrggbb"), or null for none.
    icon: text("icon"),
    accentColor: text("accent_color"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("channel_groups_community_idx").on(t.communityId, t.position)],
);

export const CHANNEL_KINDS = ["text", "voice", "dm", "group_dm", "thread"] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/**
 * Text and voice channels of communities, DMs / group DMs (community_id null), and threads (a text channel's side
 * conversations: `parent_id` set, the parent's community, no group; protocol/threads.ts). Messages, rooms and calls
 * hang off the channel id whatever its kind.
 */
export const channels = pgTable(
  "channels",
  {
    id: uuid("id").primaryKey(),
    communityId: uuid("community_id").references(() => communities.id, { onDelete: "cascade" }),
    // Deleting a group leaves its channels ungrouped rather than deleting them.
    groupId: uuid("group_id").references(() => channelGroups.id, { onDelete: "set null" }),
    kind: text("kind").$type<ChannelKind>().notNull(),
    name: text("name").notNull(),
    topic: text("topic").notNull().default(""),
    position: integer("position").notNull().default(0),
    slowModeSeconds: integer("slow_mode_seconds").notNull().default(0),
    nsfw: boolean("nsfw").notNull().default(false),
    archived: boolean("archived").notNull().default(false),
    // Chosen at creation and never changed: messages are either all plain or all end-to-end-encrypted envelopes.
    encrypted: boolean("encrypted").notNull().default(false),
    // True: the channel uses its group's overrides. False: only its own (a diverged copy), as in Discord.
    syncWithGroup: boolean("sync_with_group").notNull().default(true),
    // For 1:1 DMs only: the two user ids sorted and joined with ":", so a pair has at most one DM.
    dmKey: text("dm_key"),
    // For threads only: the text channel it belongs to (deleting that deletes its threads) and the message it was
    // started from (null: started from the channel). A message starts at most one thread. Messages are tombstoned,
    // never deleted, so no foreign key is needed for the root (and schema/messages.ts already imports this file).
    parentId: uuid("parent_id").references((): AnyPgColumn => channels.id, { onDelete: "cascade" }),
    rootMessageId: uuid("root_message_id"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("channels_community_idx").on(t.communityId, t.position),
    index("channels_group_idx").on(t.groupId),
    uniqueIndex("channels_dm_key").on(t.dmKey),
    index("channels_parent_idx").on(t.parentId).where(sql`${t.parentId} is not null`),
    uniqueIndex("channels_root_message_key").on(t.rootMessageId),
    check("channels_kind_check", sql`${t.kind} in ('text', 'voice', 'dm', 'group_dm', 'thread')`),
    check("channels_thread_parent_check", sql`(${t.kind} = 'thread') = (${t.parentId} is not null) and (${t.rootMessageId} is null or ${t.parentId} is not null)`),
    check("channels_community_kind_check", sql`(${t.communityId} is null) = (${t.kind} in ('dm', 'group_dm'))`),
  ],
);

/**
 * Allow/deny bits on one group or one channel (exactly one of the two), for one role or one member. The target is
 * polymorphic, so deleting a role deletes its overrides in the application.
 */
export const permissionOverrides = pgTable(
  "permission_overrides",
  {
    id: uuid("id").primaryKey(),
    communityId: uuid("community_id").notNull().references(() => communities.id, { onDelete: "cascade" }),
    groupId: uuid("group_id").references(() => channelGroups.id, { onDelete: "cascade" }),
    channelId: uuid("channel_id").references(() => channels.id, { onDelete: "cascade" }),
    targetType: text("target_type").$type<"role" | "member">().notNull(),
    targetId: uuid("target_id").notNull(),
    allow: bigint("allow", { mode: "bigint" }).notNull().default(sql`0`),
    deny: bigint("deny", { mode: "bigint" }).notNull().default(sql`0`),
  },
  (t) => [
    // NULLs are distinct in unique indexes, so each of these only constrains rows of its own scope.
    uniqueIndex("permission_overrides_group_target_key").on(t.groupId, t.targetType, t.targetId),
    uniqueIndex("permission_overrides_channel_target_key").on(t.channelId, t.targetType, t.targetId),
    index("permission_overrides_target_idx").on(t.communityId, t.targetId),
    check("permission_overrides_scope_check", sql`(${t.groupId} is null) <> (${t.channelId} is null)`),
    check("permission_overrides_target_type_check", sql`${t.targetType} in ('role', 'member')`),
  ],
);

/** Who is in a DM or group DM. */
export const dmParticipants = pgTable(
  "dm_participants",
  {
    channelId: uuid("channel_id").notNull().references(() => channels.id, { onDelete: "cascade" }),
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    joinedAt: timestamp("joined_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.userId] }), index("dm_participants_user_idx").on(t.userId)],
);

/**
 * SQL: whether user `other` shares a community or a conversation (DM, group DM) with user `me`, or is the account
 * of a webhook in one of `me`'s communities: who is named to whom (GET /users?ids=) and hears whose presence (H6).
 */
export function sharesSpaceWith(me: SQL, other: SQL): SQL {
  return sql`(exists (select 1 from ${communityMembers} mine join ${communityMembers} theirs on theirs.community_id = mine.community_id
              where mine.user_id = ${me} and theirs.user_id = ${other})
    or exists (select 1 from ${communityMembers} mine join "webhooks" w on w.community_id = mine.community_id
              where mine.user_id = ${me} and w.user_id = ${other})
    or exists (select 1 from ${dmParticipants} mine join ${dmParticipants} theirs on theirs.channel_id = mine.channel_id
              where mine.user_id = ${me} and theirs.user_id = ${other}))`;
}

/**
 * What happened to a group DM, in order: renames, people added, people leaving (or deleting their account), with
 * who did it, so every participant's timeline names the actor after a reload too (docs/api/communities.md,
 * `GET /dms/:id/changes`). Written in the same transaction as the change; pushed live as `dm_changed` (H8).
 */
export const dmChanges = pgTable(
  "dm_changes",
  {
    id: uuid("id").primaryKey(),
    channelId: uuid("channel_id").notNull().references(() => channels.id, { onDelete: "cascade" }),
    change: text("change", { enum: ["renamed", "participant_added", "participant_left"] }).notNull(),
    // Accounts are never hard-deleted (deletion anonymises the row), so the actor stays resolvable.
    actorId: uuid("actor_id").notNull().references(() => users.id),
    /** Who was added or left; null for a rename. */
    userId: uuid("user_id").references(() => users.id),
    /** A rename's new name; null when cleared back to the participants' names, and for other changes. */
    name: text("name"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("dm_changes_channel_idx").on(t.channelId, t.createdAt),
    check("dm_changes_change_check", sql`${t.change} in ('renamed', 'participant_added', 'participant_left')`),
  ],
);

/** blocker has blocked blocked: no DMs between them, and the blocker's client hides the other's messages. */
export const userBlocks = pgTable(
  "user_blocks",
  {
    blockerId: uuid("blocker_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    blockedId: uuid("blocked_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.blockerId, t.blockedId] }), index("user_blocks_blocked_idx").on(t.blockedId)],
);

/** Codes that let someone join a community. */
export const communityInvites = pgTable(
  "community_invites",
  {
    code: text("code").primaryKey(),
    communityId: uuid("community_id").notNull().references(() => communities.id, { onDelete: "cascade" }),
    creatorId: uuid("creator_id").references(() => users.id, { onDelete: "set null" }),
    // null: unlimited.
    maxUses: integer("max_uses"),
    uses: integer("uses").notNull().default(0),
    // null: never expires.
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("community_invites_community_idx").on(t.communityId, t.createdAt)],
);

export type Community = typeof communities.$inferSelect;
export type CommunityMember = typeof communityMembers.$inferSelect;
export type Role = typeof roles.$inferSelect;
export type ChannelGroup = typeof channelGroups.$inferSelect;
export type Channel = typeof channels.$inferSelect;
export type NewChannel = typeof channels.$inferInsert;
export type PermissionOverrideRow = typeof permissionOverrides.$inferSelect;
export type CommunityInvite = typeof communityInvites.$inferSelect;
