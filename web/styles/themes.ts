/**
 * Design tokens as CSS custom properties on <html>. Custom properties inherit through shadow roots, so every
 * element reads the same tokens; a theme, accent, density or font size is one attribute on <html>.
 * Each theme's text colours were chosen for at least 4.5:1 contrast on its backgrounds (axe checks it).
 */

export const THEMES = ["light", "dark", "monokai", "dracula", "nord", "solarized", "amoled", "catppuccin"] as const;
export type Theme = (typeof THEMES)[number];
export const THEME_LABELS: Record<Theme, string> = {
  light: "Default light",
  dark: "Default dark",
  monokai: "Monokai",
  dracula: "Dracula",
  nord: "Nord",
  solarized: "Solarized",
  amoled: "AMOLED",
  catppuccin: "Catppuccin",
};

export const ACCENTS = ["indigo", "blue", "teal", "green", "amber", "orange", "rose", "violet"] as const;
export type Accent = (typeof ACCENTS)[number];
/** Fill colour and the text colour that reads on it (dark text on the light fills keeps 4.5:1). */
export const ACCENT_COLORS: Record<Accent, { fill: string; on: string; hover: string }> = {
  indigo: { fill: "#4f5bd5", on: "#ffffff", hover: "#3f4ac0" },
  blue: { fill: "#1d6fd6", on: "#ffffff", hover: "#155cb5" },
  teal: { fill: "#2dd4bf", on: "#062a26", hover: "#5eead4" },
  green: { fill: "#1f8a4c", on: "#ffffff", hover: "#18743f" },
  amber: { fill: "#fbbf24", on: "#2b1d00", hover: "#fcd34d" },
  orange: { fill: "#c2520c", on: "#ffffff", hover: "#a6440a" },
  rose: { fill: "#d0264f", on: "#ffffff", hover: "#b01e42" },
  violet: { fill: "#8b46e0", on: "#ffffff", hover: "#7434c6" },
};

export interface Palette {
  scheme: "light" | "dark";
  rail: string;
  side: string;
  main: string;
  raised: string;
  input: string;
  hover: string;
  active: string;
  border: string;
  fg: string;
  muted: string;
  faint: string;
  link: string;
  danger: string;
  dangerFg: string;
  success: string;
  warning: string;
  mention: string;
  code: [bg: string, keyword: string, string: string, number: string, comment: string, title: string, type: string];
}

export const PALETTES: Record<Theme, Palette> = {
  light: {
    scheme: "light", rail: "#e3e5e8", side: "#f2f3f5", main: "#ffffff", raised: "#ffffff", input: "#ebedef",
    hover: "rgba(116,127,141,0.12)", active: "rgba(116,127,141,0.22)", border: "#d4d7dc",
    fg: "#1f2328", muted: "#4e5661", faint: "#565e68", link: "#0a5bb8", danger: "#b22424", dangerFg: "#ffffff",
    success: "#1a6b3d", warning: "#825500", mention: "rgba(250,168,26,0.18)",
    code: ["#f4f5f7", "#a626a4", "#2f7d32", "#8a5e00", "#5f6670", "#2c62d8", "#9a5200"],
  },
  dark: {
    scheme: "dark", rail: "#1e1f22", side: "#2b2d31", main: "#313338", raised: "#232428", input: "#383a40",
    hover: "rgba(78,80,88,0.4)", active: "rgba(78,80,88,0.7)", border: "#3f4147",
    fg: "#f2f3f5", muted: "#c4c9ce", faint: "#b3b8bf", link: "#7bbdff", danger: "#f7a2a2", dangerFg: "#1a0000",
    success: "#4ade80", warning: "#fbbf24", mention: "rgba(250,168,26,0.12)",
    code: ["#2b2d31", "#c678dd", "#98c379", "#d19a66", "#9da5b4", "#61afef", "#e5c07b"],
  },
  monokai: {
    scheme: "dark", rail: "#1e1f1c", side: "#272822", main: "#2d2e27", raised: "#1e1f1c", input: "#3e3d32",
    hover: "rgba(117,113,94,0.3)", active: "rgba(117,113,94,0.55)", border: "#49483e",
    fg: "#f8f8f2", muted: "#cfcfc2", faint: "#c7c5b8", link: "#66d9ef", danger: "#ffaec4", dangerFg: "#1e1f1c",
    success: "#a6e22e", warning: "#e6db74", mention: "rgba(230,219,116,0.12)",
    code: ["#272822", "#ff5a92", "#e6db74", "#ae81ff", "#a59f85", "#a6e22e", "#66d9ef"],
  },
  dracula: {
    scheme: "dark", rail: "#191a21", side: "#21222c", main: "#282a36", raised: "#1e1f29", input: "#343746",
    hover: "rgba(98,114,164,0.25)", active: "rgba(98,114,164,0.45)", border: "#44475a",
    fg: "#f8f8f2", muted: "#d0d0e0", faint: "#b5bcdc", link: "#8be9fd", danger: "#ffa5a5", dangerFg: "#191a21",
    success: "#50fa7b", warning: "#f1fa8c", mention: "rgba(241,250,140,0.1)",
    code: ["#21222c", "#ff79c6", "#f1fa8c", "#bd93f9", "#9aa5ce", "#50fa7b", "#8be9fd"],
  },
  nord: {
    scheme: "dark", rail: "#242933", side: "#2e3440", main: "#343a48", raised: "#2a2f3a", input: "#3b4252",
    hover: "rgba(76,86,106,0.45)", active: "rgba(76,86,106,0.75)", border: "#434c5e",
    fg: "#eceff4", muted: "#d8dee9", faint: "#bdc4d2", link: "#9dcbd8", danger: "#f0b6bb", dangerFg: "#242933",
    success: "#b5cba3", warning: "#ebcb8b", mention: "rgba(235,203,139,0.12)",
    code: ["#2e3440", "#81a1c1", "#a3be8c", "#c29fbf", "#a3acbd", "#88c0d0", "#8fbcbb"],
  },
  solarized: {
    scheme: "dark", rail: "#001f27", side: "#002b36", main: "#073642", raised: "#00252e", input: "#0a4454",
    hover: "rgba(88,110,117,0.3)", active: "rgba(88,110,117,0.55)", border: "#1c4f5c",
    fg: "#eee8d5", muted: "#c5cdcd", faint: "#b2bfc1", link: "#82c4f3", danger: "#ffa6a3", dangerFg: "#001f27",
    success: "#b9c633", warning: "#e1b838", mention: "rgba(181,137,0,0.16)",
    code: ["#002b36", "#9ea600", "#3fbfb0", "#f07f7c", "#93a1a1", "#5fb4f0", "#d9a400"],
  },
  amoled: {
    scheme: "dark", rail: "#000000", side: "#000000", main: "#000000", raised: "#0d0d0d", input: "#141414",
    hover: "rgba(255,255,255,0.07)", active: "rgba(255,255,255,0.13)", border: "#262626",
    fg: "#f5f5f5", muted: "#c2c2c2", faint: "#a3a3a3", link: "#7cb8ff", danger: "#ff5c5c", dangerFg: "#000000",
    success: "#4ade80", warning: "#facc15", mention: "rgba(250,204,21,0.1)",
    code: ["#0d0d0d", "#c792ea", "#c3e88d", "#f78c6c", "#a0a0a0", "#82aaff", "#ffcb6b"],
  },
  catppuccin: {
    scheme: "dark", rail: "#11111b", side: "#181825", main: "#1e1e2e", raised: "#181825", input: "#313244",
    hover: "rgba(88,91,112,0.35)", active: "rgba(88,91,112,0.6)", border: "#313244",
    fg: "#cdd6f4", muted: "#bac2de", faint: "#a8afc9", link: "#89b4fa", danger: "#f492ad", dangerFg: "#11111b",
    success: "#a6e3a1", warning: "#f9e2af", mention: "rgba(249,226,175,0.1)",
    code: ["#181825", "#cba6f7", "#a6e3a1", "#fab387", "#a6adc8", "#89b4fa", "#f9e2af"],
  },
};

