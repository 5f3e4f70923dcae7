/**
 * UserHub: one user, and everything they should hear about outside the channel they have open (docs/protocol.md
 * H1-H6): unread counts and mention badges for their other channels, DMs arriving, membership changes, presence.
 *
 * - Addressed by `idFromName("user:" + userId)`.
 * - Holds one socket per device (hibernatable; the attachment records the user and whether hello was received).
 * - Stores: the user's visible channels (set by the Worker, which alone computes permissions), the channels whose
 *   rooms it asked for activity notices, used ticket ids, and the presence last written to Postgres; each a
 *   versioned record. Unread state is in memory and rebuilt from Postgres when a device says hello or when the
 *   hub lost track of a channel.
 * - Presence (H6): online while any device socket is open, written to user_presence on the first connect and the
 *   last close, and re-checked by an alarm while online (user-hub/presence.ts).
 * - Ordering: none needed: every frame carries absolute values (counts, seqs), so the latest one wins.
 */
import { DurableObject } from "cloudflare:workers";
import { CLOSE_CODES, PROTOCOL_VERSION, type DmChangedFrame, type DmReceivedFrame, type ErrorFrame, type MembershipChangedFrame, type UnreadState } from "../protocol/frames.ts";
import { forwardedClaims } from "../protocol/internal.ts";
import { parseHubFrame } from "../protocol/parse-frame.ts";
import type { ChannelActivity } from "./channel-room/activity.ts";
import type { ChannelRoom } from "./ChannelRoom.ts";
import { completeClose } from "./shared/close.ts";
import { LazyPg } from "./shared/lazy-pg.ts";
import { inBatches } from "./shared/in-batches.ts";
import { TicketLedger } from "./shared/ticket-ledger.ts";
import { userHubOf } from "./shared/user-hub-of.ts";
import { hasOpenSocket, onlinePeers, PRESENCE_SWEEP_MS, writePresence } from "./user-hub/presence.ts";
import { applyActivity, applyRead, loadUnread } from "./user-hub/unread.ts";
import { PushSender, type PushEnv } from "./user-hub/push.ts";

export interface UserHubEnv extends PushEnv {
  DATABASE_URL: string;
  CHANNEL_ROOM: DurableObjectNamespace<ChannelRoom>;
  USER_HUB: DurableObjectNamespace<UserHub>;
}

/** How many other hubs hear of a presence change at once. */
const PRESENCE_FANOUT_CONCURRENCY = 16;

interface HubAttachment {
  v: 1;
  u: string;
  /** 1 once hello was received */
  h: 0 | 1;
}

type Stored<T> = { version: 1 } & T;

export class UserHub extends DurableObject<UserHubEnv> {
  private readonly pg: LazyPg;
  private readonly ledger: TicketLedger;
  private readonly pushes: PushSender;
  private unread = new Map<string, UnreadState>();
  private presenceChain: Promise<void> = Promise.resolve();

  constructor(ctx: DurableObjectState, env: UserHubEnv) {
    super(ctx, env);
    this.pg = new LazyPg(env.DATABASE_URL);
    this.pushes = new PushSender(env);
    this.ledger = new TicketLedger(ctx.storage.kv);
  }

  private get userId(): string | null {
    return this.ctx.storage.kv.get<Stored<{ userId: string }>>("meta")?.userId ?? null;
  }

  private bind(userId: string): void {
    const current = this.userId;
    if (current === userId) return;
    if (current !== null) throw new Error(`hub of ${current} asked to serve ${userId}`);
    this.ctx.storage.kv.put("meta", { version: 1, userId });
  }

  private channels(): string[] {
    return this.ctx.storage.kv.get<Stored<{ channels: string[] }>>("channels")?.channels ?? [];
  }

  private watched(): Set<string> {
    return new Set(this.ctx.storage.kv.get<Stored<{ channels: string[] }>>("watched")?.channels ?? []);
  }

  private setWatched(ids: Set<string>): void {
    this.ctx.storage.kv.put("watched", { version: 1, channels: [...ids] });
  }

  /** H1: the upgrade, forwarded by the Worker after it verified the ticket. */
  async fetch(request: Request): Promise<Response> {
    const h = request.headers;
    if (h.get("upgrade")?.toLowerCase() !== "websocket") return new Response("expected a WebSocket upgrade", { status: 426 });
    const claims = forwardedClaims(h);
    if (!claims) return new Response("missing identity", { status: 400 });
    const userId = claims.u;
    this.bind(userId);
    const [client, server] = Object.values(new WebSocketPair());
    if (!this.ledger.claim(claims.j, claims.i, claims.e, Date.now())) {
      // As in ChannelRoom.fetch: refuse on a plain socket, which closes at once.
      server.accept();
      server.close(CLOSE_CODES.unauthorized, "ticket already used or expired");
      return new Response(null, { status: 101, webSocket: client });
    }
    this.ctx.acceptWebSocket(server);
    server.serializeAttachment({ v: 1, u: userId, h: 0 } satisfies HubAttachment);
    this.syncPresence();
    return new Response(null, { status: 101, webSocket: client });
  }

