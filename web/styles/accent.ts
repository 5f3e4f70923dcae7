/**
 * A community's own accent colour (Community settings → Overview) where the app shows that community: its icon in
 * the rail and the top of its sidebar. Set as `--accent` and `--accent-fg` on the element, so everything under it
 * that uses the accent takes the community's, with text in black or white, whichever contrasts more.
 */

/** `#rrggbb` (or `#rgb`) as 0..1 channels, or null for anything else. */
function channels(hex: string): [number, number, number] | null {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) return null;
  const h = m[1].length === 3 ? [...m[1]].map((c) => c + c).join("") : m[1];
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16) / 255) as [number, number, number];
}

/** WCAG 2 relative luminance of an sRGB colour. */
function luminance([r, g, b]: [number, number, number]): number {
  const lin = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** Black or white, whichever has the higher contrast ratio on `hex` (white when `hex` is not a colour). */
export function textOn(hex: string): "#000000" | "#ffffff" {
  const c = channels(hex);
  if (!c) return "#ffffff";
  const l = luminance(c);
  // Contrast with white: 1.05 / (l + 0.05); with black: (l + 0.05) / 0.05.
  return (l + 0.05) / 0.05 > 1.05 / (l + 0.05) ? "#000000" : "#ffffff";
}

/** The inline style that gives an element the community's accent, or "" to keep the app's. */
export function accentStyle(hex: string | null | undefined): string {
  if (!hex || !channels(hex)) return "";
  return `--accent:${hex};--accent-fg:${textOn(hex)}`;
}
