/**
 * Appearance and notification preferences, remembered per account in localStorage (keyed by user id) and applied as attributes
 * on <html>, where the design tokens pick them up. Signed out, the last-used preferences of this browser apply.
 */
import { ACCENTS, THEMES, type Accent, type Theme } from "../styles/themes.ts";
import { Notifier } from "./store.ts";

export const DENSITIES = ["cozy", "compact"] as const;
export const FONT_SIZES = ["small", "normal", "large", "xlarge"] as const;
/** What notifies: DMs and mentions (the default), every message in one's channels, or nothing. */
export const NOTIFY_LEVELS = ["mentions", "all", "none"] as const;
export type NotifyLevel = (typeof NOTIFY_LEVELS)[number];
/** Muted channels kept at most; the oldest mutes are dropped past it, so the record stays small. */
export const MAX_MUTED_CHANNELS = 500;

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
  /** Channels that never notify. */
  mutedChannels: string[];
}

export function defaultPrefs(): Prefs {
  const dark = typeof matchMedia === "function" && matchMedia("(prefers-color-scheme: dark)").matches;
  return { theme: dark ? "dark" : "light", accent: "indigo", density: "cozy", fontSize: "normal", clock24: false, desktopNotifications: false, notificationSound: false, notifyLevel: "mentions", mutedChannels: [] };
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
  };
}

const LAST_KEY = "hearth.prefs.last";

export class PrefsStore extends Notifier {
  prefs: Prefs;
  private userId: string | null = null;

  constructor(private readonly storage: Pick<Storage, "getItem" | "setItem"> = localStorage) {
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

  isMuted(channelId: string): boolean {
    return this.prefs.mutedChannels.includes(channelId);
  }

  setMuted(channelId: string, isMuted: boolean): void {
    const rest = this.prefs.mutedChannels.filter((id) => id !== channelId);
    this.update({ mutedChannels: isMuted ? [...rest, channelId] : rest });
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
