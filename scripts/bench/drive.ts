/**
 * Driving the load generators from the bench (scripts/bench.ts): opening and closing sockets, collecting their
 * statistics, an idle-socket measurement, durable sends and one fanout run. The phases themselves, and what they
 * report, stay in bench.ts and floor-phase.ts.
 */
import { expand, merge, newHistogram, percentile, tally } from "./histogram.ts";
import type { Identity, OpenJob } from "./loadgen.ts";
import { cpuMicros, cpuPer, cpuSample, cpuShare, fdCount, rssMb, type LoadGen } from "./processes.ts";
import type { Server } from "./setup.ts";

export const log = (line: string) => console.log(line);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const round = (n: number | null, digits = 1) => (n === null ? null : Math.round(n * 10 ** digits) / 10 ** digits);

export async function allStats(gens: LoadGen[]) {
  const parts = await Promise.all(gens.map((g) => g.call({ cmd: "stats" })));
  const latency = newHistogram();
  const ackLatency = newHistogram();
  const sum = { deliveries: 0, frames: 0, bytes: 0, acks: 0, gaps: 0, dups: 0 };
  const slowAcks = new Map<number, number>();
  const lateByMessage = new Map<number, number>();
  for (const p of parts) {
    merge(latency, expand(p.latency));
    merge(ackLatency, expand(p.ackLatency));
    for (const k of Object.keys(sum) as Array<keyof typeof sum>) sum[k] += p[k];
    for (const [w, n] of p.slowAcks as Array<[number, number]>) tally(slowAcks, w, n);
    for (const [m, n] of p.lateByMessage as Array<[number, number]>) tally(lateByMessage, m, n);
  }
  return { ...sum, latency, ackLatency, slowAcks, lateByMessage };
}

/** Points every load generator at the server on `port`; they sign tickets with `secret` for `identities`. */
export function pointAt(gens: LoadGen[], port: number, secret: string, identities: Identity[], offerDeflate = false) {
  return Promise.all(gens.map((g) => g.call({ cmd: "init", host: "127.0.0.1", port, secret, identities, offerDeflate })));
}

/** A fanout's audience: `n` receivers on `channel`, then its sender (`sender-<channel>`, the first user). */
export async function openAudience(gens: LoadGen[], tag: string, n: number, channel: string) {
  const open = await openSockets(gens, tag, n, [channel]);
  await gens[0].call({ cmd: "open", jobs: [{ key: `sender-${channel}`, channelId: channel, user: 0 }], concurrency: 1 });
  return open;
}

/** Opens `n` sockets spread over `channels`, split between the load generators. */
export async function openSockets(gens: LoadGen[], tag: string, n: number, channels: string[], concurrency = 200, userOf = (i: number) => i % 4) {
  const jobs: OpenJob[][] = gens.map(() => []);
  for (let i = 0; i < n; i++) jobs[i % gens.length].push({ key: `${tag}-${i}`, channelId: channels[i % channels.length], user: userOf(i) });
  const results = await Promise.all(gens.map((g, i) => g.call({ cmd: "open", jobs: jobs[i], concurrency })));
  const upgradeMs = Math.max(...results.map((r) => r.upgradeMs));
  const welcomeMs = Math.max(...results.map((r) => r.welcomeMs));
  const opened = results.reduce((s, r) => s + r.opened, 0);
  const failures = results.map((r) => r.firstFailure).filter(Boolean);
  const unwelcomed = results.reduce((s, r) => s + r.unwelcomed, 0);
  if (failures.length || unwelcomed) log(`(${tag}: ${n - opened} sockets failed to open${failures.length ? `, first error: ${failures[0]}` : ""}; ${unwelcomed} opened but never welcomed)`);
  return { opened, failed: n - opened, upgradeMs, welcomeMs, extensions: results[0].extensions as string };
}

/**
 * Closes every client socket, then waits for workerd to finish handling the closes (thousands of close events
 * take it seconds of CPU) so that the next phase does not measure the last one's clean-up.
 */
export async function closeAll(gens: LoadGen[], pid: number) {
  await Promise.all(gens.map((g) => g.call({ cmd: "close" })));
  await sleep(500);
  const waitedMs = await quiet(pid);
  if (waitedMs > 2000) log(`(workerd took ${(waitedMs / 1000).toFixed(1)} s to handle the closes)`);
}

/** Waits (up to a minute) until workerd uses under 10% of a core; returns how long that took. */
async function quiet(pid: number): Promise<number> {
  const t0 = Date.now();
  for (let before = cpuMicros(pid); Date.now() < t0 + 60_000; ) {
    await sleep(250);
    const now = cpuMicros(pid);
    if (now - before < 25_000) break;
    before = now;
  }
  return Date.now() - t0;
}

/**
 * Durable sends: every load generator sends on its share of `keys` (its own sockets, one per channel) for
 * `durationMs` at `perS` messages/s in all, each message tagged `<tag><generator>-<n>`; resolves once every send
 * was acked (or the generators gave up waiting).
 */
export function durableSends(gens: LoadGen[], keys: string[], perS: number, durationMs: number, tag: string) {
  return Promise.all(
    gens.map((g, i) => g.call({ cmd: "send", keys: keys.filter((_, j) => j % gens.length === i), ratePerS: perS / gens.length, durationMs, tag: `${tag}${i}`, settleMs: 20_000 })),
  );
}

/**
 * A durable run measured on its own: `settleMs` of sends at `perS` first (not counted), then `durationMs` measured;
 * the acks' statistics and what the run cost each process per acked message.
 */
