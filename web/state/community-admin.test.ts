import { describe, expect, it } from "vitest";
import { PERMISSION_BITS, permissionsToString } from "../../protocol/permissions.ts";
import { applyTri, canGrantBit, canManageRole, durationLabel, moveItem, outranks, overrideCounts, roleMovePayload, triState } from "./community-admin.ts";
import type { Role } from "./communities.ts";
import { overrideCategories, uncategorised } from "./permission-info.ts";

const role = (id: string, position: number, isEveryone = false): Role => ({ id, name: id, color: null, position, permissions: "0", isEveryone });
const roles = [role("everyone", 0, true), role("member", 1), role("mod", 2), role("admin", 3)];
const asMember = (roleIds: string[], isOwner = false) => ({ roles, ownerId: "owner", me: { isOwner, permissions: "0", roleIds, nickname: null, joinedAt: null, timedOutUntil: null } });

describe("role hierarchy", () => {
  it("lets a moderator manage only roles strictly below their highest", () => {
    const d = asMember(["mod"]);
    expect(roles.filter((r) => canManageRole(d, r)).map((r) => r.id)).toEqual(["everyone", "member"]);
  });

  it("lets the owner manage every role", () => {
    expect(roles.every((r) => canManageRole(asMember([], true), r))).toBe(true);
  });

  it("never lets anyone act on the owner, themselves or an equal", () => {
    const d = asMember(["mod"]);
    expect(outranks(d, "me", { user: { id: "owner" }, roleIds: [] })).toBe(false);
    expect(outranks(d, "me", { user: { id: "me" }, roleIds: ["member"] })).toBe(false);
    expect(outranks(d, "me", { user: { id: "x" }, roleIds: ["mod"] })).toBe(false);
    expect(outranks(d, "me", { user: { id: "x" }, roleIds: ["member"] })).toBe(true);
  });
});

describe("roleMovePayload", () => {
  it("renumbers the owner's whole list, highest first", () => {
    expect(roleMovePayload(asMember([], true), "member", 0)).toEqual([
      { id: "member", position: 3 },
      { id: "admin", position: 2 },
      { id: "mod", position: 1 },
    ]);
  });

  it("refuses to move a role above the reader's highest, or a role they cannot manage", () => {
    const d = asMember(["mod"]);
    // Top-down non-everyone list: admin, mod, member. The moderator manages only "member" (index 2).
    expect(roleMovePayload(d, "member", 0)).toBeNull();
    expect(roleMovePayload(d, "admin", 2)).toBeNull();
  });

  it("returns null for a move that changes nothing", () => {
    expect(roleMovePayload(asMember([], true), "mod", 1)).toBeNull();
  });
});

describe("override tri-states", () => {
  const o = { allow: permissionsToString(PERMISSION_BITS.SEND_MESSAGES), deny: permissionsToString(PERMISSION_BITS.VIEW_CHANNEL) };

  it("reads allow, deny and neutral per bit", () => {
    expect(triState(o, "SEND_MESSAGES")).toBe("allow");
    expect(triState(o, "VIEW_CHANNEL")).toBe("deny");
    expect(triState(o, "ADD_REACTIONS")).toBe("neutral");
    expect(triState(undefined, "VIEW_CHANNEL")).toBe("neutral");
  });

  it("applies edits and keeps bits the grid did not show", () => {
    const base = { allow: permissionsToString(PERMISSION_BITS.SEND_MESSAGES | PERMISSION_BITS.KICK_MEMBERS), deny: "0" };
    const next = applyTri(base, { SEND_MESSAGES: "deny", VIEW_CHANNEL: "allow" });
    expect(triState(next, "SEND_MESSAGES")).toBe("deny");
    expect(triState(next, "VIEW_CHANNEL")).toBe("allow");
    expect(triState(next, "KICK_MEMBERS")).toBe("allow");
    expect(overrideCounts(next)).toEqual({ allow: 2, deny: 1 });
  });

  it("gives neutral everywhere as an empty pair", () => {
    expect(applyTri(o, { SEND_MESSAGES: "neutral", VIEW_CHANNEL: "neutral" })).toEqual({ allow: "0", deny: "0" });
  });
});

describe("helpers", () => {
  it("checks grantable bits against the reader's own, administrators holding all", () => {
    const mine = permissionsToString(PERMISSION_BITS.KICK_MEMBERS);
    expect(canGrantBit(mine, "KICK_MEMBERS")).toBe(true);
    expect(canGrantBit(mine, "BAN_MEMBERS")).toBe(false);
    expect(canGrantBit(permissionsToString(PERMISSION_BITS.ADMINISTRATOR), "BAN_MEMBERS")).toBe(true);
  });

  it("moves an item within a list, clamping the index", () => {
    const list = [{ id: "a" }, { id: "b" }, { id: "c" }];
    expect(moveItem(list, "a", 2).map((x) => x.id)).toEqual(["b", "c", "a"]);
    expect(moveItem(list, "c", -5).map((x) => x.id)).toEqual(["c", "a", "b"]);
  });

  it("names durations in the largest whole unit", () => {
    expect(durationLabel(0)).toBe("Off");
    expect(durationLabel(300)).toBe("5 minutes");
    expect(durationLabel(86400)).toBe("1 day");
    expect(durationLabel(90)).toBe("90 seconds");
  });

  it("lists every permission in a category, and never ADMINISTRATOR in overrides", () => {
    expect(uncategorised()).toEqual([]);
    expect(overrideCategories().flatMap((c) => c.permissions)).not.toContain("ADMINISTRATOR");
  });
});
