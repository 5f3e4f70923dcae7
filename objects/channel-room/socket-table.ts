/**
 * The room's sockets, with their state. After a wake-up from hibernation the table is rebuilt on first use from
 * the runtime's sockets and their attachments. Keeps the count of live sockets (it sets the flush pacing).
 */
import type { SocketPhase } from "./audience.ts";
import { RoomSocket } from "./sockets.ts";

export class SocketTable {
  private readonly sockets = new Map<WebSocket, RoomSocket<WebSocket>>();
  private loaded = false;
  private liveCount = 0;

  constructor(private readonly runtimeSockets: () => WebSocket[]) {}

  get live(): number {
    return this.liveCount;
  }

  add(socket: RoomSocket<WebSocket>): void {
    this.sockets.set(socket.ws, socket);
    if (socket.phase === "live") this.liveCount++;
  }

  get(ws: WebSocket): RoomSocket<WebSocket> | null {
    this.load();
    return this.sockets.get(ws) ?? null;
  }

  *all(): Iterable<RoomSocket<WebSocket>> {
    this.load();
    yield* this.sockets.values();
  }

  /** Distinct users with an open socket. */
  users(): string[] {
    return [...new Set([...this.all()].filter((s) => !s.isClosed).map((s) => s.userId))];
  }

  setPhase(s: RoomSocket<WebSocket>, phase: SocketPhase): void {
    if (this.sockets.get(s.ws) === s) this.liveCount += (phase === "live" ? 1 : 0) - (s.phase === "live" ? 1 : 0);
    s.phase = phase;
  }

  /** Forgets a socket the runtime closed. */
  forget(ws: WebSocket): void {
    const s = this.sockets.get(ws);
    if (!s) return;
    if (s.phase === "live") this.liveCount--;
    s.isClosed = true;
    this.sockets.delete(ws);
  }

  /** Closes a socket with one of our close codes and forgets it. */
  drop(s: RoomSocket<WebSocket>, code: number, reason: string): void {
    s.close(code, reason);
    this.forget(s.ws);
  }

  closeAll(code: number, reason: string): void {
    for (const s of [...this.all()]) this.drop(s, code, reason);
    for (const ws of this.runtimeSockets()) {
      try {
        ws.close(code, reason);
      } catch {
        // already closed
      }
    }
  }

  private load(): void {
    if (this.loaded) return;
    this.loaded = true;
    for (const ws of this.runtimeSockets()) {
      if (this.sockets.has(ws)) continue;
      const s = RoomSocket.fromAttachment(ws, ws.deserializeAttachment());
      if (s) this.add(s);
    }
  }
}
