/**
 * Appearance and notification preferences, remembered per account in localStorage (keyed by user id) and applied as attributes
 * on <html>, where the design tokens pick them up. Signed out, the last-used preferences of this browser apply.
 */
import { MAX_MUTED_CHANNELS } from "../../protocol/limits.ts";
import { CALL_BACKGROUND_IDS, type CallBackgroundId } from "../styles/call-backgrounds.ts";
import { ACCENTS, THEMES, type Accent, type Theme } from "../styles/themes.ts";
import { Notifier } from "./store.ts";

export const DENSITIES = ["cozy", "compact"] as const;
export const FONT_SIZES = ["small", "normal", "large", "xlarge"] as const;
/** How one moves between communities: icons down the side (the rail), or a menu atop the sidebar. */
export const SIDEBAR_LAYOUTS = ["expanded", "compact"] as const;
/** What notifies: DMs and mentions (the default), every message in one's channels, or nothing. */
export const NOTIFY_LEVELS = ["mentions", "all", "none"] as const;
export type NotifyLevel = (typeof NOTIFY_LEVELS)[number];
/** Per-channel and per-community notification levels kept at most (the oldest dropped past it). */
export const MAX_LEVEL_OVERRIDES = 500;

export interface Prefs {
  theme: Theme;
  accent: Accent;
  density: (typeof DENSITIES)[number];
  fontSize: (typeof FONT_SIZES)[number];
  clock24: boolean;
  /** Show desktop notifications (the browser's permission is asked when this is turned on). */
  desktopNotifications: boolean;
  /** Play a short beep when something notifies. */
  notificationSound: boolean;
  notifyLevel: NotifyLevel;
  /** Channels (and communities) that never notify: muted. A muted channel's threads are muted with it. */
  mutedChannels: string[];
  /**
   * Levels chosen for one channel or one community (by id), over `notifyLevel`: a channel's wins over its
   * community's, which wins over the global one (notify.ts levelFor).
   */
  levels: Record<string, NotifyLevel>;
  /** Behind a call's tiles: none, a preset, or "custom" (the picture kept beside the preferences: callPicture). */
  callBackground: CallBackgroundId;
  sidebarLayout: (typeof SIDEBAR_LAYOUTS)[number];
  /** Wear a community's own colours (its theme) while in it. */
  communityThemes: boolean;
}

/** The largest custom call background kept (characters of its data: URL): a 1600 px JPEG fits well under it. */
export const MAX_CALL_PICTURE_CHARS = 1_500_000;

export function defaultPrefs(): Prefs {
  const dark = typeof matchMedia === "function" && matchMedia("(prefers-color-scheme: dark)").matches;
  return { theme: dark ? "dark" : "light", accent: "indigo", density: "cozy", fontSize: "normal", clock24: false, desktopNotifications: false, notificationSound: false, notifyLevel: "mentions", mutedChannels: [], levels: {}, callBackground: "none", sidebarLayout: "expanded", communityThemes: true };
}

/** Only known levels for plausible ids, the newest MAX_LEVEL_OVERRIDES of them. */
function sanitizeLevels(raw: unknown, base: Record<string, NotifyLevel>): Record<string, NotifyLevel> {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return base;
  const kept = Object.entries(raw as Record<string, unknown>).filter(
    (e): e is [string, NotifyLevel] => e[0].length > 0 && e[0].length <= 64 && (NOTIFY_LEVELS as readonly unknown[]).includes(e[1]),
  );
  return Object.fromEntries(kept.slice(-MAX_LEVEL_OVERRIDES));
}

/** Keeps only known values, so a hand-edited or old record cannot break the page. */
export function sanitizePrefs(raw: unknown, base: Prefs): Prefs {
  const r = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
  const pick = <T extends string>(v: unknown, allowed: readonly T[], d: T): T => ((allowed as readonly unknown[]).includes(v) ? (v as T) : d);
  return {
    theme: pick(r.theme, THEMES, base.theme),
    accent: pick(r.accent, ACCENTS, base.accent),
    density: pick(r.density, DENSITIES, base.density),
    fontSize: pick(r.fontSize, FONT_SIZES, base.fontSize),
    clock24: typeof r.clock24 === "boolean" ? r.clock24 : base.clock24,
    desktopNotifications: typeof r.desktopNotifications === "boolean" ? r.desktopNotifications : base.desktopNotifications,
    notificationSound: typeof r.notificationSound === "boolean" ? r.notificationSound : base.notificationSound,
    notifyLevel: pick(r.notifyLevel, NOTIFY_LEVELS, base.notifyLevel),
    mutedChannels: Array.isArray(r.mutedChannels)
      ? [...new Set(r.mutedChannels.filter((id): id is string => typeof id === "string" && id.length > 0 && id.length <= 64))].slice(-MAX_MUTED_CHANNELS)
      : base.mutedChannels,
    levels: sanitizeLevels(r.levels, base.levels),
    callBackground: pick(r.callBackground, CALL_BACKGROUND_IDS, base.callBackground),
    sidebarLayout: pick(r.sidebarLayout, SIDEBAR_LAYOUTS, base.sidebarLayout),
    communityThemes: typeof r.communityThemes === "boolean" ? r.communityThemes : base.communityThemes,
  };
}

