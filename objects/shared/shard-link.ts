/**
 * A room's line to its commit shard: one WebSocket (not hibernatable, opened on first use, closed after
 * LINK_IDLE_MS without a call) carrying requests and their answers, matched by id.
 *
 * Why not RPC: every Durable Object RPC is a new event on both sides (a request context, an input gate, a
 * capnp call and its response); a message on an open socket is delivered into the object's running context. At
 * 5,000 messages/s the RPCs to the shard were ~17% of the one JavaScript thread (perf: caller 8%, callee 9%); in
 * a bare microbenchmark (`workerd serve`, two objects) a request and its answer cost 27-30 µs of CPU by RPC and
 * 16-17 µs over a socket.
 *
 * Frames are text: a request is `<id>\n<rows>\n<rows JSON>`, an answer `<id>\n<ShardResult JSON>`; the rows'
 * JSON goes through untouched, never escaped into another JSON string.
 */
import { IdleClose, type IdleTimers } from "./idle-close.ts";
import type { CreateRows } from "./insert-creates.ts";

export type ShardResult = { ok: true } | { ok: false; code: "nonce_conflict" | "unknown"; message: string };

/** Long enough to stay open while a room is busy, short enough not to keep a quiet room from hibernating. */
export const LINK_IDLE_MS = 10_000;
/** The path a room asks the shard to upgrade. */
export const LINK_PATH = "/commit-link";

export function encodeRequest(id: number, rows: CreateRows): string {
  return `${id}\n${rows.count}\n${rows.json}`;
}

/** The request in a frame, or null when the frame is not one. */
export function decodeRequest(frame: string): { id: number; rows: CreateRows } | null {
  const a = frame.indexOf("\n");
  const b = frame.indexOf("\n", a + 1);
  if (a < 0 || b < 0) return null;
  const id = Number(frame.slice(0, a));
  const count = Number(frame.slice(a + 1, b));
  if (!Number.isSafeInteger(id) || !Number.isSafeInteger(count) || count < 0) return null;
  return { id, rows: { count, json: frame.slice(b + 1) } };
}

export function encodeAnswer(id: number, result: ShardResult): string {
  return `${id}\n${JSON.stringify(result)}`;
}

function decodeAnswer(frame: string): { id: number; result: ShardResult } | null {
  const a = frame.indexOf("\n");
  if (a < 0) return null;
  try {
    return { id: Number(frame.slice(0, a)), result: JSON.parse(frame.slice(a + 1)) as ShardResult };
  } catch {
    return null;
  }
}

interface Waiter {
  resolve: (r: ShardResult) => void;
  reject: (e: Error) => void;
}

export type LinkTimers = IdleTimers;

/** The line could not be opened: the batch was never sent, so nothing of it was written. */
export class LinkUnavailable extends Error {
  constructor(reason: string) {
    super(`commit shard link: cannot open: ${reason}`);
  }
}

export class ShardLink {
  private ws: WebSocket | null = null;
  private opening: Promise<WebSocket> | null = null;
  private readonly waiting = new Map<number, Waiter>();
  private nextId = 1;
  /** Closes the line once LINK_IDLE_MS pass without a call (and nothing waits), so a quiet room can hibernate. */
  private readonly idle: IdleClose;

  /** `open` asks the shard for a socket (a fetch with `Upgrade: websocket` to LINK_PATH). */
  constructor(
    private readonly open: () => Promise<Response>,
    timers?: LinkTimers,
  ) {
    this.idle = new IdleClose({
      idleMs: LINK_IDLE_MS,
      isOpen: () => this.ws !== null,
      isBusy: () => this.waiting.size > 0,
      close: () => this.drop(this.ws!, new Error("idle")),
      timers,
    });
  }

  /**
   * Sends one batch; resolves with the shard's answer. Rejects when the line breaks first: the batch's fate is
   * then unknown, and the room reads back what was stored (as after a lost database connection). Rejects with
   * LinkUnavailable when no line could be opened: then nothing was sent.
   */
  async insertCreates(rows: CreateRows): Promise<ShardResult> {
    let ws: WebSocket;
    try {
      ws = await this.socket();
    } catch (err) {
      throw new LinkUnavailable((err as Error).message);
    }
    const id = this.nextId++;
    this.idle.used();
    return new Promise<ShardResult>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      try {
        ws.send(encodeRequest(id, rows));
      } catch (err) {
        this.waiting.delete(id);
        this.drop(ws, new Error(`commit shard link: send failed: ${(err as Error).message}`));
        reject(err);
      }
    });
  }

  private socket(): Promise<WebSocket> {
    if (this.ws) return Promise.resolve(this.ws);
    this.opening ??= this.connect().finally(() => {
      this.opening = null;
    });
    return this.opening;
  }

  private async connect(): Promise<WebSocket> {
    const res = await this.open();
    const ws = res.webSocket;
    if (!ws) throw new Error(`commit shard link: no socket (status ${res.status})`);
    ws.accept();
    ws.addEventListener("message", (e) => this.answered(typeof e.data === "string" ? e.data : ""));
    ws.addEventListener("close", () => this.drop(ws, new Error("commit shard link closed")));
    ws.addEventListener("error", () => this.drop(ws, new Error("commit shard link failed")));
    this.ws = ws;
    return ws;
  }

  private answered(frame: string): void {
    const a = decodeAnswer(frame);
    const w = a && this.waiting.get(a.id);
    if (!a || !w) return;
    this.waiting.delete(a.id);
    w.resolve(a.result);
  }

  /** The line is gone: every call on it fails (outcome unknown) and the next call opens a new one. */
  private drop(ws: WebSocket, err: Error): void {
    if (this.ws !== ws) return;
    this.ws = null;
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
    try {
      ws.close(1000, "done");
    } catch {
      // already closed
    }
  }
}
