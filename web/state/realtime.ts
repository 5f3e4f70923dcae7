/**
 * The one realtime client: a WebSocket that reconnects by itself, used for the open channel's ChannelRoom and
 * for the UserHub (docs/protocol.md). A connection asks REST for a fresh single-use ticket (or, to come back to
 * the same channel, uses the resume ticket of the last welcome, P5a), says hello (with lastSeq to resume), and after a drop comes back with capped exponential backoff plus jitter, at once when the
 * browser goes online or the tab becomes visible. Close codes decide whether to retry (protocol/frames.ts).
 */
import {
  CLOSE_CODES,
  PROTOCOL_VERSION,
  type ChannelServerFrame,
  type ClientFrame,
  type HubClientFrame,
  type HubServerFrame,
} from "../../protocol/frames.ts";
import type { Api } from "./api.ts";
import { ApiError } from "./api.ts";

/** First retry after this; doubles per failure. A dropped socket is usually a deploy or a blip: come back fast. */
const BACKOFF_BASE_MS = 500;
/** Never wait longer than this between tries: long enough to spare a struggling server, short enough to feel live. */
const BACKOFF_CAP_MS = 30_000;
/** Application keepalive: some proxies drop WebSockets idle for 60 s. */
const PING_INTERVAL_MS = 25_000;

/** Delay before retry number `attempt` (0-based): full jitter over a capped exponential, so clients spread out. */
/** The frames of one socket message: a JSON object, or an array of them (coalesced); nothing for anything else. */
export function framesOf(data: unknown): object[] {
  if (typeof data !== "string") return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return [];
  }
  return (Array.isArray(parsed) ? parsed : [parsed]).filter((f): f is object => !!f && typeof f === "object");
}

export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** What a close code means for the client (docs/protocol.md, "Close codes"). */
export function closePolicy(code: number): "retry" | "new_ticket" | "stop" | "reload" {
  switch (code) {
    case CLOSE_CODES.forbidden:
    case CLOSE_CODES.channel_not_found:
    case CLOSE_CODES.too_large:
      return "stop";
    case CLOSE_CODES.protocol_mismatch:
      return "reload";
    case CLOSE_CODES.unauthorized:
      return "new_ticket";
    default:
      return "retry";
  }
}

/**
 * Whether a resume ticket survives an attempt that closed with `code`: only when the socket never opened (the
 * network was not there, so the server most likely never saw the ticket) and the server did not refuse it. Had
 * the server used it after all, the next attempt is refused with 4401 and takes a REST ticket at once.
 */
export function keepsResume(opened: boolean, code: number): boolean {
  return !opened && closePolicy(code) === "retry";
}

export type ConnectionState = "idle" | "connecting" | "open" | "reconnecting" | "closed";

interface SocketOptions<In> {
  api: Api;
  /** REST path that issues a ticket: `/api/v1/channels/:id/ws-ticket` or `/api/v1/users/me/ws-ticket`. */
  ticketPath: string;
  /** The first frame on every (re)connection. */
  hello: () => object;
  onFrame: (frame: In) => void;
  onState: (state: ConnectionState, detail?: { code?: number; reason?: string }) => void;
  /** Where a resume ticket (P5a) connects, when this kind of socket has them. */
  resumeUrl?: (ticket: string) => string;
}

/** A self-healing socket. Frames in may arrive one per message or batched as an array (P2). */
class ReconnectingSocket<In, Out> {
  private ws: WebSocket | null = null;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private ping: ReturnType<typeof setInterval> | null = null;
  private stopped = false;
  /** The single-use resume ticket from the last welcome (P5a): a reconnect uses it instead of a REST call. */
  private resume: { ticket: string; expiresAt: number } | null = null;
  state: ConnectionState = "idle";

  constructor(private readonly opts: SocketOptions<In>) {}

  start(): void {
    this.stopped = false;
    window.addEventListener("online", this.wake);
    window.addEventListener("offline", this.onOffline);
    document.addEventListener("visibilitychange", this.onVisible);
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    window.removeEventListener("online", this.wake);
    window.removeEventListener("offline", this.onOffline);
    document.removeEventListener("visibilitychange", this.onVisible);
    this.clearTimers();
    const ws = this.ws;
    this.ws = null;
    ws?.close(1000, "client closed");
    this.setState("closed");
  }

