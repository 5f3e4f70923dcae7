import type { CallRoom } from "../objects/CallRoom.ts";
import type { ChannelRoom } from "../objects/ChannelRoom.ts";
import type { CommitShard } from "../objects/CommitShard.ts";
import type { DbPool } from "../objects/DbPool.ts";
import type { RateLimiter } from "../objects/RateLimiter.ts";
import type { UserHub } from "../objects/UserHub.ts";
import type { HasherBindings } from "./auth/password-hasher.ts";
import type { RequestDb } from "./db.ts";

/**
 * Bindings, declared once. Text values arrive from wrangler.toml [vars] / secrets, or from workerd's environment.
 * The hasher process's two (HasherBindings) are set by the launcher, not by anyone configuring Hearth.
 */
export interface Env extends HasherBindings {
  DATABASE_URL: string;
  /** "pg" (default) or "neon": which driver workers/db.ts opens connections with. */
  DB_DRIVER?: string;
  /** Connections the DbPool object keeps for requests (default 10); "0": each request opens its own (workers/db.ts). */
  DB_POOL_SIZE?: string;
  /** Ed25519 private key as a JWK JSON string (data/secrets/jwt-private.jwk). */
  JWT_PRIVATE_KEY: string;
  /** 32-byte hex key sealing TOTP secrets at rest (data/secrets/at-rest.key). */
  AT_REST_KEY: string;
  REGISTRATION_MODE?: string;
  COMMUNITY_CREATION_MODE?: string;
  ADMIN_USERNAME?: string;
  TRUSTED_PROXIES?: string;
  PUBLIC_URL?: string;
  /** "0" disables the per-IP limiter (benchmarks from one address); anything else keeps it on. */
  RATE_LIMITS?: string;
  ASSETS: Fetcher;
  /** File bytes under workerd: a writable directory served by a disk service (workers/files/blob-store.ts). */
  FILE_STORE?: Fetcher;
  /** File bytes on Cloudflare: an R2 bucket (wins over FILE_STORE when both are bound). */
  FILES?: R2Bucket;
  RATE_LIMITER: DurableObjectNamespace<RateLimiter>;
  /** One per text channel, DM and group DM: `idFromName("channel:" + channelId)`. */
  CHANNEL_ROOM: DurableObjectNamespace<ChannelRoom>;
  /** One per user: `idFromName("user:" + userId)`. */
  USER_HUB: DurableObjectNamespace<UserHub>;
  /** Writes new messages for many rooms in one statement: `idFromName("commit-shard:" + n)` (objects/CommitShard.ts). */
  COMMIT_SHARD: DurableObjectNamespace<CommitShard>;
  /** Lends requests pooled Postgres connections: `idFromName("db-pool")` (objects/DbPool.ts). */
  DB_POOL: DurableObjectNamespace<DbPool>;
  /** One per voice channel: `idFromName("call:" + channelId)` (objects/CallRoom.ts). */
  CALL_ROOM: DurableObjectNamespace<CallRoom>;
  /** STUN/TURN servers for calls, as a JSON array of RTCIceServer (default: none; docs/configuration.md). */
  ICE_SERVERS?: string;
  /** How many commit shards (default 4); "0": every room writes its own messages. */
  COMMIT_SHARDS?: string;
  /** "off" turns link previews and the image proxy off (default on; docs/configuration.md). */
  LINK_PREVIEWS?: string;
  /** A Giphy-compatible search API (default https://api.giphy.com/v1/gifs); GIF search is off without a key. */
  GIF_SEARCH_URL?: string;
  GIPHY_API_KEY?: string;
  /** Under workerd: outbound fetches limited to the public internet (scripts/workerd-config.ts); absent on Cloudflare. */
  WEB_FETCH?: Fetcher;
}

/** Who is calling, set by requireAuth after the token and the session have been checked. */
export interface AuthInfo {
  userId: string;
  sessionId: string;
  username: string;
  isAdmin: boolean;
}

/** Per-request values set by middleware. */
export interface Vars {
  requestId: string;
  clientIp: string;
  userAgent: string;
  db: RequestDb;
  auth?: AuthInfo;
}

export type AppEnv = { Bindings: Env; Variables: Vars };
