/**
 * When to notify, as pure rules (unit-tested in notify.test.ts): which hub frames are worth a notification, and
 * whether one is shown given the person's preferences, the channel on screen and what was shown lately. The
 * browser side (Notification, the beep) is desktop-notifications.ts.
 */
import { assertNever, type HubServerFrame } from "../../protocol/frames.ts";
import type { NotifyLevel, Prefs } from "./prefs.ts";

/** At most one notification per channel in this window; later ones are dropped (the tag would replace it anyway). */
export const NOTIFY_COALESCE_MS = 5_000;
/** The longest plaintext excerpt put in a notification's body. */
export const MAX_BODY_CHARS = 120;

export type NotifyKind = "dm" | "mention" | "message";

export interface NotifyEvent {
  channelId: string;
  kind: NotifyKind;
  /** Who wrote it, when the frame says (dm_received). */
  authorId: string | null;
  /** The frame's plaintext excerpt; null for encrypted conversations and for badge counts. */
  excerpt: string | null;
  /** For a thread: the text channel it belongs to. */
  parentId?: string;
  /** The community the channel is in (none for DMs), when known. */
  communityId?: string | null;
}

export type NotifyPrefs = Pick<Prefs, "desktopNotifications" | "notificationSound" | "notifyLevel" | "mutedChannels" | "levels">;

/**
 * How a conversation notifies: "none" when it, its parent channel (for a thread) or its community is muted; else
 * the level chosen for it, for its parent, for its community, or the global one, the nearest first.
 */
export function levelFor(prefs: Pick<Prefs, "notifyLevel" | "mutedChannels" | "levels">, at: { channelId: string; parentId?: string; communityId?: string | null }): NotifyLevel {
  const chain = [at.channelId, at.parentId, at.communityId].filter((id): id is string => !!id);
  if (chain.some((id) => prefs.mutedChannels.includes(id))) return "none";
  for (const id of chain) if (prefs.levels[id]) return prefs.levels[id];
  return prefs.notifyLevel;
}

/**
 * Whether `event` notifies. `visibleChannelId` is the channel open and on screen (null when the tab is hidden or no
 * channel is shown); `lastShownByChannel` holds when each channel last notified (ms, same clock as `now`).
 */
export function shouldNotify(prefs: NotifyPrefs, event: NotifyEvent, visibleChannelId: string | null, now: number, lastShownByChannel: ReadonlyMap<string, number>): boolean {
  if (!prefs.desktopNotifications && !prefs.notificationSound) return false;
  const level = levelFor(prefs, event);
  if (level === "none") return false;
  if (level === "mentions" && event.kind === "message") return false;
  if (event.channelId === visibleChannelId) return false;
  const last = lastShownByChannel.get(event.channelId);
  return last === undefined || now - last >= NOTIFY_COALESCE_MS;
}

/** Counts last reported per channel by the hub, to tell a new message or mention from a read elsewhere. */
export type HubCounts = Map<string, { unread: number; mentions: number }>;

/**
 * The notify event a hub frame stands for, if any, updating `counts` in place. `isDm(channelId)` says whether the
 * channel is a DM or group DM (true), a community channel (false), or not known yet (undefined).
 *
 * DMs notify from `dm_received` (H4), so their `unread_updated` only moves the counts. A community channel notifies
 * when its mention count grows (a mention) or else its unread count grows (a message). A channel not known yet
 * notifies only for a mention: it may be a new DM whose `dm_received` is on its way.
 */
export function eventFromHub(frame: HubServerFrame, counts: HubCounts, isDm: (channelId: string) => boolean | undefined): NotifyEvent | null {
  switch (frame.type) {
    case "hub_welcome":
      counts.clear();
      for (const u of frame.unread) counts.set(u.channelId, { unread: u.unread, mentions: u.mentions });
      return null;
    case "unread_updated": {
      const prev = counts.get(frame.channelId) ?? { unread: 0, mentions: 0 };
      counts.set(frame.channelId, { unread: frame.unread, mentions: frame.mentions });
      // The hub names the channel's community (null: a DM); older hubs leave it to the lists loaded.
      const dm = frame.communityId !== undefined ? frame.communityId === null : isDm(frame.channelId);
      if (dm === true) return null;
      const base = {
        channelId: frame.channelId,
        authorId: null,
        excerpt: null,
        ...(frame.parentId ? { parentId: frame.parentId } : {}),
        ...(frame.communityId ? { communityId: frame.communityId } : {}),
      };
      if (frame.mentions > prev.mentions) return { ...base, kind: "mention" };
      if (dm === false && frame.unread > prev.unread) return { ...base, kind: "message" };
      return null;
    }
    case "dm_received":
      return { channelId: frame.channelId, kind: "dm", authorId: frame.authorId, excerpt: frame.excerpt };
    case "membership_changed":
    case "devices_changed":
    case "dm_changed":
    case "presence_changed":
    case "error":
    case "pong":
      return null;
    default:
      return assertNever(frame);
  }
}

/** The notification's text: the frame's plaintext excerpt, shortened, or a fixed line (never text we do not have). */
export function notificationBody(event: NotifyEvent): string {
  const text = event.excerpt?.replace(/\s+/g, " ").trim();
  if (text) return text.length > MAX_BODY_CHARS ? `${text.slice(0, MAX_BODY_CHARS - 1)}…` : text;
  return event.kind === "mention" ? "You were mentioned" : "New message";
}
