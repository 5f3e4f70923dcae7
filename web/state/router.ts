/**
 * Real URLs for every view, so reload, back and pasted links work. The Worker answers every non-API GET with the
 * shell; this module turns location into a Route and back.
 */
import { Notifier } from "./store.ts";

export const SETTINGS_SECTIONS = [
  "profile",
  "security",
  "sessions",
  "encryption",
  "appearance",
  "notifications",
  "account",
  "feedback",
  "admin",
  "admin-settings",
  "admin-users",
  "admin-announcements",
  "admin-reports",
  "admin-feedback",
  "admin-communities",
  "admin-webhooks",
  "admin-audit",
] as const;
export type SettingsSection = (typeof SETTINGS_SECTIONS)[number];
export const COMMUNITY_SETTINGS_SECTIONS = ["overview", "roles", "channels", "members", "invites", "emoji", "webhooks", "bans", "reports", "audit"] as const;
export type CommunitySettingsSection = (typeof COMMUNITY_SETTINGS_SECTIONS)[number];

export type Route =
  | { name: "home" }
  | { name: "login"; next?: string }
  | { name: "register"; invite?: string }
  | { name: "recover" }
  | { name: "settings"; section: SettingsSection }
  | { name: "community"; communityId: string; channelId?: string }
  | { name: "community-settings"; communityId: string; section: CommunitySettingsSection }
  | { name: "dm"; channelId: string }
  | { name: "invite"; code: string }
  | { name: "legal"; doc: "terms" | "privacy" }
  | { name: "not-found"; path: string };

/** Routes a signed-out person may see; everything else sends them to /login first. */
export const PUBLIC_ROUTES: ReadonlySet<Route["name"]> = new Set(["login", "register", "recover", "invite", "legal"]);

/** Parses a path and query into a Route. Pure, so it is unit-tested. */
export function parseRoute(pathname: string, search = ""): Route {
  const q = new URLSearchParams(search);
  const parts = pathname.split("/").filter(Boolean).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  const [a, b, c, d] = parts;
  if (parts.length === 0) return { name: "home" };
  if (a === "login" && parts.length === 1) {
    const next = q.get("next") ?? undefined;
    return { name: "login", next: next && next.startsWith("/") && !next.startsWith("//") ? next : undefined };
  }
  if (a === "register" && parts.length === 1) return { name: "register", invite: q.get("invite") ?? undefined };
  if (a === "recover" && parts.length === 1) return { name: "recover" };
  if ((a === "terms" || a === "privacy") && parts.length === 1) return { name: "legal", doc: a };
  if (a === "settings" && parts.length <= 2) {
    const section = (SETTINGS_SECTIONS as readonly string[]).includes(b ?? "") ? (b as SettingsSection) : "profile";
    return { name: "settings", section };
  }
  if (a === "c" && b && parts.length <= 4) {
    if (c === "settings") {
      const section = (COMMUNITY_SETTINGS_SECTIONS as readonly string[]).includes(d ?? "") ? (d as CommunitySettingsSection) : "overview";
      return { name: "community-settings", communityId: b, section };
    }
    if (parts.length <= 3) return { name: "community", communityId: b, channelId: c };
  }
  if (a === "dm" && b && parts.length === 2) return { name: "dm", channelId: b };
  if (a === "invite" && b && parts.length === 2) return { name: "invite", code: b };
  return { name: "not-found", path: pathname };
}

/** The URL of a route: the inverse of parseRoute. */
export function routeUrl(r: Route): string {
  const e = encodeURIComponent;
  switch (r.name) {
    case "home":
      return "/";
    case "login":
      return r.next ? `/login?next=${e(r.next)}` : "/login";
    case "register":
      return r.invite ? `/register?invite=${e(r.invite)}` : "/register";
    case "recover":
      return "/recover";
    case "legal":
      return `/${r.doc}`;
    case "settings":
      return `/settings/${r.section}`;
    case "community":
      return r.channelId ? `/c/${e(r.communityId)}/${e(r.channelId)}` : `/c/${e(r.communityId)}`;
    case "community-settings":
      return `/c/${e(r.communityId)}/settings/${r.section}`;
    case "dm":
      return `/dm/${e(r.channelId)}`;
    case "invite":
      return `/invite/${e(r.code)}`;
    case "not-found":
      return r.path;
  }
}

export class Router extends Notifier {
  route: Route;

  constructor(private readonly win: Window = window) {
    super();
    this.route = parseRoute(win.location.pathname, win.location.search);
    win.addEventListener("popstate", () => this.sync());
  }

  /** Goes to a URL (or Route) inside the app without reloading. */
  navigate(to: string | Route, opts: { replace?: boolean } = {}): void {
    const url = typeof to === "string" ? to : routeUrl(to);
    const current = this.win.location.pathname + this.win.location.search;
    if (url === current && !opts.replace) return;
    if (opts.replace) this.win.history.replaceState(null, "", url);
    else this.win.history.pushState(null, "", url);
    this.sync();
  }

  /** The current URL, to come back to after signing in. */
  get currentUrl(): string {
    return this.win.location.pathname + this.win.location.search;
  }

  private sync(): void {
    this.route = parseRoute(this.win.location.pathname, this.win.location.search);
    this.changed();
  }
}
