/**
 * Benchmark load generator: a separate process (forked by scripts/bench.ts, driven over IPC) holding thousands of
 * raw WebSocket clients. It signs its own connect tickets with the server's secret (a bench-only shortcut: the
 * REST ticket route costs a database connection per call and is measured on its own), opens sockets, sends paced
 * messages, and records delivery and ack latencies into mergeable histograms. Not for production use.
 */
import { issueTicket } from "../../protocol/tickets.ts";
import { compact, newHistogram, record, tally } from "./histogram.ts";
import { RawWebSocket } from "./ws-client.ts";

export interface Identity {
  userId: string;
  sessionId: string;
  permissions: string;
}

export interface OpenJob {
  key: string;
  channelId: string;
  user: number;
}

interface Client {
  key: string;
  channelId: string;
  user: number;
  ws: RawWebSocket | null;
  lastSeq: number;
  welcomed: boolean;
  resumeTicket: string | null;
  /** Waiting for the replay to reach this seq (the head at welcome) before counting as resumed. */
  resumeTarget: number;
  resumed: boolean;
  closeCode: number | null;
}

const now = () => performance.timeOrigin + performance.now();

let host = "127.0.0.1";
let port = 0;
let secret = "";
let identities: Identity[] = [];
let offerDeflate = false;
const clients = new Map<string, Client>();

// Measurements, reset by "stats".
let recording = false;
let latency = newHistogram();
let ackLatency = newHistogram();
let deliveries = 0;
let frames = 0;
let bytes = 0;
let acks = 0;
let gaps = 0;
let dups = 0;
const sentAt = new Map<string, number>();
const SLOW_ACK_MS = 50;
let slowAcks = new Map<number, number>();
let lateByMessage = new Map<number, number>();

const CREATED = '"type":"message_created","seq":';
const CONTENT = '"content":"b:';

function onMessage(c: Client, text: string, compressed: boolean, size: number): void {
  frames++;
  bytes += size;
  if (compressed) {
    // Only the compression measurement negotiates deflate; it counts frames and needs no content.
    c.welcomed = true;
    return;
  }
  if (!c.welcomed || text.includes('"type":"welcome"') || text.includes('"type":"resync_required"')) return onParsed(c, JSON.parse(text));
  // The server puts a sender's acks in the same frame as the events (P2): find both without a full parse, which
  // at 5,000 messages/s was the largest part of this process's CPU.
  scanAcks(text);
  scanEvents(c, text);
}

const ACK = '{"type":"ack",';
const NONCE = '"nonce":"';

/** Records the acks in a frame. An ack is a flat object, so its nonce (if any) comes before the next "}". */
function scanAcks(text: string): void {
  let at = text.indexOf(ACK);
  while (at >= 0) {
    const end = text.indexOf("}", at);
    const ni = text.indexOf(NONCE, at);
    if (ni >= 0 && ni < end) {
      const from = ni + NONCE.length;
      ackReceived(text.slice(from, text.indexOf('"', from)));
    }
    at = text.indexOf(ACK, end);
  }
}

function ackReceived(nonce: string): void {
  const at = sentAt.get(nonce);
  if (at === undefined) return;
  sentAt.delete(nonce);
  acks++;
  if (!recording) return;
  const ms = now() - at;
  record(ackLatency, ms);
  // Slow acks by the 100 ms window they were sent in: a stall shows as a few full windows, overload as many.
  if (ms > SLOW_ACK_MS) tally(slowAcks, Math.floor(at / 100));
}

function recordDelivery(ms: number, sentAtMs: number): void {
  record(latency, ms);
  deliveries++;
  // Late deliveries by the message they belong to (its send time): a stall shows as a few messages late everywhere.
  if (ms > SLOW_ACK_MS) tally(lateByMessage, Math.round(sentAtMs));
}

