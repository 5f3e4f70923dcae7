import { describe, expect, it } from "vitest";
import {
  ALL_PERMISSIONS,
  DEFAULT_ADMIN,
  DEFAULT_EVERYONE,
  DEFAULT_MEMBER,
  DEFAULT_MODERATOR,
  PERMISSIONS,
  PERMISSION_BITS,
  TIMEOUT_KEPT,
  TIMEOUT_REVOKED,
  hasPermission,
  isPermissionsString,
  listPermissions,
  permissionBits,
  permissionsFromString,
  permissionsToString,
} from "./permissions.ts";

describe("permission bits", () => {
  it("keep their stored positions: appending is the only allowed change", () => {
    expect(PERMISSION_BITS.ADMINISTRATOR).toBe(1n);
    expect(PERMISSION_BITS.VIEW_CHANNEL).toBe(2n);
    expect(PERMISSION_BITS.MANAGE_CHANNELS).toBe(1n << 11n);
    expect(PERMISSION_BITS.READ_HISTORY).toBe(1n << 28n);
    expect(PERMISSIONS).toHaveLength(29);
  });
  it("are all distinct single bits covered by ALL_PERMISSIONS", () => {
    const bits = PERMISSIONS.map((name) => PERMISSION_BITS[name]);
    expect(new Set(bits).size).toBe(PERMISSIONS.length);
    expect(bits.reduce((a, b) => a | b, 0n)).toBe(ALL_PERMISSIONS);
  });
  it("list back the names they were built from, in bit order", () => {
    expect(listPermissions(permissionBits("SPEAK", "VIEW_CHANNEL"))).toEqual(["VIEW_CHANNEL", "SPEAK"]);
    expect(listPermissions(0n)).toEqual([]);
  });
  it("are checked one at a time without ADMINISTRATOR implying others", () => {
    expect(hasPermission(DEFAULT_EVERYONE, "SEND_MESSAGES")).toBe(true);
    expect(hasPermission(DEFAULT_EVERYONE, "KICK_MEMBERS")).toBe(false);
    expect(hasPermission(DEFAULT_ADMIN, "KICK_MEMBERS")).toBe(false);
  });
});

describe("presets", () => {
  it("let @everyone take part but not moderate or ping everyone", () => {
    expect(listPermissions(DEFAULT_EVERYONE)).not.toContain("MENTION_EVERYONE");
    expect(listPermissions(DEFAULT_EVERYONE)).not.toContain("MANAGE_MESSAGES");
    expect(listPermissions(DEFAULT_EVERYONE)).toHaveLength(13);
  });
  it("make a moderator a member plus moderation powers", () => {
    expect(DEFAULT_MODERATOR & DEFAULT_MEMBER).toBe(DEFAULT_MEMBER);
    expect(listPermissions(DEFAULT_MODERATOR & ~DEFAULT_MEMBER)).toEqual([
      "MANAGE_MESSAGES",
      "PIN_MESSAGES",
      "KICK_MEMBERS",
      "BAN_MEMBERS",
      "TIMEOUT_MEMBERS",
      "VIEW_AUDIT_LOG",
      "MUTE_MEMBERS",
      "MOVE_MEMBERS",
    ]);
  });
  it("split every bit between kept and revoked on timeout", () => {
    expect(TIMEOUT_KEPT | TIMEOUT_REVOKED).toBe(ALL_PERMISSIONS);
    expect(TIMEOUT_KEPT & TIMEOUT_REVOKED).toBe(0n);
    expect(listPermissions(TIMEOUT_KEPT)).toEqual(["VIEW_CHANNEL", "READ_HISTORY"]);
  });
});

describe("serialisation", () => {
  it.each([0n, 1n, DEFAULT_EVERYONE, DEFAULT_MODERATOR, ALL_PERMISSIONS])("round-trips %s as a decimal string", (bits) => {
    const text = permissionsToString(bits);
    expect(text).toBe(bits.toString());
    expect(permissionsFromString(text)).toBe(bits);
    expect(isPermissionsString(text)).toBe(true);
  });

  it.each([
    ["empty", ""],
    ["negative", "-4"],
    ["plus sign", "+4"],
    ["hex", "0x1f"],
    ["exponent", "1e5"],
    ["fraction", "4.0"],
    ["leading zero", "004"],
    ["whitespace", " 4 "],
    ["words", "admin"],
    ["bigint suffix", "4n"],
    ["an undefined bit", (1n << 29n).toString()],
    ["too many digits", "1".repeat(21)],
  ])("rejects %s", (_label, text) => {
    expect(() => permissionsFromString(text)).toThrow(RangeError);
    expect(isPermissionsString(text)).toBe(false);
  });

  it("rejects non-strings that slip past the type system", () => {
    expect(() => permissionsFromString(4 as unknown as string)).toThrow(RangeError);
    expect(isPermissionsString(4)).toBe(false);
  });

  it("refuses to serialise negative or undefined bits", () => {
    expect(() => permissionsToString(-1n)).toThrow(RangeError);
    expect(() => permissionsToString(ALL_PERMISSIONS + 1n)).toThrow(RangeError);
  });
});
