import { describe, expect, it } from "vitest";
import { COMMIT_TOKEN_HEADER } from "./channel-room/commit-io.ts";
import { commitGateway, type CommitGatewayEnv } from "./commit-gateway.ts";
import { encodeBatch, LINK_PATH } from "./shared/shard-link.ts";

/** A namespace of fake shards that records which shard got what. */
function shards() {
  const calls: Array<{ shard: string; kind: string; detail: unknown }> = [];
  const namespace = {
    idFromName: (name: string) => name,
    get: (shard: string) => ({
      fetch: async (url: string, init: { headers: Record<string, string> }) => {
        calls.push({ shard, kind: "fetch", detail: [new URL(url).pathname, init.headers.upgrade] });
        return new Response(null, { status: 204 });
      },
      insertCreates: async (rows: unknown) => {
        calls.push({ shard, kind: "insert", detail: rows });
        return { ok: true };
      },
    }),
  };
  return { env: { COMMIT_SHARD: namespace, COMMIT_LINK_TOKEN: "s3cret" } as unknown as CommitGatewayEnv, calls };
}

const request = (path: string, init: RequestInit & { token?: string | null } = {}) => {
  const headers = new Headers(init.headers);
  if (init.token !== null) headers.set(COMMIT_TOKEN_HEADER, init.token ?? "s3cret");
  return new Request(`http://commit${path}`, { ...init, headers });
};

describe("commitGateway", () => {
  it("hands a room's line request to the shard it names", async () => {
    const { env, calls } = shards();
    const res = await commitGateway(request(`/shard/3${LINK_PATH}`, { headers: { upgrade: "websocket" } }), env);
    expect(res.status).toBe(204);
    expect(calls).toEqual([{ shard: "commit-shard:3", kind: "fetch", detail: [LINK_PATH, "websocket"] }]);
  });

  it("stores a posted batch through the shard and answers its result", async () => {
    const { env, calls } = shards();
    const rows = { count: 2, json: '{"i":"a"},{"i":"b\\nc"}' };
    const res = await commitGateway(request("/shard/0/insert", { method: "POST", body: encodeBatch(rows) }), env);
    expect(await res.json()).toEqual({ ok: true });
    expect(calls).toEqual([{ shard: "commit-shard:0", kind: "insert", detail: rows }]);
  });

  it("refuses callers without the token, unknown routes and unreadable batches, touching no shard", async () => {
    const { env, calls } = shards();
    expect((await commitGateway(request("/shard/0/insert", { method: "POST", body: "1\n{}", token: null }), env)).status).toBe(403);
    expect((await commitGateway(request("/shard/0/insert", { method: "POST", body: "1\n{}", token: "s3cres" }), env)).status).toBe(403);
    expect((await commitGateway(request("/shard/0/insert", { method: "POST", body: "1\n{}", token: "s3cret-and-more" }), env)).status).toBe(403);
    expect((await commitGateway(request("/shard/x/insert", { method: "POST" }), env)).status).toBe(404);
    expect((await commitGateway(request("/shard/0/insert"), env)).status).toBe(405);
    expect((await commitGateway(request("/shard/0/insert", { method: "POST", body: "not a batch" }), env)).status).toBe(400);
    expect(calls).toEqual([]);
  });

  it("answers 404 to everything where it is not the commit process (no token configured)", async () => {
    const { env } = shards();
    const res = await commitGateway(request(`/shard/0${LINK_PATH}`), { ...env, COMMIT_LINK_TOKEN: undefined });
    expect(res.status).toBe(404);
  });
});