  /** Sends when open; returns false otherwise (the caller queues). */
  send(frame: Out): boolean {
    if (this.ws?.readyState !== WebSocket.OPEN || this.state !== "open") return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  /** The server's welcome arrived: the connection is good, so the next failure starts from the shortest delay. */
  markOpen(resume?: { ticket: string; expiresAt: string }): void {
    this.attempt = 0;
    this.resume = resume ? { ticket: resume.ticket, expiresAt: Date.parse(resume.expiresAt) } : null;
    this.setState("open");
  }

  private setState(s: ConnectionState, detail?: { code?: number; reason?: string }) {
    this.state = s;
    this.opts.onState(s, detail);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    this.setState(this.attempt === 0 ? "connecting" : "reconnecting");
    let url: string;
    let resume = this.resume;
    // Each ticket works once: whichever path is taken, the stored one is spent (keepsResume: unless it never left).
    this.resume = null;
    if (resume && this.opts.resumeUrl && resume.expiresAt > Date.now() + 5_000) {
      url = this.opts.resumeUrl(resume.ticket);
    } else {
      resume = null;
      try {
        const t = await this.opts.api.post<{ ticket: string; url: string }>(this.opts.ticketPath);
        url = t.url;
      } catch (e) {
        // No such channel any more, or no right to it: nothing to retry. Anything else (offline, 5xx): back off.
        if (e instanceof ApiError && (e.status === 404 || e.status === 403)) return this.setState("closed", { code: e.status, reason: e.code });
        return this.scheduleRetry();
      }
    }
    if (this.stopped) return;
    const abs = new URL(url, location.href);
    if (abs.protocol === "http:") abs.protocol = "ws:";
    if (abs.protocol === "https:") abs.protocol = "wss:";
    const ws = new WebSocket(abs.toString());
    this.ws = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      ws.send(JSON.stringify(this.opts.hello()));
      this.ping = setInterval(() => ws.readyState === WebSocket.OPEN && ws.send(JSON.stringify({ type: "ping" })), PING_INTERVAL_MS);
    };
    ws.onmessage = (ev) => {
      for (const f of framesOf(ev.data)) this.opts.onFrame(f as In);
    };
    ws.onclose = (ev) => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.clearTimers();
      if (this.stopped) return;
      if (resume && !this.resume && keepsResume(opened, ev.code)) this.resume = resume;
      const policy = closePolicy(ev.code);
      if (policy === "stop") return this.setState("closed", { code: ev.code, reason: ev.reason });
      if (policy === "reload") {
        this.setState("closed", { code: ev.code, reason: "protocol_mismatch" });
        return;
      }
      // A refused ticket is replaced at once the first time; repeated refusals back off like any failure.
      if (policy === "new_ticket" && this.attempt === 0) {
        this.attempt = 1;
        void this.connect();
        return;
      }
      this.scheduleRetry();
    };
  }

  private scheduleRetry(): void {
    if (this.stopped) return;
    this.setState("reconnecting");
    const delay = backoffDelay(this.attempt++);
    this.timer = setTimeout(() => void this.connect(), delay);
  }

  private clearTimers() {
    if (this.timer) clearTimeout(this.timer);
    if (this.ping) clearInterval(this.ping);
    this.timer = this.ping = null;
  }

  /** Back online or visible again: skip the remaining wait. */
  private wake = () => {
    if (this.stopped || this.state !== "reconnecting" || !this.timer) return;
    clearTimeout(this.timer);
    this.timer = null;
    void this.connect();
  };

  /**
   * The browser says the network is gone: drop the socket now rather than wait for a keepalive to time out, so
   * sends queue visibly and the `online` event brings everything back at once.
   */
  private onOffline = () => {
    const ws = this.ws;
    if (this.stopped || !ws) return;
    // A close handshake cannot finish without a network, so onclose could be long in coming: let go of it now.
    this.ws = null;
    this.clearTimers();
    ws.close(1000, "offline");
    this.scheduleRetry();
  };

  private onVisible = () => {
    if (document.visibilityState === "visible") this.wake();
  };
}

/** The socket to one channel's room. `lastSeq()` is read at every (re)connect so a resume asks for exactly what is missing. */
export class ChannelSocket extends ReconnectingSocket<ChannelServerFrame, ClientFrame> {
  constructor(api: Api, channelId: string, lastSeq: () => number | undefined, onFrame: (f: ChannelServerFrame) => void, onState: SocketOptions<ChannelServerFrame>["onState"]) {
    super({
      api,
      ticketPath: `/api/v1/channels/${encodeURIComponent(channelId)}/ws-ticket`,
      hello: () => {
        const seq = lastSeq();
        return seq === undefined ? { type: "hello", protocolVersion: PROTOCOL_VERSION } : { type: "hello", protocolVersion: PROTOCOL_VERSION, lastSeq: seq };
      },
      onFrame,
      onState,
      resumeUrl: (ticket) => `/api/v1/channels/${encodeURIComponent(channelId)}/ws?ticket=${encodeURIComponent(ticket)}`,
    });
  }
}

/** The socket to the person's UserHub: unread counts, DMs arriving, membership changes. */
export class HubSocket extends ReconnectingSocket<HubServerFrame, HubClientFrame> {
  constructor(api: Api, onFrame: (f: HubServerFrame) => void, onState: SocketOptions<HubServerFrame>["onState"]) {
    super({ api, ticketPath: "/api/v1/users/me/ws-ticket", hello: () => ({ type: "hello", protocolVersion: PROTOCOL_VERSION }), onFrame, onState });
  }
}
