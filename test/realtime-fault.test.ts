/**
 * The fault test (docs/protocol.md P8, P14): workerd is SIGKILLed while clients are sending, then restarted.
 * Clients behave like the real one: remember the last applied seq, keep unacknowledged sends with their nonces,
 * reconnect with backoff, resume, resend. Afterwards every acked message is stored exactly once, every send is
 * stored exactly once, and every client saw every event once, in order, with no gap.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { api, register } from "./api.ts";
import { caller, community, type TestUser } from "./community-fixtures.ts";
import { startServer, type TestServer } from "./harness.ts";

let server: TestServer;
let users: TestUser[];
let channelId: string;

beforeAll(async () => {
  server = await startServer({ env: { COMMUNITY_CREATION_MODE: "open", RATE_LIMITS: "0" } });
  users = [await register(server.url), await register(server.url), await register(server.url)];
  const communityId = await community(server, users[0], users.slice(1));
  channelId = (await caller(server)(users[0], "POST", `/api/v1/communities/${communityId}/channels`, { name: "crash", kind: "text" })).body.id;
});
afterAll(async () => {
  await server?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A client that survives server restarts the way the web client must. */
class ResilientClient {
  ws: WebSocket | null = null;
  lastSeq: number | undefined = undefined;
  /** seq → message id, in the order applied. */
  applied: Array<[number, string]> = [];
  gaps = 0;
  duplicates = 0;
  pending = new Map<string, string>();
  acked = new Map<string, { id: string; seq: number }>();
  reconnects = 0;
  private stopped = false;
  private live = false;

  constructor(
    readonly name: string,
    readonly token: string,
  ) {}

  /** From the last welcome (P5a): reconnecting with it needs no REST call. */
  resumeTicket: string | null = null;
  resumedWithTicket = 0;

  async connect(): Promise<void> {
    for (let delay = 50; !this.stopped; delay = Math.min(delay * 2, 500)) {
      try {
        const resume = this.resumeTicket;
        if (resume) {
          try {
            await this.open(`${server.url.replace("http", "ws")}/api/v1/channels/${channelId}/ws?ticket=${encodeURIComponent(resume)}`);
            this.resumedWithTicket++;
            return;
          } catch (err) {
            // Refused by the server (used, expired, session over): fall back to REST. Unreachable: try it again.
            if ((err as Error).message.startsWith("closed 44")) this.resumeTicket = null;
            throw err;
          }
        }
        const ticket = await api(server.url, "POST", `/api/v1/channels/${channelId}/ws-ticket`, { token: this.token });
        if (ticket.status !== 201) throw new Error(`ticket ${ticket.status}`);
        await this.open(ticket.body.url);
        return;
      } catch {
        await sleep(delay + Math.random() * delay);
      }
    }
  }

  private open(url: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      let welcomed = false;
      ws.addEventListener("open", () => {
        ws.send(JSON.stringify(this.lastSeq === undefined ? { type: "hello", protocolVersion: 1 } : { type: "hello", protocolVersion: 1, lastSeq: this.lastSeq }));
      });
      ws.addEventListener("message", (ev) => {
        const data = JSON.parse(ev.data as string);
        for (const f of Array.isArray(data) ? data : [data]) {
          if (f.type === "welcome") {
            welcomed = true;
            this.resumeTicket = f.resumeTicket;
            this.ws = ws;
            this.live = true;
            if (this.lastSeq === undefined) this.lastSeq = f.headSeq;
            // Resend everything not acknowledged: the nonce makes a resend of a stored message harmless.
            for (const [nonce, content] of this.pending) ws.send(JSON.stringify({ type: "send_message", nonce, content }));
            resolve();
          } else if (f.type === "ack" && f.nonce) {
            this.acked.set(f.nonce, { id: f.id, seq: f.seq });
            this.pending.delete(f.nonce);
          } else if (f.type === "message_created") {
            if (f.seq <= this.lastSeq!) this.duplicates++;
            else if (f.seq !== this.lastSeq! + 1) this.gaps++;
            this.lastSeq = Math.max(this.lastSeq!, f.seq);
            this.applied.push([f.seq, f.message.id]);
          } else if (f.type === "resync_required" || f.type === "error") {
            this.gaps++;
          }
        }
      });
      ws.addEventListener("close", (ev) => {
        this.live = false;
        if (this.ws === ws) this.ws = null;
        if (!welcomed) reject(new Error(`closed ${ev.code} before welcome`));
        else if (!this.stopped) {
          this.reconnects++;
          void this.connect();
        }
      });
      // Node's WebSocket reports a refused connection with "error" only, no "close".
      ws.addEventListener("error", () => {
        if (!welcomed) reject(new Error("connection failed"));
      });
    });
  }

  send(n: number): void {
    const nonce = `${this.name}-${n}`;
    const content = `${this.name} says ${n}`;
    this.pending.set(nonce, content);
    if (this.live && this.ws) {
      try {
        this.ws.send(JSON.stringify({ type: "send_message", nonce, content }));
      } catch {
        // resent after the reconnect
      }
    }
  }

  stop(): void {
    this.stopped = true;
    this.ws?.close();
  }
}

