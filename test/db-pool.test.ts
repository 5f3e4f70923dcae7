/**
 * Requests' database connections (docs/architecture.md, "Database"): leased from the DbPool object by
 * default, opened per request with DB_POOL_SIZE=0. Both run the same routes, transactions included.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, register } from "./api.ts";
import { startServer, type TestServer } from "./harness.ts";

const POOL_CONNECTIONS = "select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name = 'hearth db-pool'";

let pooled: TestServer;
let direct: TestServer;
beforeAll(async () => {
  [pooled, direct] = await Promise.all([
    startServer({ env: { DB_POOL_SIZE: "1", COMMUNITY_CREATION_MODE: "open", RATE_LIMITS: "0" } }),
    startServer({ env: { DB_POOL_SIZE: "0", COMMUNITY_CREATION_MODE: "open" } }),
  ]);
});
afterAll(async () => {
  await Promise.all([pooled?.stop(), direct?.stop()]);
});

async function poolConnections(server: TestServer): Promise<number> {
  return (await server.sql<{ n: number }>(POOL_CONNECTIONS))[0].n;
}

describe("pooled connections (DB_POOL_SIZE=1)", () => {
  it("serves a burst of requests, transactions among them, on one connection", async () => {
    const owner = await register(pooled.url);
    let most = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        most = Math.max(most, await poolConnections(pooled));
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const creates = Array.from({ length: 12 }, (_, i) => api(pooled.url, "POST", "/api/v1/communities", { token: owner.accessToken, body: { name: `Pooled ${i}` } }));
    const reads = Array.from({ length: 12 }, () => api(pooled.url, "GET", "/api/v1/users/me", { token: owner.accessToken }));
    const answers = await Promise.all([...creates, ...reads]);
    sampling = false;
    await sampler;
    expect(answers.map((a) => a.status)).toEqual([...Array(12).fill(201), ...Array(12).fill(200)]);
    const list = await api(pooled.url, "GET", "/api/v1/communities", { token: owner.accessToken });
    expect(list.body.communities.map((c: { name: string }) => c.name).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `Pooled ${i}`).sort());
    expect(most).toBeGreaterThan(0);
    expect(most).toBe(1);
  });

  it("tells open sockets about a change on the request's own connection, not a second one the pool would never free", async () => {
    const owner = await register(pooled.url);
    const created = await api(pooled.url, "POST", "/api/v1/communities", { token: owner.accessToken, body: { name: "Hooks" } });
    const channel = await api(pooled.url, "POST", `/api/v1/communities/${created.body.id}/channels`, { token: owner.accessToken, body: { name: "news", kind: "text" } });
    expect(channel.status).toBe(201);
    // With one connection, a hook asking the pool for a second waits until the pool gives up, then logs its failure.
    expect(pooled.output()).not.toMatch(/notify\w+ failed/);
  });

  it("hands its connections back to Postgres once idle", async () => {
    expect((await api(pooled.url, "GET", "/healthz")).body).toEqual({ ok: true, db: "up" });
    expect(await poolConnections(pooled)).toBeGreaterThan(0);
    const deadline = Date.now() + 15_000;
    while ((await poolConnections(pooled)) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    expect(await poolConnections(pooled)).toBe(0);
    // And the next request opens one again.
    expect((await api(pooled.url, "GET", "/healthz")).body).toEqual({ ok: true, db: "up" });
  }, 20_000);
});

describe("a connection per request (DB_POOL_SIZE=0)", () => {
  it("registers, creates a community in a transaction and reads it back without the pool", async () => {
    const owner = await register(direct.url);
    const created = await api(direct.url, "POST", "/api/v1/communities", { token: owner.accessToken, body: { name: "Direct" } });
    expect(created.status).toBe(201);
    const list = await api(direct.url, "GET", "/api/v1/communities", { token: owner.accessToken });
    expect(list.body.communities.map((c: { name: string }) => c.name)).toEqual(["Direct"]);
    expect(await poolConnections(direct)).toBe(0);
  });
});
