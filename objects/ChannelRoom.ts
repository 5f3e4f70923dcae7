/**
 * ChannelRoom: one text channel, DM or group DM, and the only place that orders its events.
 *
 * - Addressed by `idFromName("channel:" + channelId)`.
 * - Stores in Postgres (the system of record): messages, the event log, reactions, read positions. In its own
 *   storage: the channel id, used ticket ids until they expire, slow-mode clocks and the UserHubs watching it,
 *   each a versioned record. Everything else (seq head, replay buffer, caches) is rebuilt from Postgres on start.
 * - Survives hibernation: the sockets, each with a small attachment (user, bits, live-since seq, timeout: P31).
 * - Promises: every event gets the next seq (no gaps, P8); nothing is acked or broadcast before it is committed
 *   (P11); every live socket receives every event once, in seq order; a resume replays exactly what was missed.
 *
 * Logic lives in objects/channel-room/*: upgrades are read in upgrade.ts, frames parsed by protocol/parse-frame.ts,
 * decisions are in checks.ts, requests become ops in requests.ts, writes go through writer.ts (group commit,
 * answers via answers.ts, recovery) to commit.ts (new messages through a CommitShard, commit-io.ts), going live and
 * replays are in resume.ts, read positions in read-positions.ts, typing in typing.ts, socket state in
 * socket-table.ts, delivery in fanout.ts, recipients in audience.ts. This file is the lifecycle and the dispatch.
 */
import { DurableObject } from "cloudflare:workers";
import { CLOSE_CODES, PROTOCOL_VERSION, assertNever, type ClientFrame, type ErrorFrame } from "../protocol/frames.ts";
import type { ThreadFrame } from "../protocol/threads.ts";
import { parseClientFrame } from "../protocol/parse-frame.ts";
import type { Origin } from "./channel-room/answers.ts";
import { BatchLoader } from "./channel-room/batch-loader.ts";
import { checkChange, type ChannelSettings } from "./channel-room/checks.ts";
import { commitIo } from "./channel-room/commit-io.ts";
import { Fanout } from "./channel-room/fanout.ts";
import { HubNotices } from "./channel-room/hub-notices.ts";
import { MemberChanges } from "./channel-room/member-changes.ts";
import { failure, MODERATOR_DELETE, type OpOutcome } from "./channel-room/ops.ts";
import { ReadPositions } from "./channel-room/read-positions.ts";
import { errorJson, refuse } from "./channel-room/replies.ts";
import { changeOp, sendOp, type ChangeFrame, type SendBody } from "./channel-room/requests.ts";
import { Replays } from "./channel-room/resume.ts";
import { SendLimits } from "./channel-room/send-limits.ts";
import { SeqAllocator } from "./channel-room/sequence.ts";
import { SocketTable } from "./channel-room/socket-table.ts";
import { RoomSocket, timeoutOf, type MemberUpdate } from "./channel-room/sockets.ts";
import { liveSessions, loadLog, loadReadSeqs, loadReceiptSettings, loadRoomState, saveReadSeq } from "./channel-room/store.ts";
import { ReadReceipts } from "./channel-room/read-receipts.ts";
import { ThreadActivity } from "./channel-room/thread-activity.ts";
import { Typing } from "./channel-room/typing.ts";
import { liveViewers } from "./channel-room/audience.ts";
import { readUpgrade, standing } from "./channel-room/upgrade.ts";
import { RoomWriter } from "./channel-room/writer.ts";
import { completeClose } from "./shared/close.ts";
import { LazyPg } from "./shared/lazy-pg.ts";
import { TicketLedger } from "./shared/ticket-ledger.ts";
import { userHubOf } from "./shared/user-hub-of.ts";
import type { CommitShard } from "./CommitShard.ts";
import type { UserHub } from "./UserHub.ts";

export interface ChannelRoomEnv {
  DATABASE_URL: string;
  /** Keys resume tickets (protocol/tickets.ts). */
  AT_REST_KEY: string;
  RATE_LIMITS?: string;
  USER_HUB: DurableObjectNamespace<UserHub>;
  /** A thread's room tells its parent's room of its activity (channel-room/thread-activity.ts). */
  CHANNEL_ROOM: DurableObjectNamespace<ChannelRoom>;
  /** Writes new messages for many rooms at once (CommitShard.ts); absent: each room writes its own. */
  COMMIT_SHARD?: DurableObjectNamespace<CommitShard>;
  /** How many commit shards; "0" makes every room write its own messages. */
  COMMIT_SHARDS?: string;
}

