/**
 * Lists about the open channel's messages that history pages do not carry: its pinned messages (for the pins
 * panel) and who reacted with an emoji (for a reaction chip's tooltip), both loaded on demand and kept current by
 * the channel's pin and reaction events (docs/api/messages.md).
 */
import { HISTORY_PAGE_MAX } from "../../protocol/limits.ts";
import type { PinsPage, PinView, ReactorsList, SearchPage } from "../../protocol/message-lists.ts";
import type { Api } from "./api.ts";
import { searchLocally, type LocalSearchSource } from "./local-search.ts";
import type { UserRef } from "./members.ts";
import { parseSearch } from "./search-query.ts";
import { Notifier, track, type Async } from "./store.ts";

/** One request fills the panel for almost every channel (Discord allows 50 pins). */
const PINS_PAGE = 50;

export class PinsStore extends Notifier {
  channelId: string | null = null;
  state: Async<{ pins: PinView[]; hasMore: boolean }> = { state: "idle" };
  loadingMore = false;

  constructor(private readonly api: Api) {
    super();
  }

  private url(channelId: string, before?: string): string {
    return `/api/v1/channels/${encodeURIComponent(channelId)}/pins?limit=${PINS_PAGE}${before ? `&before=${encodeURIComponent(before)}` : ""}`;
  }

  /** Loads the newest pins of `channelId` (the panel was opened). */
  async load(channelId: string): Promise<void> {
    if (this.channelId !== channelId) this.state = { state: "idle" };
    this.channelId = channelId;
    await track(
      this.state,
      (s) => {
        if (this.channelId !== channelId) return;
        this.state = s;
        this.changed();
      },
      () => this.api.get<PinsPage>(this.url(channelId)),
    );
  }

  async loadMore(): Promise<void> {
    const id = this.channelId;
    const cur = this.state.state === "ready" ? this.state.value : null;
    if (!id || !cur?.hasMore || this.loadingMore) return;
    this.loadingMore = true;
    this.changed();
    try {
      const page = await this.api.get<PinsPage>(this.url(id, cur.pins[cur.pins.length - 1]?.id));
      if (this.channelId === id) this.state = { state: "ready", value: { pins: [...cur.pins, ...page.pins], hasMore: page.hasMore } };
    } finally {
      this.loadingMore = false;
      this.changed();
    }
  }

  /** A pin changed in `channelId`: reload if that channel's list is the one held. */
  invalidate(channelId: string): void {
    if (this.channelId === channelId && this.state.state !== "idle") void this.load(channelId);
  }

  /** The panel closed or the channel changed: drop the list so the next open starts fresh. */
  forget(): void {
    this.channelId = null;
    this.state = { state: "idle" };
    this.changed();
  }
}

/** A page of search results: enough to fill the panel; "Show more" goes on. */
const SEARCH_PAGE = 25;

export type SearchResult = SearchPage["results"][number];

/**
 * Searching the open channel's messages (plain-text channels only: the server cannot read encrypted ones). The
 * latest query wins: an answer to an earlier one, or for another channel, is dropped.
 */
export class SearchStore extends Notifier {
  channelId: string | null = null;
  query = "";
  /** The open search runs in this browser (an encrypted conversation: web/state/local-search.ts). */
  local = false;
  state: Async<SearchPage> = { state: "idle" };
  loadingMore = false;
  private asked = 0;

  /** `crypto` opens envelopes for searching encrypted conversations; without it they cannot be searched. */
  constructor(
    private readonly api: Api,
    private readonly crypto: Pick<LocalSearchSource, "open"> | null = null,
  ) {
    super();
  }

  /** Only this person's messages (`from:` in the query), or anyone's; and the query's words without it. */
  authorId: string | null = null;
  private words = "";

  private page(channelId: string, q: string, beforeSeq?: number): Promise<SearchPage> {
    if (this.local) {
      if (!this.crypto) return Promise.reject(new Error("This conversation is encrypted, and encryption isn't available here."));
      const source: LocalSearchSource = {
        history: async (id, before) =>
          (await this.api.get<{ messages: SearchResult[] }>(`/api/v1/channels/${encodeURIComponent(id)}/messages?limit=${HISTORY_PAGE_MAX}${before ? `&before=${before}` : ""}`)).messages,
        open: (m) => this.crypto!.open(m),
      };
      return searchLocally(source, channelId, q, beforeSeq ?? null, SEARCH_PAGE, this.authorId);
    }
    const author = this.authorId ? `&authorId=${encodeURIComponent(this.authorId)}` : "";
    const words = q ? `q=${encodeURIComponent(q)}&` : "";
    return this.api.get<SearchPage>(`/api/v1/channels/${encodeURIComponent(channelId)}/search?${words}limit=${SEARCH_PAGE}${author}${beforeSeq ? `&beforeSeq=${beforeSeq}` : ""}`);
  }

