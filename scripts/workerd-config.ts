/**
 * Generates the workerd configuration (Cap'n Proto text) that serves the built bundles standalone: the same
 * bindings as wrangler.toml and wrangler.objects.toml, with text values read from the process environment at
 * start, the web assets from a read-only disk service, and Durable Object storage on a writable disk.
 *
 * Two scripts, as on Cloudflare: the Worker (dist/worker, HTTP) and the objects (dist/objects, every Durable Object
 * class). Each script is its own V8 isolate, so the objects' heap holds none of the Worker's modules (routes,
 * validation schemas, password hashing): ~4 MB instead of ~13 MB after start-up, and every full garbage collection,
 * which stops the one JavaScript thread, is that much shorter (docs/realtime.md, "Keeping the heap small").
 * Safe to re-run.
 */
import fs from "node:fs";
import path from "node:path";
import { OBJECTS_DIST, WEB_DIST, WORKER_DIST } from "./lib/paths.ts";

/** Every text binding the Worker reads. Values come from the environment of the workerd process. */
export const ENV_BINDINGS = [
  "DATABASE_URL",
  "DB_DRIVER",
  "DB_POOL_SIZE",
  "JWT_PRIVATE_KEY",
  "AT_REST_KEY",
  "REGISTRATION_MODE",
  "COMMUNITY_CREATION_MODE",
  "ADMIN_USERNAME",
  "TRUSTED_PROXIES",
  "PUBLIC_URL",
  "RATE_LIMITS",
  "COMMIT_SHARDS",
  "ICE_SERVERS",
  "LINK_PREVIEWS",
  "GIF_SEARCH_URL",
  "GIPHY_API_KEY",
] as const;

/** Durable Object classes exported by the bundle, and the binding each is reached through. */
export const DURABLE_OBJECTS: ReadonlyArray<{ binding: string; className: string }> = [
  { binding: "RATE_LIMITER", className: "RateLimiter" },
  { binding: "CHANNEL_ROOM", className: "ChannelRoom" },
  { binding: "USER_HUB", className: "UserHub" },
  { binding: "COMMIT_SHARD", className: "CommitShard" },
  { binding: "DB_POOL", className: "DbPool" },
  { binding: "CALL_ROOM", className: "CallRoom" },
];

/**
 * Compatibility flags, as in wrangler.toml: no permessage-deflate (see the comment there). The benchmark turns
 * compression back on to measure what it would cost.
 */
export const COMPATIBILITY_FLAGS: readonly string[] = ["no_web_socket_compression"];

export interface WorkerdConfigOptions {
  /** Where to write the config; module paths are embedded relative to it. */
  configPath: string;
  address: string;
  /** Directory for Durable Object storage (SQLite files); created if missing. */
  doStorageDir: string;
  /** Directory for uploaded files (workers/files/blob-store.ts); created if missing. Default: `files` beside doStorageDir. */
  filesDir?: string;
  workerDir?: string;
  /** The objects' bundle; null: the Worker's bundle exports the classes itself (the bench's floor). */
  objectsDir?: string | null;
  webDir?: string;
  compatibilityFlags?: readonly string[];
  /**
   * Hash passwords in a second workerd process (its config beside this one, `hasherConfigPath`; scripts/lib/workerd.ts
   * starts both). Default: for Hearth's own Worker, unless the environment says HEARTH_HASHER_PROCESS=0.
   */
  hasherProcess?: boolean;
  /**
   * Let link previews, the image proxy and GIF search reach private and loopback addresses (tests' fake sites;
   * the launchers pass LINK_PREVIEW_PRIVATE_HOSTS=1). Default: the public internet only.
   */
  webFetchPrivate?: boolean;
}

/**
 * The hasher process's socket and the main process's way to it: placeholders, since the launcher gives both a fresh
 * Unix socket in a private directory at each start (`--socket-addr`, `--external-addr`; scripts/lib/workerd.ts).
 */
export const HASHER_SOCKET = "hasher";
const HASHER_ADDRESS_PLACEHOLDER = "unix:/nonexistent/hearth-hasher.sock";

