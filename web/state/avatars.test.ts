import { describe, expect, it } from "vitest";
import { AvatarDirectory } from "./avatars.ts";

describe("AvatarDirectory", () => {
  it("remembers pictures, forgets removed ones, and notifies only on a change", () => {
    const d = new AvatarDirectory();
    let notified = 0;
    d.subscribe(() => notified++);
    d.learn([["a", "/api/v1/images/1"], ["b", null]]);
    expect(d.get("a")).toBe("/api/v1/images/1");
    expect(d.get("b")).toBeNull();
    expect(notified).toBe(1);
    d.learn([["a", "/api/v1/images/1"]]);
    expect(notified).toBe(1);
    d.learn([["a", null]]);
    expect(d.get("a")).toBeNull();
    expect(notified).toBe(2);
  });
});
