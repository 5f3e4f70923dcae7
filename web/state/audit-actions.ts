/**
 * The audit log's action names (docs/api/moderation.md, docs/api/admin.md) and how each reads in a sentence
 * ("Ann banned Bob"). Unknown actions still show, with their raw name.
 */

/** Actions recorded inside a community, in the order the filter lists them. */
export const COMMUNITY_ACTIONS: Record<string, string> = {
  "community.create": "created the community",
  "community.update": "changed the community's settings",
  "community.transfer_ownership": "transferred ownership",
  "group.create": "created a group",
  "group.update": "edited a group",
  "group.assign_owner": "changed a personal group's owner",
  "group.reorder": "reordered groups",
  "group.delete": "deleted a group",
  "group.override_set": "changed a group's permissions",
  "group.override_delete": "removed a group permission override",
  "channel.create": "created a channel",
  "channel.update": "edited a channel",
  "channel.reorder": "reordered channels",
  "channel.delete": "deleted a channel",
  "channel.override_set": "changed a channel's permissions",
  "channel.override_delete": "removed a channel permission override",
  "thread.update": "renamed or archived a thread",
  "thread.delete": "deleted a thread",
  "webhook.create": "created a webhook",
  "webhook.update": "renamed a webhook",
  "webhook.token_reset": "replaced a webhook's address",
  "webhook.delete": "deleted a webhook",
  "emoji.create": "added an emoji",
  "emoji.update": "renamed an emoji",
  "emoji.delete": "deleted an emoji",
  "role.create": "created a role",
  "role.update": "edited a role",
  "role.reorder": "reordered roles",
  "role.delete": "deleted a role",
  "member.role_add": "gave a role to",
  "member.role_remove": "took a role from",
  "member.nickname": "changed the nickname of",
  "member.join": "joined",
  "member.leave": "left",
  "member.kick": "kicked",
  "member.ban": "banned",
  "member.unban": "unbanned",
  "member.timeout": "timed out",
  "member.timeout_end": "ended the timeout of",
  "member.warn": "warned",
  "member.warning_delete": "deleted a warning of",
  "invite.create": "created an invite",
  "invite.revoke": "revoked an invite",
  "report.create": "filed a report",
  "report.resolved": "resolved a report",
  "report.dismissed": "dismissed a report",
  "report.escalate": "escalated a report to the admins",
};

/** Actions only the instance log holds (accounts, sign-ins, administration). */
export const INSTANCE_ACTIONS: Record<string, string> = {
  "user.register": "registered",
  "auth.login": "signed in",
  "auth.login_failed": "failed to sign in",
  "auth.locked": "was locked out",
  "auth.logout": "signed out",
  "auth.recovered": "reset their password with the recovery code",
  "auth.totp_enabled": "turned on two-factor authentication",
  "auth.totp_disabled": "turned off two-factor authentication",
  "auth.refresh_reuse": "had a stolen refresh token refused",
  "user.change_password": "changed their password",
  "user.regenerate_recovery_code": "generated a new recovery code",
  "user.update_profile": "updated their profile",
  "user.delete_account": "deleted their account",
  "user.export_data": "exported their data",
  "user.key_backup_create": "set up a key backup",
  "user.key_backup_delete": "deleted their key backup",
  "admin.user_suspend": "suspended",
  "admin.user_unsuspend": "unsuspended",
  "admin.user_delete": "deleted the account of",
  "admin.user_reset_password": "reset the password of",
  "admin.user_promote": "promoted to instance admin:",
  "admin.user_demote": "demoted from instance admin:",
  "admin.settings_update": "changed instance settings",
  "admin.legal_update": "changed the terms of service or privacy notice",
  "admin.registration_invite_created": "created a registration invite",
  "admin.registration_invite_revoked": "revoked a registration invite",
  "admin.announcement_create": "posted an announcement",
  "admin.announcement_delete": "deleted an announcement",
  "admin.community_delete": "removed a community",
  "admin.feedback_update": "updated feedback",
  ...COMMUNITY_ACTIONS,
};

/** How an action reads after the actor's name. */
export function actionPhrase(action: string): string {
  return INSTANCE_ACTIONS[action] ?? action.replace(/[._]/g, " ");
}

/** Whether the phrase ends by naming a person ("banned …"), so the target's name follows it. */
export function phraseTakesPerson(action: string): boolean {
  return action.startsWith("member.") && action !== "member.join" && action !== "member.leave" ? true : action.startsWith("admin.user_");
}
