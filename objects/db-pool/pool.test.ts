import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ConnectionPool, DEFAULT_POOL_SIZE, LeaseEndedError, PoolBusyError, poolSize, type PooledConnection, type PoolQuery, type PoolRows } from "./pool.ts";

/** A connection that records its statements and follows begin/commit/rollback like Postgres would. */
class FakeConnection implements PooledConnection {
  static opened: FakeConnection[] = [];
  transactionStatus: "I" | "T" | "E" = "I";
  usable = true;
  closed = false;
  readonly statements: string[] = [];
  failRollback = false;
  /** Queries wait for this before answering (to hold one in flight). */
  gate: Promise<void> = Promise.resolve();

  constructor(readonly n: number) {}

  async query(q: PoolQuery): Promise<PoolRows> {
    await this.gate;
    this.statements.push(q.text);
    if (q.text === "begin") this.transactionStatus = "T";
    else if (q.text === "commit") this.transactionStatus = "I";
    else if (q.text === "rollback") {
      if (this.failRollback) throw new Error("connection lost");
      this.transactionStatus = "I";
    } else if (q.text === "bad") {
      if (this.transactionStatus === "T") this.transactionStatus = "E";
      throw Object.assign(new Error("syntax error"), { code: "42601" });
    }
    return { rows: [[this.n]], rowCount: 1, command: "SELECT", fields: [] };
  }

  close(): void {
    this.closed = true;
    this.usable = false;
  }
}

function newPool(size = 2, over: Partial<ConstructorParameters<typeof ConnectionPool>[0]> = {}) {
  return new ConnectionPool({
    size,
    open: async () => {
      const c = new FakeConnection(FakeConnection.opened.length);
      FakeConnection.opened.push(c);
      return c;
    },
    waitMs: 1_000,
    maxLeaseMs: 60_000,
    idleMs: 5_000,
    ...over,
  });
}

