import { describe, expect, it } from "vitest";
import { RESUME_TICKET_TTL_S, WS_TICKET_TTL_S } from "./limits.ts";
import { issueTicket, readTicket } from "./tickets.ts";

const SECRET = "a".repeat(64);
const NOW = 1_800_000_000_000;

describe("websocket tickets", () => {
  it("P4 round-trips the claims of a fresh ticket", async () => {
    const { ticket, expiresAt } = await issueTicket(SECRET, { k: "c", u: "user-1", s: "sess-1", c: "chan-1", p: "6" }, NOW);
    const claims = await readTicket(SECRET, ticket, NOW + 1000);
    expect(claims).toMatchObject({ k: "c", u: "user-1", s: "sess-1", c: "chan-1", p: "6", i: NOW, e: expiresAt.getTime() });
    expect(expiresAt.getTime()).toBe(NOW + WS_TICKET_TTL_S * 1000);
    expect(claims!.j.length).toBeGreaterThan(10);
  });

  it("P4 gives resume tickets a day, not a minute", async () => {
    const { expiresAt } = await issueTicket(SECRET, { k: "r", u: "u", s: "s", c: "c", p: "2" }, NOW);
    expect(expiresAt.getTime()).toBe(NOW + RESUME_TICKET_TTL_S * 1000);
  });

  it("P4 gives every ticket its own id, so single use can be enforced", async () => {
    const a = await readTicket(SECRET, (await issueTicket(SECRET, { k: "h", u: "u", s: "s" }, NOW)).ticket, NOW);
    const b = await readTicket(SECRET, (await issueTicket(SECRET, { k: "h", u: "u", s: "s" }, NOW)).ticket, NOW);
    expect(a!.j).not.toBe(b!.j);
  });

  it("P5 refuses an expired ticket", async () => {
    const { ticket, expiresAt } = await issueTicket(SECRET, { k: "h", u: "u", s: "s" }, NOW);
    expect(await readTicket(SECRET, ticket, expiresAt.getTime())).toBeNull();
  });

  it("P5 refuses a ticket signed with another key or with edited claims", async () => {
    const { ticket } = await issueTicket(SECRET, { k: "c", u: "user-1", s: "sess-1", c: "chan-1", p: "6" }, NOW);
    expect(await readTicket("b".repeat(64), ticket, NOW)).toBeNull();
    const [body, sig] = ticket.split(".");
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, "base64url").toString()), p: "1" })).toString("base64url");
    expect(await readTicket(SECRET, `${forged}.${sig}`, NOW)).toBeNull();
  });

  it.each(["", "abc", ".", "a.b", "!!.??", "x".repeat(3000)])("P5 refuses garbage %j", async (garbage) => {
    expect(await readTicket(SECRET, garbage, NOW)).toBeNull();
  });
});