export async function durableWindow(pid: number, gens: LoadGen[], keys: string[], perS: number, settleMs: number, durationMs: number, tag: string, pgDir: string) {
  await durableSends(gens, keys, perS, settleMs, `${tag}w`);
  await allStats(gens);
  const c0 = await cpuSample(pid, gens, pgDir);
  await durableSends(gens, keys, perS, durationMs, `${tag}m`);
  const c1 = await cpuSample(pid, gens, pgDir);
  const stats = await allStats(gens);
  return { stats, perMsg: cpuPer(c0, c1, stats.acks), share: cpuShare(c0, c1) };
}

/**
 * One fanout run: `rate` messages/s from the channel's sender to its `receivers`, with latency and CPU. A second run
 * on the same audience and rate needs its own `name`: the nonces are made from these, and a nonce sent again is a
 * retry the room answers without a new message (P14).
 */
export async function fanout(server: Server, gens: LoadGen[], channel: string, receivers: number, rate: number, runMs: number, pgDir: string, name = "") {
  const pid = server.proc.child.pid!;
  // A fanout is measured on a quiet server, not over the tail of opening its audience or of the run before.
  await quiet(pid);
  await Promise.all(gens.map((g) => g.call({ cmd: "record", on: true })));
  // One message first, reported on its own (as the durable phase's warm-up second): a freshly opened audience's first
  // broadcast was the late one in most runs (the first sends on a thousand new sockets), and at 1,000 receivers one
  // message is 1% of the deliveries, so it alone would set p99.
  await gens[0].call({ cmd: "send", keys: [`sender-${channel}`], ratePerS: rate, durationMs: 1500 / rate, tag: `w${receivers}x${rate}${name}`, settleMs: 10_000 });
  await sleep(500);
  const warm = await allStats(gens);
  const cpu0 = cpuMicros(pid);
  const share0 = await cpuSample(server.proc.child.pid!, gens, pgDir);
  const t0 = Date.now();
  const send = await gens[0].call({ cmd: "send", keys: [`sender-${channel}`], ratePerS: rate, durationMs: runMs, tag: `f${receivers}x${rate}${name}`, settleMs: 30_000 });
  const share = cpuShare(share0, await cpuSample(server.proc.child.pid!, gens, pgDir));
  // Let the last deliveries land (bounded: a saturated run reports what it managed).
  const expected = send.sent * (receivers + 1);
  const deadline = Date.now() + 30_000;
  let stats = await allStats(gens);
  let got = stats.deliveries;
  let frames = stats.frames;
  const latency = stats.latency;
  const late = stats.lateByMessage;
  while (got < expected && Date.now() < deadline) {
    await sleep(250);
    stats = await allStats(gens);
    got += stats.deliveries;
    frames += stats.frames;
    merge(latency, stats.latency);
    for (const [m, n] of stats.lateByMessage) tally(late, m, n);
  }
  const lateCounts = [...late.values()].sort((a, b) => b - a);
  const worstAt = [...late].sort((a, b) => b[1] - a[1]).slice(0, 2).map(([sentAt]) => Math.round(sentAt - t0));
  const elapsedS = (Date.now() - t0) / 1000;
  const cpu = cpuMicros(pid) - cpu0;
  await Promise.all(gens.map((g) => g.call({ cmd: "record", on: false })));
  return {
    receivers,
    rate,
    sent: send.sent,
    expected,
    delivered: got,
    lost: expected - got,
    p50_ms: percentile(latency, 50),
    p95_ms: percentile(latency, 95),
    p99_ms: percentile(latency, 99),
    max_ms: percentile(latency, 100),
    delivered_per_s: Math.round(got / Math.min(elapsedS, runMs / 1000 + 30)),
    offered_per_s: rate * (receivers + 1),
    cpu_us_per_delivery: round(cpu / Math.max(1, got), 2),
    frames,
    share,
    /** Deliveries over 50 ms, how many messages they belong to, and how many of them the worst two messages hold. */
    late: { deliveries: lateCounts.reduce((a, b) => a + b, 0), messages: lateCounts.length, inWorst2: (lateCounts[0] ?? 0) + (lateCounts[1] ?? 0), worstSentAtMs: worstAt },
    /** The warm-up message: its slowest delivery. */
    warmup_max_ms: percentile(warm.latency, 100),
  };
}

/**
 * Opens `n` sockets (each says hello and waits for its welcome), waits `waitMs`, and reads the process's memory,
 * descriptors and the CPU the accepts cost; closes them again.
 */
export async function socketPhase(server: Server, gens: LoadGen[], tag: string, n: number, channels: string[], waitMs: number, pgDir: string) {
  const pid = server.proc.child.pid!;
  await sleep(1000);
  const base = rssMb(pid);
  const fdsBefore = fdCount(pid);
  const cpu0 = await cpuSample(pid, gens, pgDir);
  const open = await openSockets(gens, tag, n, channels);
  const acceptCpu = cpuPer(cpu0, await cpuSample(pid, gens, pgDir), open.opened);
  await sleep(waitMs);
  const rss = rssMb(pid);
  const fds = fdCount(pid);
  const perSocketKb = ((rss - base) * 1024) / open.opened;
  await closeAll(gens, pid);
  return {
    sockets: open.opened,
    rss_mb: Math.round(rss),
    rss_base_mb: Math.round(base),
    rss_per_socket_kb: round(perSocketKb)!,
    rss_19000_projected_mb: Math.round(base + (19_000 * perSocketKb) / 1024),
    fds,
    fds_before: fdsBefore,
    fds_per_socket: round((fds - fdsBefore) / open.opened, 2),
    accept_per_s: Math.round(open.opened / (open.upgradeMs / 1000)),
    accept_cpu_us: acceptCpu,
    welcome_per_s: Math.round(open.opened / (open.welcomeMs / 1000)),
    open_failed: open.failed,
  };
}
