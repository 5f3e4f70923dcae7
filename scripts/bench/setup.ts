/**
 * What `npm run bench` measures against: a workerd on a free port, and the bench-only seed (users through the API,
 * channels and extra members inserted with SQL).
 */
import path from "node:path";
import type pg from "pg";
import { uuidv7 } from "uuidv7";
import { freePort } from "../lib/ports.ts";
import { spawnWorkerd, waitForHealthy, type WorkerdProcess } from "../lib/workerd.ts";
import { writeWorkerdConfig } from "../workerd-config.ts";
import type { Identity } from "./loadgen.ts";

export interface Server {
  url: string;
  port: number;
  proc: WorkerdProcess;
  configPath: string;
  env: NodeJS.ProcessEnv;
  dir: string;
}

/**
 * A workerd serving the built bundle on a free port against `databaseUrl`, healthy when this resolves.
 * `flags`: compatibility flags instead of the usual ones; `workerDir`: another bundle in the same config (the floor).
 */
export async function startWorkerd(dir: string, databaseUrl: string, secrets: Record<string, string>, opts: { flags?: string[]; workerDir?: string } = {}): Promise<Server> {
  const port = await freePort();
  const configPath = writeWorkerdConfig({
    configPath: path.join(dir, `workerd-${port}.capnp`),
    address: `127.0.0.1:${port}`,
    doStorageDir: path.join(dir, opts.workerDir ? "do-floor" : "do"),
    compatibilityFlags: opts.flags,
    workerDir: opts.workerDir,
    // The floor is one script that exports its classes itself.
    objectsDir: opts.workerDir ? null : undefined,
  });
  const env = { ...process.env, ...secrets, DATABASE_URL: databaseUrl, RATE_LIMITS: "0", REGISTRATION_MODE: "open", COMMUNITY_CREATION_MODE: "open" };
  // BENCH_INSPECT=1: expose the V8 inspector on 127.0.0.1:9229 to take CPU profiles during a run; BENCH_SERVER_LOG=1
  // shows what workerd prints.
  const proc = spawnWorkerd(configPath, env, { extraArgs: process.env.BENCH_INSPECT ? ["--inspector-addr=127.0.0.1:9229"] : [], inheritOutput: process.env.BENCH_SERVER_LOG === "1" });
  const url = `http://127.0.0.1:${port}`;
  await waitForHealthy(url, proc);
  return { url, port, proc, configPath, env, dir };
}

export async function http(url: string, method: string, body?: unknown, token?: string) {
  const res = await fetch(url, { method, headers: { ...(body ? { "content-type": "application/json" } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** Four users, one community, and `n` text channels inserted directly (bench-only). */
export async function seed(server: Server, db: pg.Client, n: number, extraUsers: number) {
  const users = [];
  for (let i = 0; i < 4; i++) users.push(await http(`${server.url}/api/v1/auth/register`, "POST", { username: `bench_${i}_${Date.now() % 100000}`, password: "correct horse battery staple 42" }));
  const owner = users[0];
  const community = await http(`${server.url}/api/v1/communities`, "POST", { name: "Bench" }, owner.accessToken);
  const invite = await http(`${server.url}/api/v1/communities/${community.id}/invites`, "POST", {}, owner.accessToken);
  for (const u of users.slice(1)) await http(`${server.url}/api/v1/invites/${invite.code}/accept`, "POST", undefined, u.accessToken);
  const channels: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = uuidv7();
    await db.query("insert into channels (id, community_id, kind, name, position) values ($1, $2, 'text', $3, $4)", [id, community.id, `bench-${i}`, i + 10]);
    channels.push(id);
  }
  const identities: Identity[] = [];
  for (const u of users) {
    const channel = await http(`${server.url}/api/v1/channels/${channels[0]}`, "GET", undefined, u.accessToken);
    const sid = JSON.parse(Buffer.from(u.accessToken.split(".")[1], "base64url").toString()).sid as string;
    identities.push({ userId: u.user.id, sessionId: sid, permissions: channel.permissions });
  }
  // More members, inserted directly (no password, no way to log in): each durable channel gets its own sender, as
  // in real use; with four senders in a hundred channels every commit would lock the same four user rows.
  const memberBits = identities[1].permissions;
  for (let i = 0; i < extraUsers; i++) {
    const userId = uuidv7();
    const sessionId = uuidv7();
    await db.query("insert into users (id, username, display_name, password_hash, recovery_code_hash) values ($1, $2, $2, 'bench: no login', 'bench: no login')", [userId, `bench_extra_${i}_${Date.now() % 100000}`]);
    await db.query("insert into community_members (community_id, user_id) values ($1, $2)", [community.id, userId]);
    await db.query("insert into sessions (id, user_id, device_name, ip, user_agent, expires_at) values ($1, $2, 'bench', '127.0.0.1', 'bench', now() + interval '1 day')", [sessionId, userId]);
    identities.push({ userId, sessionId, permissions: memberBits });
  }
  return { users, channels, identities };
}
