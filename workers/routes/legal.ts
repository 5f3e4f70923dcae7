/**
 * The instance's terms of service and privacy notice (docs/api/legal.md):
 *   GET /api/v1/legal/terms | /privacy           → { markdown, custom, updatedAt }   (anyone: shown before sign-up)
 *   PUT /api/v1/admin/legal/terms | /privacy { markdown }  → 200 (instance admins)
 *   DELETE /api/v1/admin/legal/terms | /privacy  → 204: back to the default text
 * Stored as instance settings; the defaults are workers/legal/defaults.ts.
 */
import { eq } from "drizzle-orm";
import { Hono, type Context } from "hono";
import { z } from "zod";
import { instanceSettings } from "../../schema/index.ts";
import { audit } from "../audit.ts";
import type { Db } from "../db.ts";
import type { AppEnv } from "../env.ts";
import { authOf } from "../http/auth-middleware.ts";
import { jsonBody } from "../http/validate.ts";
import { DEFAULT_PRIVACY, DEFAULT_TERMS } from "../legal/defaults.ts";
import { putSetting } from "../settings.ts";

export const LEGAL_DOCS = { terms: { key: "legal_terms", fallback: DEFAULT_TERMS }, privacy: { key: "legal_privacy", fallback: DEFAULT_PRIVACY } } as const;
export type LegalDoc = keyof typeof LEGAL_DOCS;

/** Longest text an admin may set (characters). */
export const MAX_LEGAL_CHARS = 50_000;

async function legalDoc(db: Db, doc: LegalDoc): Promise<{ markdown: string; custom: boolean; updatedAt: string | null }> {
  const [row] = await db.select().from(instanceSettings).where(eq(instanceSettings.key, LEGAL_DOCS[doc].key));
  const stored = row?.value as { markdown?: unknown } | undefined;
  if (stored && typeof stored.markdown === "string") return { markdown: stored.markdown, custom: true, updatedAt: row!.updatedAt.toISOString() };
  return { markdown: LEGAL_DOCS[doc].fallback, custom: false, updatedAt: null };
}

export const legalRoutes = new Hono<AppEnv>();

for (const doc of Object.keys(LEGAL_DOCS) as LegalDoc[]) {
  legalRoutes.get(`/${doc}`, async (c) => c.json(await legalDoc(await c.var.db.get(), doc)));
}

/** Mounted under /api/v1/admin, behind its admin check. */
export const adminLegalRoutes = new Hono<AppEnv>();

async function setDoc(c: Context<AppEnv>, doc: LegalDoc, markdown: string | null) {
  const db = await c.var.db.get();
  if (markdown === null) await db.delete(instanceSettings).where(eq(instanceSettings.key, LEGAL_DOCS[doc].key));
  else await putSetting(db, LEGAL_DOCS[doc].key, { markdown });
  await audit(db, c, { action: "admin.legal_update", actorId: authOf(c).userId, targetType: "instance", details: { doc, reset: markdown === null, chars: markdown?.length ?? 0 } });
  return legalDoc(db, doc);
}

for (const doc of Object.keys(LEGAL_DOCS) as LegalDoc[]) {
  adminLegalRoutes.put(`/legal/${doc}`, async (c) => {
    const { markdown } = await jsonBody(c, z.object({ markdown: z.string().max(MAX_LEGAL_CHARS).refine((s) => s.trim().length > 0, "Write something, or reset to the default.") }).strict());
    return c.json(await setDoc(c, doc, markdown));
  });
  adminLegalRoutes.delete(`/legal/${doc}`, async (c) => {
    await setDoc(c, doc, null);
    return c.body(null, 204);
  });
}
