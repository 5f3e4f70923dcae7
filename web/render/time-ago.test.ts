import { describe, expect, it } from "vitest";
import { timeAgo } from "./time-ago.ts";

describe("timeAgo", () => {
  const now = Date.parse("2026-01-10T12:00:00.000Z");

  it("words recent activity relatively and older activity as a date", () => {
    expect(timeAgo("2026-01-10T11:59:30.000Z", now)).toBe("just now");
    expect(timeAgo("2026-01-10T11:55:00.000Z", now)).toBe("5m ago");
    expect(timeAgo("2026-01-10T09:00:00.000Z", now)).toBe("3h ago");
    expect(timeAgo("2026-01-08T12:00:00.000Z", now)).toBe("2d ago");
    expect(timeAgo("2025-12-01T12:00:00.000Z", now)).toBe(new Date("2025-12-01T12:00:00.000Z").toLocaleDateString());
  });
});
