import { describe, expect, it } from "vitest";
import { BACKLOG_BYTES, deliver, deliverHeld, encodeFrames, flushDelayMs, MAX_FLUSH_DELAY_MS, SLOW_CONSUMER_BYTES } from "./encoding.ts";

class FakeSocket {
  pending: string[] | null = null;
  ahead: string[] | null = null;
  sent: string[] = [];
  constructor(public buffered = 0) {}
}
const io = {
  buffered: (s: FakeSocket) => s.buffered,
  send: (s: FakeSocket, data: string) => void s.sent.push(data),
};

describe("encodeFrames", () => {
  it("P2 sends a lone event as itself and several as one JSON array", () => {
    expect(encodeFrames(['{"a":1}'])).toBe('{"a":1}');
    expect(JSON.parse(encodeFrames(['{"a":1}', '{"b":2}']))).toEqual([{ a: 1 }, { b: 2 }]);
  });
});

describe("deliver", () => {
  it("builds one frame and shares the same string with every up-to-date socket", () => {
    const sockets = [new FakeSocket(), new FakeSocket(), new FakeSocket()];
    const res = deliver(sockets, ['{"seq":1}', '{"seq":2}'], io);
    expect(res).toMatchObject({ frames: 3, held: 0 });
    expect(sockets[0].sent[0]).toBe('[{"seq":1},{"seq":2}]');
    expect(new Set(sockets.map((s) => s.sent[0])).size).toBe(1);
  });

  it("P2 puts a sender's acks ahead of the events in its own frame while the others share one", () => {
    const sender = new FakeSocket();
    sender.ahead = ['{"type":"ack","seq":1}'];
    const other = new FakeSocket();
    const res = deliver([sender, other], ['{"seq":1}'], io);
    expect(res.frames).toBe(2);
    expect(JSON.parse(sender.sent[0])).toEqual([{ type: "ack", seq: 1 }, { seq: 1 }]);
    expect(sender.ahead).toBeNull();
    expect(other.sent).toEqual(['{"seq":1}']);
  });

  it("leaves a backlogged sender's acks to be sent on their own, never behind held events", () => {
    const sender = new FakeSocket(BACKLOG_BYTES + 1);
    sender.ahead = ['{"type":"ack","seq":1}'];
    deliver([sender], ['{"seq":1}'], io);
    expect(sender.sent).toEqual([]);
    expect(sender.ahead).toEqual(['{"type":"ack","seq":1}']);
    expect(sender.pending).toEqual(['{"seq":1}']);
  });

  it("does not treat the bytes of this turn's own sends as a backlog", () => {
    const s = new FakeSocket(200);
    deliver([s], ['{"seq":1}'], io);
    expect(s.sent).toEqual(['{"seq":1}']);
  });

  it("P2 holds events for a socket with a backlog and sends them all in one frame once it drains", () => {
    const slow = new FakeSocket(BACKLOG_BYTES + 1);
    const fast = new FakeSocket();
    deliver([slow, fast], ['{"seq":1}'], io);
    deliver([slow, fast], ['{"seq":2}'], io);
    expect(slow.sent).toEqual([]);
    expect(fast.sent).toEqual(['{"seq":1}', '{"seq":2}']);
    slow.buffered = 0;
    const res = deliverHeld([slow, fast], io);
    expect(res.frames).toBe(1);
    expect(slow.sent).toEqual(['[{"seq":1},{"seq":2}]']);
    deliver([slow], ['{"seq":3}'], io);
    expect(slow.sent[1]).toBe('{"seq":3}');
  });

  it("reports sockets whose backlog passed the limit as slow, without sending to them", () => {
    const stuck = new FakeSocket(SLOW_CONSUMER_BYTES + 1);
    const res = deliver([stuck], ['{"seq":1}'], io);
    expect(res.slow).toEqual([stuck]);
    expect(stuck.sent).toEqual([]);
  });

  it("skips sockets that throw on send (closed under us)", () => {
    const ok = new FakeSocket();
    const res = deliver([new FakeSocket(), ok], ["x"], { ...io, send: (s, d) => (s === ok ? io.send(s, d) : (() => { throw new Error("closed"); })()) });
    expect(res.frames).toBe(1);
    expect(ok.sent).toEqual(["x"]);
  });
});

describe("flushDelayMs", () => {
  it("adds no delay in small rooms and a bounded one in big rooms", () => {
    expect(flushDelayMs(1)).toBe(0);
    expect(flushDelayMs(63)).toBe(0);
    expect(flushDelayMs(1000)).toBe(50);
    expect(flushDelayMs(100_000)).toBe(MAX_FLUSH_DELAY_MS);
  });
});