beforeEach(() => {
  FakeConnection.opened = [];
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe("ConnectionPool", () => {
  it("lends a released connection again instead of opening another", async () => {
    const pool = newPool();
    const a = await pool.acquire();
    expect((await a.query({ text: "select 1" })).rows).toEqual([[0]]);
    await a.release();
    const b = await pool.acquire();
    expect((await b.query({ text: "select 1" })).rows).toEqual([[0]]);
    expect(FakeConnection.opened).toHaveLength(1);
  });

  it("opens up to its size, then makes leases wait in order for the next release", async () => {
    const pool = newPool(2);
    const a = await pool.acquire();
    await pool.acquire();
    const order: string[] = [];
    const third = pool.acquire().then((l) => (order.push("third"), l));
    const fourth = pool.acquire().then((l) => (order.push("fourth"), l));
    expect(pool.waiting).toBe(2);
    await a.release();
    const got = await third;
    expect(order).toEqual(["third"]);
    expect((await got.query({ text: "select 1" })).rows).toEqual([[0]]);
    expect(FakeConnection.opened).toHaveLength(2);
    expect(pool.waiting).toBe(1);
    await got.release();
    await fourth;
    expect(order).toEqual(["third", "fourth"]);
  });

  it("fails a lease that waits longer than waitMs, and forgets it", async () => {
    const pool = newPool(1);
    await pool.acquire();
    const waiting = pool.acquire();
    const failed = expect(waiting).rejects.toBeInstanceOf(PoolBusyError);
    await vi.advanceTimersByTimeAsync(1_001);
    await failed;
    expect(pool.waiting).toBe(0);
  });

  it("rolls back a transaction left open before lending the connection again", async () => {
    const pool = newPool(1);
    const a = await pool.acquire();
    await a.query({ text: "begin" });
    await a.query({ text: "bad" }).catch(() => {});
    await a.release();
    const conn = FakeConnection.opened[0];
    expect(conn.statements).toEqual(["begin", "bad", "rollback"]);
    expect(conn.transactionStatus).toBe("I");
    const b = await pool.acquire();
    await b.query({ text: "select 1" });
    expect(FakeConnection.opened).toHaveLength(1);
  });

  it("closes a connection whose rollback failed, and opens a new one for the next lease", async () => {
    const pool = newPool(1);
    const a = await pool.acquire();
    await a.query({ text: "begin" });
    FakeConnection.opened[0].failRollback = true;
    await a.release();
    expect(FakeConnection.opened[0].closed).toBe(true);
    const b = await pool.acquire();
    expect((await b.query({ text: "select 1" })).rows).toEqual([[1]]);
  });

  it("never lends a connection that broke while lent", async () => {
    const pool = newPool(1);
    const a = await pool.acquire();
    FakeConnection.opened[0].usable = false;
    await a.release();
    await (await pool.acquire()).query({ text: "select 1" });
    expect(FakeConnection.opened).toHaveLength(2);
    expect(FakeConnection.opened[0].closed).toBe(true);
  });

  it("runs a lease's queries in the order asked, lets them finish before release, and refuses later ones", async () => {
    const pool = newPool(1);
    const a = await pool.acquire();
    let open!: () => void;
    FakeConnection.opened[0].gate = new Promise((r) => (open = r));
    const first = a.query({ text: "one" });
    const second = a.query({ text: "two" });
    const released = a.release();
    await expect(a.query({ text: "three" })).rejects.toBeInstanceOf(LeaseEndedError);
    open();
    await Promise.all([first, second, released]);
    expect(FakeConnection.opened[0].statements).toEqual(["one", "two"]);
  });

  it("takes back a connection held past maxLeaseMs and closes it", async () => {
    const pool = newPool(1, { maxLeaseMs: 10_000, waitMs: 20_000 });
    const a = await pool.acquire();
    const next = pool.acquire();
    vi.spyOn(console, "error").mockImplementation(() => {});
    await vi.advanceTimersByTimeAsync(10_001);
    expect(FakeConnection.opened[0].closed).toBe(true);
    await expect(a.query({ text: "select 1" })).rejects.toBeInstanceOf(LeaseEndedError);
    expect((await (await next).query({ text: "select 1" })).rows).toEqual([[1]]);
  });

  it("closes connections that stay idle for idleMs", async () => {
    const pool = newPool(2);
    const a = await pool.acquire();
    const b = await pool.acquire();
    await a.release();
    await vi.advanceTimersByTimeAsync(3_000);
    await b.release();
    await vi.advanceTimersByTimeAsync(2_500);
    expect(FakeConnection.opened.map((c) => c.closed)).toEqual([true, false]);
    expect(pool.size).toBe(1);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(pool.size).toBe(0);
  });

  it("frees the slot when opening fails, so the next lease can try again", async () => {
    let fail = true;
    const pool = newPool(1, {
      open: async () => {
        if (fail) throw new Error("connection refused");
        return new FakeConnection(0);
      },
    });
    await expect(pool.acquire()).rejects.toThrow("connection refused");
    fail = false;
    await expect(pool.acquire()).resolves.toBeDefined();
  });
});

describe("poolSize", () => {
  it("reads DB_POOL_SIZE: default when unset, 0 turns it off, capped at 100", () => {
    expect(poolSize(undefined)).toBe(DEFAULT_POOL_SIZE);
    expect(poolSize(null)).toBe(DEFAULT_POOL_SIZE);
    expect(poolSize("")).toBe(DEFAULT_POOL_SIZE);
    expect(poolSize("0")).toBe(0);
    expect(poolSize("25")).toBe(25);
    expect(poolSize("1000")).toBe(100);
    vi.spyOn(console, "error").mockImplementation(() => {});
    expect(poolSize("lots")).toBe(DEFAULT_POOL_SIZE);
    expect(poolSize("-3")).toBe(DEFAULT_POOL_SIZE);
  });
});
