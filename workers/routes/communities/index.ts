/** Everything under /api/v1/communities, /api/v1/channels and /api/v1/invites, split by sub-resource. */
import { Hono } from "hono";
import type { AppEnv } from "../../env.ts";
import { requireAuth } from "../../http/auth-middleware.ts";
import { channelRoutes as channelItemRoutes, communityChannelRoutes } from "./channels.ts";
import { communityCoreRoutes } from "./communities.ts";
import { communityInviteRoutes, inviteRoutes as inviteItemRoutes } from "./invites.ts";

export const communityRoutes = new Hono<AppEnv>();
communityRoutes.use("*", requireAuth);
communityRoutes.route("/", communityCoreRoutes);
communityRoutes.route("/", communityChannelRoutes);
communityRoutes.route("/", communityInviteRoutes);

export const channelRoutes = new Hono<AppEnv>();
channelRoutes.use("*", requireAuth);
channelRoutes.route("/", channelItemRoutes);

/** Invite routes authenticate per route: the preview is public. */
export const inviteRoutes = inviteItemRoutes;
