/**
 * One voice call this browser is in (protocol/call-frames.ts, docs/web.md "Calls"): the call socket, a PeerLink to
 * every other participant (a full mesh), the microphone, camera and screen tracks, remote audio playing through
 * detached <audio> elements, and who is speaking. It lives in CallStore, not in a view, so the call goes on while
 * the person reads text channels.
 *
 * The socket is not a ReconnectingSocket (realtime.ts): a call has no hello, no seq and no resume. After an
 * unexpected drop it takes a new ticket after backoff and is a newcomer again (a new participant id), so every
 * peer connection is rebuilt from its welcome.
 */
import type { CallClientFrame, CallParticipant, CallServerFrame, SignalData } from "../../protocol/call-frames.ts";
import { assertNever } from "../../protocol/frames.ts";
import { Api, ApiError } from "./api.ts";
import { LevelMeter } from "./call-levels.ts";
import { allowedState, applyRosterFrame, callClosePolicy, isPolite, peersToOffer, playable, type CallEndReason, type CallPhase, type LocalState } from "./call-model.ts";
import { PeerLink, type LocalTracks, type Slot } from "./call-peer.ts";
import { backoffDelay, framesOf } from "./realtime.ts";
import { Notifier } from "./store.ts";

/** The room expects a ping about every 20 s and drops sockets silent for much longer. */
const PING_INTERVAL_MS = 20_000;
/** Microphone processing as in any call app: without echo cancellation, speakers feed back into the call. */
const MIC_CONSTRAINTS: MediaTrackConstraints = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };
/** 640×360 keeps eight senders within a home uplink; a mesh sends each track once per peer. */
const CAMERA_CONSTRAINTS: MediaTrackConstraints = { width: { ideal: 640 }, height: { ideal: 360 }, frameRate: { ideal: 24 } };

interface Ticket {
  ticket: string;
  url: string;
  expiresAt: string;
  iceServers?: RTCIceServer[];
}

/** What the view shows for one participant's media. */
export interface ParticipantMedia {
  camera: MediaStream | null;
  screen: MediaStream | null;
  /** Their peer connection is connected and their audio track arrived (always true for oneself). */
  connected: boolean;
}

