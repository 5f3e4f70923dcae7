/** Limits shared by server validation and client-side checks, so both refuse the same input. */

/** Request bodies above this are refused before parsing: no legitimate JSON call needs more. */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

/** Usernames: short enough for mentions, limited to characters that are safe in URLs and mentions. */
export const USERNAME_MIN = 3;
export const USERNAME_MAX = 32;
export const USERNAME_PATTERN = /^[a-z0-9_.]+$/;

export const DISPLAY_NAME_MAX = 64;
/** Message search (`GET /channels/:id/search`): the longest query, and how many words of it count. */
export const SEARCH_QUERY_MAX = 200;
export const SEARCH_WORDS_MAX = 8;
/** How many user ids one `GET /api/v1/users?ids=` names at most. */
export const USER_LOOKUP_MAX = 100;
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
/** How much of a reported message the report keeps: enough to judge it after the message is edited or deleted. */
export const REPORT_EXCERPT_CHARS = 1000;
/** Timeouts last at most 28 days, as in Discord; longer is what a ban is for. */
export const TIMEOUT_MAX_S = 28 * 86_400;

/** Default largest upload, until an admin sets `upload_max_bytes`: 25 MiB, enough for photos and short clips. */
export const DEFAULT_UPLOAD_MAX_BYTES = 25 * 1024 * 1024;
/** Hard ceiling an admin may raise the upload limit to (the file store streams, but requests must end). */
export const UPLOAD_MAX_BYTES_CEILING = 1024 * 1024 * 1024;
export const ANNOUNCEMENT_TITLE_MAX = 200;
export const ANNOUNCEMENT_BODY_MAX = 4000;
export const FEEDBACK_BODY_MAX = 4000;
// ---- Realtime (protocol/frames.ts, docs/protocol.md) ----

/** Plain message text, in UTF-16 code units as JavaScript counts them: Discord's limit, which users expect. */
export const MAX_MESSAGE_CHARS = 4000;
/** An encrypted envelope as serialised JSON: room for MAX_MESSAGE_CHARS of text plus per-recipient key material. */
export const MAX_ENVELOPE_BYTES = 64 * 1024;
/** Any client frame: the largest envelope plus the frame's own fields. Larger frames get an error frame. */
export const MAX_FRAME_BYTES = MAX_ENVELOPE_BYTES + 4 * 1024;
/** Frames beyond this are not a mistake but abuse: the socket is closed with too_large. */
export const MAX_FRAME_HARD_BYTES = 1024 * 1024;
/** Nonces, refs and emoji are short identifiers; the caps keep the dedupe index and echoes small. */
export const MAX_NONCE_CHARS = 64;
export const MAX_REF_CHARS = 64;
export const MAX_EMOJI_CHARS = 80;
/** Mentions a client may declare on an envelope (plain text mentions are parsed and capped the same). */
export const MAX_MENTIONS = 50;
/** How much of the original a reply quotes. */
export const REPLY_EXCERPT_CHARS = 100;
/** Tickets are used within a second or two of being issued; a minute tolerates slow networks, not sharing. */
export const WS_TICKET_TTL_S = 60;
/**
 * Resume tickets (from welcome) are for reconnecting after a restart or a network change, which can come hours
 * into a session; a day covers a working session, and the room checks the session is still live when one is used.
 */
export const RESUME_TICKET_TTL_S = 24 * 3600;
/** Per-user message rate in one channel (burst, then refill per second): fast typists yes, scripts no. */
export const MESSAGE_BURST = 10;
export const MESSAGE_RATE_PER_S = 5;
/** Per-socket frame rate for every frame type; beyond it frames are refused, far beyond it the socket closes. */
export const FRAME_BURST = 60;
export const FRAME_RATE_PER_S = 30;
/** Refused frames (beyond the rate) tolerated before closing with rate_limited. */
export const FLOOD_STRIKES_BEFORE_CLOSE = 20;
/** Typing indicators: one broadcast per user per throttle window; clients show one for the expiry. */
export const TYPING_THROTTLE_MS = 3000;
export const TYPING_EXPIRES_MS = 8000;
/** History pages. */
export const HISTORY_PAGE_DEFAULT = 50;
export const HISTORY_PAGE_MAX = 100;
/** Unread counts stop at this ("99+"), so counting never scans a whole channel. */
export const UNREAD_COUNT_CAP = 100;

// ---- End-to-end encryption (protocol/e2ee.ts, docs/encryption.md) ----

/**
 * Devices with live encryption keys per user. An envelope wraps its key once per device of every member, so this
 * bounds its size: a full group DM (10 people × 10 devices) with a 4,000-character message in the worst case still
 * fits MAX_ENVELOPE_BYTES (checked by a test in protocol/e2ee.test.ts).
 */
export const MAX_DEVICES_PER_USER = 10;
/** Device keys a user may register per hour: a login makes one; a loop making thousands is refused. */
export const DEVICE_REGISTRATIONS_PER_HOUR = 20;
/**
 * Device secrets one key backup holds (protocol/key-backup.ts). Each login that is given the recovery key adds
 * one (104 bytes); a person replaces the backup to start again.
 */
export const MAX_BACKUP_KEYS = 500;
/**
 * Readers of an encrypted community channel the device directory will list. Every message wraps its key for each
 * of their devices (about 150 bytes each), so beyond a few hundred devices envelopes stop fitting anyway; a
 * channel with more readers than this is refused (too_many_recipients) instead of failing message by message.
 */
export const MAX_ENCRYPTED_AUDIENCE = 50;

/**
 * Conversations (and communities) one browser keeps muted at most: its preferences drop the oldest past it, and a
 * push subscription carries no more (workers/routes/push.ts).
 */
export const MAX_MUTED_CHANNELS = 500;
