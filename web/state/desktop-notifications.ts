/**
 * The browser side of notifications: turns hub frames into `Notification`s and a short WebAudio beep, following
 * the rules of notify.ts. A click on a notification focuses the window and opens its channel. Permission is the
 * browser's; the preference to use it is the person's (prefs.ts).
 */
import type { HubServerFrame } from "../../protocol/frames.ts";
import type { CommunitiesStore } from "./communities.ts";
import type { MembersStore } from "./members.ts";
import { eventFromHub, notificationBody, shouldNotify, type HubCounts, type NotifyEvent } from "./notify.ts";
import type { PrefsStore } from "./prefs.ts";
import type { Router } from "./router.ts";

export type NotificationPermissionState = NotificationPermission | "unsupported";

const ICON_URL = "/icons/icon-192.png";
const BEEP_MS = 160;

/** What the browser allows: granted, denied, default (not asked yet), or unsupported (no Notification API). */
export function notificationPermission(): NotificationPermissionState {
  return typeof Notification === "undefined" ? "unsupported" : Notification.permission;
}

/** Asks the browser for permission (needs a click to be allowed to ask). */
export async function requestNotificationPermission(): Promise<NotificationPermissionState> {
  if (typeof Notification === "undefined") return "unsupported";
  try {
    return await Notification.requestPermission();
  } catch {
    return Notification.permission;
  }
}

export class DesktopNotifications {
  private readonly counts: HubCounts = new Map();
  private readonly lastShown = new Map<string, number>();
  private audio: AudioContext | null = null;

  constructor(
    private readonly prefs: PrefsStore,
    private readonly communities: CommunitiesStore,
    private readonly members: MembersStore,
    private readonly router: Router,
  ) {}

  /** A new account (or none): forget the counts and what was shown. */
  reset(): void {
    this.counts.clear();
    this.lastShown.clear();
  }

  onHub(frame: HubServerFrame): void {
    const event = eventFromHub(frame, this.counts, (id) => {
      const ch = this.communities.channel(id);
      return ch ? ch.communityId === null : undefined;
    });
    if (!event) return;
    // The community decides too (its level, or its mute): a thread's is its parent channel's.
    event.communityId ??= this.communities.channel(event.parentId ?? event.channelId)?.communityId ?? null;
    const now = Date.now();
    if (!shouldNotify(this.prefs.prefs, event, this.visibleChannelId(), now, this.lastShown)) return;
    this.lastShown.set(event.channelId, now);
    if (this.prefs.prefs.notificationSound) this.beep();
    if (this.prefs.prefs.desktopNotifications && notificationPermission() === "granted") void this.show(event);
  }

  /** A short two-tone beep, generated (no audio file). */
  beep(): void {
    try {
      this.audio ??= new AudioContext();
      const ctx = this.audio;
      if (ctx.state === "suspended") void ctx.resume();
      const t = ctx.currentTime;
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = "sine";
      osc.frequency.setValueAtTime(880, t);
      osc.frequency.setValueAtTime(1320, t + BEEP_MS / 2000);
      gain.gain.setValueAtTime(0.0001, t);
      gain.gain.exponentialRampToValueAtTime(0.2, t + 0.01);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + BEEP_MS / 1000);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t);
      osc.stop(t + BEEP_MS / 1000 + 0.02);
    } catch {
      // No WebAudio (or blocked): notify silently.
    }
  }

  /** The channel open and on screen; none while the tab is hidden or a settings layer covers the chat. */
  private visibleChannelId(): string | null {
    if (document.visibilityState !== "visible") return null;
    const r = this.router.route;
    if (r.name === "dm") return r.channelId;
    if (r.name === "community") return r.channelId ?? null;
    return null;
  }

  private async show(event: NotifyEvent): Promise<void> {
    // A mention in a community whose channels were never opened: load them to name it and link to it.
    if (!this.communities.channel(event.parentId ?? event.channelId) && "value" in this.communities.list) {
      const idle = (this.communities.list.value ?? []).filter((c) => (this.communities.structure.get(c.id)?.state ?? "idle") === "idle");
      await Promise.all(idle.map((c) => this.communities.loadStructure(c.id).catch(() => {})));
    }
    // A thread is named by its channel ("Community · #channel › thread"), and opens as a channel of its community.
    const parent = event.parentId ? this.communities.channel(event.parentId) : undefined;
    const ch = parent ?? this.communities.channel(event.channelId);
    let title = "Hearth";
    if (event.kind === "dm") {
      const author = event.authorId ? (this.members.user(event.authorId)?.displayName ?? ch?.participants?.find((p) => p.id === event.authorId)?.displayName) : undefined;
      const who = author ?? "Direct message";
      title = ch?.kind === "group_dm" && ch.name ? `${who} in ${ch.name}` : who;
    } else if (ch && ch.communityId) {
      const community = this.communities.community(ch.communityId);
      title = `${community ? `${community.name} · ` : ""}#${ch.name}${parent ? " › thread" : ""}`;
    }
    let n: Notification;
    try {
      n = new Notification(title, { body: notificationBody(event), tag: event.channelId, icon: ICON_URL });
    } catch {
      return; // Some browsers (Android Chrome) only allow notifications from a service worker.
    }
    n.onclick = () => {
      window.focus();
      n.close();
      if (event.kind === "dm" || ch?.communityId === null) this.router.navigate({ name: "dm", channelId: event.channelId });
      else if (ch?.communityId) this.router.navigate({ name: "community", communityId: ch.communityId, channelId: event.channelId });
    };
  }
}