export class CallSession extends Notifier {
  phase: CallPhase = { state: "connecting" };
  selfId: string | null = null;
  participants: readonly CallParticipant[] = [];
  local: LocalState = { muted: false, deafened: false, video: false, screen: false };
  /** A notice for the person: listening only, no camera. Null when there is nothing to say. */
  notice: string | null = null;
  mic: MediaStream | null = null;
  camera: MediaStream | null = null;
  screen: MediaStream | null = null;
  private readonly peers = new Map<string, PeerLink>();
  private readonly audio = new Map<string, HTMLAudioElement>();
  private readonly levels = new LevelMeter(() => this.changed());
  private ws: WebSocket | null = null;
  private iceServers: RTCIceServer[] = [];
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private ping: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly api: Api,
    readonly channelId: string,
    readonly communityId: string | null,
    private readonly hooks: { onEnded: (reason: CallEndReason | null) => void; onPeople: (userIds: string[]) => void; canSpeak: boolean },
  ) {
    super();
  }

  get ended(): boolean {
    return this.phase.state === "ended";
  }

  get self(): CallParticipant | undefined {
    return this.participants.find((p) => p.id === this.selfId);
  }

  /** Speaking now: participant ids (oneself under selfId). */
  get speaking(): ReadonlySet<string> {
    return this.levels.speaking;
  }

  /** Ask for the microphone (called inside the Join click, so the browser's prompt and audio are allowed), then connect. */
  async start(): Promise<void> {
    if (this.hooks.canSpeak) await this.openMic();
    else {
      this.local.muted = true;
      this.notice = "You can listen in this channel but not speak.";
    }
    if (this.ended) return;
    window.addEventListener("online", this.wake);
    void this.connect();
  }

  leave(): void {
    this.end(null);
  }

  toggleMute(): void {
    if (this.local.muted && !this.mic && this.hooks.canSpeak) {
      // Listening only because the microphone was refused or missing: unmuting asks again.
      void this.openMic().then(() => this.mic && this.setState({ ...this.local, muted: false, deafened: false }));
      return;
    }
    // Unmuting while deafened undeafens too, as people expect from Discord.
    this.setState({ ...this.local, muted: !this.local.muted, deafened: this.local.muted ? false : this.local.deafened });
  }

  toggleDeafen(): void {
    this.setState({ ...this.local, deafened: !this.local.deafened });
  }

  async toggleCamera(): Promise<void> {
    if (this.camera) return this.stopVideo("camera");
    try {
      this.camera = await navigator.mediaDevices.getUserMedia({ video: CAMERA_CONSTRAINTS });
    } catch (e) {
      this.notice = (e as Error).name === "NotAllowedError" ? "Camera access was refused. Allow it in the browser's site settings." : "No camera was found.";
      return this.changed();
    }
    if (this.ended) return this.stopTracks(this.camera);
    this.sendTrack("camera", this.camera.getVideoTracks()[0] ?? null);
    this.setState({ ...this.local, video: true });
  }

  async toggleScreen(): Promise<void> {
    if (this.screen) return this.stopVideo("screen");
    try {
      this.screen = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    } catch (e) {
      // Cancelling the browser's picker is a NotAllowedError too: nothing to say then.
      if ((e as Error).name !== "NotAllowedError") this.notice = "Screen sharing isn't available in this browser.";
      return this.changed();
    }
    if (this.ended) return this.stopTracks(this.screen);
    const track = this.screen.getVideoTracks()[0] ?? null;
    if (track) {
      track.contentHint = "detail";
      // The browser's own "Stop sharing" bar ends the track without going through this session.
      track.addEventListener("ended", () => this.screen?.getVideoTracks()[0] === track && this.stopVideo("screen"));
    }
    this.sendTrack("screen", track);
    this.setState({ ...this.local, screen: true });
  }

  dismissNotice(): void {
    this.notice = null;
    this.changed();
  }

  /** Someone's media for the view (oneself included). */
  media(id: string): ParticipantMedia {
    if (id === this.selfId) return { camera: this.camera, screen: this.screen, connected: true };
    const peer = this.peers.get(id);
    const p = this.participants.find((x) => x.id === id);
    const may = p ? playable(p) : { video: false, screen: false };
    return {
      camera: may.video && peer?.isLive("camera") ? (peer.remote.camera ?? null) : null,
      screen: may.screen && peer?.isLive("screen") ? (peer.remote.screen ?? null) : null,
      connected: peer?.isConnected ?? false,
    };
  }

  private async openMic(): Promise<void> {
    try {
      this.mic = await navigator.mediaDevices.getUserMedia({ audio: MIC_CONSTRAINTS });
      this.notice = null;
    } catch (e) {
      this.local.muted = true;
      this.notice =
        (e as Error).name === "NotAllowedError"
          ? "Microphone access was refused, so you joined listening only. Allow it in the browser's site settings, then unmute."
          : "No microphone was found, so you joined listening only.";
      this.changed();
      return;
    }
    if (this.ended) return this.stopTracks(this.mic);
    this.applyLocalAudio();
    this.sendTrack("audio", this.mic.getAudioTracks()[0] ?? null);
    if (this.selfId) this.levels.set(this.selfId, this.mic);
  }

  private async connect(): Promise<void> {
    if (this.ended) return;
    this.phase = this.attempt === 0 ? { state: "connecting" } : { state: "reconnecting", attempt: this.attempt };
    this.changed();
    let t: Ticket;
    try {
      t = await this.api.post<Ticket>(`/api/v1/channels/${encodeURIComponent(this.channelId)}/call-ticket`);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return this.end("not_found");
      if (e instanceof ApiError && e.status === 403) return this.end("forbidden");
      return this.retry();
    }
    if (this.ended) return;
    this.iceServers = t.iceServers ?? [];
    const url = new URL(t.url, location.href);
    if (url.protocol === "http:") url.protocol = "ws:";
    if (url.protocol === "https:") url.protocol = "wss:";
    const ws = new WebSocket(url.toString());
    this.ws = ws;
    ws.onopen = () => {
      this.ping = setInterval(() => this.send({ type: "ping" }), PING_INTERVAL_MS);
    };
    ws.onmessage = (ev) => {
      for (const f of framesOf(ev.data)) this.onFrame(f as CallServerFrame);
    };
    ws.onclose = (ev) => {
      if (this.ws !== ws) return;
      this.dropConnection();
      const policy = callClosePolicy(ev.code);
      if (policy.retry) this.retry();
      else this.end(policy.reason);
    };
  }

  private onFrame(f: CallServerFrame): void {
    this.participants = applyRosterFrame(this.participants, f);
    switch (f.type) {
      case "call_welcome": {
        this.selfId = f.selfId;
        this.attempt = 0;
        this.phase = { state: "connected" };
        if (this.mic) this.levels.set(f.selfId, this.mic);
        this.setState(this.local);
        for (const id of peersToOffer(f)) this.peer(id, true);
        this.hooks.onPeople(f.participants.map((p) => p.userId));
        break;
      }
      case "participant_joined":
        this.hooks.onPeople([f.participant.userId]);
        break;
      case "participant_updated":
        if (f.participant.id === this.selfId) this.applyOwnLimits();
        this.applyRemoteAudio(f.participant.id);
        break;
      case "participant_left":
        this.forget(f.id);
        break;
      case "signal": {
        const peer = this.peers.get(f.from) ?? (f.data.description?.type === "offer" ? this.peer(f.from, false) : undefined);
        void peer?.signal(f.data);
        break;
      }
      case "pong":
        break;
      case "error":
        console.warn(`call: ${f.code}: ${f.message}`);
        break;
      default:
        assertNever(f);
    }
    this.changed();
  }

  private peer(id: string, initiator: boolean): PeerLink {
    const selfId = this.selfId ?? "";
    const peer = new PeerLink(id, {
      selfId,
      polite: isPolite(selfId, id),
      initiator,
      iceServers: this.iceServers,
      tracks: () => this.tracks(),
      send: (data: SignalData) => this.send({ type: "signal", to: id, data }),
      onChange: () => {
        this.applyRemoteAudio(id);
        this.changed();
      },
    });
    this.peers.set(id, peer);
    return peer;
  }

  private tracks(): LocalTracks {
    return { audio: this.mic?.getAudioTracks()[0] ?? null, camera: this.camera?.getVideoTracks()[0] ?? null, screen: this.screen?.getVideoTracks()[0] ?? null };
  }

  /** Plays someone's audio through an <audio> element (Chrome feeds remote WebRTC audio to WebAudio only then). */
  private applyRemoteAudio(id: string): void {
    const stream = this.peers.get(id)?.remote.audio;
    const p = this.participants.find((x) => x.id === id);
    if (!stream || !p) return;
    let el = this.audio.get(id);
    if (!el) {
      el = new Audio();
      el.autoplay = true;
      this.audio.set(id, el);
    }
    if (el.srcObject !== stream) {
      el.srcObject = stream;
      void el.play().catch(() => {});
      this.levels.set(id, stream);
    }
    el.muted = this.local.deafened || !p.canSpeak;
  }

  private forget(id: string): void {
    this.peers.get(id)?.close();
    this.peers.delete(id);
    const el = this.audio.get(id);
    if (el) {
      el.pause();
      el.srcObject = null;
    }
    this.audio.delete(id);
    this.levels.set(id, null);
  }

  /** The server lowered what I may do (a role edit mid-call): stop sending what I no longer may. */
  private applyOwnLimits(): void {
    const self = this.self;
    if (!self) return;
    if (!self.canVideo && this.camera) void this.stopVideo("camera");
    if (!self.canScreen && this.screen) void this.stopVideo("screen");
    if (!self.canSpeak && !this.local.muted) this.setState({ ...this.local, muted: true });
  }

  private setState(next: LocalState): void {
    this.local = allowedState(next, this.self);
    this.applyLocalAudio();
    for (const id of this.audio.keys()) this.applyRemoteAudio(id);
    this.send({ type: "state", ...this.local });
    this.changed();
  }

  /** A muted or deafened microphone sends silence (a disabled track), so nothing leaves even if a peer ignores the flag. */
  private applyLocalAudio(): void {
    for (const t of this.mic?.getAudioTracks() ?? []) t.enabled = !this.local.muted && !this.local.deafened;
  }

  private sendTrack(slot: Slot, track: MediaStreamTrack | null): void {
    for (const p of this.peers.values()) p.setTrack(slot, track);
  }

  private stopVideo(slot: "camera" | "screen"): void {
    this.stopTracks(this[slot]);
    this[slot] = null;
    this.sendTrack(slot, null);
    this.setState({ ...this.local, [slot === "camera" ? "video" : "screen"]: false });
  }

  private stopTracks(stream: MediaStream | null): void {
    for (const t of stream?.getTracks() ?? []) t.stop();
  }

  private send(frame: CallClientFrame): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(frame));
  }

  /** The socket is gone: every peer connection goes with it (a reconnect is a new participant id). */
  private dropConnection(): void {
    this.ws = null;
    if (this.ping) clearInterval(this.ping);
    this.ping = null;
    for (const id of [...this.peers.keys()]) this.forget(id);
    if (this.selfId) this.levels.set(this.selfId, null);
    this.selfId = null;
  }

  private retry(): void {
    if (this.ended) return;
    this.phase = { state: "reconnecting", attempt: this.attempt };
    this.changed();
    this.timer = setTimeout(() => void this.connect(), backoffDelay(this.attempt++));
  }

  /** Back online: skip the rest of the wait. */
  private wake = () => {
    if (!this.timer || this.ended) return;
    clearTimeout(this.timer);
    this.timer = null;
    void this.connect();
  };

  private end(reason: CallEndReason | null): void {
    if (this.ended) return;
    this.phase = { state: "ended", reason };
    window.removeEventListener("online", this.wake);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const ws = this.ws;
    this.dropConnection();
    ws?.close(1000, "left");
    for (const s of [this.mic, this.camera, this.screen]) this.stopTracks(s);
    this.mic = this.camera = this.screen = null;
    this.levels.close();
    this.participants = [];
    this.changed();
    this.hooks.onEnded(reason);
  }
}
