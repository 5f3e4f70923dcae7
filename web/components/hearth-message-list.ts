import { LitElement, html, nothing } from "lit";
import { repeat } from "lit/directives/repeat.js";
import type { MessageView } from "../../protocol/frames.ts";
import type { ThreadView } from "../../protocol/threads.ts";
import type { RenderContext } from "../render/markdown.ts";
import type { ReactorsList } from "../../protocol/message-lists.ts";
import type { PendingMessage } from "../state/outbox.ts";
import type { Async } from "../state/store.ts";
import { icons } from "../styles/icons.ts";
import { messageList } from "../styles/message-list.ts";
import { shared } from "../styles/shared.ts";
import type { EmbedSource } from "../state/embeds.ts";
import type { FileSource } from "./hearth-attachment.ts";
import type { HearthMessage, MessageCaps } from "./hearth-message.ts";
import "./hearth-message.ts";

/** Consecutive messages by one author within this window share one header, as in every chat app. */
const GROUP_WINDOW_MS = 7 * 60_000;
/** Start loading older history this close to the top, so it is there before the person reaches it. */
const LOAD_OLDER_PX = 400;
/** Start loading newer history this close to the bottom when the window is not at the present. */
const LOAD_NEWER_PX = 400;
/** Within this of the bottom counts as "at the bottom": new messages keep the view pinned there. */
const BOTTOM_SLACK_PX = 48;

/** A row that is not a message (a device change in an encrypted conversation), placed by time among them. */
export interface TimelineNotice {
  key: string;
  at: string;
  tpl: unknown;
}

export interface ListHost {
  nameOf(userId: string): string;
  timeOf(d: Date): string;
  /** Who reacted to a message, per emoji, as far as loaded (the same map until it changes). */
  reactorsOf(messageId: string): ReadonlyMap<string, Async<ReactorsList>> | null;
  /** Where attachments' bytes come from. */
  files: FileSource;
  /** Where link previews come from; null where messages get none (an end-to-end encrypted conversation). */
  previews?(): EmbedSource | null;
}

const NO_THREADS: ReadonlyMap<string, ThreadView> = new Map();

/** How long a row is held in place after the rows around it change (see `hold`). */
const HOLD_MS = 400;

/**
 * The scrolling message list of a channel: day separators, a "new messages" line at the first unread message,
 * author grouping, pending sends at the bottom. It renders a window of the channel (the session keeps at most
 * MAX_KEPT messages, see docs/web.md "The message list"): older pages load as the person nears the top, newer
 * ones near the bottom when the window is not at the present. Whatever is added or dropped at either end, the
 * first visible row stays where it was on screen; at the present, new messages keep the view pinned to the
 * bottom. Offers jump to present and to the first unread. Rows are `content-visibility: auto`.
 * Properties: `messages`, `pending`, `me`, `readSeq`, `hasOlder`, `loadingOlder`, `hasNewer`, `loadingNewer`,
 * `caps`, `editingId`, `host`, `ctx`, `channelName`, `isDm`, `joinedAt`, `avatarSize`, `epoch` (bump to re-render rows), `blocked`
 * (author ids shown collapsed), `threads` (by root message id: chips under those messages), `intro` (a template in place
 * of the channel's "Welcome to #…" at the start of history: a thread's first message), `notices` (TimelineNotice[], oldest first; those before the loaded history are left out). Events: `load-older`, `load-newer`, `jump-present` (the window must reload the
 * newest page), `at-bottom` (at the present and scrolled to the end); message events bubble. Rows that grow after
 * loading (attachment-resized) keep the view at the bottom when it was there.
 */
