import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { registrationMode } from "../settings.ts";

/** Public facts a client needs before anyone signs in (which registration form to show). */
export const instanceRoutes = new Hono<AppEnv>();

instanceRoutes.get("/", async (c) => {
  const db = await c.var.db.get();
  return c.json({ name: "Hearth", registrationMode: await registrationMode(db, c.env) });
});
