import { describe, expect, it } from "vitest";
import { isThemeColor, MAX_THEME_CHARS, parseTheme, themeStyle } from "./community-theme.ts";

describe("community themes", () => {
  it("takes colour variables, bare or in a :root block, with comments, and writes them back out cleanly", () => {
    const r = parseTheme(`/* Forest night */
:root {
  --bg-main: #0F1A14;
  --accent:  rgb(46, 160, 67);   /* green */
  --fg: hsl(120 10% 92%);
  --accent: #2EA043
}`);
    expect(r).toEqual({ ok: true, vars: { "--bg-main": "#0f1a14", "--accent": "#2ea043", "--fg": "hsl(120 10% 92%)" }, css: "--bg-main: #0f1a14;\n--accent: #2ea043;\n--fg: hsl(120 10% 92%);" });
    expect(parseTheme("--link: #4af;")).toMatchObject({ ok: true, vars: { "--link": "#4af" } });
    expect(parseTheme("")).toEqual({ ok: true, vars: {}, css: "" });
    expect(themeStyle({ "--fg": "#fff", "--link": "#4af" })).toBe("--fg:#fff;--link:#4af");
    // A theme that paints the surfaces gets inputs, hovers, borders and muted text mixed from its own colours.
    const style = themeStyle({ "--bg-main": "#000", "--border": "#333" });
    expect(style).toContain("--bg-main:#000;--border:#333;");
    expect(style).toContain("--bg-input:color-mix(in srgb, var(--fg) 9%, var(--bg-main))");
    expect(style).not.toContain("--border:color-mix");
  });

  it("refuses anything but the theme colours, naming the line", () => {
    expect(parseTheme("--bg-main: #000;\n--font: Comic Sans;")).toEqual({ ok: false, message: expect.stringMatching(/^line 2: "--font" is not a theme colour/) });
    expect(parseTheme(":root {\n  --bg-main: url(https://evil.example/x.png);\n}")).toEqual({ ok: false, message: expect.stringMatching(/^line 2: "url\(https:\/\/evil\.example\/x\.png\)" is not a colour/) });
    expect(parseTheme("body { display: none }")).toMatchObject({ ok: false });
    expect(parseTheme("--fg: red; } .x { color: red")).toMatchObject({ ok: false });
    expect(parseTheme("--fg #fff")).toMatchObject({ ok: false, message: expect.stringContaining('expected "--name: colour;"') });
    expect(parseTheme("--fg: #fff; /* open")).toEqual({ ok: false, message: "A comment is not closed with */." });
    expect(parseTheme("x".repeat(MAX_THEME_CHARS + 1))).toMatchObject({ ok: false });
  });

  it("knows a colour from anything that could load or escape", () => {
    for (const ok of ["#fff", "#ffffff", "#ffffff80", "rgb(1, 2, 3)", "rgba(1,2,3,0.5)", "rgb(1 2 3 / 50%)", "hsl(200deg 50% 40%)", "transparent"]) expect(isThemeColor(ok), ok).toBe(true);
    for (const bad of ["red", "#ggg", "url(x)", "var(--fg)", "rgb(1,2,3);--x:1", "expression(alert(1))", "rgb(calc(1),2,3)", "#fff !important"]) expect(isThemeColor(bad), bad).toBe(false);
  });
});
