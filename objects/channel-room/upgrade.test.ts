import { describe, expect, it } from "vitest";
import { CLOSE_CODES } from "../../protocol/frames.ts";
import { INTERNAL_HEADERS } from "../../protocol/internal.ts";
import { permissionBits } from "../../protocol/permissions.ts";
import { MemberChanges } from "./member-changes.ts";
import { readUpgrade, standing, type Upgrade } from "./upgrade.ts";

const member = permissionBits("VIEW_CHANNEL", "SEND_MESSAGES");
const reader = permissionBits("VIEW_CHANNEL");

function kv(): SyncKvStorage {
  const m = new Map<string, unknown>();
  return { get: (k: string) => m.get(k), put: (k: string, v: unknown) => void m.set(k, v) } as unknown as SyncKvStorage;
}

function headers(extra: Record<string, string> = {}): Headers {
  return new Headers({
    [INTERNAL_HEADERS.userId]: "u1",
    [INTERNAL_HEADERS.sessionId]: "sess",
    [INTERNAL_HEADERS.channelId]: "c1",
    [INTERNAL_HEADERS.permissions]: member.toString(),
    [INTERNAL_HEADERS.ticketId]: "t1",
    [INTERNAL_HEADERS.ticketExpiresAt]: "2000",
    [INTERNAL_HEADERS.ticketIssuedAt]: "1000",
    [INTERNAL_HEADERS.ticketKind]: "c",
    ...extra,
  });
}

const upgrade = (extra: Record<string, string> = {}) => readUpgrade(headers(extra))!;

describe("readUpgrade", () => {
  it("reads the identity and ticket the Worker forwarded", () => {
    expect(readUpgrade(headers())).toEqual({
      userId: "u1",
      sessionId: "sess",
      channelId: "c1",
      ticketBits: member.toString(),
      ticketId: "t1",
      ticketExpiresAtMs: 2000,
      ticketIssuedAtMs: 1000,
      isResume: false,
      timeout: null,
    } satisfies Upgrade);
    expect(upgrade({ [INTERNAL_HEADERS.ticketKind]: "r" }).isResume).toBe(true);
  });

  it("P31 reads a running timeout only when both its headers are there", () => {
    expect(upgrade({ [INTERNAL_HEADERS.timedOutUntil]: "5000", [INTERNAL_HEADERS.permissionsAfterTimeout]: member.toString() }).timeout).toEqual({ untilMs: 5000, bits: member });
    expect(upgrade({ [INTERNAL_HEADERS.timedOutUntil]: "5000" }).timeout).toBeNull();
  });

  it("gives null for an incomplete identity or bits that are not a permission string", () => {
    const h = headers();
    h.delete(INTERNAL_HEADERS.sessionId);
    expect(readUpgrade(h)).toBeNull();
    expect(readUpgrade(headers({ [INTERNAL_HEADERS.permissions]: "-1" }))).toBeNull();
  });
});

describe("standing", () => {
  it("P25 opens with the ticket's bits and timeout when nothing changed since it was issued", () => {
    const members = new MemberChanges(kv());
    members.record("u1", reader, 999);
    const u = upgrade({ [INTERNAL_HEADERS.timedOutUntil]: "5000", [INTERNAL_HEADERS.permissionsAfterTimeout]: member.toString() });
    expect(standing(u, members)).toEqual({ ok: true, permissions: member, timeout: { untilMs: 5000, bits: member } });
  });

  it("P25 P31 opens with the bits and timeout of a change recorded after the ticket", () => {
    const members = new MemberChanges(kv());
    members.record("u1", reader, 1000, { untilMs: 9000, bits: member });
    expect(standing(upgrade(), members)).toEqual({ ok: true, permissions: reader, timeout: { untilMs: 9000, bits: member } });
  });

  it("P25 refuses a user who left the channel or lost VIEW_CHANNEL with 4403", () => {
    const members = new MemberChanges(kv());
    members.record("u1", null, 1500);
    expect(standing(upgrade(), members)).toMatchObject({ ok: false, code: CLOSE_CODES.forbidden });
    expect(standing(upgrade({ [INTERNAL_HEADERS.permissions]: permissionBits("SEND_MESSAGES").toString(), [INTERNAL_HEADERS.userId]: "u2" }), members)).toMatchObject({ ok: false, code: CLOSE_CODES.forbidden });
  });

  it("P25 asks for a new ticket (4401) when permissions changed for everyone after it was issued", () => {
    const members = new MemberChanges(kv());
    members.recordEveryone(1000);
    expect(standing(upgrade(), members)).toMatchObject({ ok: false, code: CLOSE_CODES.unauthorized, reason: "permissions changed since this ticket was issued: get a new one" });
    members.record("u1", member, 1200);
    expect(standing(upgrade(), members)).toMatchObject({ ok: true, permissions: member });
  });
});
