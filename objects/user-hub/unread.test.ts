import { describe, expect, it } from "vitest";
import { applyActivity, applyRead } from "./unread.ts";

const base = { channelId: "c", unread: 2, mentions: 0, headSeq: 10, readSeq: 8 };

describe("unread state", () => {
  it("H3 counts others' new messages and mentions of this user, never their own", () => {
    const next = applyActivity(base, { channelId: "c", headSeq: 14, byAuthor: { me: 1, bob: 3 }, mentioned: { me: 1, bob: 1 }, everyone: 1 }, "me");
    expect(next).toEqual({ channelId: "c", unread: 5, mentions: 2, headSeq: 14, readSeq: 8 });
  });

  it("H3 ignores stale notices and caps counts at 100", () => {
    expect(applyActivity(base, { channelId: "c", headSeq: 9, byAuthor: { bob: 1 }, mentioned: {}, everyone: 0 }, "me")).toBe(base);
    expect(applyActivity(base, { channelId: "c", headSeq: 500, byAuthor: { bob: 490 }, mentioned: {}, everyone: 490 }, "me")).toMatchObject({ unread: 100, mentions: 100 });
  });

  it("H3 shows nothing unread when the user already read up to the new head elsewhere", () => {
    const reading = { ...base, readSeq: 20, unread: 0 };
    expect(applyActivity(reading, { channelId: "c", headSeq: 20, byAuthor: { bob: 1 }, mentioned: {}, everyone: 0 }, "me")).toMatchObject({ unread: 0, headSeq: 20 });
  });

  it("H3 clears the badge when read to the head, and asks for a recount when read part way", () => {
    expect(applyRead(base, 10)).toEqual({ ...base, readSeq: 10, unread: 0, mentions: 0 });
    expect(applyRead(base, 9)).toBeNull();
    expect(applyRead(base, 5)).toBe(base);
  });
});
