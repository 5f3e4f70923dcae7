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
 * Logic lives in objects/channel-room/*: frames are parsed by protocol/parse-frame.ts, decisions are in checks.ts,
 * writes in commit.ts (group commit via group-commit.ts; new messages through a CommitShard, commit-io.ts), delivery
 * in fanout.ts, recipients in audience.ts.
 */
import { DurableObject } from "cloudflare:workers";
import { CLOSE_CODES, PROTOCOL_VERSION, assertNever, type ChannelEvent, type ClientFrame, type Envelope, type ErrorFrame } from "../protocol/frames.ts";
import { INTERNAL_HEADERS } from "../protocol/internal.ts";
import { FRAME_RATE_PER_S, TYPING_EXPIRES_MS, TYPING_THROTTLE_MS } from "../protocol/limits.ts";
import { parseClientFrame } from "../protocol/parse-frame.ts";
import { isPermissionsString } from "../protocol/permissions.ts";
import { issueTicket } from "../protocol/tickets.ts";
import { canStay, ownOtherSockets, socketsToRevoke, typingAudience } from "./channel-room/audience.ts";
import { canMentionEveryone, frameBudget, checkBodyMode, checkCanSend, checkPin, checkReaction, checkReadSeq, type ChannelSettings, type Verdict } from "./channel-room/checks.ts";
import { commitOps, readBack, type CommitIo, type Committed, type ReplyTarget, type StoredRef } from "./channel-room/commit.ts";
import { encodeFrames } from "./channel-room/encoding.ts";
import { Fanout, MAX_REPLAY_EVENTS } from "./channel-room/fanout.ts";
import { BatchLoader } from "./channel-room/batch-loader.ts";
import { GroupCommit } from "./channel-room/group-commit.ts";
import { MemberChanges } from "./channel-room/member-changes.ts";
import { HubNotices } from "./channel-room/hub-notices.ts";
import { failure, MODERATOR_DELETE, type OpOutcome, type RoomOp } from "./channel-room/ops.ts";
import { ReadPositions } from "./channel-room/read-positions.ts";
import { SeqAllocator } from "./channel-room/sequence.ts";
import { ackJson, errorJson, outcomeJson, refuse, welcomeJson } from "./channel-room/replies.ts";
import { SendLimits } from "./channel-room/send-limits.ts";
import { SocketTable } from "./channel-room/socket-table.ts";
import { RoomSocket, timeoutOf, type MemberUpdate } from "./channel-room/sockets.ts";
import { liveSessions, loadLog, loadReadSeqs, loadRoomState, saveReadSeq } from "./channel-room/store.ts";
import { parseMentions } from "./channel-room/views.ts";
import { BoundedMap } from "./shared/bounded-map.ts";
import { completeClose } from "./shared/close.ts";
import { LazyPg } from "./shared/lazy-pg.ts";
import { TicketLedger } from "./shared/ticket-ledger.ts";
import type { UserHub } from "./UserHub.ts";
import type { CommitShard } from "./CommitShard.ts";
import { commitIo } from "./channel-room/commit-io.ts";

export interface ChannelRoomEnv {
  DATABASE_URL: string;
  /** Keys resume tickets (protocol/tickets.ts). */
  AT_REST_KEY: string;
  RATE_LIMITS?: string;
  USER_HUB: DurableObjectNamespace<UserHub>;
  /** Writes new messages for many rooms at once (CommitShard.ts); absent: each room writes its own. */
  COMMIT_SHARD?: DurableObjectNamespace<CommitShard>;
  /** How many commit shards; "0" makes every room write its own messages. */
  COMMIT_SHARDS?: string;
}

/** Where an op's answer goes. */
type Origin = { socket: RoomSocket<WebSocket>; ref?: string } | { resolve: (outcome: OpOutcome, retryAfterMs?: number) => void };

/** A REST send (P29), already authorised by the Worker. */
export interface RestSend {
  channelId: string;
  userId: string;
  permissions: string;
  nonce: string;
  content?: string;
  envelope?: Envelope;
  replyTo?: string;
  mentions?: string[];
}

