/**
 * A community's theme (docs/api/communities.md): CSS its managers write, limited to setting the app's colour
 * variables, which members see while they are in the community. Only the declarations below pass, each a colour:
 * nothing here can load a URL, change layout, hide or fake a control, or reach outside the community's view, so a
 * hostile theme can at worst be ugly (and members can turn community themes off). The server stores the theme as
 * this module writes it back out, never as typed.
 */

/** The variables a theme may set: the app's surface, text and accent colours (web/styles/themes.ts). */
export const THEME_VARIABLES = [
  "--bg-rail",
  "--bg-side",
  "--bg-main",
  "--bg-raised",
  "--bg-input",
  "--bg-hover",
  "--bg-active",
  "--border",
  "--fg",
  "--fg-muted",
  "--fg-faint",
  "--link",
  "--accent",
  "--accent-hover",
  "--accent-fg",
  "--mention-bg",
] as const;
export type ThemeVariable = (typeof THEME_VARIABLES)[number];

/** Longest theme text taken (characters): every variable with room for comments. */
export const MAX_THEME_CHARS = 4000;

const HEX = /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
const NUMBER = String.raw`[+-]?(?:\d+\.?\d*|\.\d+)`;
/** rgb()/rgba()/hsl()/hsla() with numbers, percentages and angles only, comma or space separated. */
const FUNCTION = new RegExp(String.raw`^(?:rgba?|hsla?)\(\s*${NUMBER}(?:%|deg)?(?:\s*[,\s/]\s*${NUMBER}%?){2,3}\s*\)$`, "i");

/** Whether a value is a colour a theme may use. */
export function isThemeColor(value: string): boolean {
  const v = value.trim();
  return HEX.test(v) || FUNCTION.test(v) || v.toLowerCase() === "transparent";
}

export type ParsedTheme = { ok: true; vars: Partial<Record<ThemeVariable, string>>; css: string } | { ok: false; message: string };

/**
 * Reads a theme: `--name: colour;` declarations, optionally inside one `:root { … }` block, with comments and blank
 * lines. Anything else is refused with the line it is on. `css` is the theme written back out, one declaration a
 * line in the order given (a later one of the same name wins).
 */
export function parseTheme(text: string): ParsedTheme {
  if (text.length > MAX_THEME_CHARS) return { ok: false, message: `A theme is at most ${MAX_THEME_CHARS} characters.` };
  let body = text.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, " "));
  if (body.includes("/*")) return { ok: false, message: "A comment is not closed with */." };
  const block = /^\s*(?::root|:host|\.theme)?\s*\{([\s\S]*)\}\s*$/.exec(body);
  // Lines are counted in what was typed: the block's opening line(s) come before its body.
  const before = block ? newlines(body.slice(0, body.indexOf("{") + 1)) : 0;
  if (block) body = block[1];
  const vars: Partial<Record<ThemeVariable, string>> = {};
  let offset = 0;
  for (const part of body.split(";")) {
    const start = offset + (part.length - part.trimStart().length);
    offset += part.length + 1;
    const decl = part.trim();
    if (!decl) continue;
    const where = `line ${1 + before + newlines(body.slice(0, start))}`;
    const colon = decl.indexOf(":");
    if (colon < 0) return { ok: false, message: `${where}: expected "--name: colour;", got "${clip(decl)}".` };
    const name = decl.slice(0, colon).trim().toLowerCase();
    const value = decl.slice(colon + 1).trim();
    if (!(THEME_VARIABLES as readonly string[]).includes(name)) return { ok: false, message: `${where}: "${clip(name)}" is not a theme colour. Themes set ${THEME_VARIABLES.join(", ")}.` };
    if (!isThemeColor(value)) return { ok: false, message: `${where}: "${clip(value)}" is not a colour (use #rrggbb, rgb(), rgba(), hsl() or hsla()).` };
    vars[name as ThemeVariable] = value.toLowerCase().replace(/\s+/g, " ");
  }
  const css = Object.entries(vars)
    .map(([k, v]) => `${k}: ${v};`)
    .join("\n");
  return { ok: true, vars, css };
}

/**
 * The colours a theme that paints the surfaces (sets --bg-main) but leaves these alone gets, mixed from its own
 * text and surface colours, so a short theme still has inputs, hovers, borders and muted text that belong to it.
 */
const DERIVED: readonly [ThemeVariable, string][] = [
  ["--bg-input", "color-mix(in srgb, var(--fg) 9%, var(--bg-main))"],
  ["--bg-raised", "color-mix(in srgb, var(--fg) 5%, var(--bg-main))"],
  ["--bg-hover", "color-mix(in srgb, var(--fg) 8%, var(--bg-side))"],
  ["--bg-active", "color-mix(in srgb, var(--fg) 14%, var(--bg-side))"],
  ["--border", "color-mix(in srgb, var(--fg) 16%, var(--bg-main))"],
  ["--fg-muted", "color-mix(in srgb, var(--fg) 72%, var(--bg-main))"],
  ["--fg-faint", "color-mix(in srgb, var(--fg) 48%, var(--bg-main))"],
  // Inside the community's parts only (the user panel mixes it in): the rail itself keeps everyone's colours.
  ["--bg-rail", "color-mix(in srgb, #000 20%, var(--bg-side))"],
];

/** The declarations as an inline style (for an element whose descendants should wear the theme). */
export function themeStyle(vars: Partial<Record<ThemeVariable, string>>): string {
  const all: [string, string][] = Object.entries(vars) as [string, string][];
  if (vars["--bg-main"]) for (const [k, v] of DERIVED) if (!vars[k]) all.push([k, v]);
  return all.map(([k, v]) => `${k}:${v}`).join(";");
}

function newlines(s: string): number {
  return (s.match(/\n/g) ?? []).length;
}

function clip(s: string): string {
  const one = s.replace(/\s+/g, " ");
  return one.length > 40 ? `${one.slice(0, 40)}…` : one;
}
