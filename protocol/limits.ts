/** Limits shared by server validation and client-side checks, so both refuse the same input. */

/** Request bodies above this are refused before parsing: no legitimate JSON call needs more. */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

/** Usernames: short enough for mentions, limited to characters that are safe in URLs and mentions. */
export const USERNAME_MIN = 3;
export const USERNAME_MAX = 32;
export const USERNAME_PATTERN = /^[a-z0-9_.]+$/;

export const DISPLAY_NAME_MAX = 64;
export const PASSWORD_MIN = 8;
/** Argon2 takes any length, but hashing megabytes would be a cheap denial of service. */
export const PASSWORD_MAX = 256;
export const DEVICE_NAME_MAX = 100;

/** Access tokens are short so a stolen one is useful briefly; refresh tokens keep a device signed in. */
export const ACCESS_TOKEN_TTL_S = 15 * 60;
export const REFRESH_TOKEN_TTL_S = 30 * 24 * 3600;

/** Failed logins before an account locks, and for how long: slows guessing without locking owners out for long. */
export const LOCKOUT_THRESHOLD = 10;
export const LOCKOUT_DURATION_S = 15 * 60;

/** Token-bucket rates per client IP (requests per second, also the burst size). */
export const RATE_GENERAL_PER_S = 20;
export const RATE_AUTH_PER_S = 5;

/** Communities and channels. Lengths follow Discord's, which clients and users already expect. */
export const COMMUNITY_NAME_MAX = 100;
export const COMMUNITY_DESCRIPTION_MAX = 1000;
export const CHANNEL_NAME_MAX = 100;
export const GROUP_NAME_MAX = 100;
export const CHANNEL_TOPIC_MAX = 1024;
export const ROLE_NAME_MAX = 100;
export const NICKNAME_MAX = 32;
/** Slow mode up to 6 hours: beyond that a channel is effectively closed, which is what archiving is for. */
export const SLOW_MODE_MAX_S = 6 * 3600;
/** Bounds that keep one community's permission computation and channel list cheap. */
export const MAX_ROLES_PER_COMMUNITY = 250;
export const MAX_CHANNELS_PER_COMMUNITY = 500;
export const MAX_GROUPS_PER_COMMUNITY = 100;
/** Group DMs hold up to 10 people, the creator included. */
export const GROUP_DM_MAX_PARTICIPANTS = 10;
/** Invite uses: 1 to 1,000, or null for unlimited. */
export const INVITE_MAX_USES = 1000;
/** Invite lifetimes offered: 1 hour, 1 day, 7 days, 30 days, 1 year (null: never). */
export const INVITE_EXPIRY_CHOICES_S = [3600, 86_400, 604_800, 2_592_000, 31_536_000] as const;
/** When an invite request names no expiry: 7 days, so forgotten invites do not stay open forever. */
export const INVITE_DEFAULT_EXPIRY_S = 604_800;
/** Moderation reasons, report reasons and notes. */
export const REASON_MAX = 512;
/** Timeouts last at most 28 days, as in Discord; longer is what a ban is for. */
export const TIMEOUT_MAX_S = 28 * 86_400;

/** Default largest upload, until an admin sets `upload_max_bytes`: 25 MiB, enough for photos and short clips. */
export const DEFAULT_UPLOAD_MAX_BYTES = 25 * 1024 * 1024;
/** Hard ceiling an admin may raise the upload limit to (the file store streams, but requests must end). */
export const UPLOAD_MAX_BYTES_CEILING = 1024 * 1024 * 1024;
export const ANNOUNCEMENT_TITLE_MAX = 200;
export const ANNOUNCEMENT_BODY_MAX = 4000;
export const FEEDBACK_BODY_MAX = 4000;
