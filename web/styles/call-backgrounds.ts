/**
 * What a voice channel's call shows behind its tiles (Settings → Appearance → Call background): nothing, one of six
 * painted presets, or a picture of one's own (kept in this browser only: web/state/prefs.ts). Each preset is dark
 * enough for white text, which the call view uses over any background.
 */
export const CALL_BACKGROUNDS = [
  { id: "ember", label: "Ember", css: "radial-gradient(circle at 20% 110%, #f08a3c 0%, transparent 55%), linear-gradient(160deg, #2a1109 0%, #6e2813 55%, #a7421c 100%)" },
  { id: "ocean", label: "Ocean", css: "radial-gradient(circle at 80% 0%, #2f8fd1 0%, transparent 50%), linear-gradient(180deg, #06223a 0%, #0b3c63 60%, #11608f 100%)" },
  { id: "forest", label: "Forest", css: "radial-gradient(circle at 10% 10%, #3f8a4f 0%, transparent 45%), linear-gradient(200deg, #0b2414 0%, #16412a 60%, #245a35 100%)" },
  { id: "dusk", label: "Dusk", css: "linear-gradient(180deg, #1b1036 0%, #4a1d5c 50%, #a23a62 85%, #e0785a 100%)" },
  { id: "aurora", label: "Aurora", css: "radial-gradient(ellipse at 30% 20%, rgba(64, 224, 168, 0.55) 0%, transparent 50%), radial-gradient(ellipse at 75% 35%, rgba(123, 97, 255, 0.5) 0%, transparent 55%), linear-gradient(180deg, #050b1c 0%, #0d1b33 100%)" },
  { id: "graphite", label: "Graphite", css: "repeating-linear-gradient(45deg, rgba(255, 255, 255, 0.03) 0 12px, transparent 12px 24px), linear-gradient(160deg, #1c1f24 0%, #2c3138 100%)" },
] as const;

export type CallBackgroundId = "none" | "custom" | (typeof CALL_BACKGROUNDS)[number]["id"];
export const CALL_BACKGROUND_IDS: readonly CallBackgroundId[] = ["none", ...CALL_BACKGROUNDS.map((b) => b.id), "custom"];

/**
 * The CSS `background` for a choice, or null for none. A custom picture is a data: URL made in this browser
 * (prefs.ts checks it is a JPEG or PNG one), quoted so nothing in it can end the url().
 */
export function callBackgroundCss(id: CallBackgroundId, custom: string | null): string | null {
  if (id === "custom") return custom && /^data:image\/(jpeg|png);base64,[A-Za-z0-9+/=]+$/.test(custom) ? `center / cover no-repeat url("${custom}")` : null;
  return CALL_BACKGROUNDS.find((b) => b.id === id)?.css ?? null;
}
