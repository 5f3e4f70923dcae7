/**
 * Getting events onto sockets cheaply. What costs in workerd is the number of WebSocket frames, not their size
 * (about 12 µs of CPU per send on these machines, half of it in the kernel, measured for a 150-byte frame), so:
 * - every event is serialised once per broadcast, and the frame for a set of events is built once and shared by
 *   every socket that is up to date (P2);
 * - events are coalesced into one array frame when several are due at once: a socket that still has unsent
 *   bytes (`bufferedAmount` > BACKLOG_BYTES) collects events until it drains, and a busy room delays its flushes slightly
 *   (flushDelayMs) so one frame carries several events instead of one frame per event per socket.
 */

/** One frame for a run of events: the event itself when alone, else a JSON array (P2). */
export function encodeFrames(parts: readonly string[]): string {
  return parts.length === 1 ? parts[0] : "[" + parts.join(",") + "]";
}

/**
 * Budget of frames per second a room aims to stay under while fanning out. At ~12 µs a send, 20,000 frames/s is a
 * quarter of a core, leaving the rest for commits, other rooms and the kernel.
 */
export const FRAME_BUDGET_PER_S = 20_000;
/** Never hold an event back longer than this, whatever the audience: it bounds the latency coalescing adds. */
export const MAX_FLUSH_DELAY_MS = 100;
/** Rooms this small flush at once: coalescing would add latency to save almost nothing. */
export const IMMEDIATE_FLUSH_AUDIENCE = 64;

/**
 * The minimum spacing between two flushes for a room with `audience` live sockets. A flush happens at once when
 * the previous one is at least this old (so a quiet room adds no latency); otherwise it waits for the spacing to
 * pass and carries everything that arrived meanwhile.
 */
export function flushDelayMs(audience: number): number {
  if (audience < IMMEDIATE_FLUSH_AUDIENCE) return 0;
  return Math.min(MAX_FLUSH_DELAY_MS, Math.ceil((audience * 1000) / FRAME_BUDGET_PER_S));
}

/** A socket with an unsent backlog beyond this is too slow to keep: it is closed and resumes later. */
export const SLOW_CONSUMER_BYTES = 4 * 1024 * 1024;
/**
 * A socket counts as backlogged (and collects events into one frame) past this many unsent bytes. Not zero:
 * workerd writes after the current turn, so anything sent earlier in the same turn (an ack) shows up here too.
 */
export const BACKLOG_BYTES = 16 * 1024;

export interface Recipient {
  /** Events held back for this socket while it has a backlog, oldest first. */
  pending: string[] | null;
  /**
   * Frames for this socket alone that go ahead of the next events, in the same frame (a sender's acks: P2). Only
   * set inside one turn; whoever sets it sends what is left when no flush took it.
   */
  ahead?: string[] | null;
}

export interface DeliveryIo<T> {
  /** Bytes queued on the socket but not yet written. */
  buffered(target: T): number;
  /** Sends one frame; may throw if the socket closed. */
  send(target: T, data: string): void;
}

export interface DeliveryResult<T> {
  /** Frames actually sent. */
  frames: number;
  /** Sockets holding events back for later (call deliverHeld again soon). */
  held: number;
  /** Sockets over SLOW_CONSUMER_BYTES: close them. */
  slow: T[];
}

/**
 * Sends `parts` (serialised events, in seq order) to every target. The shared frame is encoded once; only a socket
 * with a backlog gets its own frame, holding everything it has not been sent yet. `checkBacklog` false skips the
 * backlog test for sockets that are not already holding events.
 */
export function deliver<T extends Recipient>(targets: Iterable<T>, parts: readonly string[], io: DeliveryIo<T>, checkBacklog = true): DeliveryResult<T> {
  const result: DeliveryResult<T> = { frames: 0, held: 0, slow: [] };
  if (parts.length === 0) return result;
  let shared: string | null = null;
  for (const t of targets) {
    // Reading bufferedAmount is a call into the runtime per socket; quiet rooms skip it on most flushes.
    const buffered = checkBacklog || t.pending ? io.buffered(t) : 0;
    if (buffered > BACKLOG_BYTES) {
      if (buffered > SLOW_CONSUMER_BYTES) {
        result.slow.push(t);
        continue;
      }
      t.pending = t.pending ? t.pending.concat(parts) : parts.slice();
      result.held++;
      continue;
    }
    try {
      if (t.pending || t.ahead) {
        const all = (t.ahead ?? []).concat(t.pending ?? [], parts);
        t.pending = null;
        t.ahead = null;
        io.send(t, encodeFrames(all));
      } else {
        io.send(t, (shared ??= encodeFrames(parts)));
      }
      result.frames++;
    } catch {
      // The socket closed under us; its close handler forgets it.
    }
  }
  return result;
}

/** Retries sockets that were holding events: sends to those that drained, keeps holding for the rest. */
export function deliverHeld<T extends Recipient>(targets: Iterable<T>, io: DeliveryIo<T>): DeliveryResult<T> {
  const result: DeliveryResult<T> = { frames: 0, held: 0, slow: [] };
  for (const t of targets) {
    if (!t.pending) continue;
    const buffered = io.buffered(t);
    if (buffered > SLOW_CONSUMER_BYTES) result.slow.push(t);
    else if (buffered > BACKLOG_BYTES) result.held++;
    else {
      const all = t.pending;
      t.pending = null;
      try {
        io.send(t, encodeFrames(all));
        result.frames++;
      } catch {
        // closed meanwhile
      }
    }
  }
  return result;
}