/** Counts message_created events in a frame (one or an array) without a full parse. */
function scanEvents(c: Client, text: string): void {
  const t = now();
  let at = text.indexOf(CREATED);
  while (at >= 0) {
    const seqStart = at + CREATED.length;
    const seq = parseInt(text.slice(seqStart, seqStart + 16), 10);
    applySeq(c, seq);
    const ci = text.indexOf(CONTENT, seqStart);
    if (ci >= 0 && recording) {
      const ts = parseFloat(text.slice(ci + CONTENT.length, ci + CONTENT.length + 24));
      recordDelivery(t - ts, ts);
    }
    at = text.indexOf(CREATED, seqStart);
  }
}

function applySeq(c: Client, seq: number): void {
  if (seq <= c.lastSeq) dups++;
  else if (seq !== c.lastSeq + 1) gaps += seq - c.lastSeq - 1;
  if (seq > c.lastSeq) c.lastSeq = seq;
  if (!c.resumed && c.welcomed && c.lastSeq >= c.resumeTarget) c.resumed = true;
}

function onParsed(c: Client, value: unknown): void {
  for (const f of (Array.isArray(value) ? value : [value]) as Array<Record<string, any>>) {
    if (f.type === "welcome") {
      c.welcomed = true;
      c.resumeTicket = f.resumeTicket;
      if (c.lastSeq < 0) c.lastSeq = f.headSeq;
      c.resumeTarget = f.headSeq;
      c.resumed = c.lastSeq >= f.headSeq;
    } else if (f.type === "ack" && f.nonce) {
      ackReceived(f.nonce);
    } else if (f.type === "message_created") {
      applySeq(c, f.seq);
      const content = f.message?.content as string | null;
      if (recording && content?.startsWith("b:")) {
        const ts = parseFloat(content.slice(2));
        recordDelivery(now() - ts, ts);
      }
    } else if (f.type === "resync_required") {
      gaps++;
    }
  }
}

async function connect(c: Client, ticket: string, lastSeq: number | null): Promise<void> {
  c.welcomed = false;
  c.closeCode = null;
  const ws = await RawWebSocket.connect(host, port, `/api/v1/channels/${c.channelId}/ws?ticket=${encodeURIComponent(ticket)}`, {
    message: (text, compressed, size) => onMessage(c, text, compressed, size),
    close: (code) => {
      c.closeCode = code;
      if (c.ws === ws) c.ws = null;
    },
  }, { offerDeflate });
  c.ws = ws;
  ws.send(JSON.stringify(lastSeq === null ? { type: "hello", protocolVersion: 1 } : { type: "hello", protocolVersion: 1, lastSeq }));
}

async function freshTicket(c: Client): Promise<string> {
  const id = identities[c.user];
  return (await issueTicket(secret, { k: "c", u: id.userId, s: id.sessionId, c: c.channelId, p: id.permissions }, Date.now())).ticket;
}

/** Runs `fn` over `items` with at most `limit` in flight; counts the failures and keeps the first one's message. */
async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<{ failed: number; firstFailure: string | null }> {
  let next = 0;
  let failed = 0;
  let firstFailure: string | null = null;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next++];
        try {
          await fn(item);
        } catch (err) {
          failed++;
          firstFailure ??= (err as Error).message;
        }
      }
    }),
  );
  return { failed, firstFailure };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitUntil(cond: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) return false;
    await sleep(10);
  }
  return true;
}

/** Paced sends: `rate` messages per second spread over `keys` round-robin, for `durationMs`. */
async function sendPaced(keys: string[], ratePerS: number, durationMs: number, tag: string): Promise<number> {
  const start = Date.now();
  let sent = 0;
  while (Date.now() - start < durationMs) {
    const due = Math.floor(((Date.now() - start) * ratePerS) / 1000);
    for (; sent < due; sent++) {
      const c = clients.get(keys[sent % keys.length])!;
      const nonce = `${tag}-${sent}`;
      const t = now();
      sentAt.set(nonce, t);
      c.ws?.send(JSON.stringify({ type: "send_message", nonce, content: `b:${t.toFixed(3)}:${sent}` }));
    }
    await sleep(2);
  }
  return sent;
}

