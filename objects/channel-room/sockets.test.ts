import { describe, expect, it } from "vitest";
import { RoomSocket, type SocketLike } from "./sockets.ts";

function fakeWs(): SocketLike & { attachment: unknown } {
  return {
    attachment: null,
    bufferedAmount: 0,
    send() {},
    close() {},
    serializeAttachment(value: unknown) {
      this.attachment = structuredClone(value);
    },
  };
}

describe("RoomSocket timeouts (P31)", () => {
  it("keeps a running timeout through hibernation", () => {
    const ws = fakeWs();
    const s = new RoomSocket(ws, "u1", "sess", 3n, 5);
    s.timeout = { untilMs: 1_000, bits: 7n };
    s.persist(5);
    const back = RoomSocket.fromAttachment(ws, ws.attachment)!;
    expect(back.permissions).toBe(3n);
    expect(back.timeout).toEqual({ untilMs: 1_000, bits: 7n });
    expect(back.timedOutUntil).toBe(new Date(1_000).toISOString());
  });

  it("takes the later bits once the time has come, and not before", () => {
    const s = new RoomSocket(fakeWs(), "u1", "sess", 3n, 5);
    s.timeout = { untilMs: 1_000, bits: 7n };
    expect(s.endTimeout(999)).toBe(false);
    expect(s.permissions).toBe(3n);
    expect(s.endTimeout(1_000)).toBe(true);
    expect(s.permissions).toBe(7n);
    expect(s.timedOutUntil).toBeNull();
    expect(s.endTimeout(2_000)).toBe(false);
  });

  it("reads attachments written before timeouts existed", () => {
    const s = RoomSocket.fromAttachment(fakeWs(), { v: 1, u: "u1", p: "3", s: -1, x: "sess" })!;
    expect(s.timeout).toBeNull();
  });
});