/** Where the hasher process's config sits beside the main one's (workerd serves one Config constant per file). */
export function hasherConfigPath(configPath: string): string {
  return configPath.replace(/(\.capnp)?$/, "-hasher.capnp");
}

const quote = (s: string) => JSON.stringify(s);

/** The modules of the bundle in `dir`: its entry and the WebAssembly it imports. */
function modules(dir: string, rel: (p: string) => string): string {
  const list = [`(name = "index.js", esModule = embed ${quote(rel(path.join(dir, "index.js")))})`];
  for (const file of fs.readdirSync(dir).sort()) {
    if (file.endsWith(".wasm")) list.push(`(name = ${quote(file)}, wasm = embed ${quote(rel(path.join(dir, file)))})`);
  }
  return `[\n    ${list.join(",\n    ")}\n  ]`;
}

/**
 * V8 flags in every generated config. `--max-semi-space-size=2` (MB; V8 grows each of the young generation's two
 * semi-spaces up to 16 MB by default): with 19,000 sockets open, workerd held 1,634-1,650 MB instead of
 * 1,760-1,792 MB, for ~5% more CPU per accepted socket and per fanout delivery (`npm run bench`, docs/realtime.md).
 * A flag this workerd release's V8 has long had; check it still exists before raising the pin (operations.md).
 * `--expose-gc` lets the Worker return each password hash's 64 MiB of WebAssembly memory at once
 * (workers/auth/password.ts), which V8 would otherwise keep until an unrelated full collection.
 */
export const V8_FLAGS = ["--max-semi-space-size=2", "--expose-gc"];

