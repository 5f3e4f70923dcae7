import { describe, expect, it } from "vitest";
import { parseRoute, routeUrl, type Route } from "./router.ts";

describe("parseRoute", () => {
  it("round-trips every kind of route through its URL", () => {
    const routes: Route[] = [
      { name: "home" },
      { name: "login" },
      { name: "login", next: "/c/abc/def" },
      { name: "register", invite: "CODE 1" },
      { name: "recover" },
      { name: "settings", section: "sessions" },
      { name: "community", communityId: "c1" },
      { name: "community", communityId: "c1", channelId: "ch1" },
      { name: "community-settings", communityId: "c1", section: "roles" },
      { name: "dm", channelId: "d1" },
      { name: "invite", code: "aBc123" },
    ];
    for (const r of routes) {
      const url = new URL(routeUrl(r), "http://x");
      expect(parseRoute(url.pathname, url.search)).toEqual(r);
    }
  });

  it("refuses a next= that would leave the site", () => {
    expect(parseRoute("/login", "?next=//evil.example")).toEqual({ name: "login", next: undefined });
    expect(parseRoute("/login", "?next=https://evil.example")).toEqual({ name: "login", next: undefined });
  });

  it("falls back to the first settings section for an unknown one", () => {
    expect(parseRoute("/settings/nope")).toEqual({ name: "settings", section: "profile" });
  });

  it("opens the legal pages, and round-trips them", () => {
    expect(parseRoute("/terms")).toEqual({ name: "legal", doc: "terms" });
    expect(parseRoute("/privacy")).toEqual({ name: "legal", doc: "privacy" });
    expect(routeUrl({ name: "legal", doc: "privacy" })).toBe("/privacy");
    expect(parseRoute("/terms/extra").name).toBe("not-found");
  });

  it("reports unknown paths as not-found", () => {
    expect(parseRoute("/what/is/this/path")).toEqual({ name: "not-found", path: "/what/is/this/path" });
  });
});