/** Sizes of the dedupe and reply caches: recent enough for retries and replies, small enough to ignore. */
const NONCE_CACHE_ENTRIES = 10_000;
const REPLY_CACHE_ENTRIES = 2_000;
const USER_CACHE_ENTRIES = 10_000;

export class ChannelRoom extends DurableObject<ChannelRoomEnv> {
  private channelId: string | null;
  private settings: ChannelSettings | null = null;
  private participants: string[] = [];
  private seqs: SeqAllocator | null = null;
  private starting: Promise<void> | null = null;
  private readonly pg: LazyPg;
  private readonly ledger: TicketLedger;
  private readonly sockets: SocketTable;
  private readonly fanout: Fanout<RoomSocket<WebSocket>>;
  private readonly commits = new GroupCommit<RoomOp<Origin>>((batch) => this.commitBatch(batch));
  private readonly nonces = new BoundedMap<string, StoredRef>(NONCE_CACHE_ENTRIES);
  private readonly replyTargets = new BoundedMap<string, ReplyTarget>(REPLY_CACHE_ENTRIES);
  private readonly typingAt = new BoundedMap<string, number>(USER_CACHE_ENTRIES);
  private readonly reads = new ReadPositions((userIds) => this.pg.use((db) => loadReadSeqs(db, this.channelId!, userIds)));
  private fillChain: Promise<void> = Promise.resolve();
  private readonly hubs: HubNotices;
  private readonly members: MemberChanges;
  private readonly sessions = new BatchLoader<string, boolean>((ids) => this.pg.use((db) => liveSessions(db, ids)), false);
  private readonly rateLimited: boolean;
  private readonly limits: SendLimits;
  private readonly io: CommitIo;

  constructor(ctx: DurableObjectState, env: ChannelRoomEnv) {
    super(ctx, env);
    this.pg = new LazyPg(env.DATABASE_URL);
    this.sockets = new SocketTable(() => ctx.getWebSockets());
    this.ledger = new TicketLedger(ctx.storage);
    this.members = new MemberChanges(ctx.storage.kv);
    this.rateLimited = env.RATE_LIMITS !== "0";
    this.limits = new SendLimits(ctx.storage, this.rateLimited);
    this.hubs = new HubNotices(ctx.storage.kv, (userId) => env.USER_HUB.get(env.USER_HUB.idFromName("user:" + userId)));
    this.channelId = ctx.storage.kv.get<{ version: 1; channelId: string }>("meta")?.channelId ?? null;
    this.io = commitIo(this.pg, env.COMMIT_SHARD, env.COMMIT_SHARDS);
    this.fanout = new Fanout(0, {
      sockets: () => this.sockets.all(),
      audience: () => this.sockets.viewers(),
      liveCount: () => this.sockets.live,
      onSlow: (s) => this.sockets.drop(s, CLOSE_CODES.slow_consumer, "too far behind: reconnect and resume"),
      onFlushed: (events) => this.hubs.flushed(this.channelId!, events, this.participants, () => this.fanout.flushedSeq),
    });
  }

  // ---- connecting -------------------------------------------------------------------------------------------

