import { describe, expect, it } from "vitest";
import { sanitizePrefs, type Prefs } from "./prefs.ts";

const base: Prefs = { theme: "light", accent: "indigo", density: "cozy", fontSize: "normal", clock24: false };

describe("sanitizePrefs", () => {
  it("keeps known values and replaces unknown or mistyped ones with the defaults", () => {
    expect(sanitizePrefs({ theme: "dracula", accent: "rose", density: "compact", fontSize: "large", clock24: true }, base)).toEqual({ theme: "dracula", accent: "rose", density: "compact", fontSize: "large", clock24: true });
    expect(sanitizePrefs({ theme: "<script>", accent: 3, density: null, fontSize: "huge", clock24: "yes" }, base)).toEqual(base);
    expect(sanitizePrefs("not an object", base)).toEqual(base);
  });
});
