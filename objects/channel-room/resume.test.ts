import { describe, expect, it } from "vitest";
import { CLOSE_CODES, PROTOCOL_VERSION, type ChannelEvent } from "../../protocol/frames.ts";
import { permissionBits } from "../../protocol/permissions.ts";
import type { ChannelSettings } from "./checks.ts";
import { Fanout, MAX_REPLAY_EVENTS } from "./fanout.ts";
import { liveFrame, Replays } from "./resume.ts";
import { SocketTable } from "./socket-table.ts";
import { RoomSocket } from "./sockets.ts";

const settings: ChannelSettings = { kind: "text", encrypted: false, slowModeSeconds: 0, communityId: "c", parentId: null };
const created = (seq: number): ChannelEvent =>
  ({ type: "message_created", seq, message: { id: `m${seq}`, authorId: "u1", nonce: `n${seq}`, content: `text ${seq}`, envelope: null, mentions: [], mentionsEveryone: false, deletedAt: null, pinnedAt: null } }) as unknown as ChannelEvent;

/** Every frame's messages, arrays flattened. */
function received(s: RoomSocket & { sent: string[] }): Array<{ type: string; seq?: number; headSeq?: number; readSeq?: number }> {
  return s.sent.flatMap((d) => [JSON.parse(d)].flat());
}

function room(head: number, opts: { sessionLive?: boolean } = {}) {
  const sockets = new SocketTable(() => []);
  const fanout = new Fanout<RoomSocket<WebSocket>>(head, { sockets: () => sockets.all(), liveCount: () => sockets.live, onSlow: () => {} });
  const logReads: Array<[number, number]> = [];
  const replays = new Replays({
    sockets,
    fanout,
    sessions: { get: async () => opts.sessionLive ?? true },
    reads: { get: async () => 3 },
    ticketKey: "test-key",
    channelId: () => "c1",
    settings: () => settings,
    loadLog: async (after, upTo) => {
      logReads.push([after, upTo]);
      return Array.from({ length: upTo - after }, (_, i) => created(after + 1 + i));
    },
  });
  const connect = (liveAt: number, mustCheckSession = false) => {
    const sent: string[] = [];
    let closed: number | null = null;
    const ws = { bufferedAmount: 0, send: (d: string) => void sent.push(d), close: (code: number) => void (closed = code), serializeAttachment() {} };
    const s = Object.assign(new RoomSocket(ws as unknown as WebSocket, "u1", "sess", permissionBits("VIEW_CHANNEL"), liveAt, mustCheckSession), {
      sent,
      closed: () => closed,
    });
    sockets.add(s);
    return s;
  };
  return { sockets, fanout, replays, logReads, connect };
}

describe("liveFrame", () => {
  it("P7 puts the welcome first and the missed events after it, in one frame", () => {
    expect(liveFrame('{"w":1}', ['{"e":1}', '{"e":2}'], 2)).toBe('[{"w":1},{"e":1},{"e":2}]');
    expect(liveFrame(null, ['{"e":1}'], 1)).toBe('{"e":1}');
  });

  it("P9 sends resync_required with the head when the events cannot be replayed", () => {
    expect(JSON.parse(liveFrame('{"w":1}', null, 42)!)).toEqual([{ w: 1 }, { type: "resync_required", headSeq: 42 }]);
  });

  it("sends nothing on a resume that missed nothing", () => {
    expect(liveFrame(null, [], 5)).toBeNull();
  });
});

describe("Replays.goLive", () => {
  it("P7 P8 welcomes a hello, replays what it missed (from Postgres beyond the buffer), and goes live at the head", async () => {
    const { fanout, replays, logReads, connect } = room(10);
    fanout.enqueue(created(11));
    const s = connect(-1);
    await replays.goLive(s, 8, true);
    expect(logReads).toEqual([[8, 10]]);
    const got = received(s);
    expect(got[0]).toMatchObject({ type: "welcome", protocolVersion: PROTOCOL_VERSION, headSeq: 11, readSeq: 3 });
    expect(got.slice(1).map((e) => e.seq)).toEqual([9, 10, 11]);
    expect(s.phase).toBe("live");
    fanout.enqueue(created(12));
    expect(received(s).at(-1)).toMatchObject({ seq: 12 });
  });

  it("P8 shares one Postgres read between resumes that need the same events", async () => {
    const { replays, logReads, connect } = room(10);
    const a = connect(10);
    const b = connect(10);
    await Promise.all([replays.goLive(a, 4, false), replays.goLive(b, 4, false)]);
    expect(logReads).toEqual([[4, 10]]);
    expect(received(a).map((e) => e.seq)).toEqual([5, 6, 7, 8, 9, 10]);
    expect(b.sent).toEqual(a.sent);
  });

  it("P9 answers resync_required to a client too far behind, or ahead of the channel", async () => {
    const head = MAX_REPLAY_EVENTS + 10;
    const { replays, logReads, connect } = room(head);
    const behind = connect(head);
    await replays.goLive(behind, 9, false);
    const ahead = connect(head);
    await replays.goLive(ahead, head + 1, false);
    expect(received(behind)).toEqual([{ type: "resync_required", headSeq: head }]);
    expect(received(ahead)).toEqual([{ type: "resync_required", headSeq: head }]);
    expect(logReads).toEqual([]);
  });

  it("P5a closes a socket whose resume ticket's session has ended with 4401", async () => {
    const { replays, connect } = room(0, { sessionLive: false });
    const s = connect(-1, true);
    await replays.goLive(s, 0, true);
    expect(s.closed()).toBe(CLOSE_CODES.unauthorized);
    expect(s.sent).toEqual([]);
  });
});
