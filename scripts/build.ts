/**
 * Builds everything `npm start` and the tests serve: the web client (dist/web), the Worker bundle (dist/worker)
 * and the objects' bundle (dist/objects), each via `wrangler deploy --dry-run`. No environment needed; safe to
 * re-run.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { buildWeb } from "./build-web.ts";
import { extractWasm } from "./extract-wasm.ts";
import { BIN, OBJECTS_DIST, ROOT, WORKER_DIST } from "./lib/paths.ts";

export async function build({ quiet = false } = {}): Promise<void> {
  const t0 = Date.now();
  extractWasm();
  await buildWeb();
  for (const [config, outdir] of [
    ["wrangler.toml", WORKER_DIST],
    ["wrangler.objects.toml", OBJECTS_DIST],
  ]) {
    execFileSync(path.join(BIN, "wrangler"), ["deploy", "--dry-run", "--config", config, "--outdir", outdir], {
      cwd: ROOT,
      stdio: quiet ? "pipe" : ["ignore", "ignore", "inherit"],
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" },
    });
  }
  if (!quiet) console.log(`built web client and worker bundle in ${Date.now() - t0} ms`);
}

if (import.meta.url === `file://${process.argv[1]}`) await build();
