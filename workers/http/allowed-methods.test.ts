import { describe, expect, it } from "vitest";
import { methodIndex } from "./allowed-methods.ts";

const routes = [
  { method: "ALL", path: "/api/v1/channels/:id/messages" },
  { method: "GET", path: "/api/v1/channels/:id/messages" },
  { method: "POST", path: "/api/v1/channels/:id/messages" },
  { method: "GET", path: "/api/v1/channels/:id" },
  { method: "PATCH", path: "/api/v1/channels/:id" },
  { method: "DELETE", path: "/api/v1/channels/:id" },
  { method: "POST", path: "/api/v1/auth/login" },
  { method: "ALL", path: "/api/*" },
  { method: "GET", path: "*" },
];

describe("methodIndex", () => {
  const allowed = methodIndex(() => routes);

  it("lists the methods of the routes matching a path, with HEAD beside GET", () => {
    expect(allowed("/api/v1/channels/0194/messages")).toEqual(["GET", "HEAD", "POST"]);
    expect(allowed("/api/v1/channels/0194")).toEqual(["DELETE", "GET", "HEAD", "PATCH"]);
    expect(allowed("/api/v1/auth/login")).toEqual(["POST"]);
  });

  it("ignores middleware and catch-alls, so an unknown path has no methods", () => {
    expect(allowed("/api/v1/nothing/here")).toEqual([]);
    expect(allowed("/api/v1/channels/0194/messages/extra")).toEqual([]);
  });

  it("treats a parameter as one path segment and dots in literal segments literally", () => {
    expect(methodIndex(() => [{ method: "GET", path: "/a/v1.json" }])("/a/v1xjson")).toEqual([]);
    expect(allowed("/api/v1/channels/a/b")).toEqual([]);
  });
});
