/**
 * Voice calls for the app: the one call this browser is in (a CallSession, kept here so it outlives any view),
 * how the last one ended, and who is in each voice channel of the open community, polled over REST
 * (`GET /channels/:id/call`) for the sidebar and the voice view of a call one has not joined.
 */
import type { CallParticipant, CallRoster } from "../../protocol/call-frames.ts";
import type { Api } from "./api.ts";
import type { CallEndReason } from "./call-model.ts";
import type { CallSession } from "./call-session.ts";
import { Notifier } from "./store.ts";

type SessionModule = typeof import("./call-session.ts");
let sessionModule: SessionModule | null = null;

/**
 * The WebRTC side of calls is a chunk of its own, so the first page load carries only the chat; the voice view
 * loads it with itself, before anyone can press Join.
 */
export function loadCallSession(): Promise<SessionModule> {
  return import("./call-session.ts").then((m) => (sessionModule = m));
}

/** Who is in a call changes at human pace; 10 s keeps the sidebar current without a socket per channel. */
const ROSTER_POLL_MS = 10_000;

export class CallStore extends Notifier {
  session: CallSession | null = null;
  /** How the last call ended, when it ended on its own (full, replaced, refused): its view says so. */
  lastEnd: { channelId: string; reason: CallEndReason } | null = null;
  private rosters = new Map<string, readonly CallParticipant[]>();
  private watched: string[] = [];
  private timer: ReturnType<typeof setInterval> | null = null;
  private unsubSession: (() => void) | null = null;

  constructor(
    private readonly api: Api,
    private readonly onPeople: (userIds: string[]) => void,
  ) {
    super();
  }

  /** Join the voice channel (leaving any other call). Call from the click, so the microphone prompt may show. */
  join(channelId: string, communityId: string | null, opts: { canSpeak: boolean }): void {
    if (this.session?.channelId === channelId && !this.session.ended) return;
    if (!sessionModule) {
      void loadCallSession().then(() => this.join(channelId, communityId, opts));
      return;
    }
    const { CallSession } = sessionModule;
    this.leave();
    this.lastEnd = null;
    const s = new CallSession(this.api, channelId, communityId, {
      canSpeak: opts.canSpeak,
      onPeople: this.onPeople,
      onEnded: (reason) => {
        if (this.session !== s) return;
        this.unsubSession?.();
        this.unsubSession = null;
        this.session = null;
        if (reason) this.lastEnd = { channelId, reason };
        void this.refresh(channelId);
        this.changed();
      },
    });
    this.session = s;
    this.unsubSession = s.subscribe(() => {
      // The live list is fresher than any poll: the sidebar shows it for this channel at once.
      if (s.phase.state === "connected") this.rosters.set(channelId, s.participants);
      this.changed();
    });
    void s.start();
    this.changed();
  }

  /** Hang up, if in a call. */
  leave(): void {
    this.session?.leave();
  }

  dismissEnd(): void {
    this.lastEnd = null;
    this.changed();
  }

  /** Who is in the channel's call, as last heard: live when this browser is in it, else the last poll. */
  participants(channelId: string): readonly CallParticipant[] {
    const s = this.session;
    if (s && s.channelId === channelId && s.phase.state === "connected") return s.participants;
    return this.rosters.get(channelId) ?? [];
  }

  /** Poll these voice channels (the open community's) from now on; an empty list stops polling. */
  watch(channelIds: string[]): void {
    const same = channelIds.length === this.watched.length && channelIds.every((id, i) => id === this.watched[i]);
    if (same) return;
    this.watched = channelIds;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    window.removeEventListener("focus", this.pollAll);
    document.removeEventListener("visibilitychange", this.onVisible);
    if (channelIds.length === 0) return;
    this.timer = setInterval(this.pollAll, ROSTER_POLL_MS);
    window.addEventListener("focus", this.pollAll);
    document.addEventListener("visibilitychange", this.onVisible);
    this.pollAll();
  }

  /** Fetch one channel's roster now (opening its view, after leaving it). */
  async refresh(channelId: string): Promise<void> {
    try {
      const r = await this.api.get<CallRoster>(`/api/v1/channels/${encodeURIComponent(channelId)}/call`);
      const s = this.session;
      if (s && s.channelId === channelId && s.phase.state === "connected") return;
      const before = this.rosters.get(channelId) ?? [];
      this.rosters.set(channelId, r.participants);
      if (r.participants.length > 0) this.onPeople(r.participants.map((p) => p.userId));
      if (!sameRoster(before, r.participants)) this.changed();
    } catch {
      // A roster is a hint: a failed poll keeps the last one until the next.
    }
  }

  /** Signed out or another account: hang up and forget every roster. */
  forget(): void {
    this.leave();
    this.watch([]);
    this.rosters.clear();
    this.lastEnd = null;
    this.changed();
  }

  private pollAll = () => {
    if (document.visibilityState === "hidden") return;
    for (const id of this.watched) void this.refresh(id);
  };

  private onVisible = () => {
    if (document.visibilityState === "visible") this.pollAll();
  };
}

function sameRoster(a: readonly CallParticipant[], b: readonly CallParticipant[]): boolean {
  return a.length === b.length && a.every((p, i) => JSON.stringify(p) === JSON.stringify(b[i]));
}
