/**
 * Bundles the Lit client (web/main.ts) with esbuild into dist/web: content-hashed assets under /assets/,
 * the service worker at /sw.js (it must live at the root to control the whole origin), web/public/* copied as
 * they are, and index.html pointing at the hashed entry. Safe to re-run.
 */
import fs from "node:fs";
import path from "node:path";
import * as esbuild from "esbuild";
import { ROOT, WEB_DIST } from "./lib/paths.ts";

const WEB = path.join(ROOT, "web");

export async function buildWeb(): Promise<{ entry: string }> {
  fs.rmSync(WEB_DIST, { recursive: true, force: true });
  fs.mkdirSync(path.join(WEB_DIST, "assets"), { recursive: true });
  const result = await esbuild.build({
    entryPoints: { app: path.join(WEB, "main.ts") },
    bundle: true,
    format: "esm",
    splitting: true,
    minify: true,
    sourcemap: "linked",
    target: "es2022",
    outdir: path.join(WEB_DIST, "assets"),
    entryNames: "[name]-[hash]",
    chunkNames: "chunk-[hash]",
    metafile: true,
    logLevel: "warning",
    legalComments: "none",
  });
  const entry = Object.entries(result.metafile.outputs).find(([, o]) => o.entryPoint?.endsWith("web/main.ts"))?.[0];
  if (!entry) throw new Error("esbuild produced no entry for web/main.ts");
  const entryUrl = "/" + path.relative(WEB_DIST, path.resolve(ROOT, entry)).split(path.sep).join("/");

  const swSource = path.join(WEB, "sw.ts");
  if (fs.existsSync(swSource)) {
    // The service worker precaches every built asset (entry, shared and lazy chunks), so the app works offline
    // after one visit even for screens not opened yet. The list changes with every build, and so does sw.js.
    const assets = Object.keys(result.metafile.outputs)
      .filter((f) => !f.endsWith(".map"))
      .map((f) => "/" + path.relative(WEB_DIST, path.resolve(ROOT, f)).split(path.sep).join("/"));
    await esbuild.build({
      entryPoints: [swSource],
      bundle: true,
      minify: true,
      format: "iife",
      target: "es2022",
      outfile: path.join(WEB_DIST, "sw.js"),
      logLevel: "warning",
      define: { __PRECACHE__: JSON.stringify(assets) },
    });
  }
  // The UI font (Inter, latin subset, variable weight) ships from its npm package rather than as a committed binary.
  const font = path.join(ROOT, "node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2");
  fs.mkdirSync(path.join(WEB_DIST, "fonts"), { recursive: true });
  fs.copyFileSync(font, path.join(WEB_DIST, "fonts", "inter-latin-wght-normal.woff2"));
  const publicDir = path.join(WEB, "public");
  if (fs.existsSync(publicDir)) fs.cpSync(publicDir, WEB_DIST, { recursive: true });

  const html = fs.readFileSync(path.join(WEB, "index.html"), "utf8").replaceAll("%APP_JS%", entryUrl);
  fs.writeFileSync(path.join(WEB_DIST, "index.html"), html);
  return { entry: entryUrl };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await buildWeb());
