/**
 * What each permission means to a person editing roles and overrides: a short label, one sentence, and the
 * category it is listed under. The bits themselves come from protocol/permissions.ts; this is presentation only.
 */
import { PERMISSIONS, type Permission } from "../../protocol/permissions.ts";

export interface PermissionInfo {
  label: string;
  description: string;
}

export const PERMISSION_INFO: Record<Permission, PermissionInfo> = {
  ADMINISTRATOR: { label: "Administrator", description: "Every permission in every channel, past any override or timeout. Still below higher roles." },
  VIEW_CHANNEL: { label: "View channels", description: "See channels at all. Without it, nothing else in a channel matters." },
  SEND_MESSAGES: { label: "Send messages", description: "Post messages in text channels." },
  SEND_IN_THREADS: { label: "Send messages in threads", description: "Post inside threads." },
  EMBED_LINKS: { label: "Embed links", description: "Links they post unfurl into previews." },
  ATTACH_FILES: { label: "Attach files", description: "Upload files and images with messages." },
  ADD_REACTIONS: { label: "Add reactions", description: "Add new reactions to messages." },
  USE_CUSTOM_EMOJI: { label: "Use custom emoji", description: "Use this community's own emoji." },
  MENTION_EVERYONE: { label: "Mention @everyone", description: "Notify everyone with @everyone and @here." },
  MANAGE_MESSAGES: { label: "Manage messages", description: "Delete or hide other people's messages." },
  PIN_MESSAGES: { label: "Pin messages", description: "Pin and unpin messages." },
  MANAGE_CHANNELS: { label: "Manage channels", description: "Create, edit, reorder and delete channels and their permissions." },
  MANAGE_GROUPS: { label: "Manage groups", description: "Create, rename, reorder and delete channel groups and their permissions." },
  MANAGE_ROLES: { label: "Manage roles", description: "Create and edit roles below their own, and give them to members." },
  MANAGE_EMOJI: { label: "Manage emoji", description: "Upload, rename and delete custom emoji." },
  MANAGE_WEBHOOKS: { label: "Manage webhooks", description: "Create, edit and delete webhooks." },
  CREATE_INVITES: { label: "Create invites", description: "Make invite links to the community." },
  KICK_MEMBERS: { label: "Kick members", description: "Remove members; they can come back with an invite." },
  BAN_MEMBERS: { label: "Ban members", description: "Remove members and keep them out." },
  TIMEOUT_MEMBERS: { label: "Time out members", description: "Stop members from talking for a while, and warn them." },
  VIEW_AUDIT_LOG: { label: "View audit log", description: "Read the record of moderation and settings changes." },
  MANAGE_COMMUNITY: { label: "Manage community", description: "Change the name, description, icon and banner; revoke anyone's invites." },
  CONNECT_VOICE: { label: "Connect", description: "Join voice channels." },
  SPEAK: { label: "Speak", description: "Talk in voice channels." },
  VIDEO: { label: "Video", description: "Turn on their camera in voice channels." },
  SCREEN_SHARE: { label: "Share screen", description: "Share a screen in voice channels." },
  MUTE_MEMBERS: { label: "Mute members", description: "Mute other people in voice channels." },
  MOVE_MEMBERS: { label: "Move members", description: "Move or disconnect people between voice channels." },
  READ_HISTORY: { label: "Read message history", description: "Read messages sent before they opened the channel." },
};

export const PERMISSION_CATEGORIES: { name: string; permissions: Permission[] }[] = [
  { name: "General", permissions: ["ADMINISTRATOR", "VIEW_CHANNEL", "MANAGE_CHANNELS", "MANAGE_GROUPS", "MANAGE_ROLES", "MANAGE_EMOJI", "MANAGE_WEBHOOKS", "MANAGE_COMMUNITY", "VIEW_AUDIT_LOG", "CREATE_INVITES"] },
  { name: "Text", permissions: ["SEND_MESSAGES", "SEND_IN_THREADS", "READ_HISTORY", "EMBED_LINKS", "ATTACH_FILES", "ADD_REACTIONS", "USE_CUSTOM_EMOJI", "MENTION_EVERYONE", "MANAGE_MESSAGES", "PIN_MESSAGES"] },
  { name: "Moderation", permissions: ["KICK_MEMBERS", "BAN_MEMBERS", "TIMEOUT_MEMBERS"] },
  { name: "Voice", permissions: ["CONNECT_VOICE", "SPEAK", "VIDEO", "SCREEN_SHARE", "MUTE_MEMBERS", "MOVE_MEMBERS"] },
];

/** Bits that only make sense community-wide, hidden from channel and group overrides (ADMINISTRATOR cannot be overridden at all). */
export const COMMUNITY_ONLY: ReadonlySet<Permission> = new Set(["ADMINISTRATOR", "MANAGE_ROLES", "KICK_MEMBERS", "BAN_MEMBERS", "TIMEOUT_MEMBERS", "VIEW_AUDIT_LOG", "MANAGE_COMMUNITY", "MANAGE_EMOJI"]);

/** The categories with only the bits an override can change. */
export function overrideCategories(): { name: string; permissions: Permission[] }[] {
  return PERMISSION_CATEGORIES.map((c) => ({ name: c.name, permissions: c.permissions.filter((p) => !COMMUNITY_ONLY.has(p)) })).filter((c) => c.permissions.length > 0);
}

/** Every permission appears in exactly one category (checked by the unit test, so a new bit is never forgotten). */
export function uncategorised(): Permission[] {
  const listed = new Set(PERMISSION_CATEGORIES.flatMap((c) => c.permissions));
  return PERMISSIONS.filter((p) => !listed.has(p));
}
