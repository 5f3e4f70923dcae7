/**
 * A minimal WebSocket client over a raw TCP socket, for the load generator only: thousands of sockets per
 * process at the lowest CPU and memory cost (no per-message events, no decompression, no buffering beyond one
 * read). Text frames only; fragments are reassembled; pings answered; client frames use a zero mask, which RFC
 * 6455 permits and which makes masking free.
 */
import crypto from "node:crypto";
import net from "node:net";

export interface WsHandlers {
  /**
   * A complete text message (server messages may be JSON arrays of frames). `compressed`: sent with
   * permessage-deflate (RSV1); the text is then not decompressed (the benchmark only counts such frames).
   */
  message(text: string, compressed: boolean, bytes: number): void;
  /** The socket closed; `code` is the server's close code, or 1006 when the connection just dropped. */
  close(code: number): void;
}

const ZERO_MASK = Buffer.alloc(4);
const UPGRADE_TIMEOUT_MS = 30_000;

export class RawWebSocket {
  readonly socket: net.Socket;
  /** The server's Sec-WebSocket-Extensions answer (empty: none negotiated). */
  extensions = "";
  private buf: Buffer | null = null;
  private fragments: Buffer[] = [];
  private compressed = false;
  private handlers: WsHandlers;
  private closedCode: number | null = null;

  private constructor(socket: net.Socket, handlers: WsHandlers) {
    this.socket = socket;
    this.handlers = handlers;
  }

  /** Connects and completes the upgrade; rejects unless the server answers 101. */
  static connect(host: string, port: number, path: string, handlers: WsHandlers, opts: { offerDeflate?: boolean } = {}): Promise<RawWebSocket> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port });
      socket.setNoDelay(true);
      const ws = new RawWebSocket(socket, handlers);
      let head = "";
      let upgraded = false;
      const fail = (err: Error) => {
        if (!upgraded) reject(err);
      };
      // A connection the server never answers must not hold up a phase forever.
      const timer = setTimeout(() => {
        if (upgraded) return;
        socket.destroy();
        fail(new Error(`no upgrade answer within ${UPGRADE_TIMEOUT_MS} ms`));
      }, UPGRADE_TIMEOUT_MS);
      socket.once("error", fail);
      socket.on("connect", () => {
        const ext = opts.offerDeflate ? "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n" : "";
        socket.write(
          `GET ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
            `Sec-WebSocket-Key: ${crypto.randomBytes(16).toString("base64")}\r\nSec-WebSocket-Version: 13\r\n${ext}\r\n`,
        );
      });
      const onData = (chunk: Buffer) => {
        if (upgraded) return ws.onData(chunk);
        head += chunk.toString("latin1");
        const end = head.indexOf("\r\n\r\n");
        if (end < 0) return;
        const status = head.slice(0, head.indexOf("\r\n"));
        if (!status.includes(" 101 ")) {
          clearTimeout(timer);
          socket.destroy();
          return reject(new Error(`upgrade refused: ${status}`));
        }
        upgraded = true;
        clearTimeout(timer);
        ws.extensions = /sec-websocket-extensions: *([^\r\n]*)/i.exec(head.slice(0, end))?.[1] ?? "";
        socket.off("error", fail);
        socket.on("error", () => {});
        socket.on("close", () => ws.finish(1006));
        resolve(ws);
        const rest = Buffer.from(head.slice(end + 4), "latin1");
        if (rest.length) ws.onData(rest);
      };
      socket.on("data", onData);
    });
  }

  send(text: string): void {
    const payload = Buffer.from(text);
    const len = payload.length;
    let header: Buffer;
    if (len < 126) {
      header = Buffer.from([0x81, 0x80 | len]);
    } else if (len < 65536) {
      header = Buffer.alloc(4);
      header[0] = 0x81;
      header[1] = 0x80 | 126;
      header.writeUInt16BE(len, 2);
    } else {
      header = Buffer.alloc(10);
      header[0] = 0x81;
      header[1] = 0x80 | 127;
      header.writeBigUInt64BE(BigInt(len), 2);
    }
    this.socket.write(Buffer.concat([header, ZERO_MASK, payload]));
  }

  close(): void {
    if (this.closedCode !== null) return;
    this.socket.write(Buffer.from([0x88, 0x82, 0, 0, 0, 0, 0x03, 0xe8]));
    this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }

  private finish(code: number): void {
    if (this.closedCode !== null) return;
    this.closedCode = code;
    this.handlers.close(code);
  }

  private onData(chunk: Buffer): void {
    let buf = this.buf ? Buffer.concat([this.buf, chunk]) : chunk;
    for (;;) {
      if (buf.length < 2) break;
      const fin = (buf[0] & 0x80) !== 0;
      const rsv1 = (buf[0] & 0x40) !== 0;
      const opcode = buf[0] & 0x0f;
      let len = buf[1] & 0x7f;
      let off = 2;
      if (len === 126) {
        if (buf.length < 4) break;
        len = buf.readUInt16BE(2);
        off = 4;
      } else if (len === 127) {
        if (buf.length < 10) break;
        len = Number(buf.readBigUInt64BE(2));
        off = 10;
      }
      if (buf.length < off + len) break;
      const payload = buf.subarray(off, off + len);
      buf = buf.subarray(off + len);
      if (opcode === 0x8) {
        this.finish(payload.length >= 2 ? payload.readUInt16BE(0) : 1005);
        this.socket.end();
        continue;
      }
      if (opcode === 0x9) {
        this.socket.write(Buffer.concat([Buffer.from([0x8a, 0x80 | payload.length]), ZERO_MASK, payload]));
        continue;
      }
      if (opcode === 0xa) continue;
      if (opcode !== 0x0) this.compressed = rsv1;
      if (!fin) {
        this.fragments.push(Buffer.from(payload));
        continue;
      }
      if (opcode === 0x0 && this.fragments.length) {
        this.fragments.push(payload);
        const whole = Buffer.concat(this.fragments);
        this.fragments = [];
        this.handlers.message(whole.toString(), this.compressed, whole.length);
      } else {
        this.handlers.message(payload.toString(), this.compressed, payload.length);
      }
    }
    this.buf = buf.length ? Buffer.from(buf) : null;
  }
}