/** A REST send (P29), already authorised by the Worker. */
export interface RestSend extends SendBody {
  channelId: string;
  userId: string;
  permissions: string;
}

export class ChannelRoom extends DurableObject<ChannelRoomEnv> {
  private channelId: string | null;
  private settings: ChannelSettings | null = null;
  private participants: string[] = [];
  /** Set in a thread's room once started. */
  private threadNews: ThreadActivity | null = null;
  private seqs: SeqAllocator | null = null;
  private starting: Promise<void> | null = null;
  private readonly pg: LazyPg;
  private readonly ledger: TicketLedger;
  private readonly sockets: SocketTable;
  private readonly fanout: Fanout<RoomSocket<WebSocket>>;
  private readonly writer: RoomWriter;
  private readonly reads: ReadPositions;
  private readonly receipts: ReadReceipts;
  private readonly replays: Replays;
  private readonly typing: Typing;
  private readonly hubs: HubNotices;
  private readonly members: MemberChanges;
  private readonly rateLimited: boolean;
  private readonly limits: SendLimits;

  constructor(ctx: DurableObjectState, env: ChannelRoomEnv) {
    super(ctx, env);
    this.pg = new LazyPg(env.DATABASE_URL);
    this.sockets = new SocketTable(() => ctx.getWebSockets());
    this.ledger = new TicketLedger(ctx.storage.kv);
    this.members = new MemberChanges(ctx.storage.kv);
    this.rateLimited = env.RATE_LIMITS !== "0";
    this.limits = new SendLimits(ctx.storage, this.rateLimited);
    this.hubs = new HubNotices(ctx.storage.kv, (userId) => userHubOf(env.USER_HUB, userId));
    this.channelId = ctx.storage.kv.get<{ version: 1; channelId: string }>("meta")?.channelId ?? null;
    this.fanout = new Fanout(0, {
      sockets: () => this.sockets.all(),
      audience: () => this.sockets.viewers(),
      liveCount: () => this.sockets.live,
      onSlow: (s) => this.sockets.drop(s, CLOSE_CODES.slow_consumer, "too far behind: reconnect and resume"),
      onFlushed: (events) => {
        this.hubs.flushed(this.channelId!, events, this.participants, () => this.fanout.flushedSeq);
        this.threadNews?.flushed(events);
      },
    });
    this.writer = new RoomWriter({
      io: commitIo(this.pg, env.COMMIT_SHARD, env.COMMIT_SHARDS),
      pg: this.pg,
      fanout: this.fanout,
      channelId: () => this.channelId!,
      seqs: () => this.seqs,
      headLost: () => {
        this.seqs = null;
        this.starting = null;
      },
      restart: () => this.started(),
    });
    this.reads = new ReadPositions({
      load: (userIds) => this.pg.use((db) => loadReadSeqs(db, this.channelId!, userIds)),
      save: (userId, seq) => this.pg.use((db) => saveReadSeq(db, this.channelId!, userId, seq)),
      channelId: () => this.channelId!,
      sockets: () => this.sockets.all(),
      hubs: this.hubs,
      moved: (userId, seq) => {
        if (this.settings?.communityId !== null) return; // receipts are for DMs and group DMs
        this.receipts.moved(userId, seq).catch((err: Error) => console.error("channel room: read receipt failed:", err.message));
      },
    });
    this.receipts = new ReadReceipts((ids) => this.pg.use((db) => loadReceiptSettings(db, ids)), () => this.sockets.all());
    this.typing = new Typing(() => this.sockets.all());
    this.replays = new Replays({
      sockets: this.sockets,
      fanout: this.fanout,
      sessions: new BatchLoader<string, boolean>((ids) => this.pg.use((db) => liveSessions(db, ids)), false),
      reads: this.reads,
      ticketKey: env.AT_REST_KEY,
      channelId: () => this.channelId!,
      settings: () => this.settings!,
      loadLog: (afterSeq, upToSeq) => this.pg.use((db) => loadLog(db, this.channelId!, afterSeq, upToSeq)),
    });
  }

  // ---- connecting -------------------------------------------------------------------------------------------