  /**
   * The WebSocket upgrade, forwarded by the Worker after it verified the ticket's signature (P4, P5). Here: single
   * use, and permission changes made since the ticket was issued (P25). A resume ticket's session is checked at hello.
   */
  async fetch(request: Request): Promise<Response> {
    const h = request.headers;
    if (h.get("upgrade")?.toLowerCase() !== "websocket") return new Response("expected a WebSocket upgrade", { status: 426 });
    const userId = h.get(INTERNAL_HEADERS.userId) ?? "";
    const sessionId = h.get(INTERNAL_HEADERS.sessionId) ?? "";
    const channelId = h.get(INTERNAL_HEADERS.channelId) ?? "";
    const ticketBits = h.get(INTERNAL_HEADERS.permissions) ?? "";
    if (!userId || !sessionId || !channelId || !isPermissionsString(ticketBits)) return new Response("missing identity", { status: 400 });
    this.bind(channelId);
    if (!(await this.ledger.claim(h.get(INTERNAL_HEADERS.ticketId) ?? "", Number(h.get(INTERNAL_HEADERS.ticketExpiresAt)), Date.now()))) {
      return refuse(CLOSE_CODES.unauthorized, "ticket already used or expired");
    }
    const changed = this.members.get(userId, Number(h.get(INTERNAL_HEADERS.ticketIssuedAt)));
    if (changed === "reissue") return refuse(CLOSE_CODES.unauthorized, "permissions changed since this ticket was issued: get a new one");
    const permissions = changed === undefined ? BigInt(ticketBits) : changed;
    if (permissions === null || !canStay(permissions)) return refuse(CLOSE_CODES.forbidden, "you can no longer see this channel");
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server, [userId]);
    // A resume ticket's session is checked at hello: nothing here may touch Postgres (see objects/shared/lazy-pg.ts).
    const socket = new RoomSocket(server, userId, sessionId, permissions, -1, h.get(INTERNAL_HEADERS.ticketKind) === "r");
    // A socket opened under a ticket issued before a change takes the change's timeout, like its bits (P31).
    socket.timeout = changed === undefined ? timeoutOf(h.get(INTERNAL_HEADERS.timedOutUntil), h.get(INTERNAL_HEADERS.permissionsAfterTimeout)) : this.members.timeout(userId);
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

