import { describe, expect, it } from "vitest";
import { unstorable, unstorablePath } from "./stored-text.ts";

describe("stored text", () => {
  it("accepts ordinary text, emoji included", () => {
    expect(unstorable("héllo 😀 𝕏")).toBeNull();
    expect(unstorablePath({ a: ["x", { b: "😀" }], n: 1, z: null })).toBeNull();
  });

  it("refuses NUL and half a surrogate pair, saying which", () => {
    expect(unstorable("a\u0000b")).toMatch(/NUL/);
    expect(unstorable("a\ud83d")).toMatch(/surrogate/);
    expect(unstorable("\ude00a")).toMatch(/surrogate/);
  });

  it("names the path of the first bad string or key", () => {
    expect(unstorablePath({ a: { b: ["ok", "x\ud800"] } })).toMatchObject({ path: "a.b.1" });
    expect(unstorablePath({ a: { "k\u0000": 1 } })).toMatchObject({ path: "a" });
    expect(unstorablePath("\u0000")).toMatchObject({ path: "(root)" });
  });
});