  /**
   * The WebSocket upgrade, forwarded by the Worker after it verified the ticket's signature (P4, P5). Here: single
   * use, and permission changes made since the ticket was issued (P25). A resume ticket's session is checked at hello.
   */
  async fetch(request: Request): Promise<Response> {
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") return new Response("expected a WebSocket upgrade", { status: 426 });
    const u = readUpgrade(request.headers);
    if (!u) return new Response("missing identity", { status: 400 });
    this.bind(u.channelId);
    if (!this.ledger.claim(u.ticketId, u.ticketIssuedAtMs, u.ticketExpiresAtMs, Date.now())) return refuse(CLOSE_CODES.unauthorized, "ticket already used or expired");
    const st = standing(u, this.members);
    if (!st.ok) return refuse(st.code, st.reason);
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    // A resume ticket's session is checked at hello: nothing here may touch Postgres (see objects/shared/lazy-pg.ts).
    const socket = new RoomSocket(server, u.userId, u.sessionId, st.permissions, -1, u.isResume);
    socket.timeout = st.timeout;
    socket.persist(-1);
    this.sockets.add(socket);
    return new Response(null, { status: 101, webSocket: client });
  }

  private bind(channelId: string): void {
    if (this.channelId === channelId) return;
    if (this.channelId !== null) throw new Error(`room for ${this.channelId} asked to serve ${channelId}`);
    this.channelId = channelId;
    this.ctx.storage.kv.put("meta", { version: 1, channelId });
  }

  /**
   * Loads the channel and its head from Postgres once per instance (P8: the seq counter starts from the log).
   *
   * The read is retried once on a new connection (LazyPg.read), and a failure is returned out of
   * blockConcurrencyWhile rather than thrown in it: a throw there resets the object (workerd breaks its input gate),
   * which fails every upgrade in flight and every socket's next frame. Seen in `npm run bench`: one room's first
   * connection ended during start-up ("Connection terminated unexpectedly") and its upgrades were refused.
   */
  private started(): Promise<void> {
    if (this.seqs) return Promise.resolve();
    this.starting ??= this.ctx
      .blockConcurrencyWhile(async (): Promise<Error | null> => {
        if (this.seqs) return null;
        const channelId = this.channelId;
        if (!channelId) return new Error("room has no channel yet");
        let state;
        try {
          state = await this.pg.read((db) => loadRoomState(db, channelId));
        } catch (err) {
          return err as Error;
        }
        if (!state) {
          this.sockets.closeAll(CLOSE_CODES.channel_not_found, "channel deleted");
          return new RoomGone();
        }
        this.settings = state.settings;
        this.participants = state.participants;
        const { parentId } = state.settings;
        if (state.thread && parentId) {
          const rooms = this.env.CHANNEL_ROOM;
          this.threadNews = new ThreadActivity(channelId, parentId, state.thread.messageCount, state.thread.lastMessageAt, (id) => rooms.get(rooms.idFromName("channel:" + id)));
        }
        this.fanout.reset(state.head);
        this.seqs = new SeqAllocator(state.head);
        return null;
      })
      .then((failure) => {
        if (failure) throw failure;
      })
      .catch((err) => {
        this.starting = null;
        throw err;
      });
    return this.starting;
  }

  // ---- socket events ----------------------------------------------------------------------------------------

  async webSocketMessage(ws: WebSocket, data: string | ArrayBuffer): Promise<void> {
    const s = this.sockets.get(ws);
    if (!s || s.isClosed) return;
    if (s.timeout && s.endTimeout(Date.now())) s.permissionsChanged(this.fanout.flushedSeq, this.settings?.slowModeSeconds ?? 0);
    if (this.rateLimited && !this.sockets.admitFrame(s, Date.now())) return;
    const parsed = parseClientFrame(data);
    if (!parsed.ok) {
      if (parsed.close) this.sockets.drop(s, CLOSE_CODES[parsed.close], parsed.message);
      else this.sendError(s, parsed.ref, parsed.code, parsed.message);
      return;
    }
    const frame = parsed.frame;
    if (s.phase === "new" && frame.type !== "hello") {
      this.sendError(s, frame.ref, "hello_required", "Send hello { protocolVersion, lastSeq? } first.");
      return;
    }
    try {
      await this.handle(s, frame);
    } catch (err) {
      if (err instanceof RoomGone) return;
      console.error("channel room: frame failed:", (err as Error).stack ?? err);
      this.sendError(s, frame.ref, "internal", "The server could not handle this frame; try again.");
    }
  }