  /**
   * Runs `q` in `channelId` (in this browser when `encrypted`); a blank query clears the results. `from:name` keeps
   * one of `people`'s messages (search-query.ts).
   */
  async search(channelId: string, q: string, encrypted = false, people: readonly Pick<UserRef, "id" | "username" | "displayName">[] = []): Promise<void> {
    const ask = ++this.asked;
    this.channelId = channelId;
    this.query = q.trim();
    this.local = encrypted;
    this.loadingMore = false;
    const parsed = parseSearch(this.query, people);
    this.words = parsed.text;
    this.authorId = parsed.authorId;
    if (!this.query) {
      this.state = { state: "idle" };
      this.changed();
      return;
    }
    if (parsed.problem) {
      this.state = { state: "error", error: new Error(parsed.problem) };
      this.changed();
      return;
    }
    this.state = { state: "loading" };
    this.changed();
    try {
      const page = await this.page(channelId, this.words);
      if (ask === this.asked) this.state = { state: "ready", value: page };
    } catch (err) {
      if (ask === this.asked) this.state = { state: "error", error: err as Error };
    }
    if (ask === this.asked) this.changed();
  }

  /** The next page: below the last result, or further back in a long history where nothing matched yet. */
  async loadMore(): Promise<void> {
    const { channelId, words: query } = this;
    const cur = this.state.state === "ready" ? this.state.value : null;
    if (!channelId || cur?.nextBeforeSeq == null || this.loadingMore) return;
    const ask = this.asked;
    this.loadingMore = true;
    this.changed();
    try {
      const page = await this.page(channelId, query, cur.nextBeforeSeq);
      if (ask === this.asked) this.state = { state: "ready", value: { ...page, results: [...cur.results, ...page.results] } };
    } finally {
      if (ask === this.asked) this.loadingMore = false;
      this.changed();
    }
  }

  /** The panel closed or the channel changed. */
  forget(): void {
    this.asked++;
    this.channelId = null;
    this.query = "";
    this.words = "";
    this.authorId = null;
    this.local = false;
    this.state = { state: "idle" };
    this.loadingMore = false;
    this.changed();
  }
}

/** Who reacted, per message and emoji, fetched the first time someone points at a chip. */
export class ReactorsStore extends Notifier {
  /** message id → emoji → list. A message's map is replaced (not mutated) on change, so rows re-render only then. */
  private lists = new Map<string, ReadonlyMap<string, Async<ReactorsList>>>();
  /** Bumped on every change, so the message list knows to hand rows their new lists. */
  version = 0;

  constructor(private readonly api: Api) {
    super();
  }

  /** The lists known for one message (same object until one of them changes), or null. */
  forMessage(messageId: string): ReadonlyMap<string, Async<ReactorsList>> | null {
    return this.lists.get(messageId) ?? null;
  }

  private set(messageId: string, emoji: string, value: Async<ReactorsList> | null): void {
    const next = new Map(this.lists.get(messageId) ?? []);
    if (value) next.set(emoji, value);
    else next.delete(emoji);
    if (next.size) this.lists.set(messageId, next);
    else this.lists.delete(messageId);
    this.version++;
    this.changed();
  }

  /** Fetches the list unless it is loaded (or loading) and still matches the chip's `count`. */
  load(channelId: string, messageId: string, emoji: string, count: number): void {
    const cur = this.lists.get(messageId)?.get(emoji);
    if (cur?.state === "loading") return;
    if (cur?.state === "ready" && cur.value.count === count) return;
    const url = `/api/v1/channels/${encodeURIComponent(channelId)}/messages/${encodeURIComponent(messageId)}/reactions/${encodeURIComponent(emoji)}`;
    void track(cur ?? { state: "idle" }, (s) => this.set(messageId, emoji, s), () => this.api.get<ReactorsList>(url));
  }

  /** A reaction event: the next hover refetches. */
  forget(messageId: string, emoji: string): void {
    if (this.lists.get(messageId)?.has(emoji)) this.set(messageId, emoji, null);
  }

  clear(): void {
    this.lists.clear();
    this.version++;
    this.changed();
  }
}

/** "Alice, Bob and 3 others reacted with :tada:" from the list (or the count while it loads). */
export function reactorsSentence(list: ReactorsList | undefined, count: number, label: string, nameOf: (u: ReactorsList["users"][number]) => string, shown = 3): string {
  if (!list || list.users.length === 0) return `${count} ${count === 1 ? "person" : "people"} reacted with ${label}`;
  const names = list.users.slice(0, shown).map(nameOf);
  const others = list.count - names.length;
  const who = others > 0 ? `${names.join(", ")} and ${others} ${others === 1 ? "other" : "others"}` : names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
  return `${who} reacted with ${label}`;
}