  /** Loads the channel and its head from Postgres once per instance (P8: the seq counter starts from the log). */
  private started(): Promise<void> {
    if (this.seqs) return Promise.resolve();
    this.starting ??= this.ctx
      .blockConcurrencyWhile(async () => {
        if (this.seqs) return;
        const channelId = this.channelId;
        if (!channelId) throw new Error("room has no channel yet");
        const state = await this.pg.use((db) => loadRoomState(db, channelId));
        if (!state) {
          this.sockets.closeAll(CLOSE_CODES.channel_not_found, "channel deleted");
          throw new RoomGone();
        }
        this.settings = state.settings;
        this.participants = state.participants;
        this.fanout.reset(state.head);
        this.seqs = new SeqAllocator(state.head);
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
    if (this.rateLimited && !this.admitFrame(s)) return;
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
        return this.goLive(s, frame.lastSeq, true);
      case "resume":
        if (s.phase !== "live") return this.sendError(s, frame.ref, "invalid_frame", "A replay is already in progress.");
        return this.goLive(s, frame.lastSeq, false);
      case "send_message":
        return this.enqueueSend(s.userId, s.permissions, frame, { socket: s, ref: frame.ref });
      case "edit_message": {
        await this.started();
        const v = checkBodyMode(this.settings!, frame);
        if (!v.ok) return this.sendError(s, frame.ref, v.code, v.message);
        const m = frame.content !== undefined ? parseMentions(frame.content, canMentionEveryone(s.permissions)) : { mentions: frame.mentions ?? [], mentionsEveryone: false };
        return this.commits.push({ type: "edit", userId: s.userId, permissions: s.permissions, messageId: frame.messageId, content: frame.content, envelope: frame.envelope, ...m, origin: { socket: s, ref: frame.ref } });
      }
      case "delete_message":
        await this.started();
        return this.commits.push({ type: "delete", userId: s.userId, permissions: s.permissions, messageId: frame.messageId, origin: { socket: s, ref: frame.ref } });
      case "add_reaction":
      case "remove_reaction": {
        const isAdd = frame.type === "add_reaction";
        const v = checkReaction(s.permissions, isAdd);
        if (!v.ok) return this.sendError(s, frame.ref, v.code, v.message);
        await this.started();
        return this.commits.push({ type: "reaction", isAdd, userId: s.userId, permissions: s.permissions, messageId: frame.messageId, emoji: frame.emoji, origin: { socket: s, ref: frame.ref } });
      }
      case "pin_message":
      case "unpin_message": {
        const v = checkPin(s.permissions);
        if (!v.ok) return this.sendError(s, frame.ref, v.code, v.message);
        await this.started();
        return this.commits.push({ type: "pin", isPin: frame.type === "pin_message", userId: s.userId, permissions: s.permissions, messageId: frame.messageId, origin: { socket: s, ref: frame.ref } });
      }
      case "start_typing":
        return this.typing(s, frame.ref);
      case "mark_read":
        return this.markRead(s, frame.seq, frame.ref);
      case "ping":
        s.send(JSON.stringify(frame.ref === undefined ? { type: "pong" } : { type: "pong", ref: frame.ref }));
        return;
      default:
        assertNever(frame);
    }
  }

  /**
   * P7-P10: welcome (on hello), then every event after lastSeq, then live. While the socket waits for a replay
   * from Postgres it is "replaying": live events reach it through the replay (they land in the buffer first),
   * never twice.
   */
  private async goLive(s: RoomSocket<WebSocket>, lastSeq: number | undefined, isHello: boolean): Promise<void> {
    await this.started();
    if (s.mustCheckSession) {
      // P5a: a resume ticket outlives neither its session nor the user's account.
      if (!(await this.sessions.get(s.sessionId))) return this.sockets.drop(s, CLOSE_CODES.unauthorized, "session ended: sign in again");
      s.mustCheckSession = false;
    }
    this.sockets.setPhase(s, "replaying");
    s.pending = null;
    // Every await comes first: from the flush below to going live nothing may interleave (P8).
    const readSeq = isHello ? await this.reads.get(s.userId) : 0;
    const resume = isHello ? await issueTicket(this.env.AT_REST_KEY, s.resumeClaims(this.channelId!), Date.now()) : null;
    let canReplay = true;
    if (lastSeq !== undefined) {
      this.fanout.flush();
      const behind = this.fanout.flushedSeq - lastSeq;
      canReplay = behind >= 0 && behind <= MAX_REPLAY_EVENTS;
      if (canReplay && this.fanout.missingBefore(lastSeq) !== null) await this.fillReplay(lastSeq);
    }
    if (s.isClosed) return;
    this.fanout.flush();
    const head = this.fanout.flushedSeq;
    const replay = lastSeq === undefined ? [] : canReplay ? this.fanout.replaySince(lastSeq) : null;
    const frames: string[] = [];
    if (resume) frames.push(welcomeJson(this.channelId!, s, this.settings!, head, readSeq, resume));
    if (replay === null) frames.push(JSON.stringify({ type: "resync_required", headSeq: head }));
    else frames.push(...replay);
    this.sockets.setPhase(s, "live");
    if (frames.length) s.send(frames.length === 1 ? frames[0] : "[" + frames.join(",") + "]");
    s.persist(head);
  }

  /** Reads the events the buffer lacks from Postgres; concurrent resumes share the reads (reconnect storms). */
  private fillReplay(lastSeq: number): Promise<void> {
    const run = async () => {
      const first = this.fanout.missingBefore(lastSeq);
      if (first === null) return;
      const channelId = this.channelId!;
      const events = await this.pg.use((db) => loadLog(db, channelId, lastSeq, first - 1));
      if (this.fanout.missingBefore(lastSeq) === first) this.fanout.prependFromLog(events);
    };
    const next = this.fillChain.then(run, run);
    this.fillChain = next.catch(() => {});
    return next;
  }

  // ---- sending ----------------------------------------------------------------------------------------------

  /** P11 checks in order, then into the group commit. */
  private async enqueueSend(userId: string, permissions: bigint, frame: { nonce: string; content?: string; envelope?: Envelope; replyTo?: string; mentions?: string[] }, origin: Origin): Promise<void> {
    await this.started();
    const settings = this.settings!;
    // No closure here: the bundle keeps function names, so each closure made per message costs a __name call.
    if (this.refused(origin, checkCanSend(permissions)) || this.refused(origin, checkBodyMode(settings, frame))) return;
    if (this.refused(origin, this.limits.admit(userId, permissions, settings, Date.now()))) return;
    const m = frame.content !== undefined ? parseMentions(frame.content, canMentionEveryone(permissions)) : { mentions: frame.mentions ?? [], mentionsEveryone: false };
    await this.commits.push({ type: "create", userId, permissions, nonce: frame.nonce, content: frame.content, envelope: frame.envelope, replyTo: frame.replyTo, ...m, origin });
  }

  /** Answers a refused op; false when the verdict lets it through. */
  private refused(origin: Origin, v: Verdict): boolean {
    if (v.ok) return false;
    this.answer(origin, failure(v.code, v.message), v.retryAfterMs);
    return true;
  }

  /** One group-commit batch: write, then answer each op, then hand the events to the fanout (P11). */
  private async commitBatch(batch: RoomOp<Origin>[]): Promise<void> {
    const seqs = this.seqs!;
    const channelId = this.channelId!;
    try {
      const results = await commitOps(this.io, { channelId, seqs, nonces: this.nonces, replyTargets: this.replyTargets }, batch);
      this.answerAndBroadcast(results);
    } catch (err) {
      console.error("channel room: commit failed, recovering:", (err as Error).message);
      await this.recover(batch);
    }
  }

  /**
   * After a write whose outcome is unknown (connection lost mid-commit): trust Postgres. Events it holds beyond
   * our head are broadcast (they were committed), sends it holds are acked, the rest are refused so the client
   * retries with the same nonce (P14 makes that safe).
   */
  private async recover(batch: RoomOp<Origin>[]): Promise<void> {
    this.pg.reset();
    const channelId = this.channelId!;
    const seqs = this.seqs!;
    try {
      const { head, outcomes, events } = await this.pg.use((db) => readBack(db, channelId, seqs.head, batch));
      seqs.resetTo(head);
      for (const e of events) this.fanout.enqueue(e);
      batch.forEach((op, i) => this.answer(op.origin, outcomes[i]));
    } catch (err) {
      console.error("channel room: recovery failed:", (err as Error).message);
      for (const op of batch) this.answer(op.origin, failure("commit_failed", "The database is unavailable; try again with the same nonce."));
      // Our head may be wrong now: start over from Postgres on the next request.
      this.seqs = null;
      this.starting = null;
    }
  }

  /**
   * Acks go out ahead of the batch's events: a sender watching the channel gets its acks and the events in one
   * frame when the fanout flushes now (one send instead of two: a send costs ~12 µs of the one thread), and on
   * their own otherwise, still in this turn.
   */
  private answerAndBroadcast(results: Committed<Origin>[]): void {
    const acked: RoomSocket<WebSocket>[] = [];
    const events: ChannelEvent[] = [];
    for (const r of results) {
      const origin = r.op.origin;
      if ("socket" in origin) {
        const s = origin.socket;
        if (!s.ahead) acked.push(s);
        (s.ahead ??= []).push(outcomeJson(r.outcome, origin.ref));
      } else this.answer(origin, r.outcome);
      if (r.event) events.push(r.event);
    }
    try {
      this.fanout.enqueueAll(events);
    } finally {
      for (const s of acked) {
        if (!s.ahead) continue;
        const frames = s.ahead;
        s.ahead = null;
        s.send(encodeFrames(frames));
      }
    }
  }

  private answer(origin: Origin, outcome: OpOutcome, retryAfterMs?: number): void {
    if ("resolve" in origin) origin.resolve(outcome, retryAfterMs);
    else origin.socket.send(outcomeJson(outcome, origin.ref, retryAfterMs));
  }

  // ---- ephemeral --------------------------------------------------------------------------------------------

  /** P26: throttled per user, never stored. */
  private typing(s: RoomSocket<WebSocket>, ref: string | undefined): void {
    const v = checkCanSend(s.permissions);
    if (!v.ok) return this.sendError(s, ref, v.code, v.message);
    const now = Date.now();
    if (now - (this.typingAt.get(s.userId) ?? -Infinity) < TYPING_THROTTLE_MS) return;
    this.typingAt.set(s.userId, now);
    const frame = JSON.stringify({ type: "user_typing", userId: s.userId, expiresInMs: TYPING_EXPIRES_MS });
    for (const t of typingAudience(this.sockets.all(), s.userId)) t.send(frame);
  }

  /** P27: persisted, shared with the user's other sockets here and with their UserHub. */
  private async markRead(s: RoomSocket<WebSocket>, seq: number, ref: string | undefined): Promise<void> {
    await this.started();
    const v = checkReadSeq(seq, this.seqs!.head);
    if (!v.ok) return this.sendError(s, ref, v.code, v.message);
    const channelId = this.channelId!;
    const stored = await this.pg.use((db) => saveReadSeq(db, channelId, s.userId, seq));
    this.reads.set(s.userId, stored);
    s.send(ackJson(channelId, stored, ref));
    const update = JSON.stringify({ type: "read_updated", seq: stored });
    for (const t of ownOtherSockets(this.sockets.all(), s.userId, s)) t.send(update);
    this.hubs.readChanged(s.userId, channelId, stored);
  }

  // ---- RPC from the Worker and from hubs --------------------------------------------------------------------

  /** P29: a REST send, through the same checks and the same group commit as a socket send. */
  async sendMessage(input: RestSend): Promise<{ outcome: OpOutcome; retryAfterMs?: number }> {
    if (!(await this.startedFor(input.channelId))) return { outcome: failure("channel_not_found", "This channel no longer exists.") };
    return new Promise((resolve) => {
      const answer = (outcome: OpOutcome, retryAfterMs?: number) => resolve(retryAfterMs === undefined ? { outcome } : { outcome, retryAfterMs });
      const frame = { nonce: input.nonce, content: input.content, envelope: input.envelope, replyTo: input.replyTo, mentions: input.mentions };
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
    const deleted = (messageId: string) => new Promise<OpOutcome>((resolve) => this.commits.push({ type: "delete", userId, permissions: MODERATOR_DELETE, messageId, origin: { resolve } }));
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
      for (const s of socketsToRevoke(this.sockets.all(), userId, bits)) this.sockets.drop(s, CLOSE_CODES.forbidden, "you can no longer see this channel");
      if (bits === null || !canStay(bits)) continue;
      for (const s of this.sockets.all()) {
        if (s.userId !== userId || (s.permissions === bits && s.timeout?.untilMs === timeout?.untilMs)) continue;
        s.permissions = bits;
        s.timeout = timeout;
        this.sockets.touch();
        s.permissionsChanged(this.fanout.flushedSeq, this.settings?.slowModeSeconds ?? 0);
      }
    }
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
    if (!changed) return;
    for (const s of this.sockets.all()) {
      if (s.phase === "live") s.send(s.permissionsFrame(settings.slowModeSeconds));
    }
  }

  /**
   * A UserHub with devices online wants activity notices for this channel (H3). Only records the watcher: a
   * room with no traffic stays cheap (no database connection) however many hubs watch it.
   */
  async watch(channelId: string, userId: string): Promise<void> {
    this.bind(channelId);
    this.hubs.watch(userId);
  }

  // ---- socket bookkeeping -----------------------------------------------------------------------------------

  /** P17: the per-socket frame budget; a client that keeps flooding is closed with 4429. */
  private admitFrame(s: RoomSocket<WebSocket>): boolean {
    const verdict = frameBudget(s, Date.now());
    if (verdict === "close") this.sockets.drop(s, CLOSE_CODES.rate_limited, "too many frames");
    else if (verdict === "refuse") this.sendError(s, undefined, "rate_limited", `Too many frames: at most ${FRAME_RATE_PER_S} per second.`, 1000 / FRAME_RATE_PER_S);
    return verdict === "ok";
  }

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
