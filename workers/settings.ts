import { eq } from "drizzle-orm";
import { DEFAULT_UPLOAD_MAX_BYTES, UPLOAD_MAX_BYTES_CEILING } from "../protocol/limits.ts";
import { instanceSettings } from "../schema/index.ts";
import type { Db } from "./db.ts";
import type { Env } from "./env.ts";

export const REGISTRATION_MODES = ["open", "invite_only", "closed"] as const;
export type RegistrationMode = (typeof REGISTRATION_MODES)[number];

/** An admin's choice (stored in instance_settings) wins over the environment's default. */
export async function registrationMode(db: Db, env: Env): Promise<RegistrationMode> {
  const [row] = await db.select().from(instanceSettings).where(eq(instanceSettings.key, "registration_mode"));
  const stored = row?.value;
  if (typeof stored === "string" && (REGISTRATION_MODES as readonly string[]).includes(stored)) return stored as RegistrationMode;
  return envRegistrationMode(env);
}

export function envRegistrationMode(env: Env): RegistrationMode {
  const value = (env.REGISTRATION_MODE ?? "").trim();
  return (REGISTRATION_MODES as readonly string[]).includes(value) ? (value as RegistrationMode) : "invite_only";
}

export function isAdminUsername(env: Env, username: string): boolean {
  const admin = (env.ADMIN_USERNAME ?? "").trim().toLowerCase();
  return admin !== "" && admin === username.toLowerCase();
}

export const COMMUNITY_CREATION_MODES = ["open", "admin_only"] as const;
export type CommunityCreationMode = (typeof COMMUNITY_CREATION_MODES)[number];

/** Who may create communities: an admin's stored choice wins over COMMUNITY_CREATION_MODE (default admin_only). */
export async function communityCreationMode(db: Db, env: Env): Promise<CommunityCreationMode> {
  const [row] = await db.select().from(instanceSettings).where(eq(instanceSettings.key, "community_creation_mode"));
  const stored = row?.value;
  if (typeof stored === "string" && (COMMUNITY_CREATION_MODES as readonly string[]).includes(stored)) return stored as CommunityCreationMode;
  return envCommunityCreationMode(env);
}

export function envCommunityCreationMode(env: Env): CommunityCreationMode {
  const value = (env.COMMUNITY_CREATION_MODE ?? "").trim();
  return (COMMUNITY_CREATION_MODES as readonly string[]).includes(value) ? (value as CommunityCreationMode) : "admin_only";
}

/**
 * Upload limits: the largest single file, and each user's total storage (null: no quota). Stored settings win over
 * the defaults; the files area enforces them.
 */
export async function uploadLimits(db: Db): Promise<{ maxUploadBytes: number; userQuotaBytes: number | null }> {
  const rows = await db.select().from(instanceSettings);
  const byKey = new Map(rows.map((r) => [r.key, r.value]));
  const max = byKey.get("upload_max_bytes");
  const quota = byKey.get("upload_user_quota_bytes");
  const valid = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v > 0 && v <= UPLOAD_MAX_BYTES_CEILING * 1024;
  return { maxUploadBytes: valid(max) && max <= UPLOAD_MAX_BYTES_CEILING ? max : DEFAULT_UPLOAD_MAX_BYTES, userQuotaBytes: valid(quota) ? quota : null };
}

/** Stores one instance setting (an admin's choice), replacing any earlier value. */
export async function putSetting(db: Db, key: string, value: unknown): Promise<void> {
  await db
    .insert(instanceSettings)
    .values({ key, value, updatedAt: new Date() })
    .onConflictDoUpdate({ target: instanceSettings.key, set: { value, updatedAt: new Date() } });
}

export async function deleteSetting(db: Db, key: string): Promise<void> {
  await db.delete(instanceSettings).where(eq(instanceSettings.key, key));
}