it("P8 P14 SIGKILL while clients send: every acked message is stored exactly once and every client resumes without gaps", async () => {
  const PER_CLIENT = 150;
  const clients = Array.from({ length: 6 }, (_, i) => new ResilientClient(`c${i}`, users[i % users.length].accessToken));
  await Promise.all(clients.map((c) => c.connect()));

  let killed = false;
  const senders = clients.map(async (c) => {
    for (let n = 0; n < PER_CLIENT; n++) {
      c.send(n);
      await sleep(3);
    }
  });
  // Crash once a good share of messages is acknowledged and more are in flight.
  while ([...clients].reduce((n, c) => n + c.acked.size, 0) < 200) await sleep(5);
  await server.kill();
  killed = true;
  const unackedAtCrash = clients.reduce((n, c) => n + c.pending.size, 0);
  const ackedBeforeCrash = new Map(clients.flatMap((c) => [...c.acked].map(([nonce, a]) => [nonce, a] as const)));
  await server.restart();
  await Promise.all(senders);

  const total = clients.length * PER_CLIENT;
  const deadline = Date.now() + 60_000;
  while (clients.some((c) => c.pending.size > 0 || c.lastSeq !== total) && Date.now() < deadline) await sleep(50);
  for (const c of clients) c.stop();

  expect(killed).toBe(true);
  expect(unackedAtCrash).toBeGreaterThan(0);
  expect(clients.every((c) => c.reconnects >= 1)).toBe(true);
  // P5a: they came back with the resume ticket from their last welcome, not through REST.
  expect(clients.every((c) => c.resumedWithTicket >= 1)).toBe(true);
  // Every send is stored exactly once, with contiguous seqs.
  const rows = await server.sql<{ id: string; seq: string; nonce: string }>("select id, seq, nonce from messages where channel_id = $1 order by seq", [channelId]);
  expect(rows).toHaveLength(total);
  expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: total }, (_, i) => i + 1));
  expect(new Set(rows.map((r) => r.nonce)).size).toBe(total);
  const byNonce = new Map(rows.map((r) => [r.nonce, r]));
  // Acks given before the crash still hold: same id, same seq.
  expect(ackedBeforeCrash.size).toBeGreaterThanOrEqual(200);
  for (const [nonce, a] of ackedBeforeCrash) expect({ id: byNonce.get(nonce)!.id, seq: Number(byNonce.get(nonce)!.seq) }).toEqual(a);
  // Every client got an ack for everything, matching storage, and applied every event once, in order.
  const stored = rows.map((r) => [Number(r.seq), r.id] as [number, string]);
  for (const c of clients) {
    expect(c.pending.size).toBe(0);
    for (const [nonce, a] of c.acked) expect(Number(byNonce.get(nonce)!.seq)).toBe(a.seq);
    expect(c.gaps).toBe(0);
    expect(c.duplicates).toBe(0);
    // Each joined before the first message: it must have applied the whole channel.
    expect(c.applied).toEqual(stored);
  }
}, 120_000);
