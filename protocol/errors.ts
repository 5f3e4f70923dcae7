/**
 * Every error code the API and the sockets can return. Clients branch on `code`, never on `message`.
 * Adding a code is fine; renaming or removing one breaks clients.
 */
export const ERROR_CODES = [
  // generic
  "invalid_json",
  "invalid_body",
  "invalid_query",
  "invalid_params",
  "payload_too_large",
  "unsupported_media_type",
  "route_not_found",
  "method_not_allowed",
  "rate_limited",
  "internal",
  "service_unavailable",
  // auth
  "unauthorized",
  "invalid_token",
  "token_expired",
  "forbidden",
  "username_taken",
  "invalid_username",
  "weak_password",
  "registration_closed",
  "invite_required",
  "invalid_invite",
  "invalid_credentials",
  "totp_required",
  "invalid_totp",
  "totp_already_enabled",
  "totp_not_enabled",
  "totp_not_enrolled",
  "account_locked",
  "account_suspended",
  "invalid_refresh_token",
  "invalid_recovery_code",
  "session_not_found",
  "user_not_found",
  "not_found",
  "conflict",
  // communities, channels and DMs
  "community_not_found",
  "community_creation_restricted",
  "community_name_mismatch",
  "group_not_found",
  "channel_not_found",
  "role_not_found",
  "member_not_found",
  "override_not_found",
  "invite_not_found",
  "missing_permission",
  "role_hierarchy",
  "cannot_grant_permission",
  "owner_cannot_leave",
  "banned",
  "cannot_dm_user",
  "too_many_participants",
  "not_a_group_dm",
  // moderation and admin
  "ban_not_found",
  "report_not_found",
  "announcement_not_found",
  "feedback_not_found",
  "cannot_moderate_self",
  "owns_communities",
  // realtime: socket frames and messages (docs/protocol.md)
  "invalid_frame",
  "unknown_frame_type",
  "frame_too_large",
  "binary_not_supported",
  "hello_required",
  "message_too_large",
  "message_not_found",
  "slow_mode",
  "encryption_required",
  "encryption_not_supported",
  "invalid_seq",
  "commit_failed",
  "invalid_ticket",
  "search_not_available",
  // files (docs/api/files.md)
  "invalid_attachment",
  "file_not_found",
  "quota_exceeded",
  // threads
  "thread_not_found",
  "thread_exists",
  "threads_unavailable",
  // polls (docs/api/polls.md)
  "invalid_vote",
  "poll_closed",
  // end-to-end encryption (docs/encryption.md)
  "invalid_device_key",
  "invalid_signature",
  "device_not_found",
  "device_key_in_use",
  "too_many_devices",
  "too_many_recipients",
  "no_key_backup",
  "not_this_device",
  "key_backup_changed",
  "key_backup_full",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The one shape every HTTP error body takes. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: Record<string, unknown> };
}
