import { describe, expect, it } from "vitest";
import { redact } from "./errors.ts";

describe("redact", () => {
  it("drops bound parameters from query errors but keeps the SQL and the cause", () => {
    const err = new Error('Failed query: insert into "users" values ($1, $2)\nparams: alice,$argon2id$v=19$secret', { cause: new Error("duplicate key") });
    const logged = redact(err);
    expect(logged).toContain('insert into "users"');
    expect(logged).toContain("duplicate key");
    expect(logged).not.toContain("argon2id");
  });
});
