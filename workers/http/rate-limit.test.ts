import { describe, expect, it } from "vitest";
import { checksPassword } from "./rate-limit.ts";

describe("checksPassword", () => {
  it("puts every auth route and every password-confirming account action in the auth bucket", () => {
    for (const [method, path] of [
      ["POST", "/api/v1/auth/login"],
      ["POST", "/api/v1/auth/register"],
      ["POST", "/api/v1/auth/refresh"],
      ["POST", "/api/v1/users/me/password"],
      ["POST", "/api/v1/users/me/password/"],
      ["POST", "/api/v1/users/me/totp/setup"],
      ["POST", "/api/v1/users/me/totp/disable"],
      ["DELETE", "/api/v1/users/me"],
      ["PUT", "/api/v1/users/me/key-backup"],
      ["DELETE", "/api/v1/users/me/key-backup/"],
    ]) expect(checksPassword(method, path), `${method} ${path}`).toBe(true);
  });

  it("leaves reads and cheap account changes to the general bucket", () => {
    for (const [method, path] of [
      ["GET", "/api/v1/users/me"],
      ["PATCH", "/api/v1/users/me"],
      ["GET", "/api/v1/users/me/sessions"],
      ["DELETE", "/api/v1/users/me/sessions/0190a4d2-0000-7000-8000-000000000000"],
      ["GET", "/api/v1/instance"],
      ["GET", "/api/v1/users/me/key-backup"],
      ["PUT", "/api/v1/users/me/key-backup/keys/0190a4d2-0000-7000-8000-000000000000"],
    ]) expect(checksPassword(method, path), `${method} ${path}`).toBe(false);
  });
});