  private async handle(s: RoomSocket<WebSocket>, frame: ClientFrame): Promise<void> {
    switch (frame.type) {
      case "hello":
        if (frame.protocolVersion !== PROTOCOL_VERSION) return this.sockets.drop(s, CLOSE_CODES.protocol_mismatch, `this server speaks protocol ${PROTOCOL_VERSION}`);
        if (s.phase !== "new") return this.sendError(s, frame.ref, "invalid_frame", "hello was already received; use resume to replay.");
        await this.started();
        return this.replays.goLive(s, frame.lastSeq, true);
      case "resume":
        if (s.phase !== "live") return this.sendError(s, frame.ref, "invalid_frame", "A replay is already in progress.");
        await this.started();
        return this.replays.goLive(s, frame.lastSeq, false);
      case "send_message":
        return this.enqueueSend(s.userId, s.permissions, frame, { socket: s, ref: frame.ref });
      case "edit_message":
      case "delete_message":
      case "add_reaction":
      case "remove_reaction":
      case "pin_message":
      case "unpin_message":
      case "vote_poll":
      case "end_poll":
        return this.change(s, frame);
      case "start_typing":
        return this.typing.start(s, frame.ref, Date.now());
      case "mark_read":
        await this.started();
        return this.reads.mark(s, frame.seq, frame.ref, this.seqs!.head);
      case "ping":
        s.send(JSON.stringify(frame.ref === undefined ? { type: "pong" } : { type: "pong", ref: frame.ref }));
        return;
      default:
        assertNever(frame);
    }
  }

  // ---- changing the channel -------------------------------------------------------------------------------

  /** P11: the checks in order, then into the group commit. */
  private async enqueueSend(userId: string, permissions: bigint, body: SendBody, origin: Origin): Promise<void> {
    await this.started();
    const op = sendOp(userId, permissions, body, origin, this.settings!, this.limits, Date.now());
    if (op) await this.writer.push(op);
  }

  /** Edits, deletes, reactions and pins: a refusal that needs no stored state comes before the room starts. */
  private async change(s: RoomSocket<WebSocket>, frame: ChangeFrame): Promise<void> {
    const v = checkChange(s.permissions, frame.type);
    if (!v.ok) return this.sendError(s, frame.ref, v.code, v.message);
    await this.started();
    const op = changeOp(s, frame, this.settings!);
    if ("ok" in op) return this.sendError(s, frame.ref, op.code, op.message);
    return this.writer.push(op);
  }

  // ---- RPC from the Worker and from hubs --------------------------------------------------------------------

  /** P29: a REST send, through the same checks and the same group commit as a socket send. */
  async sendMessage(input: RestSend): Promise<{ outcome: OpOutcome; retryAfterMs?: number }> {
    if (!(await this.startedFor(input.channelId))) return { outcome: failure("channel_not_found", "This channel no longer exists.") };
    return new Promise((resolve) => {
      const answer = (outcome: OpOutcome, retryAfterMs?: number) => resolve(retryAfterMs === undefined ? { outcome } : { outcome, retryAfterMs });
      const frame = { nonce: input.nonce, content: input.content, envelope: input.envelope, attachments: input.attachments, replyTo: input.replyTo, mentions: input.mentions, poll: input.poll };
      this.enqueueSend(input.userId, BigInt(input.permissions), frame, { resolve: answer }).catch((err) => {
        console.error("channel room: REST send failed:", (err as Error).message);
        answer(failure("internal", "The server could not handle this message."));
      });
    });
  }

  /**
   * P22: a moderator's deletions, authorised by the Worker (a ban's cleanup): each an ordinary delete with its own
   * event and seq. Ids not in this channel, or already deleted, are skipped. Returns how many were deleted.
   */
  async deleteMessages(channelId: string, input: { messageIds: string[]; deletedBy: string }): Promise<number> {
    if (!(await this.startedFor(channelId))) return 0;
    const { deletedBy: userId } = input;
    const deleted = (messageId: string) => new Promise<OpOutcome>((resolve) => this.writer.push({ type: "delete", userId, permissions: MODERATOR_DELETE, messageId, origin: { resolve } }));
    return (await Promise.all(input.messageIds.map(deleted))).filter((o) => o.ok).length;
  }

