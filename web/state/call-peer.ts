/**
 * One side of a call's mesh: the RTCPeerConnection to one other participant, negotiated over the room's `signal`
 * frames with the "perfect negotiation" pattern (either side may renegotiate; the polite one yields on collision).
 *
 * Every connection carries exactly three transceivers, created by the side that offers first, in this order:
 * microphone, camera, screen. Turning the camera or a share on or off swaps the sender's track (replaceTrack),
 * which needs no renegotiation, and the answering side finds each slot at the same index of getTransceivers()
 * (transceivers made by setRemoteDescription follow the offer's m-lines). Renegotiation still happens for ICE
 * restarts, and after a reconnect when both sides race.
 */
import type { SignalData } from "../../protocol/call-frames.ts";
import { ignoresOffer } from "./call-model.ts";

export type Slot = "audio" | "camera" | "screen";
export const SLOTS: readonly Slot[] = ["audio", "camera", "screen"];
const KIND: Record<Slot, "audio" | "video"> = { audio: "audio", camera: "video", screen: "video" };

export type LocalTracks = Record<Slot, MediaStreamTrack | null>;

interface PeerOptions {
  selfId: string;
  polite: boolean;
  /** This side offers first (it is the newcomer), so it creates the transceivers. */
  initiator: boolean;
  iceServers: RTCIceServer[];
  tracks: () => LocalTracks;
  send: (data: SignalData) => void;
  /** Something the view shows changed: a remote track, the connection state. */
  onChange: () => void;
}

export class PeerLink {
  readonly pc: RTCPeerConnection;
  /** The other side's media by slot, one stream per track so a <video> or <audio> can take each alone. */
  readonly remote: Partial<Record<Slot, MediaStream>> = {};
  private makingOffer = false;
  private ignoreOffer = false;
  private settingRemoteAnswer = false;
  /** Signals are applied one at a time in arrival order: a candidate must not overtake the offer before it. */
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    readonly remoteId: string,
    private readonly opts: PeerOptions,
  ) {
    const pc = new RTCPeerConnection({ iceServers: opts.iceServers });
    this.pc = pc;
    pc.onicecandidate = (e) => {
      if (e.candidate) opts.send({ candidate: e.candidate.toJSON() as SignalData["candidate"] });
    };
    pc.onnegotiationneeded = async () => {
      try {
        this.makingOffer = true;
        await pc.setLocalDescription();
        if (pc.localDescription) opts.send({ description: pc.localDescription.toJSON() as SignalData["description"] });
      } catch (e) {
        console.warn("call: offer failed", e);
      } finally {
        this.makingOffer = false;
      }
    };
    pc.ontrack = (e) => {
      const slot = SLOTS[pc.getTransceivers().indexOf(e.transceiver)];
      if (!slot) return;
      this.remote[slot] = new MediaStream([e.track]);
      // A track that was sent empty (camera off) unmutes when frames start: the view shows video then.
      e.track.onunmute = e.track.onmute = () => opts.onChange();
      opts.onChange();
    };
    pc.onconnectionstatechange = () => {
      // A network change can break the chosen candidate pair: gather new ones rather than drop the person.
      if (pc.connectionState === "failed") pc.restartIce();
      opts.onChange();
    };
    if (opts.initiator) {
      const tracks = opts.tracks();
      for (const slot of SLOTS) pc.addTransceiver(tracks[slot] ?? KIND[slot], { direction: "sendrecv" });
    }
  }

  /** Connected, with the other side's microphone track arrived: what the view and the tests call connected. */
  get isConnected(): boolean {
    return this.pc.connectionState === "connected" && this.remote.audio !== undefined;
  }

  /** Whether the other side's track in `slot` is delivering (not muted by an empty sender). */
  isLive(slot: Slot): boolean {
    const t = this.remote[slot]?.getVideoTracks()[0] ?? this.remote[slot]?.getAudioTracks()[0];
    return !!t && t.readyState === "live" && !t.muted;
  }

  /** Apply a signal from the other side (in order, after any still being applied). */
  signal(data: SignalData): Promise<void> {
    this.queue = this.queue.then(() => this.apply(data)).catch((e) => console.warn("call: signal failed", e));
    return this.queue;
  }

  /** Send `track` in `slot` from now on (null: send nothing). */
  setTrack(slot: Slot, track: MediaStreamTrack | null): void {
    const t = this.pc.getTransceivers()[SLOTS.indexOf(slot)];
    if (t && t.sender.track !== track) void t.sender.replaceTrack(track).catch((e) => console.warn("call: replaceTrack failed", e));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.pc.onicecandidate = this.pc.onnegotiationneeded = this.pc.ontrack = this.pc.onconnectionstatechange = null;
    this.pc.close();
  }

  private async apply({ description, candidate }: SignalData): Promise<void> {
    if (this.closed) return;
    const pc = this.pc;
    if (description) {
      this.ignoreOffer = ignoresOffer({ type: description.type, polite: this.opts.polite, makingOffer: this.makingOffer, signalingState: pc.signalingState, settingRemoteAnswer: this.settingRemoteAnswer });
      if (this.ignoreOffer) return;
      this.settingRemoteAnswer = description.type === "answer";
      try {
        // In have-local-offer, an offer here rolls ours back first (implicit rollback): the polite side yields.
        await pc.setRemoteDescription(description as RTCSessionDescriptionInit);
      } finally {
        this.settingRemoteAnswer = false;
      }
      if (description.type === "offer") {
        this.attachLocal();
        await pc.setLocalDescription();
        if (pc.localDescription) this.opts.send({ description: pc.localDescription.toJSON() as SignalData["description"] });
      }
    } else if (candidate) {
      try {
        await pc.addIceCandidate(candidate as RTCIceCandidateInit);
      } catch (e) {
        // Candidates of an offer we ignored have no description to belong to.
        if (!this.ignoreOffer) throw e;
      }
    }
  }

  /** The answering side sends in the transceivers the offer made: its own tracks go in before the answer. */
  private attachLocal(): void {
    const tracks = this.opts.tracks();
    const ts = this.pc.getTransceivers();
    SLOTS.forEach((slot, i) => {
      const t = ts[i];
      if (!t || t.currentDirection === "stopped") return;
      if (t.direction !== "sendrecv") t.direction = "sendrecv";
      if (t.sender.track !== tracks[slot]) void t.sender.replaceTrack(tracks[slot]);
    });
  }
}
