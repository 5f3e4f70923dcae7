/**
 * A WebSocket-shaped object over a raw TCP socket (`cloudflare:sockets`), so that @neondatabase/serverless can
 * speak the Postgres wire protocol straight to a self-hosted server instead of through Neon's WebSocket proxy.
 * The driver only uses the constructor (given "ws://host:port" by our `wsProxy`), `binaryType`,
 * `addEventListener` for open/message/close/error, `send` and `close`.
 */
import { connect } from "cloudflare:sockets";

type Listener = (event: { data?: ArrayBuffer; error?: unknown }) => void;

export class TcpWebSocket {
  binaryType = "arraybuffer";
  private listeners = new Map<string, Listener[]>();
  private writer: WritableStreamDefaultWriter<Uint8Array>;
  private socket: Socket;

  constructor(url: string) {
    const { hostname, port } = new URL(url);
    this.socket = connect({ hostname, port: Number(port) || 5432 });
    this.writer = this.socket.writable.getWriter();
    this.socket.opened.then(
      () => {
        this.emit("open", {});
        void this.pump();
      },
      (error) => this.fail(error),
    );
  }

  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  send(data: Uint8Array | ArrayBuffer): void {
    const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
    this.writer.write(bytes).catch((error) => this.fail(error));
  }

  close(): void {
    this.socket.close().catch(() => {});
  }

  private async pump(): Promise<void> {
    const reader = this.socket.readable.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        // The driver copies from `data`, so hand it exactly the received bytes.
        this.emit("message", { data: value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength) as ArrayBuffer });
      }
      this.emit("close", {});
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    this.emit("error", { error });
    this.emit("close", {});
  }

  private emit(type: string, event: { data?: ArrayBuffer; error?: unknown }): void {
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }
}
