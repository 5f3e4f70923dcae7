/**
 * First-load transfer size of the web client: the shell HTML, the entry script and every chunk it imports
 * statically (what a first visit must download before the app runs), each gzip-compressed as a server would send
 * it. Lazily imported chunks (code highlighting, emoji data) are listed apart. Reads dist/web: run
 * `node scripts/build-web.ts` first. Prints a table and, last, one JSON line. Safe to re-run.
 *
 *   node scripts/bench/web-size.ts [--json]
 */
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { WEB_DIST } from "../lib/paths.ts";

/** The budget from the issue: a first load under 250 KB gzipped. */
export const FIRST_LOAD_BUDGET_BYTES = 250 * 1024;

export interface WebSize {
  firstLoadGzipBytes: number;
  firstLoadRawBytes: number;
  files: { file: string; raw: number; gzip: number }[];
  lazy: { file: string; raw: number; gzip: number }[];
}

function gz(buf: Buffer): number {
  return zlib.gzipSync(buf, { level: 9 }).length;
}

/** Relative paths a module imports statically (`import x from "./a.js"`, `import "./b.js"`, `export … from`). */
export function staticImports(code: string): string[] {
  const out = new Set<string>();
  for (const m of code.matchAll(/(?:^|[;\s}])(?:import|export)\s*(?:[\w*{}\s,$]+from\s*)?["'](\.\/[^"']+)["']/g)) out.add(m[1]);
  return [...out];
}

export function dynamicImports(code: string): string[] {
  return [...new Set([...code.matchAll(/import\(\s*["'](\.\/[^"']+)["']\s*\)/g)].map((m) => m[1]))];
}

export function measureWebSize(dist = WEB_DIST): WebSize {
  const htmlPath = path.join(dist, "index.html");
  if (!fs.existsSync(htmlPath)) throw new Error(`${htmlPath} is missing: run \`node scripts/build-web.ts\` first.`);
  const html = fs.readFileSync(htmlPath);
  const files: WebSize["files"] = [{ file: "index.html", raw: html.length, gzip: gz(html) }];
  const entries = [...html.toString().matchAll(/<script[^>]+src="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
  const css = [...html.toString().matchAll(/<link[^>]+rel="stylesheet"[^>]+href="(\/[^"]+)"/g)].map((m) => m[1]);
  const seen = new Set<string>();
  const lazy = new Set<string>();
  const visit = (urlPath: string) => {
    if (seen.has(urlPath)) return;
    seen.add(urlPath);
    const buf = fs.readFileSync(path.join(dist, urlPath));
    files.push({ file: urlPath, raw: buf.length, gzip: gz(buf) });
    if (!urlPath.endsWith(".js")) return;
    const code = buf.toString();
    const dir = path.posix.dirname(urlPath);
    for (const rel of staticImports(code)) visit(path.posix.join(dir, rel));
    for (const rel of dynamicImports(code)) lazy.add(path.posix.join(dir, rel));
  };
  for (const u of [...entries, ...css]) visit(u);
  const lazyFiles = [...lazy]
    .filter((u) => !seen.has(u))
    .map((u) => {
      const buf = fs.readFileSync(path.join(dist, u));
      return { file: u, raw: buf.length, gzip: gz(buf) };
    });
  return {
    firstLoadGzipBytes: files.reduce((n, f) => n + f.gzip, 0),
    firstLoadRawBytes: files.reduce((n, f) => n + f.raw, 0),
    files,
    lazy: lazyFiles,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = measureWebSize();
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  if (!process.argv.includes("--json")) {
    console.log("web client first load (gzip):");
    for (const f of r.files) console.log(`  ${f.file.padEnd(44)} ${kb(f.raw).padStart(10)} raw ${kb(f.gzip).padStart(10)} gzip`);
    console.log(`  ${"total".padEnd(44)} ${kb(r.firstLoadRawBytes).padStart(10)} raw ${kb(r.firstLoadGzipBytes).padStart(10)} gzip (budget ${kb(FIRST_LOAD_BUDGET_BYTES)})`);
    console.log("loaded later, on demand:");
    for (const f of r.lazy) console.log(`  ${f.file.padEnd(44)} ${kb(f.raw).padStart(10)} raw ${kb(f.gzip).padStart(10)} gzip`);
  }
  console.log(JSON.stringify({ web_first_load_gzip_kb: Math.round((r.firstLoadGzipBytes / 1024) * 10) / 10, web_first_load_raw_kb: Math.round((r.firstLoadRawBytes / 1024) * 10) / 10 }));
}
