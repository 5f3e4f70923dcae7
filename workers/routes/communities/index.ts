/** Everything under /api/v1/communities, /channels, /groups and /invites, split by sub-resource. */
import { Hono } from "hono";
import type { AppEnv } from "../../env.ts";
import { requireAuth } from "../../http/auth-middleware.ts";
import { communityReportRoutes } from "../reports.ts";
import { communityAuditRoutes } from "./audit-log.ts";
import { channelRoutes as channelItemRoutes, communityChannelRoutes } from "./channels.ts";
import { communityCoreRoutes } from "./communities.ts";
import { communityGroupRoutes, groupRoutes as groupItemRoutes } from "./groups.ts";
import { communityInviteRoutes, inviteRoutes as inviteItemRoutes } from "./invites.ts";
import { memberRoutes } from "./members.ts";
import { moderationRoutes } from "./moderation.ts";
import { channelOverrideRoutes, groupOverrideRoutes } from "./overrides.ts";
import { roleRoutes } from "./roles.ts";

export const communityRoutes = new Hono<AppEnv>();
communityRoutes.use("*", requireAuth);
communityRoutes.route("/", communityCoreRoutes);
communityRoutes.route("/", communityChannelRoutes);
communityRoutes.route("/", communityGroupRoutes);
communityRoutes.route("/", communityInviteRoutes);
communityRoutes.route("/", roleRoutes);
communityRoutes.route("/", memberRoutes);
communityRoutes.route("/", moderationRoutes);
communityRoutes.route("/", communityReportRoutes);
communityRoutes.route("/", communityAuditRoutes);

/**
 * /api/v1/channels is shared with the message and socket routes of other areas (some of which authenticate with a
 * ticket, not a bearer token), so authentication is attached to these paths only, never to "*".
 */
export const channelRoutes = new Hono<AppEnv>();
for (const path of ["/:id", "/:id/overrides", "/:id/overrides/:targetType/:targetId"]) channelRoutes.use(path, requireAuth);
channelRoutes.route("/", channelItemRoutes);
channelRoutes.route("/", channelOverrideRoutes);

export const groupRoutes = new Hono<AppEnv>();
groupRoutes.use("*", requireAuth);
groupRoutes.route("/", groupItemRoutes);
groupRoutes.route("/", groupOverrideRoutes);

/** Invite routes authenticate per route: the preview is public. */
export const inviteRoutes = inviteItemRoutes;
