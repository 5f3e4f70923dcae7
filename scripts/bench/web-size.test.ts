import { describe, expect, it } from "vitest";
import { dynamicImports, staticImports } from "./web-size.ts";

describe("web-size import scanning", () => {
  it("finds static imports in minified esbuild output and keeps dynamic ones apart", () => {
    const code = `import{a as b}from"./chunk-AAA.js";import"./chunk-BBB.js";export{c}from"./chunk-CCC.js";const x=()=>import("./chunk-LAZY.js");`;
    expect(staticImports(code).sort()).toEqual(["./chunk-AAA.js", "./chunk-BBB.js", "./chunk-CCC.js"]);
    expect(dynamicImports(code)).toEqual(["./chunk-LAZY.js"]);
  });
});