  async webSocketMessage(ws: WebSocket, data: string | ArrayBuffer): Promise<void> {
    const att = ws.deserializeAttachment() as HubAttachment | null;
    if (!att) return;
    const parsed = parseHubFrame(data);
    if (!parsed.ok) {
      if (parsed.close) ws.close(CLOSE_CODES[parsed.close], parsed.message);
      else send(ws, errorFrame(parsed.ref, parsed.code, parsed.message));
      return;
    }
    const frame = parsed.frame;
    if (frame.type === "ping") {
      send(ws, frame.ref === undefined ? { type: "pong" } : { type: "pong", ref: frame.ref });
      return;
    }
    if (frame.protocolVersion !== PROTOCOL_VERSION) {
      ws.close(CLOSE_CODES.protocol_mismatch, `this server speaks protocol ${PROTOCOL_VERSION}`);
      return;
    }
    try {
      const states = await this.loadAll(att.u);
      send(ws, { type: "hub_welcome", protocolVersion: PROTOCOL_VERSION, userId: att.u, unread: states.filter((s) => s.unread > 0 || s.mentions > 0) });
      ws.serializeAttachment({ ...att, h: 1 } satisfies HubAttachment);
      await this.watchAll(att.u);
    } catch (err) {
      console.error("user hub: hello failed:", (err as Error).message);
      send(ws, errorFrame(frame.ref, "internal", "Could not load unread counts; send hello again."));
    }
  }

