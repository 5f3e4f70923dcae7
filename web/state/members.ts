/**
 * People: a directory of names by user id (from member lists, DM participants and oneself) so messages can show
 * who wrote them, and each community's member list.
 */
import { USER_LOOKUP_MAX } from "../../protocol/limits.ts";
import type { Api } from "./api.ts";
import { avatars } from "./avatars.ts";
import { Notifier, track, type Async } from "./store.ts";

export interface UserRef {
  id: string;
  username: string;
  displayName: string;
  /** The profile picture (docs/api/images.md); absent when the view that named them did not say. */
  avatarUrl?: string | null;
  /** A webhook's account (docs/api/webhooks.md). */
  isBot?: boolean;
}

export interface Member {
  user: UserRef;
  nickname: string | null;
  roleIds: string[];
  joinedAt: string;
  timedOutUntil: string | null;
  online: boolean | null;
  /** When they were last online (ISO); null while online or never seen. */
  lastSeenAt?: string | null;
}

/** Member lists load in pages of this many; communities beyond a few pages show the first ones and a count. */
const PAGE = 200;
const MAX_PAGES = 5;
/** How long member-list changes are gathered before the list is fetched again. */
const REFRESH_COALESCE_MS = 500;

export class MembersStore extends Notifier {
  private users = new Map<string, UserRef>();
  /** Ids asked for by want(): queued for the next lookup, or asked already (the server may not name them). */
  private asked = new Set<string>();
  private queued: string[] = [];
  private generation = 0;
  private refreshing = new Set<string>();
  private nicknames = new Map<string, string>();
  readonly lists = new Map<string, Async<Member[]>>();
  /** Bumped whenever a name may have changed, so rendered messages re-resolve their mentions. */
  version = 0;

  constructor(private readonly api: Api) {
    super();
  }

  learn(users: UserRef[]): void {
    avatars.learn(users.flatMap((u) => (u.avatarUrl === undefined ? [] : [[u.id, u.avatarUrl] as const])));
    avatars.learnApps(users.flatMap((u) => (u.isBot ? [u.id] : [])));
    let changed = false;
    for (const u of users) {
      const prev = this.users.get(u.id);
      if (!prev || prev.displayName !== u.displayName || prev.username !== u.username) {
        this.users.set(u.id, u);
        changed = true;
      }
    }
    if (changed) {
      this.version++;
      this.changed();
    }
  }

  /**
   * Names for ids no loaded list holds (someone who joined after the member list was read, a mention of someone
   * from elsewhere), fetched in one batch per tick from `GET /api/v1/users?ids=`. Each id is asked once until
   * forget(); a failed request lets its ids be asked again.
   */
  want(ids: readonly string[]): void {
    const fresh = ids.filter((id) => !this.users.has(id) && !this.asked.has(id));
    if (!fresh.length) return;
    for (const id of fresh) this.asked.add(id);
    if (!this.queued.length) setTimeout(() => void this.lookUp(), 0);
    this.queued.push(...fresh);
  }

  private async lookUp(): Promise<void> {
    const ids = this.queued;
    this.queued = [];
    const generation = this.generation;
    for (let i = 0; i < ids.length; i += USER_LOOKUP_MAX) {
      const batch = ids.slice(i, i + USER_LOOKUP_MAX);
      try {
        const res = await this.api.get<{ users: UserRef[] }>(`/api/v1/users?ids=${batch.join(",")}`);
        if (generation !== this.generation) return;
        this.learn(res.users.map(({ id, username, displayName, avatarUrl, isBot }) => ({ id, username, displayName, avatarUrl, isBot })));
      } catch {
        if (generation !== this.generation) return;
        for (const id of batch) this.asked.delete(id);
      }
    }
  }

  user(id: string): UserRef | undefined {
    return this.users.get(id);
  }

  /** The name to show in a community: nickname there, else display name, else a neutral placeholder. */
  name(id: string, communityId?: string | null): string {
    if (communityId) {
      const nick = this.nicknames.get(`${communityId}:${id}`);
      if (nick) return nick;
    }
    return this.users.get(id)?.displayName ?? "Unknown user";
  }

  load(communityId: string): Promise<unknown> {
    const cur = this.lists.get(communityId) ?? { state: "idle" };
    return track(cur, (s) => (this.lists.set(communityId, s), this.changed()), async () => {
      const all: Member[] = [];
      let after: string | null = null;
      for (let i = 0; i < MAX_PAGES; i++) {
        const q: string = `limit=${PAGE}${after ? `&after=${encodeURIComponent(after)}` : ""}`;
        const res: { members: Member[]; nextAfter: string | null } = await this.api.get(`/api/v1/communities/${encodeURIComponent(communityId)}/members?${q}`);
        all.push(...res.members);
        after = res.nextAfter;
        if (!after) break;
      }
      this.learn(all.map((m) => m.user));
      // A fresh list replaces the community's nicknames, so a cleared one stops showing.
      for (const key of [...this.nicknames.keys()]) if (key.startsWith(`${communityId}:`)) this.nicknames.delete(key);
      for (const m of all) if (m.nickname) this.nicknames.set(`${communityId}:${m.user.id}`, m.nickname);
      this.version++;
      return all;
    });
  }

  /**
   * Someone joined or left, or a member changed (H5 members_changed): a list this client shows is fetched again.
   * Changes within REFRESH_COALESCE_MS make one fetch (a raid of joins is one reload, not hundreds).
   */
  refresh(communityId: string): void {
    if (!this.lists.has(communityId) || this.refreshing.has(communityId)) return;
    this.refreshing.add(communityId);
    setTimeout(() => {
      this.refreshing.delete(communityId);
      if (this.lists.has(communityId)) void this.load(communityId);
    }, REFRESH_COALESCE_MS);
  }

  /** H6: someone came online or went offline: every loaded list that holds them shows it at once. */
  setOnline(userId: string, online: boolean): void {
    let changed = false;
    for (const [communityId, state] of this.lists) {
      if (!("value" in state) || !state.value) continue;
      const i = state.value.findIndex((m) => m.user.id === userId);
      if (i < 0 || state.value[i].online === online) continue;
      const value = state.value.slice();
      value[i] = { ...value[i], online, lastSeenAt: online ? null : new Date().toISOString() };
      this.lists.set(communityId, { ...state, value });
      changed = true;
    }
    if (changed) this.changed();
  }

  ensure(communityId: string): void {
    if ((this.lists.get(communityId)?.state ?? "idle") === "idle") void this.load(communityId);
  }

  members(communityId: string): Member[] {
    const s = this.lists.get(communityId);
    return s && "value" in s ? (s.value ?? []) : [];
  }

  forget(): void {
    this.users.clear();
    this.asked.clear();
    this.queued = [];
    this.generation++;
    this.nicknames.clear();
    this.lists.clear();
    this.changed();
  }
}
