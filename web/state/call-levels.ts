/**
 * Who is speaking: an AnalyserNode on each audio stream in the call (the microphone and every remote one), read
 * every LEVEL_POLL_MS, turned into a set of speaking ids with a short hold (call-model.ts speakingNow). Only a
 * change of the set is reported, so the view re-renders when a ring turns on or off, not ten times a second.
 */
import { rmsLevel, speakingNow } from "./call-model.ts";

/** Ten reads a second: a ring that lags speech by up to 100 ms still looks live, and the cost is negligible. */
const LEVEL_POLL_MS = 100;

interface Meter {
  stream: MediaStream;
  source: MediaStreamAudioSourceNode;
  analyser: AnalyserNode;
  buffer: Uint8Array<ArrayBuffer>;
  lastLoudAt: number | null;
}

export class LevelMeter {
  speaking: ReadonlySet<string> = new Set();
  private ctx: AudioContext | null = null;
  private meters = new Map<string, Meter>();
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly onChange: () => void) {}

  /** Measure `stream` as `id` (null stops measuring it). The same stream again is a no-op. */
  set(id: string, stream: MediaStream | null): void {
    const cur = this.meters.get(id);
    if (cur?.stream === stream) return;
    if (cur) {
      cur.source.disconnect();
      this.meters.delete(id);
    }
    if (!stream || stream.getAudioTracks().length === 0) return;
    try {
      this.ctx ??= new AudioContext();
      // Created during the Join click it runs at once; created later (a reconnect) it may start suspended.
      if (this.ctx.state === "suspended") void this.ctx.resume();
      const source = this.ctx.createMediaStreamSource(stream);
      const analyser = this.ctx.createAnalyser();
      analyser.fftSize = 512;
      source.connect(analyser);
      this.meters.set(id, { stream, source, analyser, buffer: new Uint8Array(analyser.fftSize), lastLoudAt: null });
    } catch (e) {
      console.warn("call: no level meter", e);
      return;
    }
    this.timer ??= setInterval(this.poll, LEVEL_POLL_MS);
  }

  /** Stop measuring everyone and release the audio context. */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const m of this.meters.values()) m.source.disconnect();
    this.meters.clear();
    void this.ctx?.close().catch(() => {});
    this.ctx = null;
    this.speaking = new Set();
  }

  private poll = () => {
    const now = performance.now();
    const next = new Set<string>();
    for (const [id, m] of this.meters) {
      m.analyser.getByteTimeDomainData(m.buffer);
      const r = speakingNow(rmsLevel(m.buffer), m.lastLoudAt, now);
      m.lastLoudAt = r.lastLoudAt;
      // A muted microphone still carries sound into the analyser; a disabled track is silent, so this holds.
      const enabled = m.stream.getAudioTracks().some((t) => t.enabled && t.readyState === "live");
      if (r.speaking && enabled) next.add(id);
    }
    if (next.size !== this.speaking.size || [...next].some((id) => !this.speaking.has(id))) {
      this.speaking = next;
      this.onChange();
    }
  };
}