export class HearthMessageList extends LitElement {
  static styles = [shared, messageList];
  static properties = {
    messages: { attribute: false },
    pending: { attribute: false },
    me: {},
    readSeq: { type: Number },
    hasOlder: { type: Boolean },
    loadingOlder: { type: Boolean },
    hasNewer: { type: Boolean },
    loadingNewer: { type: Boolean },
    caps: { attribute: false },
    editingId: {},
    host: { attribute: false },
    ctx: { attribute: false },
    channelName: {},
    isDm: { type: Boolean },
    joinedAt: {},
    avatarSize: { type: Number },
    epoch: { type: Number },
    blocked: { attribute: false },
    notices: { attribute: false },
    threads: { attribute: false },
    intro: { attribute: false },
    seen: { attribute: false },
    awayFromBottom: { state: true },
    unreadAbove: { state: true },
  };
  /** Under the reader's last message in a DM: who has seen it (web/state/read-receipts.ts). */
  declare seen: { messageId: string; text: string } | null;
  declare messages: MessageView[];
  declare pending: PendingMessage[];
  declare me: string;
  declare readSeq: number | null;
  declare hasOlder: boolean;
  declare loadingOlder: boolean;
  declare hasNewer: boolean;
  declare loadingNewer: boolean;
  declare caps: MessageCaps;
  declare editingId: string | null;
  declare host: ListHost;
  /** Authors whose messages render collapsed (the reader blocked them). */
  declare blocked: ReadonlySet<string>;
  declare notices: TimelineNotice[];
  declare threads: ReadonlyMap<string, ThreadView>;
  declare intro: unknown;
  declare ctx: RenderContext;
  declare channelName: string;
  /** A DM or group DM: the intro names the people, not a channel. */
  declare isDm: boolean;
  /** In a group DM (null elsewhere), when the reader joined (ISO): earlier messages were not sealed for them. */
  declare joinedAt: string | null;
  declare avatarSize: number;
  declare epoch: number;
  declare awayFromBottom: boolean;
  declare unreadAbove: boolean;

  private atBottom = true;
  /** The first visible row before an update and its distance from the top of the viewport, to hold it still. */
  private anchor: { id: string; offset: number } | null = null;
  private firstUnreadId: string | null = null;
  private didInitialScroll = false;

  constructor() {
    super();
    this.messages = [];
    this.seen = null;
    this.pending = [];
    this.me = "";
    this.readSeq = null;
    this.hasOlder = false;
    this.loadingOlder = false;
    this.hasNewer = false;
    this.loadingNewer = false;
    this.editingId = null;
    this.channelName = "";
    this.isDm = false;
    this.joinedAt = null;
    this.avatarSize = 40;
    this.epoch = 0;
    this.blocked = new Set();
    this.notices = [];
    this.threads = NO_THREADS;
    this.intro = null;
    this.awayFromBottom = false;
    this.unreadAbove = false;
  }

  private get scroller(): HTMLElement | null {
    return this.renderRoot.querySelector(".scroller");
  }