function themeBlock(name: Theme, p: Palette): string {
  const [cbg, ck, cs, cn, cc, ct, cty] = p.code;
  return `:root[data-theme="${name}"]{color-scheme:${p.scheme};--bg-rail:${p.rail};--bg-side:${p.side};--bg-main:${p.main};--bg-raised:${p.raised};--bg-input:${p.input};--bg-hover:${p.hover};--bg-active:${p.active};--border:${p.border};--fg:${p.fg};--fg-muted:${p.muted};--fg-faint:${p.faint};--link:${p.link};--danger:${p.danger};--danger-fg:${p.dangerFg};--success:${p.success};--warning:${p.warning};--mention-bg:${p.mention};--code-bg:${cbg};--code-keyword:${ck};--code-string:${cs};--code-number:${cn};--code-comment:${cc};--code-title:${ct};--code-type:${cty};}`;
}

function accentBlock(name: Accent): string {
  const a = ACCENT_COLORS[name];
  return `:root[data-accent="${name}"]{--accent:${a.fill};--accent-fg:${a.on};--accent-hover:${a.hover};}`;
}

/** The document-level stylesheet: tokens, font, page reset. Component styles live in their elements. */
export const GLOBAL_CSS = `
@font-face{font-family:"Inter";font-style:normal;font-display:swap;font-weight:100 900;src:url(/fonts/inter-latin-wght-normal.woff2) format("woff2-variations");unicode-range:U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD;}
:root{--font:"Inter",ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Liberation Sans","DejaVu Sans",sans-serif;--mono:ui-monospace,"SFMono-Regular","Cascadia Code","Liberation Mono","DejaVu Sans Mono",monospace;--font-size:15px;--radius-s:4px;--radius:8px;--radius-l:12px;--space-1:4px;--space-2:8px;--space-3:12px;--space-4:16px;--space-5:24px;--space-6:32px;--msg-gap:16px;--msg-pad:2px;--avatar:40px;--shadow:0 8px 24px rgba(0,0,0,0.24);--focus:0 0 0 2px var(--bg-main),0 0 0 4px var(--link);--transition:120ms ease;}
:root[data-density="compact"]{--msg-gap:6px;--msg-pad:1px;--avatar:32px;}
:root[data-font-size="small"]{--font-size:14px;}
:root[data-font-size="large"]{--font-size:17px;}
:root[data-font-size="xlarge"]{--font-size:19px;}
${THEMES.map((t) => themeBlock(t, PALETTES[t])).join("\n")}
${ACCENTS.map(accentBlock).join("\n")}
html,body{margin:0;height:100%;background:var(--bg-main);color:var(--fg);font-family:var(--font);font-size:var(--font-size);line-height:1.4;-webkit-font-smoothing:antialiased;}
body{overflow:hidden;}
*,*::before,*::after{box-sizing:border-box;}
`;

/** Puts the token sheet on the document once. */
export function installGlobalStyles(doc: Document = document): void {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(GLOBAL_CSS);
  doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
}
