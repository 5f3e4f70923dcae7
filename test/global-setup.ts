/**
 * Once per `vitest` run: builds the bundle (unless HEARTH_SKIP_BUILD=1) and finds a PostgreSQL to create
 * per-file databases on: TEST_DATABASE_ADMIN_URL, else the server on 127.0.0.1:5432 (development and CI
 * machines), else an embedded one started just for this run.
 */
import os from "node:os";
import path from "node:path";
import fs from "node:fs";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { build } from "../scripts/build.ts";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../scripts/lib/embedded-postgres.ts";

declare module "vitest" {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
  }
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

let embedded: EmbeddedPostgres | null = null;

export default async function setup(project: TestProject) {
  if (process.env.HEARTH_SKIP_BUILD !== "1") await build({ quiet: true });
  let adminUrl = process.env.TEST_DATABASE_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  if (!(await canConnect(adminUrl))) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hearth-test-pg-"));
    fs.chmodSync(dir, 0o755);
    embedded = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), secretsDir: path.join(dir, "secrets"), database: "postgres", preferredPort: 55432 });
    adminUrl = embedded.url;
  }
  project.provide("adminDatabaseUrl", adminUrl);
  return async () => {
    await embedded?.stop();
  };
}
