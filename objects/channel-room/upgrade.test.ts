import { describe, expect, it } from "vitest";
import { CLOSE_CODES } from "../../protocol/frames.ts";
import { INTERNAL_TICKET_HEADER } from "../../protocol/internal.ts";
import type { TicketClaims } from "../../protocol/tickets.ts";
import { permissionBits } from "../../protocol/permissions.ts";
import { MemberChanges } from "./member-changes.ts";
import { readUpgrade, standing, type Upgrade } from "./upgrade.ts";

const member = permissionBits("VIEW_CHANNEL", "SEND_MESSAGES");
const reader = permissionBits("VIEW_CHANNEL");

function kv(): SyncKvStorage {
  const m = new Map<string, unknown>();
  return { get: (k: string) => m.get(k), put: (k: string, v: unknown) => void m.set(k, v) } as unknown as SyncKvStorage;
}

function claims(extra: Partial<TicketClaims> = {}): TicketClaims {
  return { k: "c", u: "u1", s: "sess", c: "c1", p: member.toString(), i: 1000, e: 2000, j: "t1", ...extra };
}

const headers = (c: object) => new Headers({ [INTERNAL_TICKET_HEADER]: JSON.stringify(c) });
const upgrade = (extra: Partial<TicketClaims> = {}) => readUpgrade(headers(claims(extra)))!;

describe("readUpgrade", () => {
  it("reads the identity and ticket the Worker forwarded", () => {
    expect(readUpgrade(headers(claims()))).toEqual({
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
    expect(upgrade({ k: "r" }).isResume).toBe(true);
  });

  it("P31 reads a running timeout only when both its claims are there", () => {
    expect(upgrade({ t: 5000, r: member.toString() }).timeout).toEqual({ untilMs: 5000, bits: member });
    expect(upgrade({ t: 5000 }).timeout).toBeNull();
  });

  it("gives null for an incomplete identity, bits that are not a permission string, or no forwarded ticket", () => {
    const { s: _s, ...noSession } = claims();
    expect(readUpgrade(headers(noSession))).toBeNull();
    expect(readUpgrade(headers(claims({ p: "-1" })))).toBeNull();
    expect(readUpgrade(headers(claims({ i: "1000" as unknown as number })))).toBeNull();
    expect(readUpgrade(new Headers({ [INTERNAL_TICKET_HEADER]: "{not json" }))).toBeNull();
    expect(readUpgrade(new Headers())).toBeNull();
  });
});

describe("standing", () => {
  it("P25 opens with the ticket's bits and timeout when nothing changed since it was issued", () => {
    const members = new MemberChanges(kv());
    members.record("u1", reader, 999);
    const u = upgrade({ t: 5000, r: member.toString() });
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
    expect(standing(upgrade({ p: permissionBits("SEND_MESSAGES").toString(), u: "u2" }), members)).toMatchObject({ ok: false, code: CLOSE_CODES.forbidden });
  });

  it("P25 asks for a new ticket (4401) when permissions changed for everyone after it was issued", () => {
    const members = new MemberChanges(kv());
    members.recordEveryone(1000);
    expect(standing(upgrade(), members)).toMatchObject({ ok: false, code: CLOSE_CODES.unauthorized, reason: "permissions changed since this ticket was issued: get a new one" });
    members.record("u1", member, 1200);
    expect(standing(upgrade(), members)).toMatchObject({ ok: true, permissions: member });
  });
});
