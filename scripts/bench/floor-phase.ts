/**
 * The bench's floor phase (scripts/bench/floor/): the same measurements as Hearth's lines on an object that does the
 * least any app can, under the same workerd and config, so every figure has the runtime's own cost beside it.
 */
import fs from "node:fs";
import path from "node:path";
import { closeAll, durableWindow, fanout, log, openAudience, openSockets, pointAt, socketPhase } from "./drive.ts";
import { percentile } from "./histogram.ts";
import type { Identity } from "./loadgen.ts";
import type { LoadGen } from "./processes.ts";
import { startWorkerd, type Server } from "./setup.ts";

const FLOOR_DIR = path.join(import.meta.dirname, "floor");

export interface FloorOptions {
  dir: string;
  databaseUrl: string;
  secrets: Record<string, string>;
  gens: LoadGen[];
  channels: string[];
  identities: Identity[];
  /** Hearth's server, which the load generators are pointed back at afterwards. */
  port: number;
  pgDir: string;
  idleSockets: number;
  idleWaitMs: number;
  rates: number[];
  runMs: number;
  durableMs: number;
}

/**
 * The floor (scripts/bench/floor/): the idle sockets, then 1 → 1,000 at each rate, then the durable rate over 100
 * channels, each on a fresh process as for Hearth, against an object that only accepts, welcomes and broadcasts
 * (and, for the durable run, crosses a line to a second object before each ack). Points the load generators back
 * at `port` afterwards.
 */
export async function floorPhase(o: FloorOptions) {
  const { dir, databaseUrl, secrets, gens, channels, identities, port, pgDir } = o;
  const out: Record<string, unknown> = {};
  const point = (p: number) => pointAt(gens, p, secrets.AT_REST_KEY, identities);
  const run = async (measure: (floor: Server) => Promise<void>, workerDir = FLOOR_DIR) => {
    const floor = await startWorkerd(dir, databaseUrl, secrets, { workerDir });
    try {
      await point(floor.port);
      await measure(floor);
    } finally {
      floor.proc.child.kill("SIGKILL");
      await floor.proc.exited;
      await point(port);
    }
  };
  await run(async (floor) => {
    const r = await socketPhase(floor, gens, "floor", o.idleSockets, channels.slice(0, 10), o.idleWaitMs, pgDir);
    Object.assign(out, {
      floor_rss_mb: r.rss_mb,
      floor_rss_base_mb: r.rss_base_mb,
      floor_rss_per_socket_kb: r.rss_per_socket_kb,
      floor_rss_19000_projected_mb: r.rss_19000_projected_mb,
      floor_accept_per_s: r.accept_per_s,
      floor_accept_cpu_us: r.accept_cpu_us,
    });
    log(`floor: an object that only accepts and welcomes, same workerd and config: ${r.sockets} sockets accepted at ${r.accept_per_s}/s; RSS ${r.rss_mb} MB (${r.rss_base_mb} MB before), ${r.rss_per_socket_kb} KB per socket; workerd ${r.accept_cpu_us.workerd} µs per accepted socket, load generators ${r.accept_cpu_us.loadgen} µs`);
  });
  await run(async (floor) => {
    const channel = channels[30];
    await openAudience(gens, "floor-rx", 1000, channel);
    for (const rate of o.rates) {
      const f = await fanout(floor, gens, channel, 1000, rate, o.runMs, pgDir);
      out[`floor_fanout_1000x${rate}_p99_ms`] = f.p99_ms;
      out[`floor_fanout_1000x${rate}_cpu_us_per_delivery`] = f.cpu_us_per_delivery;
      log(`floor fanout 1→1000 at ${rate}/s: p50 ${f.p50_ms} ms, p95 ${f.p95_ms} ms, p99 ${f.p99_ms} ms; ${f.delivered}/${f.expected} delivered; workerd ${f.cpu_us_per_delivery} µs CPU per delivery; ${f.frames} frames; first message (not counted) ${f.warmup_max_ms} ms`);
    }
    await closeAll(gens, floor.proc.child.pid!);
  });
  // The durable line's floor: the same object with DURABLE switched on (a line round trip to a shard that writes
  // nothing before each ack), 100 channels with one sender each at Hearth's durable rate.
  const durableDir = path.join(dir, "floor-durable");
  fs.mkdirSync(durableDir, { recursive: true });
  fs.writeFileSync(path.join(durableDir, "index.js"), fs.readFileSync(path.join(FLOOR_DIR, "index.js"), "utf8").replace("const DURABLE = false;", "const DURABLE = true;"));
  await run(async (floor) => {
    const pid = floor.proc.child.pid!;
    const chans = channels.slice(30, 130);
    await openSockets(gens, "fdur", chans.length, chans, 50, (i) => 4 + i);
    await Promise.all(gens.map((g) => g.call({ cmd: "record", on: true })));
    const keys = chans.map((_, i) => `fdur-${i}`);
    const rate = Number(process.env.BENCH_DURABLE_RATE ?? 5000);
    const { stats: st, perMsg, share } = await durableWindow(pid, gens, keys, rate, 3000, o.durableMs, "fd", pgDir);
    Object.assign(out, { floor_durable_ack_p50_ms: percentile(st.ackLatency, 50), floor_durable_ack_p99_ms: percentile(st.ackLatency, 99), floor_durable_cpu_us_per_msg: perMsg.workerd });
    log(`floor durable (a line round trip, no database, before each ack) at ${rate}/s over 100 channels: ${st.acks} acked, ack p50 ${out.floor_durable_ack_p50_ms} ms, p99 ${out.floor_durable_ack_p99_ms} ms; ${share}; workerd ${perMsg.workerd} µs per message`);
    await Promise.all(gens.map((g) => g.call({ cmd: "record", on: false })));
    await closeAll(gens, pid);
  }, durableDir);
  return out;
}