  async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    completeClose(ws, code, reason);
    this.syncPresence(ws);
  }

  async webSocketError(ws: WebSocket): Promise<void> {
    this.syncPresence(ws);
  }

  /** The presence sweep (see PRESENCE_SWEEP_MS): finds no socket after a restart or eviction, and says offline. */
  async alarm(): Promise<void> {
    this.syncPresence();
    await this.presenceChain;
  }

  private storedOnline(): boolean {
    return this.ctx.storage.kv.get<Stored<{ online: boolean }>>("presence")?.online ?? false;
  }

  /**
   * Brings user_presence in line with the open sockets (`closing` is on its way out). Writes run one at a time and
   * each reads the sockets when it starts, so a quick connect-and-close always ends in the right state.
   */
  private syncPresence(closing?: WebSocket): void {
    const run = async () => {
      const userId = this.userId;
      if (!userId) return;
      const online = hasOpenSocket(this.ctx.getWebSockets(), closing);
      const stored = this.storedOnline();
      try {
        if (online !== stored) {
          await this.pg.use((db) => writePresence(db, userId, online, new Date()));
          this.ctx.storage.kv.put("presence", { version: 1, online });
          await this.announcePresence(userId, online);
        }
      } catch (err) {
        console.error("user hub: presence write failed, retrying at the next sweep:", (err as Error).message);
      }
      // While online the sweep keeps checking; after a failed write it retries.
      if (online || this.storedOnline() !== online) {
        await this.ctx.storage.setAlarm(Date.now() + PRESENCE_SWEEP_MS);
      }
    };
    this.presenceChain = this.presenceChain.then(run).catch((err: Error) => console.error("user hub: presence sweep failed:", err.message));
    this.ctx.waitUntil(this.presenceChain);
  }

  /** H6: the people who share a community or a conversation with the user and are online hear of the change. */
  private async announcePresence(userId: string, online: boolean): Promise<void> {
    try {
      const peers = await this.pg.use((db) => onlinePeers(db, userId));
      await inBatches(peers, PRESENCE_FANOUT_CONCURRENCY, (id) => userHubOf(this.env.USER_HUB, id).presenceChanged(userId, online));
    } catch (err) {
      // Stored either way; member lists catch up when they are next fetched.
      console.error("user hub: presence announcement failed:", (err as Error).message);
    }
  }

  /** H6: someone this user shares a community or conversation with came online or went offline. */
  async presenceChanged(userId: string, online: boolean): Promise<void> {
    this.broadcast({ type: "presence_changed", userId, online });
  }

  private devices(): WebSocket[] {
    return this.ctx.getWebSockets().filter((ws) => (ws.deserializeAttachment() as HubAttachment | null)?.h === 1);
  }

  private broadcast(frame: unknown): void {
    const json = JSON.stringify(frame);
    for (const ws of this.devices()) {
      try {
        ws.send(json);
      } catch {
        // closing
      }
    }
  }

  private async loadAll(userId: string): Promise<UnreadState[]> {
    const states = await this.pg.use((db) => loadUnread(db, userId, this.channels()));
    this.unread = new Map(states.map((s) => [s.channelId, s]));
    return states;
  }

  private async loadOne(userId: string, channelId: string): Promise<UnreadState | null> {
    const [state] = await this.pg.use((db) => loadUnread(db, userId, [channelId]));
    if (state) this.unread.set(channelId, state);
    return state ?? null;
  }

  /** Asks the rooms of every visible channel not yet watched to send activity notices here (H3). */
  private async watchAll(userId: string): Promise<void> {
    const watched = this.watched();
    const missing = this.channels().filter((id) => !watched.has(id));
    await Promise.all(
      missing.map(async (channelId) => {
        try {
          await this.room(channelId).watch(channelId, userId);
          watched.add(channelId);
        } catch (err) {
          console.error("user hub: watch failed:", (err as Error).message);
        }
      }),
    );
    this.setWatched(watched);
  }

  private room(channelId: string): DurableObjectStub<ChannelRoom> {
    return this.env.CHANNEL_ROOM.get(this.env.CHANNEL_ROOM.idFromName("channel:" + channelId));
  }

  private push(state: UnreadState): void {
    this.broadcast({ type: "unread_updated", ...state });
  }

  // ---- RPC --------------------------------------------------------------------------------------------------

  /**
   * One community's part of the list changed: ids in `scope` (every message channel of that community, plus a
   * deleted one) are replaced by `visible`.
   */
  async replaceChannels(userId: string, scope: string[], visible: string[]): Promise<void> {
    const drop = new Set(scope);
    await this.setChannels(userId, [...this.channels().filter((id) => !drop.has(id)), ...visible]);
  }

  /** The channels this user can see, computed by the Worker (at ticket time and after membership changes). */
  async setChannels(userId: string, channelIds: string[]): Promise<void> {
    this.bind(userId);
    this.ctx.storage.kv.put("channels", { version: 1, channels: [...new Set(channelIds)] });
    const visible = new Set(channelIds);
    const watched = this.watched();
    for (const id of watched) if (!visible.has(id)) watched.delete(id);
    this.setWatched(watched);
    for (const id of this.unread.keys()) if (!visible.has(id)) this.unread.delete(id);
    if (this.devices().length) await this.watchAll(userId);
  }

  /** H3: a watched room's coalesced activity. Returns false when no device is online (the room stops sending). */
  async channelActivity(activity: ChannelActivity): Promise<boolean> {
    const userId = this.userId;
    if (!userId || this.devices().length === 0 || !this.channels().includes(activity.channelId)) {
      const watched = this.watched();
      if (watched.delete(activity.channelId)) this.setWatched(watched);
      return false;
    }
    const known = this.unread.get(activity.channelId);
    const next = known ? applyActivity(known, activity, userId) : await this.loadOne(userId, activity.channelId);
    if (next && next !== known) {
      this.unread.set(activity.channelId, next);
      this.push(next);
    }
    return true;
  }

  /**
   * H4: a message in one of the user's DMs. With no device online, their browsers subscribed to Web Push hear of it
   * instead (objects/user-hub/push.ts), at most once per conversation per PUSH_INTERVAL_MS.
   */
  async dmReceived(notice: Omit<DmReceivedFrame, "type">): Promise<void> {
    this.broadcast({ type: "dm_received", ...notice });
    const userId = this.userId;
    if (!userId || this.devices().length > 0 || !this.pushes.due(notice.channelId)) return;
    try {
      await this.pg.use((db) => this.pushes.dm(db, userId, notice.channelId, notice.authorId));
    } catch (err) {
      console.error("user hub: push failed:", (err as Error).message);
    }
  }

  /** H3: the user's read position moved (from any device). */
  async readChanged(channelId: string, seq: number): Promise<void> {
    const userId = this.userId;
    if (!userId || this.devices().length === 0) return;
    const known = this.unread.get(channelId);
    const next = known ? applyRead(known, seq) : null;
    const state = next ?? (await this.loadOne(userId, channelId));
    if (!state || state === known) return;
    this.unread.set(channelId, state);
    this.push(state);
  }

  /** H7: a person this user shares a DM with (or the user) added or removed a device key: refetch key lists. */
  async devicesChanged(userId: string): Promise<void> {
    this.broadcast({ type: "devices_changed", userId });
  }

  /** H8: a group DM of this user was renamed, or someone joined or left it. */
  async dmChanged(frame: Omit<DmChangedFrame, "type">): Promise<void> {
    this.broadcast({ type: "dm_changed", ...frame });
  }

  /** H5: tell every device to refetch what changed. */
  async membershipChanged(frame: Omit<MembershipChangedFrame, "type">): Promise<void> {
    this.broadcast({ type: "membership_changed", ...frame });
  }
}

function send(ws: WebSocket, frame: unknown): void {
  try {
    ws.send(JSON.stringify(frame));
  } catch {
    // closing
  }
}

function errorFrame(ref: string | undefined, code: ErrorFrame["code"], message: string): ErrorFrame {
  return ref === undefined ? { type: "error", code, message } : { type: "error", ref, code, message };
}
