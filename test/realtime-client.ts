/**
 * A small realtime client for integration tests, on Node 22's global WebSocket: tickets, hello, and a frame log
 * the test can wait on. Server messages that are arrays (P2) are flattened into the log in order.
 */
import { expect } from "vitest";
import { api } from "./api.ts";

export type Frame = Record<string, any> & { type: string };

export class TestSocket {
  readonly frames: Frame[] = [];
  /** Raw messages as received (to check coalescing and encodings). */
  readonly raw: string[] = [];
  closeCode: number | null = null;
  closeReason = "";
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: Array<() => void> = [];

  readonly ws: WebSocket;

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.addEventListener("message", (ev) => {
      const text = typeof ev.data === "string" ? ev.data : "";
      this.raw.push(text);
      const parsed = JSON.parse(text);
      for (const f of Array.isArray(parsed) ? parsed : [parsed]) this.frames.push(f);
      this.wake();
    });
    this.closed = new Promise((resolve) =>
      ws.addEventListener("close", (ev) => {
        this.closeCode = ev.code;
        this.closeReason = ev.reason;
        resolve({ code: ev.code, reason: ev.reason });
        this.wake();
      }),
    );
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  static open(url: string): Promise<TestSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const socket = new TestSocket(ws);
      ws.addEventListener("open", () => resolve(socket), { once: true });
      ws.addEventListener("error", () => reject(new Error(`could not open ${url}`)), { once: true });
    });
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  }

  /** Resolves with the first frame at or after `from` matching `match`; fails after `timeoutMs`. */
  async waitFor(match: (f: Frame) => boolean, { from = 0, timeoutMs = 10_000 } = {}): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.slice(from).find(match);
      if (found) return found;
      if (this.closeCode !== null) throw new Error(`socket closed (${this.closeCode} ${this.closeReason}) before the frame arrived; got ${JSON.stringify(this.frames.slice(-5))}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for a frame; last frames: ${JSON.stringify(this.frames.slice(-5))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Sends a frame with a fresh ref and waits for the ack or error answering it. */
  async request(frame: Record<string, unknown>, timeoutMs = 10_000): Promise<Frame> {
    const ref = `r${Math.random().toString(36).slice(2, 10)}`;
    const from = this.frames.length;
    this.send({ ...frame, ref });
    return this.waitFor((f) => f.ref === ref && (f.type === "ack" || f.type === "error"), { from, timeoutMs });
  }

  /** Channel events received so far (frames carrying a seq), in arrival order. */
  events(): Frame[] {
    return this.frames.filter((f) => typeof f.seq === "number" && f.type !== "ack" && f.type !== "read_updated" && f.type !== "resync_required");
  }

  lastSeq(): number {
    const ev = this.events();
    return ev.length ? ev[ev.length - 1].seq : 0;
  }

  async waitForSeq(seq: number, timeoutMs = 15_000): Promise<void> {
    await this.waitFor(() => this.lastSeq() >= seq, { timeoutMs });
  }

  close(): void {
    this.ws.close();
  }
}

export async function channelTicket(base: string, token: string, channelId: string): Promise<{ ticket: string; url: string }> {
  const res = await api(base, "POST", `/api/v1/channels/${channelId}/ws-ticket`, { token });
  if (res.status !== 201) throw new Error(`ws-ticket failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Ticket, open, hello (with lastSeq when resuming), and the welcome frame. */
export async function joinChannel(base: string, token: string, channelId: string, opts: { lastSeq?: number } = {}): Promise<{ socket: TestSocket; welcome: Frame }> {
  const { url } = await channelTicket(base, token, channelId);
  const socket = await TestSocket.open(url);
  socket.send(opts.lastSeq === undefined ? { type: "hello", protocolVersion: 1 } : { type: "hello", protocolVersion: 1, lastSeq: opts.lastSeq });
  const welcome = await socket.waitFor((f) => f.type === "welcome");
  expect(welcome.channelId).toBe(channelId);
  return { socket, welcome };
}

/** The user's UserHub socket: ticket, open, hello, and wait for hub_welcome. */
export async function openHub(base: string, token: string): Promise<TestSocket> {
  const ticket = await api(base, "POST", "/api/v1/users/me/ws-ticket", { token });
  if (ticket.status !== 201) throw new Error(`hub ws-ticket failed: ${ticket.status} ${JSON.stringify(ticket.body)}`);
  const hub = await TestSocket.open(ticket.body.url);
  hub.send({ type: "hello", protocolVersion: 1 });
  await hub.waitFor((f) => f.type === "hub_welcome");
  return hub;
}