type Command =
  | { cmd: "init"; host: string; port: number; secret: string; identities: Identity[]; offerDeflate?: boolean }
  | { cmd: "open"; jobs: OpenJob[]; concurrency: number }
  | { cmd: "record"; on: boolean }
  | { cmd: "send"; keys: string[]; ratePerS: number; durationMs: number; tag: string; settleMs: number }
  | { cmd: "stats" }
  | { cmd: "close" }
  | { cmd: "storm"; timeoutMs: number }
  | { cmd: "verify"; heads: Record<string, number> }
  | { cmd: "cpu" };

async function handle(msg: Command): Promise<unknown> {
  switch (msg.cmd) {
    case "init":
      ({ host, port, secret, identities } = msg);
      offerDeflate = msg.offerDeflate ?? false;
      return { ok: true };
    case "open": {
      const list: Client[] = msg.jobs.map((j) => ({ ...j, ws: null, lastSeq: -1, welcomed: false, resumeTicket: null, resumeTarget: 0, resumed: false, closeCode: null }));
      for (const c of list) clients.set(c.key, c);
      const tickets = new Map<string, string>();
      for (const c of list) tickets.set(c.key, await freshTicket(c));
      const t0 = now();
      let lastUpgrade = t0;
      const { failed, firstFailure } = await pool(list, msg.concurrency, async (c) => {
        await connect(c, tickets.get(c.key)!, null);
        lastUpgrade = now();
      });
      const upgradeMs = lastUpgrade - t0;
      const allWelcomed = await waitUntil(() => list.every((c) => c.welcomed || c.closeCode !== null), 60_000);
      const unwelcomed = list.filter((c) => c.ws && !c.welcomed && c.closeCode === null).length;
      return { opened: list.length - failed, failed, firstFailure, unwelcomed, upgradeMs, welcomeMs: now() - t0, allWelcomed, extensions: list[0]?.ws?.extensions ?? "" };
    }
    case "record":
      recording = msg.on;
      return { ok: true };
    case "send": {
      const sent = await sendPaced(msg.keys, msg.ratePerS, msg.durationMs, msg.tag);
      await waitUntil(() => sentAt.size === 0, msg.settleMs);
      return { sent, unacked: sentAt.size };
    }
    case "stats": {
      const out = { deliveries, frames, bytes, acks, gaps, dups, latency: compact(latency), ackLatency: compact(ackLatency), slowAcks: [...slowAcks], lateByMessage: [...lateByMessage] };
      latency = newHistogram();
      ackLatency = newHistogram();
      slowAcks = new Map();
      lateByMessage = new Map();
      deliveries = frames = bytes = acks = gaps = dups = 0;
      return out;
    }
    case "close": {
      for (const c of clients.values()) c.ws?.destroy();
      clients.clear();
      sentAt.clear();
      return { ok: true };
    }
    case "storm": {
      // The server was killed: every client reconnects with the resume ticket from its last welcome, retrying
      // with jitter while the server boots, and counts as resumed once its replay reaches the head it was told.
      const list = [...clients.values()];
      for (const c of list) c.resumed = false;
      await Promise.all(
        list.map(async (c) => {
          const deadline = Date.now() + msg.timeoutMs;
          while (Date.now() < deadline) {
            const ticket = c.resumeTicket;
            try {
              await connect(c, ticket ?? (await freshTicket(c)), c.lastSeq);
              return;
            } catch {
              await sleep(20 + Math.random() * 40);
            }
          }
        }),
      );
      const all = await waitUntil(() => list.every((c) => c.resumed), msg.timeoutMs);
      return { resumed: list.filter((c) => c.resumed).length, total: list.length, all, at: now() };
    }
    case "cpu": {
      const u = process.cpuUsage();
      return u.user + u.system;
    }
    case "verify": {
      let lost = 0;
      for (const c of clients.values()) lost += Math.max(0, (msg.heads[c.channelId] ?? 0) - c.lastSeq);
      return { lost, gaps, dups, clients: clients.size };
    }
  }
}

process.on("message", (msg: Command & { id: number }) => {
  handle(msg).then(
    (result) => process.send!({ id: msg.id, result }),
    (err: Error) => process.send!({ id: msg.id, error: err.stack ?? err.message }),
  );
});
