/**
 * No Docker engine runs where the tests do, so this checks docker-compose.yml, the Dockerfile and .env.example
 * against what the code actually reads: the Worker's text bindings (ENV_BINDINGS, mirrored in workers/env.ts) and
 * the variables the start scripts read. Adding a setting without documenting it, or configuring one nothing
 * reads, fails here. Needs no server.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ENV_BINDINGS } from "../scripts/workerd-config.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");

interface Service {
  image?: string;
  build?: unknown;
  environment?: Record<string, string> | string[];
  env_file?: string | string[] | { path: string }[];
  ports?: (string | { target: number; published?: string | number })[];
  volumes?: (string | { type?: string; source?: string; target: string })[];
  healthcheck?: { test?: string | string[] };
  depends_on?: string[] | Record<string, { condition?: string }>;
}
const compose = parse(read("docker-compose.yml")) as { services: Record<string, Service>; volumes?: Record<string, unknown> };
const dockerfile = read("Dockerfile");
const envExample = read(".env.example");
const configurationDoc = read("docs/configuration.md");

/** Upper-case names read as `process.env.NAME` by the scripts that start a server (not tests, not build-only). */
function variablesReadByScripts(): string[] {
  const files = ["scripts/start.ts", "scripts/dev.ts", "scripts/docker-entrypoint.ts", ...fs.readdirSync(path.join(ROOT, "scripts/lib")).map((f) => `scripts/lib/${f}`)];
  const names = new Set<string>();
  for (const file of files.filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))) {
    for (const m of read(file).matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g)) names.add(m[1]);
  }
  return [...names].sort();
}

/** Names in .env.example, set or commented out (`# NAME=`). */
function envExampleNames(): string[] {
  return [...envExample.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]);
}

/** Names docker compose substitutes from .env (`${NAME}`, `${NAME:-x}`, `${NAME:?msg}`). */
function composeInterpolated(): string[] {
  return [...read("docker-compose.yml").matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]);
}

function environmentNames(service: Service): string[] {
  const env = service.environment ?? {};
  return Array.isArray(env) ? env.map((e) => e.split("=")[0]) : Object.keys(env);
}

const SCRIPT_VARIABLES = variablesReadByScripts();
const RUNTIME_VARIABLES = new Set<string>([...ENV_BINDINGS, ...SCRIPT_VARIABLES]);

describe("docker-compose.yml", () => {
  const { postgres, hearth } = compose.services;

  it("has a postgres service on the postgres:17 image and a hearth service built from the Dockerfile", () => {
    expect(postgres?.image).toBe("postgres:17");
    expect(hearth?.build).toBeDefined();
    expect(fs.existsSync(path.join(ROOT, "Dockerfile"))).toBe(true);
  });

  it("publishes hearth's port 8787, the port its environment tells the server to listen on", () => {
    const targets = (hearth.ports ?? []).map((p) => (typeof p === "string" ? Number(p.split(":").pop()) : p.target));
    expect(targets).toContain(8787);
    expect(String((hearth.environment as Record<string, string>).PORT)).toBe("8787");
    expect(JSON.stringify(hearth.healthcheck?.test)).toContain("127.0.0.1:8787/healthz");
  });

  it("sets only variables the runtime reads", () => {
    const unknown = environmentNames(hearth).filter((name) => !RUNTIME_VARIABLES.has(name));
    expect(unknown).toEqual([]);
    expect(environmentNames(hearth)).toContain("DATABASE_URL");
  });

  it("takes hearth's settings from .env", () => {
    const files = [hearth.env_file ?? []].flat().map((f) => (typeof f === "string" ? f : f.path));
    expect(files).toContain(".env");
  });

  it("gives both services a health check, and starts hearth only once postgres is healthy", () => {
    expect(postgres.healthcheck?.test).toBeDefined();
    expect(JSON.stringify(postgres.healthcheck?.test)).toContain("pg_isready");
    expect(hearth.healthcheck?.test).toBeDefined();
    expect((hearth.depends_on as Record<string, { condition?: string }>).postgres?.condition).toBe("service_healthy");
  });

  it("keeps data only in named volumes declared at the top level", () => {
    const declared = Object.keys(compose.volumes ?? {});
    for (const [name, service] of Object.entries(compose.services)) {
      for (const v of service.volumes ?? []) {
        const source = typeof v === "string" ? v.split(":")[0] : v.source ?? "";
        expect(declared, `${name} mounts ${source}`).toContain(source);
      }
    }
    expect(compose.services.postgres.volumes?.length).toBeGreaterThan(0);
    expect(compose.services.hearth.volumes?.length).toBeGreaterThan(0);
  });
});

describe(".env.example and docs/configuration.md", () => {
  it("lists only variables that the runtime or docker compose reads", () => {
    const allowed = new Set([...RUNTIME_VARIABLES, ...composeInterpolated()]);
    expect(envExampleNames().filter((name) => !allowed.has(name))).toEqual([]);
  });

  it("lists every Worker binding in .env.example", () => {
    expect(ENV_BINDINGS.filter((name) => !envExampleNames().includes(name))).toEqual([]);
  });

  it("documents every Worker binding, every variable the start scripts read, and every compose setting", () => {
    const names = [...ENV_BINDINGS, ...SCRIPT_VARIABLES, ...composeInterpolated()];
    expect(names.filter((name) => !configurationDoc.includes(`\`${name}\``))).toEqual([]);
  });

  it("mirrors the bindings declared in workers/env.ts and the [vars] of wrangler.toml", () => {
    const envTs = read("workers/env.ts");
    const textBindings = [...envTs.matchAll(/^\s*([A-Z][A-Z0-9_]*)\??: string;/gm)].map((m) => m[1]);
    expect([...textBindings].sort()).toEqual([...ENV_BINDINGS].sort());
    const vars = read("wrangler.toml").split("[vars]")[1] ?? "";
    const varNames = [...vars.matchAll(/^([A-Z][A-Z0-9_]*)\s*=/gm)].map((m) => m[1]);
    expect(varNames.filter((name) => !(ENV_BINDINGS as readonly string[]).includes(name))).toEqual([]);
  });
});

describe("Dockerfile", () => {
  it("starts a script that exists in the repository", () => {
    const cmd = /^(?:CMD|ENTRYPOINT)\s+(\[.*\])\s*$/m.exec(dockerfile);
    expect(cmd).not.toBeNull();
    const args = JSON.parse(cmd![1]) as string[];
    const files = args.filter((a) => /\.(ts|js|sh)$/.test(a));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(fs.existsSync(path.join(ROOT, file)), file).toBe(true);
  });

  it("copies only paths that exist, and builds on node 22", () => {
    expect(dockerfile).toMatch(/^FROM node:22-bookworm-slim/m);
    for (const m of dockerfile.matchAll(/^COPY (?!--from)(.+)$/gm)) {
      const sources = m[1].trim().split(/\s+/).slice(0, -1);
      for (const source of sources) if (source !== ".") expect(fs.existsSync(path.join(ROOT, source)), source).toBe(true);
    }
  });

  it("sets only environment variables the runtime reads (besides NODE_ENV)", () => {
    const names = [...dockerfile.matchAll(/^\s*(?:ENV\s+)?([A-Z][A-Z0-9_]*)=\S+\s*\\?$/gm)].map((m) => m[1]);
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((name) => name !== "NODE_ENV" && !RUNTIME_VARIABLES.has(name))).toEqual([]);
  });
});