const LAST_KEY = "hearth.prefs.last";

export class PrefsStore extends Notifier {
  prefs: Prefs;
  private userId: string | null = null;

  constructor(private readonly storage: Pick<Storage, "getItem" | "setItem"> & Partial<Pick<Storage, "removeItem">> = localStorage) {
    super();
    this.prefs = this.read(LAST_KEY);
    this.apply();
  }

  /** Switches to the preferences saved for this account (or keeps the current ones for a new account). */
  useAccount(userId: string | null): void {
    this.userId = userId;
    if (userId) {
      const saved = this.storage.getItem(`hearth.prefs.${userId}`);
      if (saved) this.prefs = this.read(`hearth.prefs.${userId}`);
      else this.save();
    }
    this.apply();
    this.changed();
  }

  update(patch: Partial<Prefs>): void {
    this.prefs = sanitizePrefs({ ...this.prefs, ...patch }, this.prefs);
    this.save();
    this.apply();
    this.changed();
  }

  /** Whether a channel or community is muted (never notifies). */
  isMuted(id: string): boolean {
    return this.prefs.mutedChannels.includes(id);
  }

  setMuted(id: string, isMuted: boolean): void {
    const rest = this.prefs.mutedChannels.filter((x) => x !== id);
    this.update({ mutedChannels: isMuted ? [...rest, id] : rest });
  }

  /** The level chosen for this channel or community, or null when it follows the one above it. */
  levelOf(id: string): NotifyLevel | null {
    return this.prefs.levels[id] ?? null;
  }

  /** What its notification menu shows as chosen for a channel or community ("none" reads as muted). */
  notifyChoice(id: string): Exclude<NotifyLevel, "none"> | "muted" | null {
    const level = this.levelOf(id);
    return this.isMuted(id) || level === "none" ? "muted" : level;
  }

  /**
   * Chooses how a channel or community notifies: a level, "muted", or null to follow the one above it (the
   * community's for a channel, the global setting for a community). Muting keeps the level chosen under it.
   */
  setNotify(id: string, choice: NotifyLevel | "muted" | null): void {
    const { [id]: _dropped, ...levels } = this.prefs.levels;
    const mutedChannels = this.prefs.mutedChannels.filter((x) => x !== id);
    if (choice === "muted") return this.update({ mutedChannels: [...mutedChannels, id] });
    this.update({ mutedChannels, levels: choice ? { ...levels, [id]: choice } : levels });
  }

  /** The custom call background (a data: URL), kept for this account beside the preferences, or null. */
  callPicture(): string | null {
    const v = this.storage.getItem(this.pictureKey());
    return v && v.length <= MAX_CALL_PICTURE_CHARS && /^data:image\/(jpeg|png);base64,/.test(v) ? v : null;
  }

  /** Keeps a picture as the custom call background and chooses it; null forgets it (back to none if it was chosen). */
  setCallPicture(dataUrl: string | null): void {
    if (dataUrl === null) {
      this.storage.removeItem?.(this.pictureKey());
      if (this.prefs.callBackground === "custom") this.update({ callBackground: "none" });
      else this.changed();
      return;
    }
    if (dataUrl.length > MAX_CALL_PICTURE_CHARS || !/^data:image\/(jpeg|png);base64,/.test(dataUrl)) throw new Error("That picture is too large to keep as a background.");
    this.storage.setItem(this.pictureKey(), dataUrl);
    this.update({ callBackground: "custom" });
  }

  private pictureKey(): string {
    return `hearth.callbg.${this.userId ?? "last"}`;
  }

  /** Formats a time of day by the 12/24-hour choice. */
  time(d: Date): string {
    return d.toLocaleTimeString(undefined, { hour: "numeric", minute: "2-digit", hour12: !this.prefs.clock24 });
  }

  private read(key: string): Prefs {
    try {
      return sanitizePrefs(JSON.parse(this.storage.getItem(key) ?? "null"), defaultPrefs());
    } catch {
      return defaultPrefs();
    }
  }

  private save(): void {
    const json = JSON.stringify(this.prefs);
    this.storage.setItem(LAST_KEY, json);
    if (this.userId) this.storage.setItem(`hearth.prefs.${this.userId}`, json);
  }

  private apply(): void {
    if (typeof document === "undefined") return;
    const el = document.documentElement;
    el.dataset.theme = this.prefs.theme;
    el.dataset.accent = this.prefs.accent;
    el.dataset.density = this.prefs.density;
    el.dataset.fontSize = this.prefs.fontSize;
    const meta = document.querySelector('meta[name="theme-color"]');
    if (meta) meta.setAttribute("content", getComputedStyle(el).getPropertyValue("--bg-rail").trim() || "#1e1f22");
  }
}