  /** Binds and starts the room for an RPC; false when the channel no longer exists. */
  private async startedFor(channelId: string): Promise<boolean> {
    this.bind(channelId);
    const gone = (err: unknown) => (err instanceof RoomGone ? false : Promise.reject(err));
    return this.started().then(() => true, gone);
  }

  /**
   * P25: new permission bits for users (null: no longer in the channel at all). Sockets that lost the channel
   * close. P31: a timed-out user's update carries the bits for after the timeout, which the room applies then.
   */
  async updateMembers(channelId: string, updates: MemberUpdate[]): Promise<void> {
    if (this.channelId !== channelId) return; // never opened: nobody to update, no resume ticket to outlive
    for (const { userId, permissions, timedOutUntil, permissionsAfterTimeout } of updates) {
      const bits = permissions === null ? null : BigInt(permissions);
      const timeout = timeoutOf(timedOutUntil, permissionsAfterTimeout);
      this.members.record(userId, bits, Date.now(), timeout);
      this.sockets.updateUser(userId, bits, timeout, this.fanout.flushedSeq, this.settings?.slowModeSeconds ?? 0);
    }
  }

  /**
   * A group DM gained or lost people (H8). The room's list decides whose hubs hear of each message (H4); the
   * updates give a newcomer their bits and close a leaver's sockets (4403) so they can neither read nor send.
   */
  async participantsChanged(channelId: string, participants: string[], updates: MemberUpdate[]): Promise<void> {
    if (this.channelId !== channelId) return; // never opened: it loads the list from Postgres when it starts
    if (this.seqs) this.participants = participants;
    await this.updateMembers(channelId, updates);
  }

  /**
   * P25: permissions may have changed for anyone here (role, override, group sync). Tickets issued before now
   * must be re-issued; returns the users with a socket here, whose new bits the Worker computes and sends.
   */
  async permissionsChanged(channelId: string): Promise<string[]> {
    this.bind(channelId);
    this.members.recordEveryone(Date.now());
    return this.sockets.users();
  }

  /**
   * The channel's settings changed (P16) or it was deleted (`settings` null: close everything, P25). The Worker
   * reads the settings and passes them: no Postgres I/O here (a connection opened in this call hung the room's
   * later queries; see docs/realtime.md).
   */
  async channelChanged(channelId: string, settings: ChannelSettings | null): Promise<void> {
    if (this.channelId !== channelId) return;
    if (!settings) {
      this.sockets.closeAll(CLOSE_CODES.channel_not_found, "channel deleted");
      return;
    }
    const changed = this.settings?.slowModeSeconds !== settings.slowModeSeconds;
    this.settings = settings;
    if (changed) this.sockets.slowModeChanged(settings.slowModeSeconds);
  }

  /**
   * A UserHub with devices online wants activity notices for this channel (H3). Only records the watcher: a
   * room with no traffic stays cheap (no database connection) however many hubs watch it.
   */
  async watch(channelId: string, userId: string): Promise<void> {
    this.bind(channelId);
    this.hubs.watch(userId);
  }

  /**
   * News of one of this channel's threads (protocol/threads.ts): from the Worker when one is started, renamed,
   * archived or deleted; from the thread's room as messages arrive. Ephemeral: sent to live viewers, never stored
   * (a client refetches the thread list when it opens or resumes the channel).
   */
  async threadActivity(channelId: string, frame: ThreadFrame): Promise<void> {
    if (this.channelId !== channelId) return; // never opened here: nobody is watching
    const json = JSON.stringify(frame);
    for (const s of liveViewers(this.sockets.all())) s.send(json);
  }

  // ---- socket bookkeeping -----------------------------------------------------------------------------------

  private sendError(s: RoomSocket<WebSocket>, ref: string | undefined, code: ErrorFrame["code"], message: string, retryAfterMs?: number): void {
    s.send(errorJson(ref, code, message, retryAfterMs));
  }

  async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    this.sockets.forget(ws);
    completeClose(ws, code, reason);
  }

  async webSocketError(ws: WebSocket): Promise<void> {
    this.sockets.forget(ws);
  }
}

/** The channel is gone: sockets were closed with 4404; the request that noticed stops here. */
class RoomGone extends Error {}
