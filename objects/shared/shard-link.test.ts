import { describe, expect, it } from "vitest";
import { FakeSocket } from "./fake-link-socket.ts";
import { decodeRequest, encodeRequest, LINK_IDLE_MS, ShardLink, type LinkTimers } from "./shard-link.ts";

function setup() {
  const sockets: FakeSocket[] = [];
  let now = 0;
  const due: Array<{ at: number; fn: () => void }> = [];
  const timers: LinkTimers = { now: () => now, set: (fn, ms) => due.push({ at: now + ms, fn }) };
  const advance = (ms: number) => {
    now += ms;
    for (let t = due.findIndex((d) => d.at <= now); t >= 0; t = due.findIndex((d) => d.at <= now)) due.splice(t, 1)[0].fn();
  };
  const link = new ShardLink(async () => {
    const ws = new FakeSocket();
    sockets.push(ws);
    return { status: 101, webSocket: ws } as unknown as Response;
  }, timers);
  return { link, sockets, advance };
}

const rows = (json: string, count = 1) => ({ count, json });
const settle = () => new Promise((r) => setTimeout(r, 0));

describe("ShardLink", () => {
  it("carries the rows' JSON untouched and matches answers to requests by id, in any order", async () => {
    const { link, sockets } = setup();
    const a = link.insertCreates(rows('{"i":"a"}'));
    const b = link.insertCreates(rows('{"i":"b"},{"i":"c"}', 2));
    await settle();
    const ws = sockets[0];
    expect(sockets).toHaveLength(1);
    expect(ws.sent.map((f) => decodeRequest(f)!.rows)).toEqual([rows('{"i":"a"}'), rows('{"i":"b"},{"i":"c"}', 2)]);
    ws.answer(1, { ok: false, code: "nonce_conflict", message: "dup" });
    ws.answer(0, { ok: true });
    await expect(a).resolves.toEqual({ ok: true });
    await expect(b).resolves.toEqual({ ok: false, code: "nonce_conflict", message: "dup" });
  });

  it("fails the calls in flight when the line closes, and opens a new line for the next call", async () => {
    const { link, sockets } = setup();
    const a = link.insertCreates(rows("{}"));
    await settle();
    sockets[0].emit("close");
    await expect(a).rejects.toThrow(/closed/);
    const b = link.insertCreates(rows("{}"));
    await settle();
    expect(sockets).toHaveLength(2);
    sockets[1].answer(0, { ok: true });
    await expect(b).resolves.toEqual({ ok: true });
  });

  it("closes an idle line so a quiet room can hibernate, but not while an answer is awaited", async () => {
    const { link, sockets, advance } = setup();
    const a = link.insertCreates(rows("{}"));
    await settle();
    advance(LINK_IDLE_MS + 1);
    expect(sockets[0].closed).toBe(false); // still waiting for its answer
    sockets[0].answer(0, { ok: true });
    await a;
    advance(LINK_IDLE_MS);
    expect(sockets[0].closed).toBe(true);
  });

  it("refuses frames that are not requests", () => {
    expect(decodeRequest("nonsense")).toBeNull();
    expect(decodeRequest("x\n1\n{}")).toBeNull();
    expect(decodeRequest(encodeRequest(7, rows('{"a":"b\\nc"}')))).toEqual({ id: 7, rows: rows('{"a":"b\\nc"}') });
  });
});
