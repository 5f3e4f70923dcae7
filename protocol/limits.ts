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
