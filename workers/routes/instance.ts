import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { communityCreationMode, registrationMode, uploadLimits } from "../settings.ts";
import { embedFeatures } from "./embeds.ts";
import { pushKey } from "./push.ts";

/** Public facts a client needs before anyone signs in (which registration form to show, what it may offer). */
export const instanceRoutes = new Hono<AppEnv>();

instanceRoutes.get("/", async (c) => {
  const db = await c.var.db.get();
  const { maxUploadBytes } = await uploadLimits(db);
  return c.json({ name: "Hearth", registrationMode: await registrationMode(db, c.env), communityCreationMode: await communityCreationMode(db, c.env), maxUploadBytes, ...embedFeatures(c.env), pushKey: pushKey(c.env) });
});
