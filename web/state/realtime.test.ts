import { describe, expect, it } from "vitest";
import { CLOSE_CODES } from "../../protocol/frames.ts";
import { backoffDelay, closePolicy, keepsResume } from "./realtime.ts";

describe("backoffDelay", () => {
  it("grows exponentially from half a second and never passes the 30 s cap", () => {
    const mid = () => 0.5;
    expect(backoffDelay(0, mid)).toBe(375);
    expect(backoffDelay(1, mid)).toBe(750);
    expect(backoffDelay(3, mid)).toBe(3000);
    expect(backoffDelay(50, () => 1)).toBe(30_000);
  });

  it("spreads clients over the upper half of the window (jitter)", () => {
    expect(backoffDelay(4, () => 0)).toBe(4000);
    expect(backoffDelay(4, () => 1)).toBe(8000);
  });
});

describe("closePolicy", () => {
  it("stops for lost access, reloads on a protocol mismatch, fetches a ticket for 4401, retries otherwise", () => {
    expect(closePolicy(CLOSE_CODES.forbidden)).toBe("stop");
    expect(closePolicy(CLOSE_CODES.channel_not_found)).toBe("stop");
    expect(closePolicy(CLOSE_CODES.protocol_mismatch)).toBe("reload");
    expect(closePolicy(CLOSE_CODES.unauthorized)).toBe("new_ticket");
    expect(closePolicy(CLOSE_CODES.going_away)).toBe("retry");
    expect(closePolicy(1006)).toBe("retry");
  });
});

describe("keepsResume", () => {
  it("keeps a resume ticket only when the socket never opened and the server did not refuse the ticket", () => {
    expect(keepsResume(false, 1006)).toBe(true);
    expect(keepsResume(true, 1006)).toBe(false);
    expect(keepsResume(false, CLOSE_CODES.unauthorized)).toBe(false);
    expect(keepsResume(false, CLOSE_CODES.forbidden)).toBe(false);
  });
});