export function writeWorkerdConfig(opts: WorkerdConfigOptions): string {
  const workerDir = opts.workerDir ?? WORKER_DIST;
  const objectsDir = opts.objectsDir === undefined ? OBJECTS_DIST : opts.objectsDir;
  const webDir = opts.webDir ?? WEB_DIST;
  const filesDir = opts.filesDir ?? path.join(path.dirname(opts.doStorageDir), "files");
  fs.mkdirSync(opts.doStorageDir, { recursive: true });
  fs.mkdirSync(filesDir, { recursive: true });
  fs.mkdirSync(path.dirname(opts.configPath), { recursive: true });
  const rel = (p: string) => path.relative(path.dirname(opts.configPath), p);
  const flags = (opts.compatibilityFlags ?? COMPATIBILITY_FLAGS).map(quote).join(", ");
  const hasherProcess = opts.hasherProcess ?? (opts.workerDir === undefined && process.env.HEARTH_HASHER_PROCESS !== "0");
  const webAllow = (opts.webFetchPrivate ? ["public", "private", "local"] : ["public"]).map(quote).join(", ");

  const env = ENV_BINDINGS.map((name) => `(name = ${quote(name)}, fromEnvironment = ${quote(name)})`);
  const objectBindings = (service: string | null) =>
    DURABLE_OBJECTS.map((d) => `(name = ${quote(d.binding)}, durableObjectNamespace = ${service ? `(className = ${quote(d.className)}, serviceName = ${quote(service)})` : quote(d.className)})`);
  // uniqueKey names each class's storage: unchanged since the classes lived in the Worker's script, so data stays.
  const namespaces = `durableObjectNamespaces = [
    ${DURABLE_OBJECTS.map((d) => `(className = ${quote(d.className)}, uniqueKey = ${quote(`hearth-${d.className}`)}, enableSql = true)`).join(",\n    ")}
  ],
  durableObjectStorage = (localDisk = "do-storage"),`;

  // The Worker hands Argon2 to the hasher process (workers/auth/password-hasher.ts); HASHER_TOKEN is fresh per start.
  const hasherToken = `(name = "HASHER_TOKEN", fromEnvironment = "HASHER_TOKEN")`;
  const hasherBindings = hasherProcess ? [`(name = "PASSWORD_HASHER", service = ${quote(HASHER_SOCKET)})`, hasherToken] : [];
  const workerBindings = [...env, `(name = "ASSETS", service = "assets")`, `(name = "FILE_STORE", service = "files")`, `(name = "WEB_FETCH", service = "public-web")`, ...objectBindings(objectsDir ? "hearth-objects" : null), ...hasherBindings];
  const objectsWorker = objectsDir
    ? `
const objectsWorker :Workerd.Worker = (
  modules = ${modules(objectsDir, rel)},
  compatibilityDate = "2026-09-17",
  compatibilityFlags = [${flags}],
  bindings = [
    ${[...env, `(name = "WEB_FETCH", service = "public-web")`, ...objectBindings(null)].join(",\n    ")}
  ],
  ${namespaces}
  globalOutbound = "internet",
);
`
    : "";

  // BENCH_V8_FLAGS="--trace-gc ...": more V8 flags, for diagnosing a bench run (docs/realtime.md "Profiling").
  const v8 = [...V8_FLAGS, ...(process.env.BENCH_V8_FLAGS ?? "").split(" ").filter(Boolean)];
  const v8Flags = `\n  v8Flags = [${v8.map(quote).join(", ")}],`;
  const config = `# Generated by scripts/workerd-config.ts; do not edit.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (${v8Flags}
  services = [
    (name = "hearth", worker = .hearthWorker),${objectsDir ? `\n    (name = "hearth-objects", worker = .objectsWorker),` : ""}
    (name = "assets", disk = (path = ${quote(path.resolve(webDir))}, writable = false)),
    (name = "do-storage", disk = (path = ${quote(path.resolve(opts.doStorageDir))}, writable = true)),
    (name = "files", disk = (path = ${quote(path.resolve(filesDir))}, writable = true)),${hasherProcess ? `\n    (name = ${quote(HASHER_SOCKET)}, external = (address = ${quote(HASHER_ADDRESS_PLACEHOLDER)}, http = ())),` : ""}
    # Without "private" and "local", connections to a database on 127.0.0.1 or the LAN are refused.
    (name = "internet", network = (allow = ["public", "private", "local"], tlsOptions = (trustBrowserCas = true))),
    # What link previews, the image proxy and GIF search fetch through (workers/embeds/): the public internet only,
    # checked by workerd when it connects (after DNS), so no name can point a preview at this box or its network.
    (name = "public-web", network = (allow = [${webAllow}], tlsOptions = (trustBrowserCas = true))),
  ],
  sockets = [ (name = "http", address = ${quote(opts.address)}, http = (), service = "hearth") ],
);

const hearthWorker :Workerd.Worker = (
  modules = ${modules(workerDir, rel)},
  compatibilityDate = "2026-09-17",
  compatibilityFlags = [${flags}],
  bindings = [
    ${workerBindings.join(",\n    ")}
  ],${objectsDir ? "" : `\n  ${namespaces}`}
  globalOutbound = "internet",
);
${objectsWorker}`;
  fs.writeFileSync(opts.configPath, config);
  const hasherPath = hasherConfigPath(opts.configPath);
  if (hasherProcess) fs.writeFileSync(hasherPath, hasherConfig(v8Flags, modules(workerDir, rel), flags, hasherToken));
  else fs.rmSync(hasherPath, { force: true });
  return opts.configPath;
}

/**
 * The hasher process: the Worker's bundle again, answering only the hash requests of the main process on
 * HASHER_SOCKET (workers/auth/password-hasher.ts), so each Argon2 hash (~200 ms of CPU) runs on a thread of its own
 * instead of the one every socket, room and request of the main process shares.
 */
function hasherConfig(v8Flags: string, modules: string, flags: string, token: string): string {
  return `# Generated by scripts/workerd-config.ts; do not edit.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (${v8Flags}
  services = [ (name = "hearth-hasher", worker = .hasherWorker) ],
  sockets = [ (name = ${quote(HASHER_SOCKET)}, address = ${quote(HASHER_ADDRESS_PLACEHOLDER)}, http = (), service = "hearth-hasher") ],
);

const hasherWorker :Workerd.Worker = (
  modules = ${modules},
  compatibilityDate = "2026-09-17",
  compatibilityFlags = [${flags}],
  bindings = [ ${token} ],
);
`;
}
