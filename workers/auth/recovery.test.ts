import { describe, expect, it } from "vitest";
import { hashRecoveryCode, newRecoveryCode, normalizeRecoveryCode } from "./recovery.ts";

describe("recovery codes", () => {
  it("are five groups of five unambiguous characters", () => {
    expect(newRecoveryCode()).toMatch(/^([0-9A-HJKMNP-TV-Z]{5}-){4}[0-9A-HJKMNP-TV-Z]{5}$/);
  });
  it("differ every time", () => {
    expect(new Set(Array.from({ length: 50 }, newRecoveryCode)).size).toBe(50);
  });
  it("hash the same however a person types them back", async () => {
    const code = newRecoveryCode();
    const typed = ` ${code.toLowerCase().replace(/-/g, " ")} `;
    expect(normalizeRecoveryCode(typed)).toBe(code.replace(/-/g, ""));
    expect(await hashRecoveryCode(typed)).toBe(await hashRecoveryCode(code));
  });
});
