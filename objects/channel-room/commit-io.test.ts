import { describe, expect, it } from "vitest";
import { uuidv7 } from "uuidv7";
import type { NewMessage } from "../../schema/messages.ts";
import { FakeSocket } from "../shared/fake-link-socket.ts";
import type { LazyPg } from "../shared/lazy-pg.ts";
import type { CommitShard } from "../CommitShard.ts";
import { commitIo, shardFor } from "./commit-io.ts";

describe("shardFor", () => {
  it("always sends a channel to the same shard, within range", () => {
    const id = uuidv7();
    expect(shardFor(id, 4)).toBe(shardFor(id, 4));
    for (let i = 0; i < 100; i++) expect(shardFor(uuidv7(), 4)).toBeLessThan(4);
  });

  it("spreads time-ordered channel ids over every shard", () => {
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 400; i++) counts[shardFor(uuidv7(), 4)]++;
    for (const n of counts) expect(n).toBeGreaterThan(50);
  });
});

describe("commitIo through a shard", () => {
  /** A room's own connection that records the statements run on it. */
  function ownConnection() {
    const queries: unknown[][] = [];
    const pg = { use: async (fn: (db: unknown) => unknown) => fn({ $client: { query: async (q: { values: unknown[] }) => queries.push(q.values) } }) };
    return { pg: pg as unknown as LazyPg, queries };
  }
  const message = (seq: number): NewMessage => ({ id: uuidv7(), channelId: "c", seq, authorId: uuidv7(), nonce: `n${seq}`, content: `text ${seq}` }) as NewMessage;
  /** Shards whose stub opens lines with `open`. */
  const endpoint = (open: () => Promise<Response>) =>
    ({ idFromName: (name: string) => name, get: () => ({ fetch: open, insertCreates: async () => ({ ok: true }) }) }) as unknown as DurableObjectNamespace<CommitShard>;

  /** One batch written through a line that opened, once it is on the line: the room's connection, the line, the write. */
  async function sentOnLine() {
    const own = ownConnection();
    const ws = new FakeSocket();
    const io = commitIo(own.pg, endpoint(async () => ({ webSocket: ws, status: 101 }) as unknown as Response), "1");
    const done = io.insertCreates("c", new Date(), [message(1)]);
    await expect.poll(() => ws.sent.length).toBe(1);
    return { own, ws, done };
  }

  it("sends the batch on the line and writes nothing itself when the shard commits it", async () => {
    const { own, ws, done } = await sentOnLine();
    ws.answer(0, { ok: true });
    await done;
    expect(own.queries).toEqual([]);
  });

  it("writes the batch on the room's own connection when no line to the shard can be opened (nothing was sent)", async () => {
    const own = ownConnection();
    const io = commitIo(own.pg, endpoint(() => Promise.reject(new Error("connect refused"))), "1");
    await io.insertCreates("c", new Date(), [message(1), message(2)]);
    expect(own.queries).toHaveLength(1);
    expect(JSON.parse(own.queries[0][0] as string).map((r: { s: number }) => r.s)).toEqual([1, 2]);
  });

  it("rejects, writing nothing, when the line breaks with the batch in flight: the room reads back what was stored", async () => {
    const { own, ws, done } = await sentOnLine();
    ws.emit("close");
    await expect(done).rejects.toThrow(/closed/);
    expect(own.queries).toEqual([]);
  });
});
