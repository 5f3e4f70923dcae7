/** Everything under /api/v1/admin except registration invites (foundation, mounted separately). Admins only. */
import { Hono } from "hono";
import type { AppEnv } from "../../env.ts";
import { requireAdmin, requireAuth } from "../../http/auth-middleware.ts";
import { adminAnnouncementRoutes, adminFeedbackRoutes } from "../notices.ts";
import { adminReportRoutes } from "../reports.ts";
import { adminLegalRoutes } from "../legal.ts";
import { adminInstanceRoutes } from "./instance.ts";
import { adminUserRoutes } from "./users.ts";

export const adminRoutes = new Hono<AppEnv>();
for (const path of ["/users", "/users/*", "/settings", "/audit-log", "/communities", "/communities/*", "/webhooks", "/announcements", "/announcements/*", "/feedback", "/feedback/*", "/legal/*"]) {
  adminRoutes.use(path, requireAuth, requireAdmin);
}
adminRoutes.route("/users", adminUserRoutes);
adminRoutes.route("/", adminInstanceRoutes);
adminRoutes.route("/", adminLegalRoutes);
adminRoutes.route("/announcements", adminAnnouncementRoutes);
adminRoutes.route("/feedback", adminFeedbackRoutes);
adminRoutes.route("/reports", adminReportRoutes);