  private rows(): HTMLElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLElement>("hearth-message[data-id]")];
  }

  /** The first row whose bottom is below the top of the viewport (binary search: rows are in document order). */
  private firstVisible(el: HTMLElement): HTMLElement | null {
    const rows = this.rows();
    let lo = 0;
    let hi = rows.length - 1;
    let found: HTMLElement | null = null;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = rows[mid];
      if (r.offsetTop + r.offsetHeight > el.scrollTop) {
        found = r;
        hi = mid - 1;
      } else lo = mid + 1;
    }
    return found;
  }

  protected willUpdate() {
    const el = this.scroller;
    const row = el && !(this.atBottom && !this.hasNewer) ? this.firstVisible(el) : null;
    this.anchor = el && row ? { id: row.dataset.id!, offset: row.offsetTop - el.scrollTop } : null;
  }

  protected updated(changed: Map<string, unknown>) {
    const el = this.scroller;
    if (!el) return;
    if (!this.didInitialScroll && this.messages.length) {
      this.didInitialScroll = true;
      const line = this.renderRoot.querySelector(".new");
      if (line && line instanceof HTMLElement && line.offsetTop < el.scrollHeight - el.clientHeight) el.scrollTop = Math.max(0, line.offsetTop - 80);
      else el.scrollTop = el.scrollHeight;
      this.onScroll();
      return;
    }
    if (changed.has("messages") || changed.has("pending") || changed.has("notices") || changed.has("threads") || changed.has("hasOlder") || changed.has("hasNewer") || changed.has("loadingOlder") || changed.has("loadingNewer")) {
      if (this.atBottom && !this.hasNewer) el.scrollTop = el.scrollHeight;
      else if (this.anchor) {
        // Rows were added or dropped above (or below): put the row the person was reading back where it was.
        const row = this.renderRoot.querySelector<HTMLElement>(`hearth-message[data-id="${CSS.escape(this.anchor.id)}"]`);
        if (row) this.hold(el, row, this.anchor.offset);
      }
      // Still near an end (a short page, or a fast fling): keep loading without waiting for another scroll event.
      this.loadIfNearEnds(el);
    }
    if (this.atBottom && !this.hasNewer) this.dispatchEvent(new CustomEvent("at-bottom"));
  }

  /**
   * Keeps `row` at `offset` from the top of the view now and for HOLD_MS: rows that render for the first time
   * (content-visibility) and group headers that merge at the seam of a new page settle their heights a frame or two
   * later. The person scrolling ends the hold.
   */
  private hold(el: HTMLElement, row: HTMLElement, offset: number, frames = 3) {
    el.scrollTop = row.offsetTop - offset;
    const held = { row, offset, until: performance.now() + HOLD_MS };
    this.held = held;
    // Rows change height after layout (first render under content-visibility, a group header merging at the seam):
    // a resize observer puts the row back in the same frame, before it is painted, where the frame loop below
    // would show the row one frame out of place first.
    this.resizes ??= new ResizeObserver(() => this.putBack(el));
    this.resizes.disconnect();
    for (const r of this.rows()) this.resizes.observe(r);
    const again = (left: number) => {
      if (left === 0 || !row.isConnected || this.held !== held) return;
      el.scrollTop = row.offsetTop - offset;
      requestAnimationFrame(() => again(left - 1));
    };
    requestAnimationFrame(() => again(frames));
  }

  /** The row being held, while it is: until HOLD_MS pass or the person scrolls. */
  private held: { row: HTMLElement; offset: number; until: number } | null = null;
  private resizes: ResizeObserver | null = null;

  disconnectedCallback() {
    super.disconnectedCallback();
    this.letGo();
  }

  private putBack(el: HTMLElement) {
    const h = this.held;
    if (!h || !h.row.isConnected || performance.now() > h.until) return this.letGo();
    el.scrollTop = h.row.offsetTop - h.offset;
  }

  /**
   * A row grew after rendering (an image preview loaded): at the present and at the bottom, the view stays at the
   * bottom, as it does for new messages. Elsewhere the browser's scroll anchoring keeps the row being read still.
   */
  private onRowResized = () => {
    const el = this.scroller;
    if (el && this.atBottom && !this.hasNewer && !this.held) el.scrollTop = el.scrollHeight;
  };

  /** The person's own scrolling input: a hold in progress lets go at once. */
  private onUserScroll = () => this.letGo();

  /** Ends a hold: the person, or a jump, moves the view now. */
  private letGo() {
    this.held = null;
    this.resizes?.disconnect();
  }

  private loadIfNearEnds(el: HTMLElement) {
    if (el.scrollTop < LOAD_OLDER_PX && this.hasOlder && !this.loadingOlder && !(this.atBottom && !this.hasNewer)) this.dispatchEvent(new CustomEvent("load-older"));
    if (el.scrollHeight - el.scrollTop - el.clientHeight < LOAD_NEWER_PX && this.hasNewer && !this.loadingNewer) this.dispatchEvent(new CustomEvent("load-newer"));
  }

  private onScroll = () => {
    const el = this.scroller;
    if (!el) return;
    const fromEnd = el.scrollHeight - el.scrollTop - el.clientHeight;
    this.atBottom = fromEnd < BOTTOM_SLACK_PX;
    this.awayFromBottom = this.hasNewer || fromEnd > el.clientHeight * 1.5;
    const line = this.renderRoot.querySelector<HTMLElement>(".new");
    this.unreadAbove = !!line && line.offsetTop < el.scrollTop;
    if (el.scrollTop < LOAD_OLDER_PX && this.hasOlder && !this.loadingOlder) this.dispatchEvent(new CustomEvent("load-older"));
    if (fromEnd < LOAD_NEWER_PX && this.hasNewer && !this.loadingNewer) this.dispatchEvent(new CustomEvent("load-newer"));
    if (this.atBottom && !this.hasNewer) this.dispatchEvent(new CustomEvent("at-bottom"));
  };

  /** Scrolls a loaded message into view and flashes it; false when it is not loaded. */
  jumpTo(messageId: string): boolean {
    const el = this.renderRoot.querySelector<HearthMessage>(`hearth-message[data-id="${CSS.escape(messageId)}"]`);
    if (!el) return false;
    this.letGo();
    el.scrollIntoView({ block: "center" });
    el.flash();
    return true;
  }

  jumpToPresent(): void {
    if (this.hasNewer) {
      this.dispatchEvent(new CustomEvent("jump-present"));
      return;
    }
    const el = this.scroller;
    this.letGo();
    if (el) el.scrollTop = el.scrollHeight;
  }

  private jumpToUnread() {
    const line = this.renderRoot.querySelector<HTMLElement>(".new");
    const el = this.scroller;
    this.letGo();
    if (line && el) el.scrollTop = Math.max(0, line.offsetTop - 80);
  }

  render() {
    const items: { key: string; tpl: unknown }[] = [];
    let prev: MessageView | null = null;
    const firstUnread = this.readSeq !== null ? this.messages.find((m) => m.seq > this.readSeq! && m.authorId !== this.me) : undefined;
    this.firstUnreadId = firstUnread?.id ?? null;
    // Notices from before the loaded history would sit at its top out of place: they appear as it loads.
    const from = this.hasOlder && this.messages.length ? this.messages[0].createdAt : "";
    const notices = this.notices.filter((n) => n.at >= from);
    let ni = 0;
    let lastDay = "";
    let afterNotice = false;
    const day = (d: Date) => {
      if (d.toDateString() === lastDay) return false;
      lastDay = d.toDateString();
      items.push({ key: `day:${lastDay}`, tpl: html`<div class="day" role="separator">${d.toLocaleDateString(undefined, { weekday: "long", year: "numeric", month: "long", day: "numeric" })}</div>` });
      return true;
    };
    const noticesUntil = (at: string | null) => {
      for (; ni < notices.length && (at === null || notices[ni].at <= at); ni++) {
        day(new Date(notices[ni].at));
        items.push({ key: `notice:${notices[ni].key}`, tpl: notices[ni].tpl });
        afterNotice = true;
      }
    };
    for (const m of this.messages) {
      noticesUntil(m.createdAt);
      const d = new Date(m.createdAt);
      const newDay = day(d);
      const isNew = m.id === this.firstUnreadId;
      if (isNew) items.push({ key: "new", tpl: html`<div class="new" role="separator" aria-label="New messages">New</div>` });
      const groupStart = newDay || isNew || afterNotice || !prev || prev.authorId !== m.authorId || d.getTime() - new Date(prev.createdAt).getTime() > GROUP_WINDOW_MS || !!prev.deletedAt;
      items.push({ key: m.id, tpl: this.row(m, groupStart) });
      if (this.seen?.messageId === m.id) items.push({ key: "seen", tpl: html`<div class="seen" data-testid="seen">${this.seen.text}</div>` });
      prev = m;
      afterNotice = false;
    }
    noticesUntil(null);
    return html`
      ${this.unreadAbove ? html`<button class="bar unread" @click=${this.jumpToUnread}>New messages above · Jump ${icons.chevron()}</button>` : nothing}
      <div class="scroller scroll" @scroll=${this.onScroll} @attachment-resized=${this.onRowResized} @wheel=${this.onUserScroll} @touchmove=${this.onUserScroll} @keydown=${this.onUserScroll} @pointerdown=${this.onUserScroll} role="log" aria-label="Messages in ${this.channelName}" aria-live="polite" aria-relevant="additions" tabindex="0">
        ${this.hasOlder
          ? html`<div class="loading">${this.loadingOlder ? html`<span class="spinner" role="status" aria-label="Loading older messages"></span>` : nothing}</div>`
          : this.intro
            ? this.intro
          : this.isDm
            ? html`<div class="intro"><div class="art">${icons.at()}</div><h2>${this.channelName}</h2><p>${this.joinedAt !== null ? html`This is the beginning of this group conversation. It's end-to-end encrypted: only the devices of the people in it when a message is sent can read it.` : html`This is the beginning of your direct messages with ${this.channelName}. They're end-to-end encrypted: only your devices can read them.`}</p></div>`
            : html`<div class="intro"><div class="art">${icons.hash()}</div><h2>Welcome to #${this.channelName}</h2><p>This is the start of the #${this.channelName} channel.</p></div>`}
        ${repeat(
          items,
          (e) => e.key,
          (e) => e.tpl,
        )}
        ${this.hasNewer
          ? html`<div class="loading">${this.loadingNewer ? html`<span class="spinner" role="status" aria-label="Loading newer messages"></span>` : nothing}</div>`
          : this.pending.map((p, i) => this.pendingRow(p, i === 0 && (afterNotice || !prev || prev.authorId !== this.me)))}
      </div>
      ${this.awayFromBottom || this.hasNewer ? html`<button class="bar present" @click=${() => this.jumpToPresent()}>Jump to present ${icons.chevron()}</button>` : nothing}
    `;
  }

  private row(m: MessageView, groupStart: boolean) {
    const mine = m.authorId === this.me;
    const d = new Date(m.createdAt);
    return html`<hearth-message
      data-id=${m.id}
      .message=${m}
      .author=${this.host.nameOf(m.authorId)}
      .authorId=${m.authorId}
      .groupStart=${groupStart}
      .mine=${mine}
      .blocked=${!mine && this.blocked.has(m.authorId)}
      .beforeJoin=${!!this.joinedAt && m.createdAt < this.joinedAt}
      .caps=${this.caps}
      .editing=${this.editingId === m.id}
      .timeText=${this.host.timeOf(d)}
      .dateTitle=${stamp(d, this.host.timeOf(d))}
      .replyAuthor=${m.replyTo ? this.host.nameOf(m.replyTo.authorId) : ""}
      .ctx=${this.ctx}
      .reactors=${this.host.reactorsOf(m.id)}
      .files=${this.host.files}
      .embeds=${this.host.previews?.() ?? null}
      .avatarSize=${this.avatarSize}
      .epoch=${this.epoch}
      .thread=${this.threads.get(m.id) ?? null}
    ></hearth-message>`;
  }

  private pendingRow(p: PendingMessage, groupStart: boolean) {
    const d = new Date(p.createdAt);
    return html`<hearth-message
      data-nonce=${p.nonce}
      .pending=${p}
      .author=${this.host.nameOf(this.me)}
      .authorId=${this.me}
      .groupStart=${groupStart}
      .mine=${true}
      .caps=${this.caps}
      .timeText=${this.host.timeOf(d)}
      .dateTitle=${stamp(d, this.host.timeOf(d))}
      .ctx=${this.ctx}
      .files=${this.host.files}
      .avatarSize=${this.avatarSize}
    ></hearth-message>`;
  }
}
/** "Today at 7:59 PM", "Yesterday at …", else the date and time. */
export function stamp(d: Date, time: string, now = new Date()): string {
  const day = (x: Date) => new Date(x.getFullYear(), x.getMonth(), x.getDate()).getTime();
  const diff = Math.round((day(now) - day(d)) / 86_400_000);
  if (diff === 0) return `Today at ${time}`;
  if (diff === 1) return `Yesterday at ${time}`;
  return `${d.toLocaleDateString()} ${time}`;
}
customElements.define("hearth-message-list", HearthMessageList);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-message-list": HearthMessageList;
  }
}
